// Proves that the layer rule of eslint.config.js bites: it lints small made-up files placed (virtually) in
// src/ and expects import-x/no-restricted-paths to report the imports that the README forbids.
// Run by `npm run lint` (and so by `make lint` and CI).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ESLint } from "eslint";

const eslint = new ESLint({ cwd: new URL("..", import.meta.url).pathname });

async function restricted(filePath, code) {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.ruleId === "import-x/no-restricted-paths").length;
}

test("a feature may not import another feature's internals", async () => {
  assert.equal(await restricted("src/features/home/components/Fixture.tsx", 'import { ProjectCard } from "../../projects/components/ProjectCard";\nexport const x = ProjectCard;\n'), 1);
});

test("a feature may import another feature's index.ts", async () => {
  assert.equal(await restricted("src/features/home/components/Fixture.tsx", 'import { ProjectCard } from "../../projects";\nexport const x = ProjectCard;\n'), 0);
});

test("a feature may import its own files and lib/", async () => {
  assert.equal(
    await restricted("src/features/projects/components/Fixture.tsx", 'import { ProjectCard } from "./ProjectCard";\nimport { useUser } from "../../../lib/useUser";\nexport const x = [ProjectCard, useUser];\n'),
    0,
  );
});

test("a feature may not import app/", async () => {
  assert.equal(await restricted("src/features/home/components/Fixture.tsx", 'import { router } from "../../../app/router";\nexport const x = router;\n'), 1);
});

test("lib/ may not import features", async () => {
  assert.equal(await restricted("src/lib/Fixture.ts", 'import { useProject } from "../features/projects";\nexport const x = useProject;\n'), 1);
});
