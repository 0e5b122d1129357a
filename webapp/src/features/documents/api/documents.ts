import { useQuery } from "@tanstack/react-query";
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

/** useDocumentVersions lists a document's versions, newest first (up to 100). */
export function useDocumentVersions(id: string) {
  return useQuery({
    queryKey: ["documents", id, "versions"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/documents/{id}/versions", { params: { path: { id }, query: { limit: 100 } }, signal })),
  });
}
