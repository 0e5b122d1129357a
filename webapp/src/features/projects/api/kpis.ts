// The KPIs (Kennzahlen) of a project and their measurements. Creations carry an Idempotency-Key: a retry of
// the same input after a lost answer is answered with the first result instead of writing twice.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

/** Kpi is a KPI as the API describes it. */
export type Kpi = components["schemas"]["Kpi"];
/** KpiCreate is the body of a new KPI. */
export type KpiCreate = components["schemas"]["KpiCreate"];
/** Measurement is one published figure of a KPI. */
export type Measurement = components["schemas"]["Measurement"];
/** KpiPatch is the body of a change of a KPI (absent fields stay unchanged). */
export type KpiPatch = components["schemas"]["KpiPatch"];
/** MeasurementCreate is the body of a new measurement. */
export type MeasurementCreate = components["schemas"]["MeasurementCreate"];

const listKey = (slug: string) => ["kpis", "project", slug];
const measurementsKey = (id: string) => ["kpis", "measurements", id];

/** useProjectKpis loads the KPIs of a project with their current figures. */
export function useProjectKpis(slug: string) {
  return useQuery({
    queryKey: listKey(slug),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/projects/{slug}/kpis", { params: { path: { slug } }, signal })),
  });
}

/** useKpiMeasurements loads the newest measurements of a KPI (for the "corrects" choice). */
export function useKpiMeasurements(id: string, enabled: boolean) {
  return useQuery({
    queryKey: measurementsKey(id),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/kpis/{id}/measurements", { params: { path: { id }, query: { limit: 100 } }, signal })),
  });
}

/** refetchKpis reloads the KPIs of a project and their measurements (after kpi.* events or a write). */
export function refetchKpis(qc: QueryClient, slug: string) {
  void qc.invalidateQueries({ queryKey: listKey(slug) });
  void qc.invalidateQueries({ queryKey: ["kpis", "measurements"] });
  void qc.invalidateQueries({ queryKey: ["projects", "history", slug] });
}

/** useCreateKpi adds a KPI to a project. */
export function useCreateKpi(slug: string, onSuccess: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { key: string; body: KpiCreate }) =>
      unwrap(api.POST("/api/v1/projects/{slug}/kpis", { params: { path: { slug }, header: { "Idempotency-Key": v.key } }, body: v.body })),
    onSuccess: () => {
      refetchKpis(qc, slug);
      onSuccess();
    },
  });
}

/** useRecordMeasurement records a measurement (or a correction) of a KPI. */
export function useRecordMeasurement(slug: string, id: string, onSuccess: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { key: string; body: MeasurementCreate }) =>
      unwrap(api.POST("/api/v1/kpis/{id}/measurements", { params: { path: { id }, header: { "Idempotency-Key": v.key } }, body: v.body })),
    onSuccess: () => {
      refetchKpis(qc, slug);
      onSuccess();
    },
  });
}

/** fetchKpi loads the current state of a KPI (after a 412, to rebase the user's edits on it). */
export function fetchKpi(id: string): Promise<Kpi> {
  return unwrap(api.GET("/api/v1/kpis/{id}", { params: { path: { id } } }));
}

/** useUpdateKpi changes a KPI on top of `version` (If-Match); a 412 comes back as the error. */
export function useUpdateKpi(slug: string, onSuccess: (k: Kpi) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; patch: KpiPatch }) =>
      unwrap(api.PATCH("/api/v1/kpis/{id}", { params: { path: { id: v.id }, header: { "If-Match": String(v.version) } }, body: v.patch })),
    onSuccess: (k) => {
      refetchKpis(qc, slug);
      void qc.invalidateQueries({ queryKey: ["kpi", k.id] });
      onSuccess(k);
    },
  });
}

/** newKey is a random UUID (v4), also outside secure contexts where crypto.randomUUID is missing. */
function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * IdempotencyKeys hands out the key of an input: the same key while the input is unchanged (a retry), a new
 * one for a changed input (the server refuses an old key with another body); done() after success.
 */
export class IdempotencyKeys {
  private last: { content: string; key: string } | null = null;

  constructor(private readonly make: () => string = newKey) {}

  keyFor(content: unknown): string {
    const c = JSON.stringify(content);
    if (this.last?.content !== c) this.last = { content: c, key: this.make() };
    return this.last.key;
  }

  done(): void {
    this.last = null;
  }
}

/** parseFigure reads a figure typed in German or English notation ("1.234,5", "1234.5"); null if it is none. */
export function parseFigure(s: string): number | null {
  let v = s.trim().replace(/\s/g, "");
  if (v === "") return null;
  if (v.includes(",")) v = v.replace(/\./g, "").replace(",", "."); // German: dots group thousands
  if (!/^[-+]?\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}
