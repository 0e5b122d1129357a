import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { useConfirmPasswordReset, useRequestPasswordReset } from "../api/auth";

/** PasswordResetRequestPage asks for a reset link (the answer never reveals whether the address exists). */
export function PasswordResetRequestPage() {
  const { t } = useTranslation();
  usePageTitle(t("reset.requestTitle"));
  const [email, setEmail] = useState("");
  const req = useRequestPasswordReset();
  const fe = fieldErrors(req.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    req.mutate(email);
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("reset.requestTitle")}</h1>
      {req.isSuccess ? (
        <SuccessAlert>{t("reset.requested")}</SuccessAlert>
      ) : (
        <>
          <p className="kern-body">{t("reset.requestIntro")}</p>
          {req.isError && <ErrorAlert error={req.error} />}
          <form className="login-form" onSubmit={submit}>
            <TextField id="reset-email" label={t("login.email")} type="email" autoComplete="email" required value={email} onChange={setEmail} error={fe.email} />
            <SubmitButton pending={req.isPending} label={t("reset.requestSubmit")} pendingLabel={t("form.saving")} />
          </form>
        </>
      )}
    </>
  );
}

/** PasswordResetPage is the landing page of the mailed link: it sets a new password. */
export function PasswordResetPage() {
  const { t } = useTranslation();
  usePageTitle(t("reset.title"));
  const [sp] = useSearchParams();
  const token = sp.get("token") ?? "";
  const [password, setPassword] = useState("");
  const confirm = useConfirmPasswordReset();
  const fe = fieldErrors(confirm.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ token, password }, { onSuccess: () => setPassword("") });
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("reset.title")}</h1>
      {!token ? (
        <p className="kern-body">
          {t("verify.noToken")}{" "}
          <Link to="/passwort-vergessen" className="kern-link">
            {t("reset.requestTitle")}
          </Link>
        </p>
      ) : confirm.isSuccess ? (
        <>
          <SuccessAlert>{t("reset.done")}</SuccessAlert>
          <p className="kern-body">
            <Link to="/anmelden" className="kern-link">
              {t("nav.login")}
            </Link>
          </p>
        </>
      ) : (
        <>
          {confirm.isError && <ErrorAlert error={confirm.error} />}
          {fe.token && (
            <p className="kern-body">
              <Link to="/passwort-vergessen" className="kern-link">
                {t("reset.requestAgain")}
              </Link>
            </p>
          )}
          <form className="login-form" onSubmit={submit} noValidate>
            <TextField
              id="reset-password"
              label={t("reset.newPassword")}
              hint={t("register.passwordHint")}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={setPassword}
              error={fe.password}
            />
            <SubmitButton pending={confirm.isPending} label={t("reset.submit")} pendingLabel={t("form.saving")} />
          </form>
        </>
      )}
    </>
  );
}
