// The project list's filters live in the URL (?status=&principle=&owner=&q=&sort=), so a view can be
// shared and survives reloads. Unknown values in a URL are dropped rather than sent to the server.
import type { components } from "../../../lib/api/schema.gen";

export type ProjectStatus = components["schemas"]["ProjectStatus"];
export type Principle = components["schemas"]["Principle"];

export const statuses: ProjectStatus[] = ["idea", "planned", "in_progress", "pilot", "done", "paused", "cancelled"];
export const principles: Principle[] = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency"];
export const sorts = ["priority", "activity", "title", "newest"] as const;
export type Sort = (typeof sorts)[number];
export const defaultSort: Sort = "priority";

/** Filters are the list's filters and sort order. */
export interface Filters {
  status?: ProjectStatus;
  principle?: Principle;
  owner?: string;
  q?: string;
  sort: Sort;
}

function oneOf<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

function text(v: string | null): string | undefined {
  const s = v?.trim().slice(0, 200);
  return s ? s : undefined;
}

/** parseFilters reads the filters from a URL's search parameters. */
export function parseFilters(sp: URLSearchParams): Filters {
  const f: Filters = { sort: oneOf(sorts, sp.get("sort")) ?? defaultSort };
  const status = oneOf(statuses, sp.get("status"));
  const principle = oneOf(principles, sp.get("principle"));
  const owner = text(sp.get("owner"));
  const q = text(sp.get("q"));
  if (status) f.status = status;
  if (principle) f.principle = principle;
  if (owner) f.owner = owner;
  if (q) f.q = q;
  return f;
}

/** filtersToParams writes the filters as search parameters, leaving out empty values and the default sort. */
export function filtersToParams(f: Filters): URLSearchParams {
  const sp = new URLSearchParams();
  if (f.q?.trim()) sp.set("q", f.q.trim());
  if (f.status) sp.set("status", f.status);
  if (f.principle) sp.set("principle", f.principle);
  if (f.owner?.trim()) sp.set("owner", f.owner.trim());
  if (f.sort !== defaultSort) sp.set("sort", f.sort);
  return sp;
}
