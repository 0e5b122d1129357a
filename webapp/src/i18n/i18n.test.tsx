import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nextProvider, useTranslation } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import { LanguageSwitch } from "../app/LanguageSwitch";
import i18n, { detectLanguage, setLanguage } from ".";
import de from "./de.json";
import en from "./en.json";

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

  it("has the same keys in German and English", () => {
    const keys = (o: object, p = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === "object" && !Array.isArray(v) ? keys(v, `${p}${k}.`) : [`${p}${k}`],
      );
    expect(keys(en).sort()).toEqual(keys(de).sort());
  });
});
