// Moderation queries and writes: the queue, the public log, a decision on one comment, bulk approval.
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

/** queueKey is the query key of the moderation queue (live events update it in place). */
export const queueKey = ["moderation", "queue"] as const;

/** useQueue pages through the queue, oldest first. */
export function useQueue() {
  return useInfiniteQuery({
    queryKey: queueKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/moderation/queue", { params: { query: { limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useModerationLog pages through the public moderation log. */
export function useModerationLog() {
  return useInfiniteQuery({
    queryKey: ["moderation", "log"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/moderation/log", { params: { query: { limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useBulkApprove approves several comments at once. */
export function useBulkApprove(onSuccess: (r: { approved: string[]; skipped: string[] }) => void) {
  return useMutation({
    mutationFn: (ids: string[]) => unwrap(api.POST("/api/v1/moderation/bulk-approve", { body: { ids } })),
    onSuccess,
  });
}

export const hideReasons = ["spam", "offensive", "off_topic", "personal_data", "illegal", "other"] as const;
export type HideReason = (typeof hideReasons)[number];
export type Action = "approve" | "restore" | "hide" | "remove";

/** useModerate decides on one comment: approve, restore, hide (with a reason) or remove. */
export function useModerate(id: string, onSuccess: (a: Action) => void) {
  return useMutation({
    mutationFn: (v: { action: Action; reason: HideReason; note: string }) =>
      unwrap(
        api.POST("/api/v1/comments/{id}/moderation", {
          params: { path: { id } },
          body:
            v.action === "hide"
              ? { action: v.action, reason: v.reason, note: v.note.trim() || undefined }
              : v.action === "remove"
                ? { action: v.action, note: v.note.trim() || undefined }
                : { action: v.action },
        }),
      ),
    onSuccess: (_r, v) => onSuccess(v.action),
  });
}
