// Queries and writes of the officials' pages: open questions, "take", response times, the department's
// projects, analogue contributions.
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, unwrap, type User } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";
import { hasRole } from "../../../lib/useUser";

type CommentList = components["schemas"]["CommentList"];
export type ContributionCreate = components["schemas"]["ContributionCreate"];
const questionsKey = ["questions", "open"] as const;

/** useOpenQuestions pages through the open and in-progress questions, oldest first. */
export function useOpenQuestions() {
  return useInfiniteQuery({
    queryKey: questionsKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/questions/open", { params: { query: { limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useTakeQuestion marks a question in progress and updates it in the list. */
export function useTakeQuestion(id: string, onSuccess: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/comments/{id}/take", { params: { path: { id } } })),
    onSuccess: (nq) => {
      qc.setQueryData<InfiniteData<CommentList>>(questionsKey, (d) =>
        d ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.id === nq.id ? nq : i)) })) } : d,
      );
      onSuccess();
    },
  });
}

/** useResponseTimes loads the response-time figures of each scope (undefined: overall). */
export function useResponseTimes(scopes: (string | undefined)[]) {
  return useQueries({
    queries: scopes.map((project) => ({
      queryKey: ["response-times", project ?? ""],
      queryFn: ({ signal }: { signal?: AbortSignal }) => unwrap(api.GET("/api/v1/response-times", { params: { query: { project } }, signal })),
    })),
  });
}

/** useResponseTimesByProject loads the public figures of every project with questions, titles included (one request). */
export function useResponseTimesByProject() {
  return useQuery({
    queryKey: ["response-times", "by-project"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/response-times/projects", { signal })),
  });
}

/** useOwnedProjects: the projects of the user's department (admins: the first 100 of all). */
export function useOwnedProjects(me: User | null) {
  const owner = hasRole(me, "admin") ? undefined : (me?.department ?? "");
  return useQuery({
    queryKey: ["projects", "owned", owner ?? ""],
    enabled: me !== null,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/projects", { params: { query: { owner, limit: 100 } }, signal })),
  });
}

/** useRecordContribution records an analogue contribution with the given Idempotency-Key. */
export function useRecordContribution(slug: string, onSuccess: () => void) {
  return useMutation({
    mutationFn: (v: { key: string; body: ContributionCreate }) =>
      unwrap(api.POST("/api/v1/projects/{slug}/contributions", { params: { path: { slug }, header: { "Idempotency-Key": v.key } }, body: v.body })),
    onSuccess,
  });
}
