// The project form's values, the patch between two states, and the rebase after a conflict: when a save
// answers 412 version_mismatch, the form keeps what the user changed, takes everything else from the
// current version, and lists the fields someone else changed meanwhile.
import type { components } from "../../../lib/api/schema.gen";
import type { Principle, ProjectStatus } from "../api/filters";

type Project = components["schemas"]["Project"];
export type ProjectPatch = components["schemas"]["ProjectPatch"];
export type ProjectCreate = components["schemas"]["ProjectCreate"];

/** FormValues are the project fields as the form edits them (numbers and dates as strings). */
export interface FormValues {
  slug: string;
  title: string;
  summary: string;
  description: string;
  plain_summary: string;
  status: ProjectStatus;
  owner_unit: string;
  principles: Principle[];
  expected_reach: string;
  effort: string;
  budget_eur: string;
  start_date: string;
  end_date: string;
  lotse_name: string;
  lotse_email: string;
  comments_open: boolean;
  pre_moderation: boolean;
}

/** editableFields are the fields a PATCH may change, in form order (slug is immutable). */
export const editableFields = [
  "title",
  "summary",
  "description",
  "plain_summary",
  "status",
  "owner_unit",
  "principles",
  "expected_reach",
  "effort",
  "budget_eur",
  "start_date",
  "end_date",
  "lotse_name",
  "lotse_email",
  "comments_open",
  "pre_moderation",
] as const satisfies readonly (keyof FormValues)[];
export type EditableField = (typeof editableFields)[number];

/** emptyForm is a new project's form; officials start with their own department. */
export function emptyForm(ownerUnit = ""): FormValues {
  return {
    slug: "",
    title: "",
    summary: "",
    description: "",
    plain_summary: "",
    status: "idea",
    owner_unit: ownerUnit,
    principles: [],
    expected_reach: "0",
    effort: "3",
    budget_eur: "",
    start_date: "",
    end_date: "",
    lotse_name: "",
    lotse_email: "",
    comments_open: true,
    pre_moderation: false,
  };
}

/** toForm turns a project into form values. */
export function toForm(p: Project): FormValues {
  return {
    slug: p.slug,
    title: p.title,
    summary: p.summary,
    description: p.description,
    plain_summary: p.plain_summary,
    status: p.status,
    owner_unit: p.owner_unit,
    principles: [...p.principles],
    expected_reach: String(p.expected_reach),
    effort: String(p.effort),
    budget_eur: p.budget_eur === null ? "" : String(p.budget_eur),
    start_date: p.start_date ?? "",
    end_date: p.end_date ?? "",
    lotse_name: p.lotse?.name ?? "",
    lotse_email: p.lotse?.email ?? "",
    comments_open: p.comments_open,
    pre_moderation: p.pre_moderation,
  };
}

function same(a: FormValues[EditableField], b: FormValues[EditableField]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return a === b;
}

/** changedFields lists the fields whose values differ between a and b. */
export function changedFields(a: FormValues, b: FormValues): EditableField[] {
  return editableFields.filter((f) => !same(a[f], b[f]));
}

function int(v: string): number {
  return v.trim() === "" ? NaN : Number(v);
}

/** toPatch is the PATCH body that turns base into form: only changed fields; empty budget and dates clear them. */
export function toPatch(base: FormValues, form: FormValues): ProjectPatch {
  const out: ProjectPatch = {};
  const changed = new Set(changedFields(base, form));
  for (const f of changed) {
    switch (f) {
      case "expected_reach":
      case "effort":
        out[f] = int(form[f]);
        break;
      case "budget_eur":
        out.budget_eur = form.budget_eur.trim() === "" ? null : int(form.budget_eur);
        break;
      case "start_date":
      case "end_date":
        out[f] = form[f] === "" ? null : form[f];
        break;
      case "lotse_name":
      case "lotse_email":
        out.lotse = { name: form.lotse_name.trim(), email: form.lotse_email.trim() };
        break;
      default:
        (out as Record<string, unknown>)[f] = form[f];
    }
  }
  return out;
}

/** toCreate is the POST body of a new project. */
export function toCreate(form: FormValues): ProjectCreate {
  const body: ProjectCreate = {
    slug: form.slug.trim(),
    title: form.title,
    summary: form.summary,
    description: form.description,
    plain_summary: form.plain_summary,
    status: form.status,
    owner_unit: form.owner_unit.trim(),
    principles: form.principles,
    expected_reach: int(form.expected_reach),
    effort: int(form.effort),
    budget_eur: form.budget_eur.trim() === "" ? null : int(form.budget_eur),
    start_date: form.start_date || null,
    end_date: form.end_date || null,
    comments_open: form.comments_open,
    pre_moderation: form.pre_moderation,
  };
  if (form.lotse_name.trim() || form.lotse_email.trim()) body.lotse = { name: form.lotse_name.trim(), email: form.lotse_email.trim() };
  return body;
}

/** Rebased is the outcome of a conflict: the new form, the fields someone else changed, and clashes. */
export interface Rebased {
  form: FormValues;
  /** fields changed by someone else since the user's base version */
  theirs: EditableField[];
  /** fields both changed: the user's value is kept and wins on the next save */
  clashes: EditableField[];
}

/** rebase keeps the user's edits (form vs. oldBase) on top of the current version (newBase). */
export function rebase(oldBase: FormValues, form: FormValues, newBase: FormValues): Rebased {
  const mine = new Set(changedFields(oldBase, form));
  const theirs = changedFields(oldBase, newBase);
  const next: FormValues = { ...newBase, slug: form.slug };
  for (const f of mine) (next as unknown as Record<string, unknown>)[f] = form[f];
  return { form: next, theirs, clashes: theirs.filter((f) => mine.has(f)) };
}
