import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

/** documentQuery is one document, in its newest version or in `version`. */
export function documentQuery(id: string, version?: number) {
  return {
    queryKey: ["documents", id, version ?? "latest"],
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      unwrap(api.GET("/api/v1/documents/{id}", { params: { path: { id }, query: version ? { version } : {} }, signal })),
  };
}

/** useDocument loads one document version. */
export function useDocument(id: string, version?: number) {
  return useQuery(documentQuery(id, version));
}

/** documentVersionsQuery lists a document's versions, newest first (up to 100). */
export function documentVersionsQuery(id: string) {
  return {
    queryKey: ["documents", id, "versions"],
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      unwrap(api.GET("/api/v1/documents/{id}/versions", { params: { path: { id }, query: { limit: 100 } }, signal })),
  };
}

/** useDocumentVersions lists a document's versions, newest first (up to 100). */
export function useDocumentVersions(id: string) {
  return useQuery(documentVersionsQuery(id));
}

/** usePublishVersion publishes a new version of a document on top of version `base` (If-Match). */
export function usePublishVersion(id: string, onSuccess: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { base: number; markdown: string; note: string }) =>
      unwrap(
        api.POST("/api/v1/documents/{id}/versions", {
          params: { path: { id }, header: { "If-Match": String(v.base) } },
          body: { markdown: v.markdown, change_note: v.note },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["documents", id] });
      void qc.invalidateQueries({ queryKey: ["projects", "documents"] });
      onSuccess();
    },
  });
}
