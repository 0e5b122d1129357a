// The moderator's forms on agenda items: a new item, the change of an item, the notes and the decision of
// the item in discussion, and the session's speaking time. A 412 (someone else changed it meanwhile) keeps
// what was typed, reloads the state and says so; the next save goes on top of the new version. Submit
// buttons are not disabled while a write is on its way (the keyboard focus would drop); a second submit
// then does nothing.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { Checkbox, Select, TextArea, TextField } from "../../../lib/ui/Form";
import { fieldErrors, type FieldErrors } from "../../../lib/ui/fields";
import { isStale, useCreateItem, useProjectChoices, useSessionSpeakingTime, useUpdateItem, type AgendaItemPatch } from "../api/agenda";
import type { AgendaItem, Session } from "../api/sessions";

/** ItemValues are the editable fields of an item as the form holds them (strings for the inputs). */
interface ItemValues {
  title: string;
  description: string;
  project: string;
  confidential: boolean;
  seconds: string;
}

const emptyItem: ItemValues = { title: "", description: "", project: "", confidential: false, seconds: "" };

function valuesOf(it: AgendaItem): ItemValues {
  return {
    title: it.title,
    description: it.description,
    project: it.project_slug ?? "",
    confidential: it.confidential,
    seconds: it.speaking_time_seconds === null ? "" : String(it.speaking_time_seconds),
  };
}

/** parseSeconds reads a speaking time: "" is none (null), digits are seconds, anything else is undefined. */
export function parseSeconds(s: string): number | null | undefined {
  const v = s.trim();
  if (v === "") return null;
  return /^\d{1,5}$/.test(v) ? Number(v) : undefined;
}

/**
 * useRebased holds a form's values on top of a server version. When the version moves (a live update, or
 * the reload after a 412), fields the user has not touched take the server's new values and typed ones
 * stay; `base` is what the server had, so a save sends only what the user changed.
 */
export function useRebased<T extends object>(server: T, version: number) {
  const [st, setSt] = useState({ v: server, base: server, version });
  if (st.version !== version) {
    const v = { ...st.v };
    for (const k of Object.keys(server) as (keyof T)[]) if (st.v[k] === st.base[k]) v[k] = server[k];
    setSt({ v, base: server, version });
  }
  return { v: st.v, base: st.base, set: (v: T) => setSt((x) => ({ ...x, v })) };
}

/** Problem shows a failed write: the stale-version note for a 412, else the problem's message. */
function Problem({ error, fields }: { error: unknown; fields: FieldErrors }) {
  const { t } = useTranslation();
  if (!error || Object.keys(fields).length > 0) return null;
  return (
    <p className="kern-error" role="alert">
      {isStale(error) ? t("sessions.console.stale") : errorMessage(t, error)}
    </p>
  );
}

function ItemFields({ prefix, v, set, fe, withSeconds }: { prefix: string; v: ItemValues; set: (v: ItemValues) => void; fe: FieldErrors; withSeconds: boolean }) {
  const { t } = useTranslation();
  const projects = useProjectChoices(true);
  const options = [{ value: "", label: t("sessions.console.noProject") }, ...(projects.data ?? []).map((p) => ({ value: p.slug, label: p.title }))];
  if (v.project && !options.some((o) => o.value === v.project)) options.push({ value: v.project, label: v.project });
  return (
    <>
      <TextField id={`${prefix}-title`} label={t("sessions.console.itemTitle")} value={v.title} onChange={(x) => set({ ...v, title: x })} error={fe.title} required />
      <TextArea id={`${prefix}-description`} label={t("sessions.console.itemDescription")} value={v.description} onChange={(x) => set({ ...v, description: x })} error={fe.description} rows={3} optional />
      <Select id={`${prefix}-project`} label={t("sessions.console.itemProject")} value={v.project} onChange={(x) => set({ ...v, project: x })} error={fe.project_slug} options={options} optional />
      <Checkbox id={`${prefix}-confidential`} label={t("sessions.console.itemConfidential")} checked={v.confidential} onChange={(x) => set({ ...v, confidential: x })} error={fe.confidential} />
      {withSeconds && (
        <TextField
          id={`${prefix}-seconds`}
          label={t("sessions.console.itemSeconds")}
          hint={t("sessions.console.itemSecondsHint")}
          inputMode="numeric"
          value={v.seconds}
          onChange={(x) => set({ ...v, seconds: x })}
          error={fe.speaking_time_seconds}
          optional
        />
      )}
    </>
  );
}

