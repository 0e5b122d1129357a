// Merging live events and own writes into the cached comment pages (TanStack Query's infinite data) without
// refetching. Every function is pure and returns the old object when nothing changed; a comment that is
// already there (by id) is never inserted twice, because delivery is at least once and our own POST's
// answer and its event may come in either order.
import type { InfiniteData } from "@tanstack/react-query";
import type { components } from "../../../lib/api/schema.gen";

/** Comment is a comment as lists show it. */
export type Comment = components["schemas"]["Comment"];
/** CommentView is a comment as everybody sees it, with every member; CommentEvent as live events carry it. */
export type CommentView = components["schemas"]["CommentView"];
export type CommentEvent = components["schemas"]["CommentEvent"];
/** CommentList is one page of comments. */
export type CommentList = components["schemas"]["CommentList"];
/** Pages are the loaded pages of one list. */
export type Pages = InfiniteData<CommentList, string | undefined>;
/** VoteCounts is the data of a comment.votes event (plus my_vote after one's own vote). */
export interface VoteCounts {
  id: string;
  up: number;
  down: number;
  my_vote?: -1 | 0 | 1;
}

/** maxLevel is how deep replies are shown below a list item (the server nests three levels). */
export const maxLevel = 3;

/** Filter selects a list: comments on the project itself, or on one block of a document. */
export interface Filter {
  document: string; // "none" or a document id
  block?: string;
}

/** matches says whether a comment belongs to the lists of filter. */
export function matches(c: Pick<Comment, "document_id" | "block_id">, f: Filter): boolean {
  if (f.document === "none") return c.document_id === null;
  return c.document_id === f.document && (f.block === undefined || c.block_id === f.block);
}

/** contains says whether the comment with id is anywhere in the loaded pages (replies included). */
export function contains(pages: Pages | undefined, id: string): boolean {
  if (!pages) return false;
  const walk = (xs: Comment[] | undefined): boolean => !!xs?.some((c) => c.id === id || walk(c.replies));
  return pages.pages.some((p) => walk(p.items));
}

// mapTree rebuilds only the paths to changed comments; fn gets each comment and its level (0 = list item).
function mapTree(pages: Pages, fn: (c: Comment, level: number) => Comment): Pages {
  let changed = false;
  const walk = (xs: Comment[], level: number): Comment[] => {
    let out: Comment[] | null = null;
    xs.forEach((c, i) => {
      let n = fn(c, level);
      if (c.replies) {
        const r = walk(c.replies, level + 1);
        if (r !== c.replies) n = { ...n, replies: r };
      }
      if (n !== c) {
        out ??= xs.slice();
        out[i] = n;
      }
    });
    return out ?? xs;
  };
  const next = pages.pages.map((p) => {
    const items = walk(p.items, 0);
    if (items === p.items) return p;
    changed = true;
    return { ...p, items };
  });
  return changed ? { ...pages, pages: next } : pages;
}

/** CreatedResult tells the caller whether the comment was placed, or belongs at this list's top level. */
export interface CreatedResult {
  pages: Pages;
  /** topLevel: a new item of this list itself (the caller decides where: at once, or behind a button) */
  topLevel: boolean;
}

/**
 * applyCreated places a new comment. A reply goes under its parent when the parent is loaded: its
 * reply_count grows, and the reply is appended when the parent shows all its replies and is at most
 * maxLevel − 1 deep (deeper replies are fetched with ?parent=). listParent is the parent whose replies
 * this list holds (undefined for top-level lists).
 */
export function applyCreated(pages: Pages, c: Comment, listParent?: string): CreatedResult {
  if (contains(pages, c.id)) return { pages, topLevel: false };
  if ((c.parent_id ?? undefined) === listParent) return { pages, topLevel: true };
  const next = mapTree(pages, (p, level) => {
    if (p.id !== c.parent_id) return p;
    const shown = p.replies?.length ?? 0;
    const all = shown >= p.reply_count;
    const replies = all && level < maxLevel ? [...(p.replies ?? []), c] : p.replies;
    return { ...p, reply_count: p.reply_count + 1, ...(replies ? { replies } : {}) };
  });
  return { pages: next, topLevel: false };
}

/** insertTop adds a list item at the start (newest first) or the end of the loaded pages, once. */
export function insertTop(pages: Pages, c: Comment, where: "start" | "end"): Pages {
  if (contains(pages, c.id) || pages.pages.length === 0) return pages;
  const ps = pages.pages.slice();
  const i = where === "start" ? 0 : ps.length - 1;
  const pg = ps[i]!;
  ps[i] = { ...pg, items: where === "start" ? [c, ...pg.items] : [...pg.items, c] };
  return { ...pages, pages: ps };
}

