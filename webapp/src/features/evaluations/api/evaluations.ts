// Evaluation cycles, one's own evaluation, results and the prioritisation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { ApiError } from "../../../lib/api/problem";
import type { components } from "../../../lib/api/schema.gen";
import { useUser } from "../../../lib/useUser";

export type Cycle = components["schemas"]["EvaluationCycle"];
export type Criterion = components["schemas"]["EvaluationCriterion"];
export type Evaluation = components["schemas"]["Evaluation"];
export type Results = components["schemas"]["EvaluationResults"];
export type Stats = components["schemas"]["EvaluationStats"];

/** criteria are all criteria in display order (the cycle's own list decides what it asks for). */
export const criteria: Criterion[] = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency", "overall"];

/** useCycles lists every cycle, the latest to open first (per user: cycles carry the user's permissions). */
export function useCycles() {
  const user = useUser();
  return useQuery({
    queryKey: ["evaluation-cycles", user?.id ?? null],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/evaluation-cycles", { signal })),
  });
}

/** cycleFor picks the cycle a project page shows: an open one covering the project, else the latest that covers it. */
export function cycleFor(cycles: Cycle[], slug: string): Cycle | undefined {
  const covering = cycles.filter((c) => c.state !== "upcoming" && (c.all_projects || c.projects.includes(slug)));
  return covering.find((c) => c.state === "open") ?? covering[0];
}

/** useMyEvaluation loads your evaluation (null when you have none yet). */
export function useMyEvaluation(cycleId: string, slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ["evaluation", cycleId, slug],
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET("/api/v1/evaluation-cycles/{id}/projects/{slug}/evaluation", { params: { path: { id: cycleId, slug } }, signal }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** usePutEvaluation saves your evaluation and refreshes the results. */
export function usePutEvaluation(cycleId: string, slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { scores: Record<string, number>; comment: string }) =>
      unwrap(api.PUT("/api/v1/evaluation-cycles/{id}/projects/{slug}/evaluation", { params: { path: { id: cycleId, slug } }, body })),
    onSuccess: (ev) => {
      qc.setQueryData(["evaluation", cycleId, slug], ev);
      void qc.invalidateQueries({ queryKey: ["evaluation-results", cycleId, slug] });
      void qc.invalidateQueries({ queryKey: ["prioritisation"] });
    },
  });
}

/** useResults loads the results of a project in a cycle. */
export function useResults(cycleId: string, slug: string) {
  return useQuery({
    queryKey: ["evaluation-results", cycleId, slug],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/evaluation-cycles/{id}/projects/{slug}/results", { params: { path: { id: cycleId, slug } }, signal })),
  });
}

/** usePrioritisation loads the prioritisation of every project. */
export function usePrioritisation() {
  return useQuery({
    queryKey: ["prioritisation"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/prioritisation", { signal })),
  });
}

/** useCreateCycle creates a cycle (admins). */
export function useCreateCycle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: components["schemas"]["EvaluationCycleCreate"]) => unwrap(api.POST("/api/v1/evaluation-cycles", { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["evaluation-cycles"] }),
  });
}
