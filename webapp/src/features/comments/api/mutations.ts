// Comment writes: create (with an Idempotency-Key), edit, official response, delete, appeal, vote and
// flag. The caller merges the result into the lists (cache.ts through comments.ts) where it needs to.
import { useMutation, type QueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api, unwrap } from "../../../lib/api/client";
import type { Comment, Filter, VoteCounts } from "./cache";
import { mergeUpdated, mergeVotes } from "./comments";
import { IdempotencyKeys } from "./idempotency";
import { tombstone, votedLocally } from "./cache";

/** countsKey is the query key of a project's comment counts. */
export const countsKey = (slug: string) => ["commentCounts", slug];

/** invalidateCounts refetches the comment counts of a project (after a create, delete or moderation). */
export function invalidateCounts(qc: QueryClient, slug: string): void {
  void qc.invalidateQueries({ queryKey: countsKey(slug) });
}

/** Target is where new top-level comments of a section go (empty for the project itself). */
export interface Target {
  document_id?: string;
  version?: number;
  block_id?: string;
}

/** NewComment is what the composer sends for a new comment or reply. */
export interface NewComment {
  body: string;
  stance: "pro" | "contra" | "neutral" | null;
  kind: "comment" | "question";
}

/** ComposerMode says what a composer writes. */
export type ComposerMode = "new" | "reply" | "edit" | "respond";

/**
 * useSaveComment writes a composer's text: an edit of comment, an official response to parent, or a new
 * comment (a reply to parent, else at target). One Idempotency-Key per composed text, reused when the same
 * text is sent again after an error.
 */
export function useSaveComment(p: { slug: string; target: Target; mode: ComposerMode; parent?: Comment; comment?: Comment; onSuccess: (c: Comment) => void }) {
  const keys = useRef(new IdempotencyKeys());
  return useMutation({
    mutationFn: async (v: NewComment): Promise<Comment> => {
      if (p.mode === "edit") return unwrap(api.PATCH("/api/v1/comments/{id}", { params: { path: { id: p.comment!.id } }, body: { body: v.body } }));
      if (p.mode === "respond") return unwrap(api.POST("/api/v1/comments/{id}/responses", { params: { path: { id: p.parent!.id } }, body: { body: v.body } }));
      const payload = { ...v, ...(p.parent ? { parent_id: p.parent.id } : p.target) };
      const key = keys.current.keyFor(JSON.stringify(payload));
      return unwrap(api.POST("/api/v1/projects/{slug}/comments", { params: { path: { slug: p.slug }, header: { "Idempotency-Key": key } }, body: payload }));
    },
    onSuccess: (c) => {
      keys.current.done();
      p.onSuccess(c);
    },
  });
}

/** useDeleteComment deletes an own comment; its tombstone replaces it in the lists. */
export function useDeleteComment(qc: QueryClient, slug: string, f: Filter, c: Comment, onSuccess: () => void) {
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/comments/{id}", { params: { path: { id: c.id } } })),
    onSuccess: () => {
      mergeUpdated(qc, slug, f, tombstone(c));
      invalidateCounts(qc, slug);
      onSuccess();
    },
  });
}

/** useAppeal appeals the hiding of an own comment. */
export function useAppeal(id: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/comments/{id}/appeal", { params: { path: { id } } })),
  });
}

/**
 * useVote sets the own vote on comment c (0 takes it back). The vote shows at once (optimistic: pressed state
 * and counts in every loaded list), the server's counts replace it when they come, and a refused vote puts
 * the counters back as they were.
 */
export function useVote(qc: QueryClient, slug: string, f: Filter, c: Pick<Comment, "id" | "up" | "down" | "my_vote">) {
  return useMutation({
    mutationFn: (value: -1 | 0 | 1) => unwrap(api.PUT("/api/v1/comments/{id}/vote", { params: { path: { id: c.id } }, body: { value } })),
    onMutate: (value) => {
      const before: VoteCounts = { id: c.id, up: c.up, down: c.down, my_vote: c.my_vote ?? 0 };
      mergeVotes(qc, slug, f, votedLocally(c, value));
      return before;
    },
    onError: (_e, _v, before) => before && mergeVotes(qc, slug, f, before),
    onSuccess: (r) => mergeVotes(qc, slug, f, r),
  });
}

/** flagReasons are the reasons a user may give, in the order shown. */
export const flagReasons = ["spam", "offensive", "off_topic", "personal_data", "other"] as const;
export type FlagReason = (typeof flagReasons)[number];

/** useFlag reports a comment to the moderators. */
export function useFlag(id: string, onSuccess: () => void) {
  return useMutation({
    mutationFn: (v: { reason: FlagReason; text: string }) =>
      unwrap(
        api.POST("/api/v1/comments/{id}/flags", {
          params: { path: { id } },
          body: { reason: v.reason, ...(v.text.trim() ? { text: v.text.trim() } : {}) },
        }),
      ),
    onSuccess,
  });
}
