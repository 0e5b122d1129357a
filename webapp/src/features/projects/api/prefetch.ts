// Prefetches for the router: a page's first requests start while its code loads (in parallel with the
// lazy chunk), instead of after it. Only queries with the same keys the pages use, so the pages find them
// in the cache. Kept apart from the components, so the initial bundle gains only these few lines.
import type { QueryClient } from "@tanstack/react-query";
import type { ProjectOverview, Take } from "../../../lib/api/firstView";
import { parseFilters } from "./filters";
import { newestProjectsQuery } from "./newestProjects";
import { projectDocumentsQuery, projectListQuery, projectOwnersQuery, projectQuery } from "./projects";

/** prefetchHome starts the start page's list of the newest projects. */
export function prefetchHome(qc: QueryClient) {
  void qc.prefetchQuery(newestProjectsQuery());
}

/** prefetchProjectList starts /projekte's first page for the filters in the URL, and the owner units. */
export function prefetchProjectList(qc: QueryClient, url: URL) {
  void qc.prefetchInfiniteQuery(projectListQuery(parseFilters(url.searchParams)));
  void qc.prefetchQuery(projectOwnersQuery);
}

/**
 * prefetchProjectPage starts a project page's project and its documents, from the page's first view
 * (one request for them and the thread's first page and counts, see prefetchProjectThread).
 */
export function prefetchProjectPage(qc: QueryClient, slug: string, take: Take<ProjectOverview>) {
  const project = projectQuery(slug);
  const documents = projectDocumentsQuery(slug);
  void qc.prefetchQuery({ ...project, queryFn: (ctx) => take("project", () => project.queryFn(ctx)) });
  void qc.prefetchQuery({ ...documents, queryFn: (ctx) => take("documents", async () => documents.queryFn!(ctx)) });
}
