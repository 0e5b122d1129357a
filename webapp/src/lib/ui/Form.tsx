// Form parts on KERN-UX: every input has a label; an error sits next to its field and is tied to it
// with aria-describedby and aria-invalid.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api/problem";
import { fieldMessage } from "./fields";

interface Common {
  id: string;
  label: string;
  /** field error code from the server */
  error?: string;
  hint?: string;
  optional?: boolean;
}

function Described({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  const { t } = useTranslation();
  const msg = fieldMessage(t, error);
  return (
    <>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {msg && (
        <p className="kern-error" id={`${id}-error`}>
          <span className="kern-sr-only">{t("form.errorPrefix")} </span>
          {msg}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean }) {
  const { t } = useTranslation();
  return (
    <label className="kern-label" htmlFor={id}>
      {label}
      {optional && <span className="kern-label__optional"> – {t("form.optional")}</span>}
    </label>
  );
}

/** TextField is a labelled input. */
export function TextField(
  p: Common & {
    value: string;
    onChange: (v: string) => void;
    type?: string;
    autoComplete?: string;
    required?: boolean;
    inputMode?: "numeric" | "text" | "email";
  },
) {
  return (
    <div className={`kern-form-input${p.error ? " kern-form-input--error" : ""}`}>
      <Label id={p.id} label={p.label} optional={p.optional} />
      <Described id={p.id} error={p.error} hint={p.hint} />
      <input
        id={p.id}
        name={p.id}
        className={`kern-form-input__input${p.error ? " kern-form-input__input--error" : ""}`}
        type={p.type ?? "text"}
        autoComplete={p.autoComplete}
        required={p.required}
        inputMode={p.inputMode}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p.id, p.error, p.hint)}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </div>
  );
}

/** TextArea is a labelled multi-line input; `tall` makes it a writing area (documents, long Markdown). */
export function TextArea(p: Common & { value: string; onChange: (v: string) => void; rows?: number; lang?: string; tall?: boolean }) {
  return (
    <div className={`kern-form-input${p.error ? " kern-form-input--error" : ""}`}>
      <Label id={p.id} label={p.label} optional={p.optional} />
      <Described id={p.id} error={p.error} hint={p.hint} />
      <textarea
        id={p.id}
        name={p.id}
        lang={p.lang}
        className={`kern-form-input__input textarea${p.tall ? " textarea--tall" : ""}${p.error ? " kern-form-input__input--error" : ""}`}
        rows={p.rows ?? 4}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p.id, p.error, p.hint)}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </div>
  );
}

/** Select is a labelled select. */
export function Select(
  p: Common & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[] },
) {
  return (
    <div className={`kern-form-input${p.error ? " kern-form-input--error" : ""}`}>
      <Label id={p.id} label={p.label} optional={p.optional} />
      <Described id={p.id} error={p.error} hint={p.hint} />
      <div className="kern-form-input__select-wrapper">
        <select
          id={p.id}
          name={p.id}
          className={`kern-form-input__select${p.error ? " kern-form-input__select--error" : ""}`}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy(p.id, p.error, p.hint)}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
        >
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** Checkbox is a labelled checkbox. */
export function Checkbox(p: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  const { t } = useTranslation();
  const msg = fieldMessage(t, p.error);
  return (
    <div className={`kern-form-check${p.error ? " kern-form-check--error" : ""}`}>
      <input
        id={p.id}
        name={p.id}
        type="checkbox"
        className="kern-form-check__checkbox"
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label className="kern-label" htmlFor={p.id}>
        {p.label}
      </label>
      {msg && (
        <p className="kern-error" id={`${p.id}-error`}>
          {msg}
        </p>
      )}
    </div>
  );
}

/** Fieldset groups checkboxes under a legend, with the group's error. */
export function Fieldset({ legend, error, id, children }: { legend: string; error?: string; id: string; children: ReactNode }) {
  const { t } = useTranslation();
  const msg = fieldMessage(t, error);
  return (
    <fieldset className={`kern-fieldset${error ? " kern-fieldset--error" : ""}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="kern-label">{legend}</legend>
      {msg && (
        <p className="kern-error" id={`${id}-error`}>
          {msg}
        </p>
      )}
      <div className="kern-fieldset__body">{children}</div>
    </fieldset>
  );
}

/** ErrorAlert shows a failed request through its problem code. */
export function ErrorAlert({ error, heading }: { error: unknown; heading?: string }) {
  const { t } = useTranslation();
  return (
    <div className="kern-alert kern-alert--danger" role="alert">
      <div className="kern-alert__header">
        <h2 className="kern-title">{heading ?? t("errors.heading")}</h2>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{errorMessage(t, error)}</p>
      </div>
    </div>
  );
}

/** SuccessAlert confirms a finished action. */
export function SuccessAlert({ children }: { children: ReactNode }) {
  return (
    <div className="kern-alert kern-alert--success" role="status">
      <div className="kern-alert__body">
        <p className="kern-body">{children}</p>
      </div>
    </div>
  );
}

/** SubmitButton is the primary button of a form. */
export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel?: string }) {
  return (
    <button type="submit" className="kern-btn kern-btn--primary" disabled={pending}>
      <span className="kern-label">{pending && pendingLabel ? pendingLabel : label}</span>
    </button>
  );
}
