import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import type { User } from "../../../lib/api/client";
import { formatDate } from "../../../lib/format/format";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { useUser } from "../../../lib/useUser";
import { useChangeName, useChangePassword, useMe, useResendVerification } from "../api/auth";

/** AccountPage shows the profile with roles and changes the display name and the password. */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.title"));
  const user = useUser();
  const me = useMe(user?.id);
  if (!user)
    return (
      <>
        <h1 className="kern-heading-x-large">{t("account.title")}</h1>
        <p className="kern-body">{t("account.loginFirst")}</p>
        <p className="kern-body">
          <Link to="/anmelden?next=/konto" className="kern-link">
            {t("nav.login")}
          </Link>
        </p>
      </>
    );
  const u = me.data ?? user;
  return (
    <>
      <h1 className="kern-heading-x-large">{t("account.title")}</h1>
      <Profile u={u} />
      <NameForm key={`name-${u.display_name}`} current={u.display_name} />
      <PasswordForm />
    </>
  );
}

function Profile({ u }: { u: User }) {
  const { t, i18n } = useTranslation();
  const resend = useResendVerification();
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="kern-heading-medium">
        {t("account.profile")}
      </h2>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("account.name")}</dt>
          <dd className="kern-description-list-item__value">{u.display_name}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("login.email")}</dt>
          <dd className="kern-description-list-item__value">
            {u.email} ({u.email_verified ? t("account.verified") : t("account.unverified")})
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("account.roles")}</dt>
          <dd className="kern-description-list-item__value">{u.roles.map((r) => t(`role.${r}`)).join(", ")}</dd>
        </div>
        {u.department && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("field.department")}</dt>
            <dd className="kern-description-list-item__value">{u.department}</dd>
          </div>
        )}
        {u.affiliation && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("field.affiliation")}</dt>
            <dd className="kern-description-list-item__value">{t(`affiliation.${u.affiliation}`)}</dd>
          </div>
        )}
        {u.created_at && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("account.since")}</dt>
            <dd className="kern-description-list-item__value">{formatDate(i18n.language, u.created_at)}</dd>
          </div>
        )}
      </dl>
      {!u.email_verified && (
        <div className="kern-alert kern-alert--warning">
          <div className="kern-alert__body">
            <p className="kern-body">{t("account.verifyHint")}</p>
            {resend.isSuccess ? (
              <p className="kern-body" role="status">
                {t("account.resent")}
              </p>
            ) : (
              <button type="button" className="kern-btn kern-btn--secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
                <span className="kern-label">{t("account.resend")}</span>
              </button>
            )}
            {resend.isError && <ErrorAlert error={resend.error} />}
          </div>
        </div>
      )}
    </section>
  );
}

function NameForm({ current }: { current: string }) {
  const { t } = useTranslation();
  const [name, setName] = useState(current);
  const save = useChangeName();
  const fe = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(name);
  };
  return (
    <section aria-labelledby="name-heading">
      <h2 id="name-heading" className="kern-heading-medium">
        {t("account.changeName")}
      </h2>
      {save.isSuccess && <SuccessAlert>{t("account.saved")}</SuccessAlert>}
      {save.isError && <ErrorAlert error={save.error} />}
      <form className="login-form" onSubmit={submit} noValidate>
        <TextField id="acc-name" label={t("account.name")} autoComplete="nickname" value={name} onChange={setName} error={fe.display_name} required />
        <SubmitButton pending={save.isPending} label={t("form.save")} pendingLabel={t("form.saving")} />
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  // A password change ends every session and answers a fresh login for this one.
  const save = useChangePassword(() => {
    setCurrent("");
    setNext("");
  });
  const fe = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ current, next });
  };
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading" className="kern-heading-medium">
        {t("account.changePassword")}
      </h2>
      <p className="kern-body">{t("account.passwordNote")}</p>
      {save.isSuccess && <SuccessAlert>{t("account.passwordChanged")}</SuccessAlert>}
      {save.isError && <ErrorAlert error={save.error} />}
      <form className="login-form" onSubmit={submit} noValidate>
        <TextField id="acc-current" label={t("account.currentPassword")} type="password" autoComplete="current-password" value={current} onChange={setCurrent} error={fe.current_password} required />
        <TextField
          id="acc-new"
          label={t("account.newPassword")}
          hint={t("register.passwordHint")}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={fe.new_password}
          required
        />
        <SubmitButton pending={save.isPending} label={t("account.changePassword")} pendingLabel={t("form.saving")} />
      </form>
    </section>
  );
}
