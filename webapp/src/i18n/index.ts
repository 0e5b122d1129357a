// i18n: German first, English second. The choice is kept in localStorage; without one, the browser's
// preferred languages decide, and German is the default for every other language.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import de from "./de.json";
import en from "./en.json";

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

/** setLanguage switches the UI language, remembers it and sets lang on <html>. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  await i18n.changeLanguage(lng);
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: detectLanguage(typeof navigator === "undefined" ? [] : navigator.languages, stored()),
  fallbackLng: "de",
  supportedLngs: [...languages],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
if (typeof document !== "undefined") document.documentElement.lang = i18n.language;

export default i18n;
