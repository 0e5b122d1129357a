import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";
import type { Filters } from "./filters";

/** Project is a project as the API describes it. */
export type Project = components["schemas"]["Project"];
/** ProjectSummary is a project in a list: without description and plain-language summary. */
export type ProjectSummary = components["schemas"]["ProjectSummary"];
/** ProjectChange is one row of the change history. */
export type ProjectChange = components["schemas"]["ProjectChange"];

/** projectListQuery is a page-through list of the projects matching the filters ("load more"). */
export function projectListQuery(f: Filters, limit = 20) {
  return infiniteQueryOptions({
    queryKey: ["projects", "list", f, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/projects", {
          params: {
            query: { status: f.status, principle: f.principle, owner: f.owner, q: f.q, sort: f.sort, limit, cursor: pageParam },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useProjectList pages through the projects matching the filters ("load more"). */
export function useProjectList(f: Filters, limit = 20) {
  return useInfiniteQuery(projectListQuery(f, limit));
}

/** projectOwnersQuery lists the owner units with their number of projects (for the owner filter). */
export const projectOwnersQuery = queryOptions({
  queryKey: ["projects", "owners"],
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/project-owners", { signal })),
  staleTime: 5 * 60_000,
});

/** useProjectOwners lists the owner units with their number of projects (for the owner filter). */
export function useProjectOwners() {
  return useQuery(projectOwnersQuery);
}

/** projectQuery is the query of one project (shared by the page and the edit form). */
export function projectQuery(slug: string) {
  return {
    queryKey: ["projects", "one", slug],
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      unwrap(api.GET("/api/v1/projects/{slug}", { params: { path: { slug } }, signal })),
  };
}

/** useProject loads one project. */
export function useProject(slug: string) {
  return useQuery(projectQuery(slug));
}

/** useProjectHistory pages through a project's change history, newest first. */
export function useProjectHistory(slug: string, limit = 10) {
  return useInfiniteQuery({
    queryKey: ["projects", "history", slug, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET("/api/v1/projects/{slug}/history", { params: { path: { slug }, query: { limit, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** projectDocumentsQuery is the documents of a project (up to 100). */
export function projectDocumentsQuery(slug: string) {
  return queryOptions({
    queryKey: ["projects", "documents", slug],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/projects/{slug}/documents", { params: { path: { slug }, query: { limit: 100 } }, signal })),
  });
}

/** useProjectDocuments loads the documents of a project (up to 100). */
export function useProjectDocuments(slug: string) {
  return useQuery(projectDocumentsQuery(slug));
}

/** useCreateProject creates a project. */
export function useCreateProject(onSuccess: (p: Project) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: components["schemas"]["ProjectCreate"]) => unwrap(api.POST("/api/v1/projects", { body })),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ["projects"] });
      onSuccess(p);
    },
  });
}

/** useUpdateProject changes a project on top of `version` (If-Match); a 412 comes back as the error. */
export function useUpdateProject(slug: string, onSuccess: () => void, onError: (err: Error) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { version: number; patch: components["schemas"]["ProjectPatch"] }) =>
      unwrap(api.PATCH("/api/v1/projects/{slug}", { params: { path: { slug }, header: { "If-Match": String(v.version) } }, body: v.patch })),
    onSuccess: (p) => {
      qc.setQueryData(projectQuery(slug).queryKey, p);
      void qc.invalidateQueries({ queryKey: ["projects"] });
      onSuccess();
    },
    onError,
  });
}
