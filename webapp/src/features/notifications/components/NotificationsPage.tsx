// One's notifications, newest first, live on `user:<id>`; mark one or all as read.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { formatDate } from "../../../lib/format/format";
import { commentHref } from "../../../lib/links/comment";
import { useLiveTopic } from "../../../lib/useLive";
import { ErrorAlert } from "../../../lib/ui/Form";
import { RoleBadges } from "../../../lib/ui/RoleBadges";
import { useUser } from "../../../lib/useUser";
import { useUnread } from "./NotificationsNavLink";
import { listKey, useMarkRead, useNotifications } from "../api/notifications";
import { isNewUnread, prependNotification, type NotificationPage } from "../api/unread";

export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("notifications.title"));
  const me = useUser();
  return (
    <>
      <h1 className="kern-heading-x-large">{t("notifications.title")}</h1>
      {me ? <Notifications userId={me.id} /> : <p className="kern-body">{t("notifications.loginFirst")}</p>}
    </>
  );
}

function Notifications({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const key = listKey(userId);
  const [announcement, setAnnouncement] = useState("");
  const unread = useUnread(userId);
  const list = useNotifications(userId);
  useLiveTopic(`user:${userId}`, {
    onEvent: (ev) => {
      if (!isNewUnread(ev)) return;
      qc.setQueryData<InfiniteData<NotificationPage>>(key, (d) => (d ? { ...d, pages: prependNotification(d.pages, ev.data) } : d));
      setAnnouncement(t("notifications.arrived"));
    },
    onReset: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const read = useMarkRead(userId);
  if (list.isPending) return <p role="status">{t("app.loading")}</p>;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const items = list.data.pages.flatMap((p) => p.items);
  return (
    <>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {read.isError && <ErrorAlert error={read.error} />}
      {items.length === 0 ? (
        <p className="kern-body">{t("notifications.empty")}</p>
      ) : (
        <>
          <div className="form-actions notifications__head">
            <p className="kern-body">{t("notifications.unreadCount", { count: unread ?? items.filter((i) => !i.read).length })}</p>
            <button type="button" className="kern-btn kern-btn--secondary" disabled={read.isPending || unread === 0} onClick={() => read.mutate("all")}>
              <span className="kern-label">{t("notifications.markAll")}</span>
            </button>
          </div>
          <ul className="notification-list">
            {items.map((n) => {
              const date = formatDate(i18n.language, n.created_at, true);
              return (
                <li key={n.id} className={`notification${n.read ? "" : " notification--unread"}`}>
                  <p className="kern-body">
                    <span className={`kern-badge ${n.read ? "kern-badge--info" : "kern-badge--warning"}`}>
                      <span className="kern-label">{n.read ? t("notifications.read") : t("notifications.unread")}</span>
                    </span>{" "}
                    <time dateTime={n.created_at}>{date}</time>
                  </p>
                  <p className="kern-body">
                    {t(`notifications.type.${n.type}`, { reason: n.reason ? t(`moderation.hideReason.${n.reason}`, { defaultValue: n.reason }) : "" })}
                  </p>
                  {n.author && (
                    <p className="kern-body">
                      {t("notifications.by")} <strong>{n.author.display_name}</strong>
                      <RoleBadges badges={n.author.badges} />
                    </p>
                  )}
                  <p className="kern-body aux-links">
                    {n.comment_id ? (
                      <Link to={commentHref(n, n.comment_id)} className="kern-link">
                        {t("notifications.toComment")}
                      </Link>
                    ) : (
                      <Link to={`/projekte/${encodeURIComponent(n.project_slug)}`} className="kern-link">
                        {t("notifications.toProject")}
                      </Link>
                    )}
                    {!n.read && (
                      <>
                        {" "}
                        <button
                          type="button"
                          className="kern-btn kern-btn--tertiary kern-btn--x-small"
                          aria-label={t("notifications.markOneLabel", { date })}
                          disabled={read.isPending}
                          onClick={() => read.mutate([n.id])}
                        >
                          <span className="kern-label">{t("notifications.markOne")}</span>
                        </button>
                      </>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
          {list.hasNextPage && (
            <p className="load-more">
              <button type="button" className="kern-btn kern-btn--secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                <span className="kern-label">{t("notifications.loadMore")}</span>
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