/**
 * applyUpdated replaces a comment by a newer state of it (an edit, or the tombstone of a deletion). The
 * event carries no my_vote and no replies: both are kept from the cache.
 */
export function applyUpdated(pages: Pages, c: Comment): Pages {
  return mapTree(pages, (old) => {
    if (old.id !== c.id) return old;
    const { replies: _r, my_vote: _v, ...rest } = c;
    return { ...old, ...rest, my_vote: old.my_vote, ...(old.replies ? { replies: old.replies } : {}) };
  });
}

/** tombstone is how a comment looks once its author deleted it. */
export function tombstone(c: Comment): Comment {
  return { ...c, deleted: true, body: "", body_html: "", author: null };
}

/** applyVotes sets a comment's counters (and my_vote after one's own vote). */
export function applyVotes(pages: Pages, v: VoteCounts): Pages {
  return mapTree(pages, (old) => {
    if (old.id !== v.id) return old;
    if (old.up === v.up && old.down === v.down && (v.my_vote === undefined || v.my_vote === old.my_vote)) return old;
    return { ...old, up: v.up, down: v.down, ...(v.my_vote !== undefined ? { my_vote: v.my_vote } : {}) };
  });
}

/**
 * votedLocally is what a comment's counters become once the viewer's vote is value (0 takes it back), before
 * the server answers: the old own vote leaves its counter, the new one joins its counter.
 */
export function votedLocally(c: Pick<Comment, "id" | "up" | "down" | "my_vote">, value: -1 | 0 | 1): Required<VoteCounts> {
  const old = c.my_vote ?? 0;
  return {
    id: c.id,
    up: Math.max(0, c.up - (old === 1 ? 1 : 0) + (value === 1 ? 1 : 0)),
    down: Math.max(0, c.down - (old === -1 ? 1 : 0) + (value === -1 ? 1 : 0)),
    my_vote: value,
  };
}

/** ModerationEvent is the data of comment.hidden / comment.removed (reason) and comment.withdrawn (id only). */
export interface ModerationEvent {
  id: string;
  reason?: Comment["hidden_reason"];
}

/** applyHidden turns a comment into the placeholder of a hidden comment (no text; the author stays). */
export function applyHidden(pages: Pages, ev: ModerationEvent): Pages {
  return mapTree(pages, (old) => {
    if (old.id !== ev.id || (old.status === "hidden" && old.hidden_reason === (ev.reason ?? old.hidden_reason))) return old;
    return { ...old, status: "hidden", hidden_reason: ev.reason ?? old.hidden_reason ?? null, body: "", body_html: "" };
  });
}

/** applyRemoved turns a comment into the tombstone of removed content (no text, no author). */
export function applyRemoved(pages: Pages, ev: ModerationEvent): Pages {
  return mapTree(pages, (old) => {
    if (old.id !== ev.id || old.status === "removed") return old;
    return { ...old, status: "removed", hidden_reason: ev.reason ?? old.hidden_reason ?? "illegal", body: "", body_html: "", author: null };
  });
}

/**
 * applyWithdrawn handles a published comment that went back to pending (an edit under pre-moderation): its
 * author keeps it, marked pending; everybody else loses it (and its parent's reply_count shrinks).
 */
export function applyWithdrawn(pages: Pages, id: string, userId: string | null): Pages {
  let found: Comment | undefined;
  const walk = (xs: Comment[] | undefined): void => xs?.forEach((c) => (c.id === id ? (found = c) : walk(c.replies)));
  pages.pages.forEach((p) => walk(p.items));
  if (!found) return pages;
  const target = found;
  if (userId !== null && target.author?.id === userId) {
    return target.status === "pending" ? pages : mapTree(pages, (c) => (c.id === id ? { ...c, status: "pending" } : c));
  }
  const drop = (xs: Comment[]): Comment[] => {
    let out: Comment[] | null = null;
    xs.forEach((c, i) => {
      if (c.id === id) {
        out ??= xs.slice(0, i);
        return;
      }
      let n = c;
      if (c.replies) {
        const r = drop(c.replies);
        if (r !== c.replies) n = { ...c, replies: r, reply_count: Math.max(0, c.reply_count - (r.length < c.replies.length ? 1 : 0)) };
      }
      if (out) out.push(n);
      else if (n !== c) {
        out = xs.slice(0, i);
        out.push(n);
      }
    });
    return out ?? xs;
  };
  let next = mapTree(pages, (c) => (c.id === target.parent_id && !c.replies?.some((r) => r.id === id) ? { ...c, reply_count: Math.max(0, c.reply_count - 1) } : c));
  next = { ...next, pages: next.pages.map((p) => {
    const items = drop(p.items);
    return items === p.items ? p : { ...p, items };
  }) };
  return next;
}
