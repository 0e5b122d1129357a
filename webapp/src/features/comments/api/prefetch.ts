// The router's prefetch of a project's thread (see features/projects/api/prefetch.ts): the first page of
// its comments, in the order the page opens with, and the comment counts start with the project and the
// page's code instead of after the project has been shown. Kept apart from the components, so the initial
// bundle gains only the query definitions.
import type { QueryClient } from "@tanstack/react-query";
import { commentCountsQuery, commentsQuery } from "./comments";

/** prefetchProjectThread starts the first page of a project's own comments (newest first) and its counts. */
export function prefetchProjectThread(qc: QueryClient, slug: string) {
  if (slug === "") return;
  void qc.prefetchInfiniteQuery(commentsQuery(slug, { document: "none" }, "new"));
  void qc.prefetchQuery(commentCountsQuery(slug));
}
