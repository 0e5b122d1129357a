// The cockpit's data: the overview in one request, a KPI and all its measurements.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

export type Cockpit = components["schemas"]["Cockpit"];
export type CockpitKpi = components["schemas"]["CockpitKpi"];
export type Kpi = components["schemas"]["Kpi"];
export type KpiStatus = components["schemas"]["KpiStatus"];
export type Measurement = components["schemas"]["Measurement"];

/** useCockpit loads the overview (one cached snapshot on the server). */
export function useCockpit() {
  return useQuery({
    queryKey: ["cockpit"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/cockpit", { signal })),
  });
}

/** useKpi loads one KPI with its computed latest figure, progress and status. */
export function useKpi(id: string) {
  return useQuery({
    queryKey: ["kpi", id],
    enabled: id !== "",
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/kpis/{id}", { params: { path: { id } }, signal })),
  });
}

/** maxPages bounds the pages read for one chart (100 each): a KPI has a few dozen measurements. */
const maxPages = 20;

/** useMeasurements loads every measurement of a KPI (newest first), following the cursor. */
export function useMeasurements(id: string) {
  return useQuery({
    queryKey: ["kpi", id, "measurements"],
    enabled: id !== "",
    queryFn: async ({ signal }) => {
      const items: Measurement[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < maxPages; i++) {
        const page = await unwrap(
          api.GET("/api/v1/kpis/{id}/measurements", { params: { path: { id }, query: { limit: 100, ...(cursor ? { cursor } : {}) } }, signal }),
        );
        items.push(...page.items);
        if (!page.next_cursor) return { items, complete: true };
        cursor = page.next_cursor;
      }
      return { items, complete: false };
    },
  });
}
