// The moderator's writes on the agenda and the session: new items, changes (If-Match on the item), the
// order (If-Match on the session) and the session's speaking time. Each answers with the new state in the
// cache at once (the live event does the same for everyone else); a 412 reloads the state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";
import { stateKey, type AgendaItem, type SessionState } from "./sessions";

/** AgendaItemCreate is the body of a new agenda item. */
export type AgendaItemCreate = components["schemas"]["AgendaItemCreate"];
/** AgendaItemPatch is a change of an agenda item. */
export type AgendaItemPatch = components["schemas"]["AgendaItemPatch"];

/** isStale tells a 412 (someone changed the resource since it was loaded) from other errors. */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.status === 412;
}

/**
 * canModerateQuestions reads `moderate_questions` from the session's permissions: who may approve, reject
 * and mark public questions as answered (the server decides; today moderators and admins).
 */
export function canModerateQuestions(p: SessionState["session"]["permissions"]): boolean {
  return p.moderate_questions;
}

function useAfterWrite(id: string) {
  const qc = useQueryClient();
  return {
    // A stale version: the state is loaded again, so the next try carries the current version.
    onError: (err: unknown) => {
      if (isStale(err)) void qc.invalidateQueries({ queryKey: stateKey(id) });
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: stateKey(id) }),
    qc,
  };
}

/** useCreateItem appends an item to the agenda. */
export function useCreateItem(id: string) {
  const { onSettled } = useAfterWrite(id);
  return useMutation({
    mutationFn: (body: AgendaItemCreate) => unwrap(api.POST("/api/v1/sessions/{id}/agenda-items", { params: { path: { id } }, body })),
    onSettled,
  });
}

/** useUpdateItem changes an item on top of its version (If-Match). */
export function useUpdateItem(id: string) {
  const { onError, onSettled, qc } = useAfterWrite(id);
  return useMutation({
    mutationFn: (v: { item: AgendaItem; patch: AgendaItemPatch }) =>
      unwrap(
        api.PATCH("/api/v1/sessions/{id}/agenda-items/{item}", {
          params: { path: { id, item: v.item.id }, header: { "If-Match": String(v.item.version) } },
          body: v.patch,
        }),
      ),
    onSuccess: (it) =>
      qc.setQueryData<SessionState>(stateKey(id), (st) =>
        st && { ...st, agenda: st.agenda.map((x) => (x.id === it.id ? it : x)), active_item: st.active_item?.id === it.id ? it : st.active_item },
      ),
    onError,
    onSettled,
  });
}

/** useReorder puts the agenda in a new order on top of the session's version (If-Match). */
export function useReorder(id: string) {
  const { onError, onSettled, qc } = useAfterWrite(id);
  return useMutation({
    mutationFn: (v: { version: number; ids: string[]; moved: string; dir: "up" | "down" }) =>
      unwrap(
        api.PUT("/api/v1/sessions/{id}/agenda", {
          params: { path: { id }, header: { "If-Match": String(v.version) } },
          body: { item_ids: v.ids },
        }),
      ),
    onSuccess: (a) =>
      qc.setQueryData<SessionState>(stateKey(id), (st) => st && { ...st, agenda: a.items, session: { ...st.session, version: a.session_version } }),
    onError,
    onSettled,
  });
}

/** useSessionSpeakingTime sets the session's speaking time on top of its version (If-Match). */
export function useSessionSpeakingTime(id: string) {
  const { onError, onSettled, qc } = useAfterWrite(id);
  return useMutation({
    mutationFn: (v: { version: number; seconds: number }) =>
      unwrap(
        api.PATCH("/api/v1/sessions/{id}", {
          params: { path: { id }, header: { "If-Match": String(v.version) } },
          body: { speaking_time_seconds: v.seconds },
        }),
      ),
    onSuccess: (s) => qc.setQueryData<SessionState>(stateKey(id), (st) => st && { ...st, session: s }),
    onError,
    onSettled,
  });
}

/** useProjectChoices loads projects an agenda item may link to (the newest 100), once a form asks. */
export function useProjectChoices(enabled: boolean) {
  return useQuery({
    queryKey: ["sessions", "project-choices"],
    enabled,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const r = await unwrap(api.GET("/api/v1/projects", { params: { query: { sort: "newest", limit: 100 } }, signal }));
      return r.items.map((p) => ({ slug: p.slug, title: p.title }));
    },
  });
}

/** moved returns the ids in the new order after moving `item` one place up or down (null at the edge). */
export function moved(ids: string[], item: string, dir: "up" | "down"): string[] | null {
  const i = ids.indexOf(item);
  const j = dir === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const out = ids.filter((x) => x !== item);
  out.splice(j, 0, item);
  return out;
}
