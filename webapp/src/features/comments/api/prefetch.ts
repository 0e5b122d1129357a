// The router's prefetch of a project's thread (see features/projects/api/prefetch.ts): the first page of
// its comments, in the order the page opens with, and the comment counts start with the project and the
// page's code instead of after the project has been shown. Kept apart from the components, so the initial
// bundle gains only the query definitions.
import type { QueryClient } from "@tanstack/react-query";
import type { ProjectOverview, Take } from "../../../lib/api/firstView";
import { commentCountsQuery, commentsQuery } from "./comments";

/**
 * prefetchProjectThread starts the first page of a project's own comments (newest first) and its counts,
 * from the project page's first view (see prefetchProjectPage).
 */
export function prefetchProjectThread(qc: QueryClient, slug: string, take: Take<ProjectOverview>) {
  if (slug === "") return;
  const thread = commentsQuery(slug, { document: "none" }, "new");
  const counts = commentCountsQuery(slug);
  void qc.prefetchInfiniteQuery({
    ...thread,
    queryFn: (ctx) => (ctx.pageParam === undefined ? take("comments", async () => thread.queryFn!(ctx)) : thread.queryFn!(ctx)),
  });
  void qc.prefetchQuery({ ...counts, queryFn: (ctx) => take("comment_counts", async () => counts.queryFn!(ctx)) });
}
