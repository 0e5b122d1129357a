import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../app/usePageTitle";
import { session } from "../../lib/api/client";
import { errorMessage } from "../../lib/api/problem";

/** LoginPage logs a user in with email and password. */
export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t("login.title"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({ mutationFn: () => session.login(email.trim(), password) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(undefined, { onSuccess: () => setPassword("") });
  };

  return (
    <>
      <h1 className="kern-heading-x-large">{t("login.title")}</h1>
      <p className="kern-body">{t("login.intro")}</p>
      {login.isError && (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__header">
            <h2 className="kern-title">{t("login.errorHeading")}</h2>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{errorMessage(t, login.error)}</p>
          </div>
        </div>
      )}
      {login.isSuccess && (
        <div className="kern-alert kern-alert--success" role="status">
          <div className="kern-alert__body">
            <p className="kern-body">{t("login.success", { name: login.data.display_name })}</p>
          </div>
        </div>
      )}
      <form className="login-form" onSubmit={submit} noValidate={false}>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="login-email">
            {t("login.email")}
          </label>
          <input
            id="login-email"
            className="kern-form-input__input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="login-password">
            {t("login.password")}
          </label>
          <input
            id="login-password"
            className="kern-form-input__input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={login.isPending}>
          <span className="kern-label">{login.isPending ? t("login.submitting") : t("login.submit")}</span>
        </button>
      </form>
    </>
  );
}
