// Comment queries and writes, and the live merge: every list of one project + filter shares the key prefix
// ["comments", slug, document, block], so an event or an own write reaches all of them (the top-level list
// in any sort and the expanded "more replies" lists).
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { LiveEvent } from "../../../lib/live";
import {
  applyCreated,
  applyHidden,
  applyRemoved,
  applyUpdated,
  applyVotes,
  applyWithdrawn,
  contains,
  insertTop,
  matches,
  type Comment,
  type CommentEvent,
  type CommentView,
  type Filter,
  type ModerationEvent,
  type Pages,
  type VoteCounts,
} from "./cache";

/** Sort is the order of a top-level list. */
export type Sort = "new" | "old" | "top";

// 50 top-level comments per page: 1,000 comments are 20 "load more" clicks, and windowing keeps the DOM small.
const pageSize = 50;

/** prefix is the key prefix of every list of slug and filter. */
export function prefix(slug: string, f: Filter): unknown[] {
  return ["comments", slug, f.document, f.block ?? ""];
}

/** commentsQuery is the query of the top-level comments of filter in sort order, paged ("load more"). */
export function commentsQuery(slug: string, f: Filter, sort: Sort) {
  return infiniteQueryOptions({
    queryKey: [...prefix(slug, f), "top-level", sort],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/projects/{slug}/comments", {
          params: { path: { slug }, query: { document: f.document, block: f.block, sort, limit: pageSize, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useComments pages through the top-level comments of filter ("load more"). */
export function useComments(slug: string, f: Filter, sort: Sort, enabled = true) {
  return useInfiniteQuery({ ...commentsQuery(slug, f, sort), enabled });
}

/** useReplies pages through the direct replies of parent, oldest first ("show more replies"). */
export function useReplies(slug: string, f: Filter, parent: string) {
  return useInfiniteQuery({
    queryKey: [...prefix(slug, f), "replies", parent],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/projects/{slug}/comments", {
          params: { path: { slug }, query: { document: f.document, block: f.block, parent, sort: "old", limit: pageSize, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** commentCountsQuery is the query of the comment counts of a project and its document blocks. */
export function commentCountsQuery(slug: string) {
  return queryOptions({
    queryKey: ["commentCounts", slug],
    enabled: slug !== "",
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/projects/{slug}/comment-counts", { params: { path: { slug } }, signal })),
  });
}

/** useCommentCounts loads the comment counts of a project and its document blocks. */
export function useCommentCounts(slug: string) {
  return useQuery(commentCountsQuery(slug));
}

/** MergeResult says what a comment.created did to the top-level list. */
export interface MergeResult {
  /** the comment is new to every loaded list and is a top-level item (or a loaded list's direct reply) */
  newTopLevel: boolean;
  /** the comment was not known before (for the announcement) */
  fresh: boolean;
}

/**
 * mergeCreated places a created comment (from an event or an own POST) in every loaded list of slug and
 * filter. Top-level items go into the top-level lists only when placeTop says where; reply lists get their
 * new direct replies at the end once everything is loaded.
 */
export function mergeCreated(qc: QueryClient, slug: string, f: Filter, c: Comment, placeTop: ((sort: Sort) => "start" | "end" | null) | null): MergeResult {
  let newTopLevel = false;
  const queries = qc.getQueryCache().findAll({ queryKey: prefix(slug, f) });
  const fresh = !queries.some((q) => contains(q.state.data as Pages | undefined, c.id));
  for (const q of queries) {
    const key = q.queryKey as unknown[];
    const data = q.state.data as Pages | undefined;
    if (!data) continue;
    const kind = key[4];
    const listParent = kind === "replies" ? (key[5] as string) : undefined;
    const r = applyCreated(data, c, listParent);
    if (r.pages === data && !r.topLevel) continue; // known already, or its parent is not loaded here
    if (r.topLevel) {
      if (kind === "replies") {
        const hasNext = data.pages.at(-1)?.next_cursor;
        if (!hasNext) qc.setQueryData(key, insertTop(data, c, "end"));
        continue;
      }
      newTopLevel = true;
      const where = placeTop?.(key[5] as Sort) ?? null;
      if (where) qc.setQueryData(key, insertTop(data, c, where));
      continue;
    }
    qc.setQueryData(key, r.pages);
  }
  return { newTopLevel, fresh };
}

/** mergeUpdated applies an edit or a tombstone to every loaded list. */
export function mergeUpdated(qc: QueryClient, slug: string, f: Filter, c: Comment): void {
  qc.setQueriesData<Pages>({ queryKey: prefix(slug, f) }, (d) => (d ? applyUpdated(d, c) : d));
}

/** mergeVotes applies new vote counters to every loaded list. */
export function mergeVotes(qc: QueryClient, slug: string, f: Filter, v: VoteCounts): void {
  qc.setQueriesData<Pages>({ queryKey: prefix(slug, f) }, (d) => (d ? applyVotes(d, v) : d));
}

/**
 * mergeModeration applies comment.hidden, comment.removed or comment.withdrawn (which carry only the id and
 * reason) to every loaded list of slug and filter; ids are unique, so lists without the comment stay as they are.
 */
export function mergeModeration(qc: QueryClient, slug: string, f: Filter, type: string, ev: ModerationEvent, userId: string | null): void {
  qc.setQueriesData<Pages>({ queryKey: prefix(slug, f) }, (d) => {
    if (!d) return d;
    if (type === "comment.hidden") return applyHidden(d, ev);
    if (type === "comment.removed") return applyRemoved(d, ev);
    return applyWithdrawn(d, ev.id, userId);
  });
}

/** moderationTypes are the comment events that carry only {id, reason}. */
export const moderationTypes = new Set(["comment.hidden", "comment.removed", "comment.withdrawn"]);

/**
 * eventDefaults are the members a comment event leaves out when they are null, false, 0 or empty
 * (CommentEvent in openapi.yaml): commentOf puts them back, so that a merge replaces every member of a
 * cached copy (an edit that ends a hide must clear hidden_reason).
 */
const eventDefaults = {
  document_id: null, version: null, block_id: null, parent_id: null, depth: 0, author: null, body: "", body_html: "",
  stance: null, edited: false, edited_at: null, deleted: false, up: 0, down: 0, reply_count: 0,
  on_earlier_version: false, hidden_reason: null, department: null, question_status: null, taken_by: null,
  submitter_name: null, received_at: null,
} satisfies Omit<CommentView, "id" | "project_slug" | "kind" | "status" | "channel" | "created_at">;

/** commentOf narrows a live event to the comment events of a filter, as a comment with every member. */
export function commentOf(ev: LiveEvent, f: Filter): Comment | null {
  if (ev.type !== "comment.created" && ev.type !== "comment.updated" && ev.type !== "comment.deleted") return null;
  // Events carry the comment as everybody sees it (CommentEvent: no my_vote, no permissions); the merges
  // keep the viewer's fields of a cached copy, and a new comment has no vote of the viewer yet.
  const data: unknown = ev.data;
  if (!data || typeof data !== "object" || typeof (data as { id?: unknown }).id !== "string") return null;
  const c = { ...eventDefaults, ...(data as CommentEvent) } as Comment;
  return matches(c, f) ? c : null;
}
