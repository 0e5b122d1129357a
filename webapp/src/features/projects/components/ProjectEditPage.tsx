import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { ApiError } from "../../../lib/api/problem";
import { fieldErrors } from "../../../lib/ui/fields";
import { Checkbox, ErrorAlert, Fieldset, Select, SubmitButton, TextArea, TextField } from "../../../lib/ui/Form";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { canCreateProject, useUser } from "../../../lib/useUser";
import { projectQuery, useCreateProject, useProject, useUpdateProject } from "../api/projects";
import { principles, statuses } from "../api/filters";
import { changedFields, emptyForm, rebase, toCreate, toForm, toPatch, type EditableField, type FormValues } from "./projectForm";

/** ProjectCreatePage creates a project (officials for their department, admins). */
export function ProjectCreatePage() {
  const { t } = useTranslation();
  usePageTitle(t("projectForm.createTitle"));
  const user = useUser();
  // keyed by the user, so an official's department fills the owner once the session is known
  return (
    <RouteGuard title={t("projectForm.createTitle")} allowed={canCreateProject(user)} who={t("projectForm.notAllowed")} back={{ to: "/projekte", label: t("nav.projects") }}>
      {() => <CreateForm key={user?.id} department={user?.department ?? ""} />}
    </RouteGuard>
  );
}

function CreateForm({ department }: { department: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState<FormValues>(() => emptyForm(department));
  const save = useCreateProject((p) => void navigate(`/projekte/${encodeURIComponent(p.slug)}`));
  return (
    <>
      <h1 className="kern-heading-x-large">{t("projectForm.createTitle")}</h1>
      <ProjectForm
        form={form}
        setForm={setForm}
        creating
        error={save.error}
        pending={save.isPending}
        onSubmit={() => save.mutate(toCreate(form))}
        cancelTo="/projekte"
      />
    </>
  );
}

/** ProjectEditPage edits a project with If-Match; a stale version shows the conflict and rebases the edits. */
export function ProjectEditPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const q = useProject(slug);
  usePageTitle(t("projectForm.editTitle", { title: q.data?.title ?? "" }));
  return (
    <RouteGuard
      title={t("projectForm.editTitle", { title: q.data?.title ?? "" })}
      allowed={q.data?.permissions.edit}
      error={q.error}
      who={t("projectForm.notAllowed")}
      back={q.data ? { to: `/projekte/${encodeURIComponent(slug)}`, label: q.data.title } : undefined}
    >
      {() => q.data && <EditForm key={q.data.slug} initialVersion={q.data.version} initial={toForm(q.data)} slug={slug} title={q.data.title} />}
    </RouteGuard>
  );
}

