import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { useRegister } from "../api/auth";

/** RegisterPage creates an account; the server mails a verification link. */
export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t("register.title"));
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const reg = useRegister();
  const fe = fieldErrors(reg.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reg.mutate({ email, name, password }, { onSuccess: () => setPassword("") });
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("register.title")}</h1>
      {reg.isSuccess ? (
        <>
          <SuccessAlert>{t("register.success", { email: reg.data.email })}</SuccessAlert>
          <p className="kern-body">
            <Link to="/anmelden" className="kern-link">
              {t("nav.login")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="kern-body">{t("register.intro")}</p>
          {reg.isError && <ErrorAlert error={reg.error} />}
          <form className="login-form" onSubmit={submit} noValidate>
            <TextField id="reg-email" label={t("login.email")} type="email" autoComplete="email" required value={email} onChange={setEmail} error={fe.email} />
            <TextField id="reg-name" label={t("register.name")} hint={t("register.nameHint")} autoComplete="nickname" required value={name} onChange={setName} error={fe.display_name} />
            <TextField
              id="reg-password"
              label={t("login.password")}
              hint={t("register.passwordHint")}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={setPassword}
              error={fe.password}
            />
            <SubmitButton pending={reg.isPending} label={t("register.submit")} pendingLabel={t("form.saving")} />
          </form>
        </>
      )}
    </>
  );
}
