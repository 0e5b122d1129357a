// Field errors: a 422 validation_failed problem names each bad field; forms show them next to the fields.
import type { TFunction } from "i18next";
import { ApiError } from "../api/problem";

/** FieldErrors maps a field name (as the server names it, e.g. `title` or `lotse.email`) to its error code. */
export type FieldErrors = Record<string, string>;

/** fieldErrors reads the field errors of a validation problem; other errors give none. */
export function fieldErrors(err: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!(err instanceof ApiError) || !err.problem?.errors) return out;
  for (const e of err.problem.errors) {
    const field = e.field.replace(/\[\d+\]$/, ""); // principles[1] → principles
    if (!(field in out)) out[field] = e.code;
  }
  return out;
}

/** fieldMessage translates a field error code through `fieldErrors.<code>`, with a generic fallback. */
export function fieldMessage(t: TFunction, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (!/^[a-z0-9_]+$/.test(code)) return t("fieldErrors.invalid");
  return t(`fieldErrors.${code}`, { defaultValue: t("fieldErrors.invalid") });
}
