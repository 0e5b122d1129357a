import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, TextField } from "../../../lib/ui/Form";
import { useLogin } from "../api/auth";

/** safeNext keeps a post-login target on this site (a path, never another origin). */
export function safeNext(v: string | null): string {
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/konto";
}

/** LoginPage logs a user in with email and password, then goes to ?next= or the account page. */
export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t("login.title"));
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  const fe = fieldErrors(login.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, {
      onSuccess: () => {
        setPassword("");
        void navigate(safeNext(sp.get("next")));
      },
    });
  };

  return (
    <>
      <h1 className="kern-heading-x-large">{t("login.title")}</h1>
      <p className="kern-body">{t("login.intro")}</p>
      {login.isError && <ErrorAlert error={login.error} heading={t("login.errorHeading")} />}
      <form className="login-form" onSubmit={submit}>
        <TextField id="login-email" label={t("login.email")} type="email" autoComplete="username" required value={email} onChange={setEmail} error={fe.email} />
        <TextField
          id="login-password"
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={fe.password}
        />
        <SubmitButton pending={login.isPending} label={t("login.submit")} pendingLabel={t("login.submitting")} />
      </form>
      <ul className="kern-list aux-links">
        <li>
          <Link to="/registrieren" className="kern-link">
            {t("login.toRegister")}
          </Link>
        </li>
        <li>
          <Link to="/passwort-vergessen" className="kern-link">
            {t("login.toReset")}
          </Link>
        </li>
      </ul>
    </>
  );
}
