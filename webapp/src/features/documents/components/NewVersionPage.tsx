import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { ApiError } from "../../../lib/api/problem";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, SubmitButton, TextArea, TextField } from "../../../lib/ui/Form";
import { MarkdownPreview } from "../../../lib/ui/MarkdownPreview";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { documentQuery, useDocument, usePublishVersion } from "../api/documents";

/** NewVersionPage publishes a new version of a document with If-Match. */
export function NewVersionPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const q = useDocument(id);
  usePageTitle(t("newVersion.title"));
  // The server's answer decides, before anyone starts writing.
  return (
    <RouteGuard
      title={t("newVersion.title")}
      allowed={q.data?.permissions.add_version}
      error={q.error}
      who={t("newVersion.notAllowed")}
      back={q.data ? { to: `/dokumente/${encodeURIComponent(id)}`, label: q.data.title } : undefined}
    >
      {() => q.data && <VersionForm key={id} id={id} title={q.data.title} markdown={q.data.markdown} latest={q.data.latest_version} />}
    </RouteGuard>
  );
}

function VersionForm({ id, title, markdown: initial, latest }: { id: string; title: string; markdown: string; latest: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [markdown, setMarkdown] = useState(initial);
  const [note, setNote] = useState("");
  const [base, setBase] = useState(latest);
  const [preview, setPreview] = useState(false);
  const save = usePublishVersion(id, () => void navigate(`/dokumente/${encodeURIComponent(id)}`));
  const stale = save.error instanceof ApiError && save.error.code === "version_mismatch";
  const reload = async () => {
    const d = await qc.fetchQuery({ ...documentQuery(id), staleTime: 0 });
    setBase(d.latest_version);
    save.reset();
  };
  const fe = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ base, markdown, note });
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("newVersion.title")}</h1>
      <p className="kern-body">{t("newVersion.intro", { title, n: base })}</p>
      {stale ? (
        <div className="kern-alert kern-alert--warning" role="alert">
          <div className="kern-alert__header">
            <h2 className="kern-title">{t("conflict.heading")}</h2>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{t("newVersion.conflict")}</p>
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void reload()}>
              <span className="kern-label">{t("newVersion.rebase")}</span>
            </button>
          </div>
        </div>
      ) : save.error ? (
        <ErrorAlert error={save.error} />
      ) : null}
      <form className="stack-form stack-form--full" onSubmit={submit} noValidate>
        <TextArea id="v-markdown" label={t("newVersion.markdown")} hint={t("projectForm.markdownHint")} value={markdown} onChange={setMarkdown} error={fe.markdown} rows={24} tall />
        <TextField id="v-note" label={t("newVersion.note")} optional value={note} onChange={setNote} error={fe.change_note} />
        <div className="form-actions">
          <button type="button" className="kern-btn kern-btn--secondary" aria-expanded={preview} aria-controls="v-preview" onClick={() => setPreview(!preview)}>
            <span className="kern-label">{preview ? t("newVersion.hidePreview") : t("newVersion.showPreview")}</span>
          </button>
          <SubmitButton pending={save.isPending} label={t("newVersion.publish")} pendingLabel={t("form.saving")} />
          <Link to={`/dokumente/${encodeURIComponent(id)}`} className="kern-link">
            {t("form.cancel")}
          </Link>
        </div>
      </form>
      <section id="v-preview" aria-labelledby="v-preview-heading" hidden={!preview} className="preview">
        <h2 id="v-preview-heading" className="kern-heading-medium">
          {t("newVersion.preview")}
        </h2>
        <p className="kern-body kern-body--small">{t("newVersion.previewNote")}</p>
        {preview && <MarkdownPreview markdown={markdown} />}
      </section>
    </>
  );
}
