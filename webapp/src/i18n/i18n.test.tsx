import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nextProvider, useTranslation } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import { LanguageSwitch } from "../app/LanguageSwitch";
import i18n, { bundleDeps, detectLanguage, setLanguage } from ".";
import de from "./de.json";
import en from "./en.json";

type Texts = Record<string, unknown>;
const featureTexts = import.meta.glob<Texts>("../features/*/i18n/*.json", { import: "default", eager: true });
const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../lib/api/schema.gen.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const features = [...new Set(Object.keys(featureTexts).map((p) => p.split("/")[2]!))];
const bundle = (name: string, lng: "de" | "en"): Texts =>
  name === "common" ? (lng === "de" ? de : en) : featureTexts[`../features/${name}/i18n/${lng}.json`]!;
const keys = (o: object, p = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" && !Array.isArray(v) ? keys(v, `${p}${k}.`) : [`${p}${k}`]));

function Heading() {
  const { t } = useTranslation();
  return <h1>{t("login.title")}</h1>;
}

describe("language", () => {
  beforeEach(async () => {
    localStorage.clear();
    await setLanguage("de");
  });

  it("detects German by default and for browsers asking for German", () => {
    expect(detectLanguage([])).toBe("de");
    expect(detectLanguage(["fr-FR", "it"])).toBe("de");
    expect(detectLanguage(["de-AT", "en"])).toBe("de");
    expect(detectLanguage(["en-US", "de"])).toBe("en");
    expect(detectLanguage(["en-US"], "de")).toBe("de"); // a stored choice wins
  });

  it("switches to English and back, setting lang on <html>", async () => {
    const user = userEvent.setup();
    render(
      <I18nextProvider i18n={i18n}>
        <Heading />
        <LanguageSwitch />
      </I18nextProvider>,
    );
    expect(screen.getByRole("heading")).toHaveProperty("textContent", "Anmelden");
    expect(document.documentElement.lang).toBe("de");

    await user.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("heading")).toHaveProperty("textContent", "Log in");
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem("dr_lang")).toBe("en");

    await user.click(screen.getByRole("button", { name: "Deutsch" }));
    expect(document.documentElement.lang).toBe("de");
  });

  it("has the same keys in German and English, in the common texts and in every feature's", () => {
    expect(features.length).toBeGreaterThan(5);
    for (const b of ["common", ...features]) expect(keys(bundle(b, "en")).sort(), b).toEqual(keys(bundle(b, "de")).sort());
  });

  it("keeps every key in one bundle only", () => {
    const seen = new Map<string, string>();
    for (const b of ["common", ...features])
      for (const k of keys(bundle(b, "de"))) {
        expect(seen.get(k), `${k} in ${b}`).toBeUndefined();
        seen.set(k, b);
      }
  });

  it("gives each feature's files their texts: common, their own, and those of the features they show", () => {
    for (const f of features) {
      const files = Object.entries(sources).filter(([p]) => p.startsWith(`../features/${f}/`));
      // bundleDeps names exactly the features that f imports through their index.ts.
      const shown = new Set(files.flatMap(([, src]) => [...src.matchAll(/from "\.\.\/\.\.\/([a-z]+)"/g)].map((m) => m[1]!)));
      expect([...shown].sort(), f).toEqual([...(bundleDeps[f] ?? [])].sort());
      const available = new Set([f, ...shown, "common"].flatMap((b) => keys(bundle(b, "de"))));
      const plain = (k: string) => k.replace(/_(one|other)$/, "");
      const known = new Set([...available].map(plain));
      for (const [path, src] of files) {
        // keys of t("…") calls; dynamic ones (t(`a.${x}`)) need their prefix
        for (const m of src.matchAll(/\bt\(\s*["'`]([\w.]+)(["'`]|\$\{)/g)) {
          const k = m[1]!;
          const ok = m[2] === "${" ? [...available].some((a) => a.startsWith(k)) : known.has(k) || available.has(k);
          expect(ok, `${k} in ${path}`).toBe(true);
        }
      }
    }
  });
});
