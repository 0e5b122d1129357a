import { useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

/** SearchResult is one hit of the full-text search. */
export type SearchResult = components["schemas"]["SearchResult"];
/** SearchType is a kind of thing the search finds. */
export type SearchType = components["schemas"]["SearchType"];

/** searchTypes lists the types in the order of the filter. */
export const searchTypes: readonly SearchType[] = ["project", "document", "comment", "session", "minutes"];

/** useSearch pages through the hits of q among types (all when empty); nothing is asked for q shorter than 2. */
export function useSearch(q: string, types: readonly SearchType[], limit = 20) {
  return useInfiniteQuery({
    queryKey: ["search", q, types, limit],
    enabled: q.trim().length >= 2,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/search", {
          params: { query: { q, type: types.length ? [...types] : undefined, limit, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
