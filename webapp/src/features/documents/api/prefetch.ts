// The router's prefetch of a document page (see features/projects/api/prefetch.ts): the document and its
// versions start while the page's code loads.
import type { QueryClient } from "@tanstack/react-query";
import { documentQuery, documentVersionsQuery } from "./documents";

/** versionParam reads ?version=N (a positive integer) or undefined for the newest version. */
export function versionParam(v: string | null): number | undefined {
  if (v === null || !/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 ? n : undefined;
}

/** prefetchDocumentPage starts a document page's document (the version in the URL) and its versions. */
export function prefetchDocumentPage(qc: QueryClient, id: string, url: URL) {
  void qc.prefetchQuery(documentQuery(id, versionParam(url.searchParams.get("version"))));
  void qc.prefetchQuery(documentVersionsQuery(id));
}
