// The KPI edit form's values, the patch between two states, and the rebase after a 412: the form keeps
// what the user changed and takes everything else from the KPI's current state.
import { parseFigure, type Kpi, type KpiPatch } from "../api/kpis";
import { numberFormat } from "../../../lib/format/format";

/** KpiValues are the editable fields of a KPI as the form holds them (figures as typed text). */
export interface KpiValues {
  name: string;
  description: string;
  unit: string;
  direction: Kpi["direction"];
  baselineValue: string;
  baselineDate: string;
  targetValue: string;
  targetDate: string;
  /** "" for none */
  principle: string;
}

export const kpiFields = [
  "name",
  "description",
  "unit",
  "direction",
  "baselineValue",
  "baselineDate",
  "targetValue",
  "targetDate",
  "principle",
] as const satisfies readonly (keyof KpiValues)[];
export type KpiField = (typeof kpiFields)[number];

/** figureText shows a figure in the notation of lang, without grouping, so that it reads back as typed. */
export function figureText(lang: string, v: number): string {
  return numberFormat(lang, { useGrouping: false, maximumFractionDigits: 10 }).format(v);
}

/** toValues turns a KPI into form values. */
export function toValues(k: Kpi, lang: string): KpiValues {
  return {
    name: k.name,
    description: k.description,
    unit: k.unit,
    direction: k.direction,
    baselineValue: figureText(lang, k.baseline.value),
    baselineDate: k.baseline.date,
    targetValue: figureText(lang, k.target.value),
    targetDate: k.target.date,
    principle: k.principle ?? "",
  };
}

/** same compares two values of a field; figures by the number they stand for ("12,50" = "12.5"). */
function same(f: KpiField, a: string, b: string): boolean {
  if (f === "baselineValue" || f === "targetValue") {
    const x = parseFigure(a);
    const y = parseFigure(b);
    return x !== null && y !== null ? x === y : a.trim() === b.trim();
  }
  return a === b;
}

/** changed lists the fields whose values differ between a and b. */
export function changed(a: KpiValues, b: KpiValues): KpiField[] {
  return kpiFields.filter((f) => !same(f, a[f], b[f]));
}

/**
 * toPatch is the PATCH body that turns base into form: only what changed; a baseline or target goes as a
 * whole point when its value or date changed (an unreadable figure goes as null, and the server names the
 * field); an empty principle clears it.
 */
export function toPatch(base: KpiValues, form: KpiValues): KpiPatch {
  const c = new Set(changed(base, form));
  const out: KpiPatch = {};
  if (c.has("name")) out.name = form.name;
  if (c.has("description")) out.description = form.description;
  if (c.has("unit")) out.unit = form.unit;
  if (c.has("direction")) out.direction = form.direction;
  if (c.has("baselineValue") || c.has("baselineDate")) out.baseline = { value: parseFigure(form.baselineValue) as number, date: form.baselineDate };
  if (c.has("targetValue") || c.has("targetDate")) out.target = { value: parseFigure(form.targetValue) as number, date: form.targetDate };
  if (c.has("principle")) out.principle = form.principle === "" ? null : (form.principle as NonNullable<KpiPatch["principle"]>);
  return out;
}

/** Rebased is the outcome of a 412: the new form and the fields someone else changed meanwhile. */
export interface Rebased {
  form: KpiValues;
  theirs: KpiField[];
}

/** rebase keeps the user's edits (form against oldBase) on top of the current state (newBase). */
export function rebase(oldBase: KpiValues, form: KpiValues, newBase: KpiValues): Rebased {
  const mine = new Set(changed(oldBase, form));
  const next: KpiValues = { ...newBase };
  for (const f of mine) next[f] = form[f] as never;
  return { form: next, theirs: changed(oldBase, newBase) };
}
