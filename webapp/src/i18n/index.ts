// i18n: German first, English second. The choice is kept in localStorage; without one, the browser's
// preferred languages decide, and German is the default for every other language.
//
// The texts are split: ./de.json and ./en.json hold what the frame and lib/ use (German is in the initial
// JavaScript, English is loaded when chosen); each feature keeps its own texts in features/<x>/i18n/ and
// they are loaded with the feature's lazy route (loadBundles, withBundles), in the current language only.
// All bundles go into the one "translation" namespace, so a key reads the same wherever it lives.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import de from "./de.json";

type Bundle = Record<string, unknown>;
const commonFiles: Record<string, () => Promise<Bundle>> = {
  de: async () => de,
  en: () => import("./en.json").then((m) => m.default),
};
const featureFiles = import.meta.glob<Bundle>("../features/*/i18n/*.json", { import: "default" });

/**
 * bundleDeps lists, per feature, the other features whose components its pages show (through their
 * index.ts): their texts load along. A unit test keeps it in line with the imports.
 */
export const bundleDeps: Record<string, string[]> = {
  documents: ["projects", "comments"],
  home: ["projects"],
  officials: ["projects"],
  projects: ["comments", "accountability", "polls", "evaluations"],
  sessions: ["errors", "polls"],
};

export const languages = ["de", "en"] as const;
export type Language = (typeof languages)[number];
const storageKey = "dr_lang";

/** detectLanguage picks the first supported language among the browser's preferences, else German. */
export function detectLanguage(preferred: readonly string[], stored?: string | null): Language {
  if (stored === "de" || stored === "en") return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "de" || base === "en") return base;
  }
  return "de";
}

function stored(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

const loaded = new Set<string>(["de:common"]);
const wanted = new Set<string>();

/** load adds the common texts and the named features' texts of lng, each once. */
async function load(lng: string, names: Iterable<string>): Promise<void> {
  const todo = ["common", ...names].filter((n) => !loaded.has(`${lng}:${n}`));
  await Promise.all(
    todo.map(async (n) => {
      const file = n === "common" ? commonFiles[lng] : featureFiles[`../features/${n}/i18n/${lng}.json`];
      if (!file) throw new Error(`i18n: no texts for ${n} in ${lng}`);
      i18n.addResourceBundle(lng, "translation", await file(), true, true);
      loaded.add(`${lng}:${n}`);
    }),
  );
}

/** loadBundles loads the texts of features (and of the features they show) in the current language. */
export async function loadBundles(...names: string[]): Promise<void> {
  const all = new Set(names.flatMap((n) => [n, ...(bundleDeps[n] ?? [])]));
  for (const n of all) wanted.add(n);
  await load(i18n.language, all);
}

/** withBundles resolves to module once the named features' texts are there too (for lazy routes). */
export async function withBundles<T>(module: Promise<T>, ...names: string[]): Promise<T> {
  const [m] = await Promise.all([module, loadBundles(...names)]);
  return m;
}

/** setLanguage switches the UI language, remembers it and sets lang on <html>. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  // Every text already shown must be there in the new language before it switches.
  await load(lng, wanted);
  await i18n.changeLanguage(lng);
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  // a copy: the feature bundles are merged into it, the imported module stays as it is
  resources: { de: { translation: structuredClone(de) } },
  partialBundledLanguages: true,
  lng: detectLanguage(typeof navigator === "undefined" ? [] : navigator.languages, stored()),
  fallbackLng: "de",
  supportedLngs: [...languages],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
if (typeof document !== "undefined") document.documentElement.lang = i18n.language;

/** ready resolves once the common texts of the starting language are there (main.tsx renders then). */
export const ready: Promise<void> = load(i18n.language, []);

export default i18n;
