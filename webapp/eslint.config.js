// ESLint (flat config): typescript-eslint, React hooks, jsx-a11y, and the layer rule of src/:
//   app/       routes and the frame; may import features and lib
//   features/  one folder per feature; may import lib, its own files, and another feature only through
//              that feature's public entry features/<x>/index.ts; never app/
//   lib/       shared code; imports neither features nor app
// `npm run lint` runs it; scripts/lint-fixture.test.mjs proves that a violation fails it.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const featuresDir = new URL("./src/features/", import.meta.url);
const features = readdirSync(featuresDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The zones of import-x/no-restricted-paths: `target` may not import `from` (except the `except` globs). */
const zones = [
  ...features.map((f) => ({
    target: `./src/features/${f}`,
    from: `./src/features/!(${f})/**/*`,
    except: ["**/src/features/*/index.ts"],
    message: "Features import each other only through the other feature's index.ts (see README, SPA layout).",
  })),
  { target: "./src/features", from: "./src/app", message: "Features do not import app/: move shared code to lib/." },
  { target: "./src/lib", from: ["./src/features", "./src/app"], message: "lib/ is shared: it imports neither features nor app." },
];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/lib/api/schema.gen.ts"] },
  {
    files: ["src/**/*.{ts,tsx}", "scripts/lint-fixtures/**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
      // Scrollable tables are focusable regions (axe: scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
