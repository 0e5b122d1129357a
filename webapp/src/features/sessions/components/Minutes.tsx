import { useState, type FormEvent } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { formatDate } from "../../../lib/format/format";
import { ErrorAlert, Select, TextArea } from "../../../lib/ui/Form";
import { minutesKey, useMinutes, usePublishMinutes, useSaveMinutes, type Minutes as MinutesData, type Session } from "../api/sessions";

/** refetchMinutes loads the minutes again (on `session.minutes`: a version was published). */
export function refetchMinutes(qc: QueryClient, id: string) {
  void qc.invalidateQueries({ queryKey: minutesKey(id) });
}

/** demote moves the minutes' headings below the section's own heading (h2 → h3 …). */
function demote(html: string): string {
  return html.replace(/<(\/?)h([1-6])\b/g, (_, slash: string, n: string) => `<${slash}h${Math.min(Number(n) + 2, 6)}`);
}

/**
 * Minutes shows the latest published minutes of a session (public text; the council audience chooses the
 * internal one) and, for moderators, the editor of the draft's sections with save (If-Match) and publish.
 * Printed, the page is the minutes (see the print styles of .session-room).
 */
export function Minutes({ session }: { session: Session }) {
  const { t } = useTranslation();
  const q = useMinutes(session.id, session.state !== "scheduled", session.state);
  if (session.state === "scheduled") return null;
  return (
    <section aria-labelledby="minutes-heading" className="session-minutes">
      <h2 id="minutes-heading" className="kern-heading-medium" tabIndex={-1}>
        {t("sessions.minutes.heading")}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <Published m={q.data} />
          {q.data.permissions.edit && q.data.draft && <Editor id={session.id} m={q.data} closed={session.state === "closed"} />}
        </>
      )}
    </section>
  );
}

function Published({ m }: { m: MinutesData }) {
  const { t, i18n } = useTranslation();
  const [which, setWhich] = useState<"public" | "internal">("public");
  const v = m.latest;
  // A version published while the page is open is announced politely, once (not the one loaded first).
  const number = v?.number ?? 0;
  const [seen, setSeen] = useState(number);
  const [announce, setAnnounce] = useState("");
  if (seen !== number) {
    setSeen(number);
    if (number > seen) setAnnounce(t("sessions.minutes.newVersion", { n: number }));
  }
  const region = (
    <p className="kern-sr-only" aria-live="polite" data-testid="minutes-announcement">
      {announce}
    </p>
  );
  if (!v)
    return (
      <div className="session-minutes__published">
        {region}
        <p className="kern-body">{t("sessions.minutes.none")}</p>
      </div>
    );
  const text = which === "internal" && v.internal ? v.internal : v.public;
  return (
    <div className="session-minutes__published">
      {region}
      <p className="kern-body" data-testid="minutes-version">
        {t("sessions.minutes.version", { n: v.number, date: formatDate(i18n.language, v.published_at, true) })}
      </p>
      {v.internal && (
        <Select
          id="minutes-which"
          label={t("sessions.minutes.which")}
          value={which}
          onChange={(x) => setWhich(x as "public" | "internal")}
          options={(["public", "internal"] as const).map((k) => ({ value: k, label: t(`sessions.minutes.${k}`) }))}
        />
      )}
      <div className="rich-text session-minutes__text" lang="de" dangerouslySetInnerHTML={{ __html: demote(text.html) }} />
    </div>
  );
}

function Editor({ id, m, closed }: { id: string; m: MinutesData; closed: boolean }) {
  const { t } = useTranslation();
  const draft = m.draft!;
  const [bodies, setBodies] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useSaveMinutes(id);
  const publish = usePublishMinutes(id);
  const changed = Object.keys(bodies).length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const sections = Object.entries(bodies).map(([key, body]) => ({ key, body }));
    save.mutate({ version: draft.version, sections }, { onSuccess: () => (setBodies({}), setSaved(true)) });
  };
  return (
    <div className="session-minutes__editor">
      <form onSubmit={submit} noValidate aria-labelledby="minutes-editor-heading">
        <h3 id="minutes-editor-heading" className="kern-heading-small">
          {t("sessions.minutes.editor")}
        </h3>
        <p className="kern-body kern-body--small">{t("sessions.minutes.editorHint")}</p>
        {draft.sections.map((s) => (
          <TextArea
            key={s.key}
            id={`minutes-${s.key.replace(":", "-")}`}
            label={s.confidential ? t("sessions.minutes.confidentialSection", { title: s.title }) : s.title}
            value={bodies[s.key] ?? s.body}
            onChange={(v) => setBodies((b) => ({ ...b, [s.key]: v }))}
            rows={8}
            lang="de"
          />
        ))}
        {save.isError && (
          <p className="kern-error" role="alert">
            {errorMessage(t, save.error)}
          </p>
        )}
        {saved && (
          <p className="kern-body" role="status">
            {t("sessions.minutes.saved")}
          </p>
        )}
        <button type="submit" className="kern-btn kern-btn--secondary" disabled={save.isPending || !changed}>
          <span className="kern-label">{t("sessions.minutes.save")}</span>
        </button>
      </form>
      {m.permissions.publish && (
        <p>
          {closed ? (
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={publish.isPending || changed}
              onClick={() => publish.mutate(undefined, { onSuccess: () => document.getElementById("minutes-heading")?.focus() })}
            >
              <span className="kern-label">{t("sessions.minutes.publish")}</span>
            </button>
          ) : (
            <span className="kern-body">{t("sessions.minutes.publishAfterClose")}</span>
          )}
        </p>
      )}
      {publish.isError && (
        <p className="kern-error" role="alert">
          {errorMessage(t, publish.error)}
        </p>
      )}
    </div>
  );
}
