// One request for the first view of a page whose parts are separate queries (the project page: project,
// documents, first comment page, counts). Each query keeps its own key and route; only its first fetch
// takes its part of the one answer, which the router's loader starts before the page's code has loaded.
import { api, unwrap } from "./client";
import type { components } from "./schema.gen";

export type ProjectOverview = components["schemas"]["ProjectOverview"];

/** Take hands a query its part of a first view: the shared answer once, its own route after that. */
export type Take<T> = <K extends keyof T>(part: K, own: () => Promise<T[K]>) => Promise<T[K]>;

/**
 * firstView shares one load among the first fetches of several queries. The load starts with the first
 * part taken; each part is taken from it once. A later fetch of the same part (a refetch, an invalidation
 * after a write) goes to its own route, so a query never gets an old answer twice.
 */
export function firstView<T>(load: () => Promise<T>): Take<T> {
  let shared: Promise<T> | undefined;
  const taken = new Set<keyof T>();
  return (part, own) => {
    if (taken.has(part)) return own();
    taken.add(part);
    shared ??= load();
    return shared.then((v) => v[part]);
  };
}

/** projectOverview is the first view of the project page of slug (GET /projects/{slug}/overview). */
export function projectOverview(slug: string): Take<ProjectOverview> {
  return firstView(() => unwrap(api.GET("/api/v1/projects/{slug}/overview", { params: { path: { slug } } })));
}
