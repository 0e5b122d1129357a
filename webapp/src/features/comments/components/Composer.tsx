import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../lib/ui/fields";
import { TextArea } from "../../../lib/ui/Form";
import { MarkdownPreview } from "../../../lib/ui/MarkdownPreview";
import type { Comment } from "../api/cache";
import { useSaveComment, type ComposerMode } from "../api/mutations";
import { useCtx } from "./context";
import { problemText } from "./problemText";

/** Composer writes a new comment, a reply or an edit, with a server preview. */
export function Composer(p: { mode: ComposerMode; parent?: Comment; comment?: Comment; onDone: (c?: Comment) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const id = `${ctx.idp}-${p.mode}${p.parent ? `-${p.parent.id}` : ""}${p.comment ? `-${p.comment.id}` : ""}`;
  const [body, setBody] = useState(p.comment?.body ?? "");
  const [stance, setStance] = useState<"" | "pro" | "contra" | "neutral">("");
  const [kind, setKind] = useState<"comment" | "question">("comment");
  const [preview, setPreview] = useState(false);
  const save = useSaveComment({
    slug: ctx.slug,
    target: ctx.target,
    mode: p.mode,
    parent: p.parent,
    comment: p.comment,
    onSuccess: (c) => {
      setBody("");
      setStance("");
      setKind("comment");
      setPreview(false);
      p.onDone(c);
      // Ready for the next comment; replies and edits close and hand the focus to their comment.
      if (p.mode === "new") document.getElementById(`${id}-body`)?.focus();
    },
  });
  const fe = fieldErrors(save.error);
  const generalError = save.error && !fe.body ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate({ body, stance: stance === "" ? null : stance, kind });
  };
  const label =
    p.mode === "new" ? t("comments.yourComment") : p.mode === "reply" ? t("comments.yourReply") : p.mode === "respond" ? t("threads.respondLabel") : t("comments.editLabel");
  return (
    <form className="composer stack-form stack-form--wide" onSubmit={submit} noValidate>
      {generalError && (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{problemText(t, generalError)}</p>
          </div>
        </div>
      )}
      <TextArea id={`${id}-body`} label={label} hint={t("comments.markdownHint")} value={body} onChange={setBody} error={fe.body} rows={p.mode === "new" ? 6 : 4} />
      {(p.mode === "new" || p.mode === "reply") && (
        <div className="composer__options">
          <fieldset className="kern-fieldset">
            <legend className="kern-label">
              {t("comments.stanceLabel")} <span className="kern-label__optional">– {t("form.optional")}</span>
            </legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(["", "pro", "contra", "neutral"] as const).map((s) => (
                <div className="kern-form-check" key={s || "none"}>
                  <input className="kern-form-check__radio" type="radio" id={`${id}-stance-${s || "none"}`} name={`${id}-stance`} checked={stance === s} onChange={() => setStance(s)} />
                  <label className="kern-label" htmlFor={`${id}-stance-${s || "none"}`}>
                    {s ? t(`comments.stance.${s}`) : t("comments.stanceNone")}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t("comments.kindLabel")}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(["comment", "question"] as const).map((k) => (
                <div className="kern-form-check" key={k}>
                  <input className="kern-form-check__radio" type="radio" id={`${id}-kind-${k}`} name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
                  <label className="kern-label" htmlFor={`${id}-kind-${k}`}>
                    {t(`comments.kind.${k}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="kern-btn kern-btn--secondary" aria-expanded={preview} aria-controls={`${id}-preview`} onClick={() => setPreview(!preview)}>
          <span className="kern-label">{preview ? t("newVersion.hidePreview") : t("newVersion.showPreview")}</span>
        </button>
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus */}
        <button type="submit" className="kern-btn kern-btn--primary" aria-disabled={save.isPending || undefined}>
          <span className="kern-label">{save.isPending
            ? t("form.saving")
            : p.mode === "edit"
              ? t("form.save")
              : p.mode === "reply"
                ? t("comments.submitReply")
                : p.mode === "respond"
                  ? t("threads.respondSubmit")
                  : t("comments.submit")}</span>
        </button>
        {p.onCancel && (
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={p.onCancel}>
            <span className="kern-label">{t("form.cancel")}</span>
          </button>
        )}
      </div>
      <div id={`${id}-preview`} className="preview" hidden={!preview} role="region" aria-label={t("newVersion.preview")}>
        {preview && <MarkdownPreview markdown={body} />}
      </div>
    </form>
  );
}
