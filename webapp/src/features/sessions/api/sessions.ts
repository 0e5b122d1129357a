import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import type { components } from "../../../lib/api/schema.gen";

/** Session is a session as the API describes it. */
export type Session = components["schemas"]["Session"];
/** SessionState is the whole state of the live room (GET /sessions/{id}/state). */
export type SessionState = components["schemas"]["SessionState"];
/** SessionCreate is the body of a new session. */
export type SessionCreate = components["schemas"]["SessionCreate"];
/** Speaker is one request to speak. */
export type Speaker = components["schemas"]["Speaker"];
/** SpeechKind is the kind of a request to speak. */
export type SpeechKind = components["schemas"]["SpeechKind"];
/** AgendaItem is one item of the agenda. */
export type AgendaItem = components["schemas"]["AgendaItem"];

export const speechKinds: SpeechKind[] = ["speech", "pro", "contra", "point_of_order"];

const listKey = (when: "upcoming" | "past") => ["sessions", "list", when];
export const stateKey = (id: string) => ["sessions", "state", id];

/** useSessions loads the upcoming or the past sessions. */
export function useSessions(when: "upcoming" | "past") {
  return useQuery({
    queryKey: listKey(when),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions", { params: { query: { when, limit: 100 } }, signal })),
  });
}

/** useSessionState loads the live room's state; it is refetched on every session event. */
export function useSessionState(id: string) {
  return useQuery({
    queryKey: stateKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/state", { params: { path: { id } }, signal })),
    retry: (n, err) => n < 2 && !(err instanceof Error && "status" in err && (err as { status: number }).status === 404),
  });
}

/** useCreateSession schedules a session. */
export function useCreateSession(onSuccess: (s: Session) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SessionCreate) => unwrap(api.POST("/api/v1/sessions", { body })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ["sessions", "list"] });
      onSuccess(s);
    },
  });
}

/** RoomAction is every action of the live room, for members and the moderator console. */
export type RoomAction =
  | { type: "start" }
  | { type: "close" }
  | { type: "checkIn"; userId?: string }
  | { type: "activate"; item: string }
  | { type: "request"; item: string; kind: SpeechKind }
  | { type: "withdraw"; item: string }
  | { type: "next"; item: string; current: string | null }
  | { type: "end"; item: string };

async function run(id: string, a: RoomAction): Promise<unknown> {
  const path = { id };
  switch (a.type) {
    case "start":
      return unwrap(api.POST("/api/v1/sessions/{id}/start", { params: { path } }));
    case "close":
      return unwrap(api.POST("/api/v1/sessions/{id}/close", { params: { path } }));
    case "checkIn":
      return unwrap(api.POST("/api/v1/sessions/{id}/attendance", { params: { path }, body: a.userId ? { user_id: a.userId } : {} }));
    case "activate":
      return unwrap(api.POST("/api/v1/sessions/{id}/agenda-items/{item}/activate", { params: { path: { id, item: a.item } } }));
    case "request":
      return unwrap(api.POST("/api/v1/sessions/{id}/agenda-items/{item}/speakers", { params: { path: { id, item: a.item } }, body: { kind: a.kind } }));
    case "withdraw":
      return unwrap(api.DELETE("/api/v1/sessions/{id}/agenda-items/{item}/speakers/me", { params: { path: { id, item: a.item } } }));
    case "next":
      return unwrap(
        api.POST("/api/v1/sessions/{id}/agenda-items/{item}/speakers/next", { params: { path: { id, item: a.item } }, body: { current_speaker_id: a.current } }),
      );
    case "end":
      return unwrap(api.POST("/api/v1/sessions/{id}/agenda-items/{item}/speakers/end", { params: { path: { id, item: a.item } } }));
  }
}

/** useRoomAction runs an action of the room and refetches its state (live events do that for everyone else). */
export function useRoomAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: RoomAction) => run(id, a),
    onSettled: () => void qc.invalidateQueries({ queryKey: stateKey(id) }),
  });
}

/** SessionQuestion is a public question to a session. */
export type SessionQuestion = components["schemas"]["SessionQuestion"];

const questionsKey = (id: string) => ["sessions", "questions", id];

/**
 * useQuestions loads the questions the reader may see (moderators: pending ones too; askers: their own).
 * New pending questions reach moderators as the live event `session.question_pending` (see SessionRoomPage).
 */
export function useQuestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: questionsKey(id),
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/questions", { params: { path: { id } }, signal })),
  });
}

/** QuestionAction is asking, or a moderator's decision on a question. */
export type QuestionAction = { type: "ask"; body: string } | { type: "approve" | "reject" | "answered"; qid: string };

/** useQuestionAction asks or decides, then refetches questions and state (events do it for the others). */
export function useQuestionAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: QuestionAction) => {
      const path = { id };
      if (a.type === "ask") return unwrap(api.POST("/api/v1/sessions/{id}/questions", { params: { path }, body: { body: a.body } }));
      const p = { path: { id, qid: a.qid } };
      if (a.type === "approve") return unwrap(api.POST("/api/v1/sessions/{id}/questions/{qid}/approve", { params: p }));
      if (a.type === "reject") return unwrap(api.POST("/api/v1/sessions/{id}/questions/{qid}/reject", { params: p }));
      return unwrap(api.POST("/api/v1/sessions/{id}/questions/{qid}/answered", { params: p }));
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: questionsKey(id) });
      void qc.invalidateQueries({ queryKey: stateKey(id) });
    },
  });
}

/** refetchQuestions reloads the questions list (after session.question events). */
export function refetchQuestions(qc: ReturnType<typeof useQueryClient>, id: string) {
  void qc.invalidateQueries({ queryKey: questionsKey(id) });
}

/** Minutes are the minutes of a session: the draft (council audience) and the latest published version. */
export type Minutes = components["schemas"]["Minutes"];

export const minutesKey = (id: string) => ["sessions", "minutes", id];

/** useMinutes loads the minutes of a session; a change of the session's state loads them again (the draft
 * grows, publishing becomes possible once closed). */
export function useMinutes(id: string, enabled: boolean, state: string) {
  return useQuery({
    queryKey: [...minutesKey(id), state],
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/minutes", { params: { path: { id } }, signal })),
  });
}

/** useSaveMinutes saves the draft's sections on top of `version` (If-Match); a 412 comes back as the error. */
export function useSaveMinutes(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { version: number; sections: { key: string; body: string }[] }) =>
      unwrap(
        api.PUT("/api/v1/sessions/{id}/minutes/draft", {
          params: { path: { id }, header: { "If-Match": String(v.version) } },
          body: { sections: v.sections },
        }),
      ),
    onSettled: () => void qc.invalidateQueries({ queryKey: minutesKey(id) }),
  });
}

/** usePublishMinutes publishes the saved draft as a new version. */
export function usePublishMinutes(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/sessions/{id}/minutes/publish", { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: minutesKey(id) }),
  });
}
