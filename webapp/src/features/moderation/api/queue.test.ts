import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../../lib/live";
import { actionsFor, applyQueueEvent, type QueueItem, type QueuePage } from "./queue";

function item(id: string, queuedAt: string, status: QueueItem["comment"]["status"] = "pending"): QueueItem {
  return {
    comment: { id, status } as QueueItem["comment"],
    reason: status === "pending" ? "pending" : "flagged",
    queued_at: queuedAt,
    flags: [],
    project: { slug: "p", title: "P" },
    document: null,
    parent_excerpt: null,
  };
}
const ids = (pages: QueuePage[]) => pages.flatMap((p) => p.items.map((i) => i.comment.id));
const ev = (id: number, type: string, data: unknown) => ({ id, topic: "moderation", type, data }) as LiveEvent;

describe("moderation queue live merging", () => {
  const pages: QueuePage[] = [{ items: [item("a", "2026-01-01T10:00:00Z"), item("c", "2026-01-01T12:00:00Z")], next_cursor: null }];

  it("adds a queued item in queued_at order (oldest first)", () => {
    expect(ids(applyQueueEvent(pages, ev(1, "moderation.queued", item("b", "2026-01-01T11:00:00Z")), true))).toEqual(["a", "b", "c"]);
    expect(ids(applyQueueEvent(pages, ev(2, "moderation.queued", item("d", "2026-01-02T00:00:00Z")), true))).toEqual(["a", "c", "d"]);
  });

  it("leaves a newer item to 'load more' while pages are missing", () => {
    const partial = [{ items: pages[0]!.items, next_cursor: "x" }];
    expect(ids(applyQueueEvent(partial, ev(1, "moderation.queued", item("d", "2026-01-02T00:00:00Z")), false))).toEqual(["a", "c"]);
  });

  it("replaces a changed item instead of adding it twice", () => {
    const out = applyQueueEvent(pages, ev(3, "moderation.queued", item("a", "2026-01-01T10:00:00Z", "hidden")), true);
    expect(ids(out)).toEqual(["a", "c"]);
    expect(out[0]!.items[0]!.comment.status).toBe("hidden");
  });

  it("removes an item resolved by someone", () => {
    const out = applyQueueEvent(pages, ev(4, "moderation.resolved", { comment_id: "a", action: "approve", moderator: "Jonas", at: "" }), true);
    expect(ids(out)).toEqual(["c"]);
  });

  it("ignores other events and malformed data", () => {
    expect(applyQueueEvent(pages, ev(5, "comment.created", {}), true)).toBe(pages);
    expect(applyQueueEvent(pages, ev(6, "moderation.queued", null), true)).toBe(pages);
  });

  it("offers approve for pending and restore for hidden comments", () => {
    expect(actionsFor(item("a", "", "pending"))).toEqual({ approve: true, restore: false, hide: true, remove: true });
    expect(actionsFor(item("a", "", "hidden"))).toEqual({ approve: false, restore: true, hide: false, remove: true });
  });
});
