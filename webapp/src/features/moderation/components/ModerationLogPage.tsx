// The public moderation log: every action with time, action, reason category, acting role and the comment
// (a link to it while it is public).
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commentHref } from "../../../lib/links/comment";
import { usePageTitle } from "../../../lib/usePageTitle";
import { formatDate } from "../../../lib/format/format";
import { ErrorAlert } from "../../../lib/ui/Form";
import { useModerationLog } from "../api/moderation";

export function ModerationLogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("moderation.log.title"));
  const log = useModerationLog();
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <h1 className="kern-heading-x-large">{t("moderation.log.title")}</h1>
      <p className="kern-body">{t("moderation.log.intro")}</p>
      {log.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : log.isError ? (
        <ErrorAlert error={log.error} />
      ) : items.length === 0 ? (
        <p className="kern-body">{t("moderation.log.empty")}</p>
      ) : (
        <>
          <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={t("moderation.log.title")}>
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">{t("moderation.log.title")}</caption>
              <thead className="kern-table__header">
                <tr>
                  <th scope="col">{t("moderation.log.time")}</th>
                  <th scope="col">{t("moderation.log.action")}</th>
                  <th scope="col">{t("moderation.log.reason")}</th>
                  <th scope="col">{t("moderation.log.role")}</th>
                  <th scope="col">{t("moderation.log.comment")}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(i18n.language, e.created_at, true)}</td>
                    <td>{t(`moderation.log.actions.${e.action}`)}</td>
                    <td>{e.reason ? t(`moderation.hideReason.${e.reason}`) : t("moderation.log.none")}</td>
                    <td>{t(`moderation.log.roles.${e.actor_role}`)}</td>
                    <td>
                      {/* linked only while everybody can read it (published); hidden and removed ones stay unlinked */}
                      {e.target ? (
                        <Link to={commentHref(e.target, e.comment_id)} className="kern-link">
                          {t("moderation.log.commentLink", { id: e.comment_id })}
                        </Link>
                      ) : (
                        t("moderation.log.commentNoLink", { id: e.comment_id })
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage && (
            <p className="load-more">
              <button type="button" className="kern-btn kern-btn--secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                <span className="kern-label">{t("moderation.loadMore")}</span>
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
