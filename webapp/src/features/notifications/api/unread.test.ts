import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../../lib/live";
import { badgeCount, markRead, nextUnread, prependNotification, type Notification } from "./unread";

const n = (id: string, read = false): Notification => ({
  id,
  type: "comment_hidden",
  comment_id: "c1",
  project_slug: "p",
  document_id: null,
  author: null,
  reason: "spam",
  created_at: "2026-01-01T10:00:00Z",
  read,
});
const ev = (type: string, data: unknown) => ({ id: 1, topic: "user:u1", type, data }) as LiveEvent;

describe("unread notifications", () => {
  it("counts a new unread notification once the count is known", () => {
    expect(nextUnread(2, ev("notification.created", n("a")))).toBe(3);
    expect(nextUnread(undefined, ev("notification.created", n("a")))).toBeUndefined();
  });

  it("ignores read notifications, other events and malformed data", () => {
    expect(nextUnread(2, ev("notification.created", n("a", true)))).toBe(2);
    expect(nextUnread(2, ev("comment.created", n("a")))).toBe(2);
    expect(nextUnread(2, ev("notification.created", null))).toBe(2);
  });

  it("prepends a live notification once", () => {
    const pages = [{ items: [n("a")], next_cursor: null }];
    const once = prependNotification(pages, n("b"));
    expect(once[0]!.items.map((i) => i.id)).toEqual(["b", "a"]);
    expect(prependNotification(once, n("b"))).toBe(once);
  });

  it("marks one or all as read", () => {
    const pages = [{ items: [n("a"), n("b")], next_cursor: null }];
    expect(markRead(pages, ["a"])[0]!.items.map((i) => i.read)).toEqual([true, false]);
    expect(markRead(pages, "all")[0]!.items.map((i) => i.read)).toEqual([true, true]);
  });

  it("shows the count in brackets only when there are unread ones", () => {
    expect(badgeCount(0)).toBe("");
    expect(badgeCount(undefined)).toBe("");
    expect(badgeCount(3)).toBe(" (3)");
    expect(badgeCount(120)).toBe(" (99+)");
  });
});
