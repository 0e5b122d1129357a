// The flag dialog of a comment: a disclosure below the comment with the reasons as radio buttons and a
// description (required for "other"). The first reason gets the focus when it opens; the caller returns the
// focus to the "Melden" button when it closes.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { fieldErrors } from "../../../lib/ui/fields";
import { TextArea } from "../../../lib/ui/Form";
import { flagReasons, useFlag, type FlagReason } from "../api/mutations";

/** FlagForm is the flag dialog of one comment. */
export function FlagForm(p: { commentId: string; idp: string; onDone: (flagged: boolean) => void }) {
  const { t } = useTranslation();
  const id = `${p.idp}-flag-${p.commentId}`;
  const [reason, setReason] = useState<FlagReason>("spam");
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const send = useFlag(p.commentId, () => p.onDone(true));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason === "other" && text.trim() === "") {
      setMissing(true);
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    setMissing(false);
    if (!send.isPending) send.mutate({ reason, text });
  };
  return (
    <form className="flag-form stack-form" onSubmit={submit} noValidate aria-labelledby={`${id}-legend`}>
      {send.error && !fieldErrors(send.error).text && (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{errorMessage(t, send.error)}</p>
          </div>
        </div>
      )}
      <fieldset className="kern-fieldset">
        <legend className="kern-label" id={`${id}-legend`}>
          {t("threads.flag.legend")}
        </legend>
        <div className="kern-fieldset__body">
          {flagReasons.map((r, i) => (
            <div className="kern-form-check" key={r}>
              <input
                className="kern-form-check__radio"
                type="radio"
                id={`${id}-${r}`}
                name={`${id}-reason`}
                checked={reason === r}
                onChange={() => setReason(r)}
                ref={i === 0 ? first : undefined}
              />
              <label className="kern-label" htmlFor={`${id}-${r}`}>
                {t(`threads.flag.reasons.${r}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <TextArea
        id={`${id}-text`}
        label={t("threads.flag.text")}
        hint={t("threads.flag.textHint")}
        value={text}
        onChange={setText}
        error={missing && reason === "other" ? "required" : fieldErrors(send.error).text}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" className="kern-btn kern-btn--primary kern-btn--small" aria-disabled={send.isPending || undefined}>
          <span className="kern-label">{send.isPending ? t("form.saving") : t("threads.flag.submit")}</span>
        </button>{" "}
        <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" onClick={() => p.onDone(false)}>
          <span className="kern-label">{t("form.cancel")}</span>
        </button>
      </div>
    </form>
  );
}
