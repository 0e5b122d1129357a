// The unread count of the header badge and the notifications page: fetched over HTTP, raised by
// notification.created on `user:<id>`, set from the answer of "mark as read".
import type { components } from "../../../lib/api/schema.gen";
import type { LiveEvent } from "../../../lib/live";

export type Notification = components["schemas"]["Notification"];
export type NotificationPage = components["schemas"]["NotificationList"];

/** unreadQueryKey is the react-query key of the unread count (per user). */
export const unreadQueryKey = (userId: string) => ["notifications", "unread", userId] as const;

/** isNewUnread says whether a live event brings one more unread notification. */
export function isNewUnread(ev: LiveEvent): ev is Extract<LiveEvent, { type: "notification.created" }> {
  if (ev.type !== "notification.created") return false;
  const n: Notification | null = ev.data;
  return !!n && typeof n.id === "string" && n.read !== true;
}

/** nextUnread is the count after a live event (undefined while the count is not loaded yet). */
export function nextUnread(count: number | undefined, ev: LiveEvent): number | undefined {
  if (count === undefined || !isNewUnread(ev)) return count;
  return count + 1;
}

/** prependNotification puts a new notification on top of the first page unless it is there already. */
export function prependNotification(pages: NotificationPage[], n: Notification): NotificationPage[] {
  if (pages.some((p) => p.items.some((i) => i.id === n.id))) return pages;
  if (pages.length === 0) return [{ items: [n], next_cursor: null }];
  const first = pages[0]!;
  return [{ items: [n, ...first.items], next_cursor: first.next_cursor }, ...pages.slice(1)];
}

/** markRead marks the given notifications (or all) as read in the loaded pages. */
export function markRead(pages: NotificationPage[], ids: string[] | "all"): NotificationPage[] {
  return pages.map((p) => ({ ...p, items: p.items.map((i) => (ids === "all" || ids.includes(i.id) ? { ...i, read: true } : i)) }));
}

/** badgeLabel is the nav text: the label, with the count in brackets when there are unread ones. */
export function badgeCount(count: number | undefined): string {
  return count ? ` (${count > 99 ? "99+" : count})` : "";
}
