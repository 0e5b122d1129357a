import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import type { User } from "../../../lib/api/client";
import { formatDate } from "../../../lib/format/format";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { useUser } from "../../../lib/useUser";
import { useChangeName, useChangePassword, useDeleteMe, useExportMe, useMe, useResendVerification } from "../api/auth";
import { OparlConsent } from "./OparlConsent";

/**
 * AccountPage shows the profile with roles, changes the display name and the password, lets council members
 * agree to appear in the OParl feed, downloads the data export and deletes the account.
 */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.title"));
  const user = useUser();
  const me = useMe(user?.id);
  const [deleted, setDeleted] = useState(false);
  if (deleted) return <Deleted />;
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
      {(u.roles.includes("council") || u.oparl_consent) && <OparlConsent u={u} />}
      <PasswordForm />
      <ExportSection />
      <DeleteForm onDeleted={() => setDeleted(true)} />
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

function ExportSection() {
  const { t } = useTranslation();
  const exp = useExportMe();
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading" className="kern-heading-medium">
        {t("account.export.title")}
      </h2>
      <p className="kern-body">{t("account.export.intro")}</p>
      {exp.isSuccess && <SuccessAlert>{t("account.export.done")}</SuccessAlert>}
      {exp.isError && <ErrorAlert error={exp.error} />}
      <button type="button" className="kern-btn kern-btn--secondary" disabled={exp.isPending} onClick={() => exp.mutate()}>
        <span className="kern-label">{exp.isPending ? t("account.export.pending") : t("account.export.button")}</span>
      </button>
    </section>
  );
}

function DeleteForm({ onDeleted }: { onDeleted: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const del = useDeleteMe(onDeleted);
  const fe = fieldErrors(del.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    del.mutate(password);
  };
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading" className="kern-heading-medium">
        {t("account.delete.title")}
      </h2>
      <p className="kern-body">{t("account.delete.intro")}</p>
      <h3 className="kern-heading-small">{t("account.delete.goneTitle")}</h3>
      <ul className="kern-list account-list">
        <li>{t("account.delete.goneProfile")}</li>
        <li>{t("account.delete.goneVotes")}</li>
        <li>{t("account.delete.goneSessions")}</li>
      </ul>
      <h3 className="kern-heading-small">{t("account.delete.staysTitle")}</h3>
      <ul className="kern-list account-list">
        <li>{t("account.delete.staysComments")}</li>
        <li>{t("account.delete.staysRecords")}</li>
      </ul>
      <p className="kern-body">{t("account.delete.exportFirst")}</p>
      {del.isError && !fe.password && <ErrorAlert error={del.error} />}
      <form className="login-form" onSubmit={submit} noValidate>
        <TextField
          id="acc-delete-password"
          label={t("account.delete.password")}
          hint={t("account.delete.passwordHint")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fe.password}
          required
        />
        <button type="submit" className="kern-btn kern-btn--primary account-delete-btn" disabled={del.isPending}>
          <span className="kern-label">{del.isPending ? t("account.delete.pending") : t("account.delete.submit")}</span>
        </button>
      </form>
    </section>
  );
}

// Deleted tells the user, once the account is gone, that they are logged out; focus moves to the message.
function Deleted() {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <>
      <h1 className="kern-heading-x-large" ref={ref} tabIndex={-1}>
        {t("account.delete.doneTitle")}
      </h1>
      <SuccessAlert>{t("account.delete.done")}</SuccessAlert>
      <p className="kern-body">
        <Link to="/" className="kern-link">
          {t("account.delete.toStart")}
        </Link>
      </p>
    </>
  );
}
