import { useTranslation } from "react-i18next";
import { setLanguage, type Language } from "../i18n";

/** LanguageSwitch toggles between German and English; the button is labelled in the other language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = t("lang.switchToCode") as Language;
  return (
    <button type="button" className="kern-btn kern-btn--tertiary lang-switch" lang={target} onClick={() => void setLanguage(target)}>
      <span className="kern-label">{t("lang.switchTo")}</span>
    </button>
  );
}
