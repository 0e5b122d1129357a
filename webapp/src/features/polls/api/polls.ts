import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

/** Poll is a poll as the API describes it. */
export type Poll = components["schemas"]["Poll"];
/** PollResults are the counts of a poll. */
export type PollResults = components["schemas"]["PollResults"];
/** PollCreate is the body of a new poll. */
export type PollCreate = components["schemas"]["PollCreate"];

// A subject is "project:<slug>" or "agenda_item:<id>".
const listKey = (subject: string) => ["polls", "list", subject];
const resultsKey = (id: string) => ["polls", "results", id];

/** usePolls loads the polls of a subject (newest first). */
export function usePolls(subject: string) {
  return useQuery({
    queryKey: listKey(subject),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/polls", { params: { query: { subject, limit: 100 } }, signal })),
  });
}

/** resultsVisible tells whether a poll's numbers may be shown (live results, or closed). */
export function resultsVisible(p: Poll): boolean {
  return p.state !== "draft" && (p.results === "live" || p.state === "closed");
}

/** usePollResults loads the counts of a poll whose results are visible. */
export function usePollResults(p: Poll) {
  return useQuery({
    queryKey: resultsKey(p.id),
    enabled: resultsVisible(p),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/polls/{id}/results", { params: { path: { id: p.id } }, signal })),
  });
}

/** applyCounts merges the counts of poll.tally / poll.closed into cached results. */
export function applyCounts(qc: QueryClient, d: { poll_id: string; state: "open" | "closed"; total_ballots: number; options: { id: string; count: number }[] }) {
  qc.setQueryData<PollResults>(resultsKey(d.poll_id), (r) => {
    if (!r || (r.state === "closed" && d.state === "open")) return r;
    const counts = new Map(d.options.map((o) => [o.id, o.count]));
    return {
      ...r,
      state: d.state,
      total_ballots: d.total_ballots,
      quorum_reached: r.quorum === null || d.total_ballots >= r.quorum,
      options: r.options.map((o) => ({ ...o, count: counts.get(o.id) ?? o.count })),
    };
  });
}

/** refetchPolls reloads a subject's polls (after poll.opened and poll.closed, or a reset). */
export function refetchPolls(qc: QueryClient, subject: string) {
  void qc.invalidateQueries({ queryKey: listKey(subject) });
  void qc.invalidateQueries({ queryKey: ["polls", "results"] });
}

/** useVote casts a ballot. */
export function useVote(p: Poll, subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (choices: string[]) => unwrap(api.POST("/api/v1/polls/{id}/ballots", { params: { path: { id: p.id } }, body: { choices } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: listKey(subject) });
      void qc.invalidateQueries({ queryKey: resultsKey(p.id) });
    },
  });
}

/** usePollAction opens or closes a poll. */
export function usePollAction(subject: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; action: "open" | "close" }) =>
      unwrap(
        v.action === "open"
          ? api.POST("/api/v1/polls/{id}/open", { params: { path: { id: v.id } } })
          : api.POST("/api/v1/polls/{id}/close", { params: { path: { id: v.id } } }),
      ),
    onSuccess: () => refetchPolls(qc, subject),
  });
}

/** useCreatePoll creates a draft poll on a subject; with open it is opened at once. */
export function useCreatePoll(subject: string, onSuccess: () => void, open = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: PollCreate) => {
      const p = await unwrap(api.POST("/api/v1/polls", { body }));
      return open ? unwrap(api.POST("/api/v1/polls/{id}/open", { params: { path: { id: p.id } } })) : p;
    },
    onSuccess: () => {
      refetchPolls(qc, subject);
      onSuccess();
    },
  });
}
