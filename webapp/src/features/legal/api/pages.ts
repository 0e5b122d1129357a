// The operator's legal pages (LEGAL_DIR on the server).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

/** LegalPageData is a legal page as the server renders it. */
export type LegalPageData = components["schemas"]["LegalPage"];

/** PageName names the legal pages the server knows. */
export type PageName = "impressum" | "datenschutz" | "barrierefreiheit" | "leichte-sprache";

/** useLegalPage loads one legal page. */
export function useLegalPage(name: PageName) {
  return useQuery({
    queryKey: ["pages", name],
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/pages/{name}", { params: { path: { name } }, signal })),
  });
}
