// The header's notifications entry with the unread count, live on `user:<id>`. Layout loads it lazily so
// that the websocket code stays out of the initial load.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useLiveTopic } from "../../../lib/useLive";
import { useUnreadCount } from "../api/notifications";
import { badgeCount, nextUnread, unreadQueryKey } from "../api/unread";

type Unread = { unread: number };

/** useUnread is the unread count of a user (the header's entry keeps it current). */
export function useUnread(userId: string): number | undefined {
  const q = useUnreadCount(userId);
  return q.data?.unread;
}

/** useUnreadLive raises the count on notification.created; only one component of the tab may use it. */
function useUnreadLive(userId: string): void {
  const qc = useQueryClient();
  const key = unreadQueryKey(userId);
  useLiveTopic(`user:${userId}`, {
    onEvent: (ev) => qc.setQueryData<Unread>(key, (old) => (old ? { unread: nextUnread(old.unread, ev) ?? old.unread } : old)),
    onReset: () => void qc.invalidateQueries({ queryKey: key }),
  });
}

export default function NotificationsNavLink({ userId }: { userId: string }) {
  const { t } = useTranslation();
  useUnreadLive(userId);
  const count = useUnread(userId);
  const suffix = badgeCount(count);
  return (
    <NavLink to="/benachrichtigungen" className="kern-link">
      {t("notifications.nav")}
      {suffix && (
        <>
          {suffix.slice(0, -1)}
          <span className="kern-sr-only"> {t("notifications.unreadSr")}</span>)
        </>
      )}
    </NavLink>
  );
}
