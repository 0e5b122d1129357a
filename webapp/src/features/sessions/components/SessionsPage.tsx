import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { formatDate } from "../../../lib/format/format";
import { ErrorAlert, Select, SubmitButton, TextArea, TextField } from "../../../lib/ui/Form";
import { fieldErrors } from "../../../lib/ui/fields";
import { usePageTitle } from "../../../lib/usePageTitle";
import { may, useUser } from "../../../lib/useUser";
import { useCreateSession, useSessions, type SessionCreate } from "../api/sessions";

/** SessionsPage lists the upcoming and the past sessions; moderators schedule new ones. */
export function SessionsPage() {
  const { t } = useTranslation();
  const user = useUser();
  usePageTitle(t("sessions.title"));
  return (
    <>
      <h1 className="kern-heading-x-large">{t("sessions.title")}</h1>
      <p className="kern-body kern-body--large">{t("sessions.intro")}</p>
      <SessionList when="upcoming" />
      <SessionList when="past" />
      {may(user, "moderate") && <CreateSessionForm />}
    </>
  );
}

function SessionList({ when }: { when: "upcoming" | "past" }) {
  const { t, i18n } = useTranslation();
  const q = useSessions(when);
  const headingId = `sessions-${when}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="kern-heading-medium">
        {t(`sessions.${when}`)}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="kern-body">{t(`sessions.none.${when}`)}</p>
      ) : (
        <ul className="session-list">
          {q.data.items.map((s) => (
            <li key={s.id} className="kern-body session-list__item">
              <Link to={`/sitzungen/${s.id}`} className="kern-link">
                {s.title}
              </Link>
              <span>
                {" "}
                · {formatDate(i18n.language, s.starts_at, true)} · {t(`sessions.state.${s.state}`)}
                {s.visibility === "non_public" && <> · {t("sessions.nonPublic")}</>}
                {s.location && <> · {s.location}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** toISO turns the value of a datetime-local input (local time) into RFC 3339; "" when empty or invalid. */
export function toISO(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

function CreateSessionForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [location, setLocation] = useState("");
  const [onlineUrl, setOnlineUrl] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<SessionCreate["visibility"]>("public");
  const m = useCreateSession((s) => void navigate(`/sitzungen/${s.id}`));
  const fe = fieldErrors(m.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: SessionCreate = { title, starts_at: toISO(startsAt), visibility, description };
    if (location) body.location = location;
    if (onlineUrl) body.online_url = onlineUrl;
    m.mutate(body);
  };
  return (
    <section aria-labelledby="session-create-heading">
      <h2 id="session-create-heading" className="kern-heading-medium">
        {t("sessions.create.heading")}
      </h2>
      <form onSubmit={submit} className="session-create" noValidate>
        {m.isError && !Object.keys(fe).length && <ErrorAlert error={m.error} />}
        <TextField id="session-title" label={t("sessions.create.title")} value={title} onChange={setTitle} error={fe.title} required />
        <TextField
          id="session-starts-at"
          type="datetime-local"
          label={t("sessions.create.startsAt")}
          value={startsAt}
          onChange={setStartsAt}
          error={fe.starts_at}
          required
        />
        <TextField id="session-location" label={t("sessions.create.location")} value={location} onChange={setLocation} error={fe.location} optional />
        <TextField
          id="session-online-url"
          type="url"
          label={t("sessions.create.onlineUrl")}
          hint={t("sessions.create.onlineUrlHint")}
          value={onlineUrl}
          onChange={setOnlineUrl}
          error={fe.online_url}
          optional
        />
        <TextArea id="session-description" label={t("sessions.create.description")} value={description} onChange={setDescription} error={fe.description} optional />
        <Select
          id="session-visibility"
          label={t("sessions.create.visibility")}
          value={visibility}
          onChange={(v) => setVisibility(v as SessionCreate["visibility"])}
          error={fe.visibility}
          options={(["public", "non_public"] as const).map((k) => ({ value: k, label: t(`sessions.visibility.${k}`) }))}
        />
        <SubmitButton pending={m.isPending} label={t("sessions.create.submit")} />
      </form>
    </section>
  );
}
