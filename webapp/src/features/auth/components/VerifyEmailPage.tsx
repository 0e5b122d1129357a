import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { ErrorAlert, SuccessAlert } from "../../../lib/ui/Form";
import { useUser } from "../../../lib/useUser";
import { useVerifyEmail } from "../api/auth";

/** VerifyEmailPage is the landing page of the mailed link: it posts the token once. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t("verify.title"));
  const [sp] = useSearchParams();
  const token = sp.get("token") ?? "";
  const user = useUser();
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);
  return (
    <>
      <h1 className="kern-heading-x-large">{t("verify.title")}</h1>
      {!token ? (
        <p className="kern-body">{t("verify.noToken")}</p>
      ) : verify.isSuccess ? (
        <>
          <SuccessAlert>{t("verify.success")}</SuccessAlert>
          <p className="kern-body">
            <Link to={user ? "/konto" : "/anmelden"} className="kern-link">
              {user ? t("nav.account") : t("nav.login")}
            </Link>
          </p>
        </>
      ) : verify.isError ? (
        <ErrorAlert error={verify.error} />
      ) : (
        <p className="kern-body" role="status">
          {t("verify.pending")}
        </p>
      )}
    </>
  );
}
