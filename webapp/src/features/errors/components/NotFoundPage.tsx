import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";

/** NotFoundPage answers every path without a route. */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <>
      <h1 className="kern-heading-x-large">{t("notFound.title")}</h1>
      <p className="kern-body">{t("notFound.text")}</p>
      <p className="kern-body">
        <Link to="/" className="kern-link">
          {t("notFound.home")}
        </Link>
      </p>
    </>
  );
}