function EditForm({ initial, initialVersion, slug, title }: { initial: FormValues; initialVersion: number; slug: string; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [base, setBase] = useState(initial);
  const [version, setVersion] = useState(initialVersion);
  const [form, setForm] = useState(initial);
  const [conflict, setConflict] = useState<{ theirs: EditableField[]; clashes: EditableField[]; reloaded: boolean } | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);

  const save = useUpdateProject(
    slug,
    () => void navigate(`/projekte/${encodeURIComponent(slug)}`),
    (err) => {
      if (err instanceof ApiError && err.code === "version_mismatch") setConflict({ theirs: [], clashes: [], reloaded: false });
    },
  );

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const reload = async () => {
    const current = await qc.fetchQuery({ ...projectQuery(slug), staleTime: 0 });
    const r = rebase(base, form, toForm(current));
    setBase(toForm(current));
    setVersion(current.version);
    setForm(r.form);
    setConflict({ theirs: r.theirs, clashes: r.clashes, reloaded: true });
    save.reset();
  };

  const dirty = changedFields(base, form).length > 0;
  return (
    <>
      <h1 className="kern-heading-x-large">{t("projectForm.editTitle", { title })}</h1>
      {conflict && (
        <div className="kern-alert kern-alert--warning conflict" role="alert" tabIndex={-1} ref={conflictRef}>
          <div className="kern-alert__header">
            <h2 className="kern-title">{t("conflict.heading")}</h2>
          </div>
          <div className="kern-alert__body">
            {!conflict.reloaded ? (
              <>
                <p className="kern-body">{t("conflict.text")}</p>
                <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void reload()}>
                  <span className="kern-label">{t("conflict.reload")}</span>
                </button>
              </>
            ) : (
              <>
                <p className="kern-body">{t("conflict.reloaded", { version })}</p>
                {conflict.theirs.length > 0 && (
                  <>
                    <p className="kern-body">{t("conflict.theirs")}</p>
                    <ul className="kern-list conflict-fields">
                      {conflict.theirs.map((f) => (
                        <li key={f}>
                          {t(`field.${f}`)}
                          {conflict.clashes.includes(f) && <> – {t("conflict.clash")}</>}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <p className="kern-body">{t("conflict.saveAgain")}</p>
              </>
            )}
          </div>
        </div>
      )}
      <ProjectForm
        form={form}
        setForm={setForm}
        error={save.error instanceof ApiError && save.error.code === "version_mismatch" ? null : save.error}
        pending={save.isPending}
        onSubmit={() => (dirty ? save.mutate({ version, patch: toPatch(base, form) }) : void navigate(`/projekte/${encodeURIComponent(slug)}`))}
        cancelTo={`/projekte/${encodeURIComponent(slug)}`}
      />
    </>
  );
}

interface FormProps {
  form: FormValues;
  setForm: (f: FormValues) => void;
  creating?: boolean;
  error: unknown;
  pending: boolean;
  onSubmit: () => void;
  cancelTo: string;
}

function ProjectForm({ form, setForm, creating, error, pending, onSubmit, cancelTo }: FormProps) {
  const { t } = useTranslation();
  const fe = fieldErrors(error);
  const set = <K extends keyof FormValues>(k: K) => (v: FormValues[K]) => setForm({ ...form, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="stack-form stack-form--wide" onSubmit={submit} noValidate>
      {error ? <ErrorAlert error={error} heading={t("projectForm.errorHeading")} /> : null}
      <TextField id="p-title" label={t("field.title")} value={form.title} onChange={set("title")} error={fe.title} required />
      {creating && (
        <TextField id="p-slug" label={t("field.slug")} hint={t("projectForm.slugHint")} value={form.slug} onChange={set("slug")} error={fe.slug} required />
      )}
      <TextArea id="p-summary" label={t("field.summary")} value={form.summary} onChange={set("summary")} error={fe.summary} rows={3} />
      <TextArea id="p-description" label={t("field.description")} hint={t("projectForm.markdownHint")} value={form.description} onChange={set("description")} error={fe.description} rows={14} />
      <TextArea id="p-plain" label={t("field.plain_summary")} value={form.plain_summary} onChange={set("plain_summary")} error={fe.plain_summary} rows={4} lang="de" />
      <Select
        id="p-status"
        label={t("field.status")}
        value={form.status}
        onChange={(v) => set("status")(v as FormValues["status"])}
        error={fe.status}
        options={statuses.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
      />
      <TextField id="p-owner" label={t("field.owner_unit")} value={form.owner_unit} onChange={set("owner_unit")} error={fe.owner_unit} required />
      <Fieldset id="p-principles" legend={t("field.principles")} error={fe.principles}>
        {principles.map((x) => (
          <Checkbox
            key={x}
            id={`p-principle-${x}`}
            label={t(`principle.${x}`)}
            checked={form.principles.includes(x)}
            onChange={(on) => set("principles")(on ? [...form.principles, x] : form.principles.filter((y) => y !== x))}
          />
        ))}
      </Fieldset>
      <TextField id="p-reach" label={t("field.expected_reach")} type="number" inputMode="numeric" value={form.expected_reach} onChange={set("expected_reach")} error={fe.expected_reach} />
      <Select
        id="p-effort"
        label={t("field.effort")}
        value={form.effort}
        onChange={set("effort")}
        error={fe.effort}
        options={["1", "2", "3", "4", "5"].map((n) => ({ value: n, label: t("project.effortValue", { n }) }))}
      />
      <TextField id="p-budget" label={t("field.budget_eur")} type="number" inputMode="numeric" optional value={form.budget_eur} onChange={set("budget_eur")} error={fe.budget_eur} />
      <TextField id="p-start" label={t("field.start_date")} type="date" optional value={form.start_date} onChange={set("start_date")} error={fe.start_date} />
      <TextField id="p-end" label={t("field.end_date")} type="date" optional value={form.end_date} onChange={set("end_date")} error={fe.end_date} />
      <TextField id="p-lotse-name" label={t("field.lotse_name")} optional value={form.lotse_name} onChange={set("lotse_name")} error={fe["lotse.name"]} />
      <TextField id="p-lotse-email" label={t("field.lotse_email")} type="email" optional value={form.lotse_email} onChange={set("lotse_email")} error={fe["lotse.email"]} />
      <Checkbox id="p-comments-open" label={t("field.comments_open")} checked={form.comments_open} onChange={set("comments_open")} error={fe.comments_open} />
      <Checkbox id="p-pre-moderation" label={t("field.pre_moderation")} checked={form.pre_moderation} onChange={set("pre_moderation")} error={fe.pre_moderation} />
      <div className="form-actions">
        <SubmitButton pending={pending} label={t("form.save")} pendingLabel={t("form.saving")} />
        <Link to={cancelTo} className="kern-link">
          {t("form.cancel")}
        </Link>
      </div>
    </form>
  );
}
