// The moderation queue as the page holds it: pages of queue items, oldest first, merged with the live
// events of topic `moderation` (moderation.queued adds or replaces an item, moderation.resolved removes it).
import type { components } from "../../../lib/api/schema.gen";
import type { LiveEvent } from "../../../lib/live";

export type QueueItem = components["schemas"]["QueueItem"];
export type QueuePage = components["schemas"]["ModerationQueue"];

/** Resolved is the data of moderation.resolved. */
export interface Resolved {
  comment_id: string;
  action: string;
  /** display name of the acting moderator; null when the author deleted the comment */
  moderator: string | null;
  at: string;
}

/** upsertItem replaces the item of the same comment, or adds a new one where queued_at puts it. */
export function upsertItem(pages: QueuePage[], item: QueueItem, complete: boolean): QueuePage[] {
  const id = item.comment.id;
  if (pages.some((p) => p.items.some((i) => i.comment.id === id))) {
    return pages.map((p) => ({ ...p, items: p.items.map((i) => (i.comment.id === id ? item : i)) }));
  }
  if (pages.length === 0) return [{ items: [item], next_cursor: null }];
  // Oldest first: place it before the first later item among the loaded ones. Behind the last loaded item
  // it belongs only when every page is loaded; otherwise "load more" brings it.
  const at = (i: QueueItem) => Date.parse(i.queued_at);
  let placed = false;
  const out = pages.map((p) => {
    if (placed) return p;
    const idx = p.items.findIndex((i) => at(i) > at(item));
    if (idx < 0) return p;
    placed = true;
    return { ...p, items: [...p.items.slice(0, idx), item, ...p.items.slice(idx)] };
  });
  if (placed || !complete) return out;
  const last = out[out.length - 1]!;
  return [...out.slice(0, -1), { items: [...last.items, item], next_cursor: last.next_cursor }];
}

/** removeItem drops the item of a comment. */
export function removeItem(pages: QueuePage[], commentId: string): QueuePage[] {
  return pages.map((p) => ({ ...p, items: p.items.filter((i) => i.comment.id !== commentId) }));
}

/** applyQueueEvent merges one live event into the loaded pages; other event types leave them alone. */
export function applyQueueEvent(pages: QueuePage[], ev: LiveEvent, complete: boolean): QueuePage[] {
  if (ev.type === "moderation.queued") {
    const item = ev.data;
    if (!item?.comment?.id) return pages;
    // The event carries the comment without the viewer's vote; a moderator's queue shows none.
    return upsertItem(pages, { ...item, comment: { ...item.comment, my_vote: 0 } }, complete);
  }
  if (ev.type === "moderation.resolved") {
    const r = ev.data;
    if (!r?.comment_id) return pages;
    return removeItem(pages, r.comment_id);
  }
  return pages;
}

/** Actions open to a moderator on an item, by the comment's status. */
export function actionsFor(item: QueueItem): { approve: boolean; restore: boolean; hide: boolean; remove: boolean } {
  const s = item.comment.status;
  return {
    approve: s === "pending" || s === "published",
    restore: s === "hidden",
    hide: s === "pending" || s === "published",
    remove: s !== "removed",
  };
}