/** AddItemForm appends an item: title, description, an optional project and the confidential flag. */
export function AddItemForm({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const [v, setV] = useState<ItemValues>(emptyItem);
  const [done, setDone] = useState("");
  const create = useCreateItem(sessionId);
  const fe = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    setDone("");
    const title = v.title;
    create.mutate(
      { title, description: v.description, confidential: v.confidential, ...(v.project ? { project_slug: v.project } : {}) },
      {
        onSuccess: () => {
          setV(emptyItem);
          setDone(t("sessions.console.itemAdded", { title }));
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="session-add-item" noValidate aria-labelledby="add-item-heading">
      <h3 id="add-item-heading" className="kern-heading-small">
        {t("sessions.console.addItem")}
      </h3>
      <ItemFields prefix="agenda-item" v={v} set={setV} fe={fe} withSeconds={false} />
      <Problem error={create.error} fields={fe} />
      <p className="kern-body" role="status">
        {done}
      </p>
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{t("sessions.console.addItemSubmit")}</span>
      </button>
    </form>
  );
}

/** EditItemForm changes an item on top of its current version; it closes with done(true) once saved. */
export function EditItemForm({ sessionId, item, done }: { sessionId: string; item: AgendaItem; done: (saved: boolean, title: string) => void }) {
  const { t } = useTranslation();
  const { v, base: was, set: setV } = useRebased(valuesOf(item), item.version);
  const [local, setLocal] = useState<FieldErrors>({});
  const update = useUpdateItem(sessionId);
  const fe = { ...fieldErrors(update.error), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const seconds = parseSeconds(v.seconds);
    if (seconds === undefined) return setLocal({ speaking_time_seconds: "type" });
    setLocal({});
    const patch: AgendaItemPatch = {};
    if (v.title !== was.title) patch.title = v.title;
    if (v.description !== was.description) patch.description = v.description;
    if (v.project !== was.project) patch.project_slug = v.project || null;
    if (v.confidential !== was.confidential) patch.confidential = v.confidential;
    if (v.seconds !== was.seconds) patch.speaking_time_seconds = seconds;
    if (Object.keys(patch).length === 0) return done(false, item.title);
    // item is the latest state (the room reloads it after a 412), so a second try carries the new version.
    update.mutate({ item, patch }, { onSuccess: (it) => done(true, it.title) });
  };
  const prefix = `edit-${item.id}`;
  return (
    <form onSubmit={submit} className="session-edit-item" noValidate aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`} className="kern-heading-small">
        {t("sessions.console.editHeading", { title: item.title })}
      </h3>
      <ItemFields prefix={prefix} v={v} set={setV} fe={fe} withSeconds />
      <Problem error={update.error} fields={fe} />
      <p className="session-edit-item__buttons">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t("sessions.console.saveItem")}</span>
        </button>{" "}
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => done(false, item.title)}>
          <span className="kern-label">{t("sessions.console.cancel")}</span>
        </button>
      </p>
    </form>
  );
}

/** NotesForm writes the moderator's notes and the decision on an item (the one in discussion). */
export function NotesForm({ sessionId, item }: { sessionId: string; item: AgendaItem }) {
  const { t } = useTranslation();
  const { v, base, set } = useRebased({ notes: item.notes ?? "", decision: item.decision }, item.version);
  const [saved, setSaved] = useState(false);
  const update = useUpdateItem(sessionId);
  const fe = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    setSaved(false);
    const patch: AgendaItemPatch = {};
    if (v.notes !== base.notes) patch.notes = v.notes;
    if (v.decision !== base.decision) patch.decision = v.decision;
    if (Object.keys(patch).length === 0) return setSaved(true);
    update.mutate({ item, patch }, { onSuccess: () => setSaved(true) });
  };
  return (
    <form onSubmit={submit} className="session-notes" noValidate aria-labelledby="notes-heading">
      <h3 id="notes-heading" className="kern-heading-small">
        {t("sessions.console.notesHeading", { title: item.title })}
      </h3>
      <TextArea id="item-notes" label={t("sessions.console.notes")} hint={t("sessions.console.notesHint")} value={v.notes} onChange={(x) => set({ ...v, notes: x })} error={fe.notes} rows={4} />
      <TextArea id="item-decision" label={t("sessions.console.decision")} hint={t("sessions.console.decisionHint")} value={v.decision} onChange={(x) => set({ ...v, decision: x })} error={fe.decision} rows={3} />
      <Problem error={update.error} fields={fe} />
      <p className="kern-body" role="status">
        {saved ? t("sessions.console.notesSaved") : ""}
      </p>
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{t("sessions.console.saveNotes")}</span>
      </button>
    </form>
  );
}

/** SpeakingTimeForm sets the session's speaking time per speech (items without their own use it). */
export function SpeakingTimeForm({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { v, set } = useRebased({ value: String(session.speaking_time_seconds) }, session.version);
  const value = v.value;
  const [local, setLocal] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const save = useSessionSpeakingTime(session.id);
  const fe = { ...fieldErrors(save.error), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    const seconds = parseSeconds(value);
    if (seconds === undefined || seconds === null) return setLocal({ speaking_time_seconds: seconds === null ? "required" : "type" });
    setLocal({});
    save.mutate({ version: session.version, seconds }, { onSuccess: () => setSaved(true) });
  };
  return (
    <form onSubmit={submit} className="session-speaking-time" noValidate aria-labelledby="speaking-time-heading">
      <h3 id="speaking-time-heading" className="kern-heading-small">
        {t("sessions.console.speakingTime")}
      </h3>
      <TextField id="session-seconds" label={t("sessions.console.sessionSeconds")} hint={t("sessions.console.sessionSecondsHint")} inputMode="numeric" value={value} onChange={(x) => set({ value: x })} error={fe.speaking_time_seconds} required />
      <Problem error={save.error} fields={fe} />
      <p className="kern-body" role="status">
        {saved ? t("sessions.console.speakingTimeSaved") : ""}
      </p>
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{t("sessions.console.saveSpeakingTime")}</span>
      </button>
    </form>
  );
}
