// The comment threads of a project or of a document block: list (sort, load more, up to three levels,
// more replies by ?parent=), composer with server preview, reply, edit, delete, votes, and live updates
// (hooks/useCommentsLive.ts). Comments from others never move focus or the scroll position: new top-level
// comments wait behind a "n neue Kommentare anzeigen" button, replies are inserted in place (browser scroll
// anchoring keeps the viewport still), and a polite live region announces them.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { User } from "../../../lib/api/client";
import { errorMessage } from "../../../lib/api/problem";
import { Select } from "../../../lib/ui/Form";
import { useUser } from "../../../lib/useUser";
import type { Filter, Pages } from "../api/cache";
import type { Sort } from "../api/comments";
import type { Target } from "../api/mutations";
import { useCommentsLive } from "../hooks/useCommentsLive";
import { useLinkedComment } from "../hooks/useLinkedComment";
import { CommentItem } from "./CommentItem";
import { Composer } from "./Composer";
import { CommentsCtx, type Ctx } from "./context";
import { eagerItems } from "./LazyItem";
import { LiveIndicator } from "./LiveIndicator";
import { listItems, ThreadItem, useLoadMore } from "./ThreadItem";

/** CommentsSection is a whole thread: heading, composer, list and live updates of one topic. */
export function CommentsSection(p: {
  slug: string;
  filter: Filter;
  target: Target;
  topic: string;
  closed: boolean;
  heading: string;
  level: 2 | 3;
  idp: string;
  /** indicator shows the connection state (off where the page shows it once) */
  indicator?: boolean;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const [sort, setSort] = useState<Sort>("new");
  const list = useRef<HTMLOListElement>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const canWrite = user !== null && user.email_verified && !p.closed;
  const live = useCommentsLive({ slug: p.slug, filter: p.filter, topic: p.topic, sort, userId: user?.id ?? null });
  const q = live.list;
  const pending = live.pending;
  const linked = useLinkedComment(p.idp, p.filter, q.data as Pages | undefined, !q.isPending);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(`${p.idp}-c-${focusId}`)?.focus();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-shot focus request, cleared once done
    setFocusId(null);
  }, [focusId, p.idp]);

  const reveal = () => {
    const ps = live.reveal();
    // The user asked for them: focus the newest, so screen readers read it.
    if (ps[0]) setFocusId(ps[0].id);
  };

  // The context stays the same object between renders, so that the memoised comments re-render only when
  // their own comment changed (a vote on one comment must not re-render a thread of 1,000).
  const createdRef = useRef(live.created);
  // eslint-disable-next-line react-hooks/refs -- the latest callback, called from event handlers only
  createdRef.current = live.created;
  const created = useCallback((c: Parameters<Ctx["created"]>[0]) => createdRef.current(c), []);
  const { document: fDoc, block: fBlock } = p.filter;
  const { document_id: tDoc, version: tVersion, block_id: tBlock } = p.target;
  const ctx: Ctx = useMemo(
    () => ({
      slug: p.slug,
      filter: { document: fDoc, ...(fBlock !== undefined ? { block: fBlock } : {}) },
      target: { ...(tDoc !== undefined ? { document_id: tDoc } : {}), ...(tVersion !== undefined ? { version: tVersion } : {}), ...(tBlock !== undefined ? { block_id: tBlock } : {}) },
      user,
      canWrite,
      idp: p.idp,
      created,
      linkedId: linked.id,
    }),
    [p.slug, fDoc, fBlock, tDoc, tVersion, tBlock, user, canWrite, p.idp, created, linked.id],
  );

  const H = p.level === 2 ? "h2" : "h3";
  const items = useMemo(() => listItems(q.data as Pages | undefined), [q.data]);
  const more = useLoadMore(q, items.length);
  return (
    <CommentsCtx.Provider value={ctx}>
      <section aria-labelledby={`${p.idp}-heading`} className="comments">
        <H id={`${p.idp}-heading`} className={p.level === 2 ? "kern-heading-medium" : "kern-heading-small"}>
          {p.heading}
        </H>
        {p.indicator !== false && <LiveIndicator />}
        <div className="kern-sr-only" aria-live="polite" aria-atomic="true" data-testid="comments-live">
          {live.message}
        </div>
        <div className="kern-sr-only" aria-live="polite" aria-atomic="true" data-testid="comments-loaded">
          {more.message}
        </div>
        <WriteGate closed={p.closed} user={user}>
          <Composer mode="new" onDone={(c) => c && ctx.created(c)} />
        </WriteGate>
        <div className="comments-toolbar">
          <Select
            id={`${p.idp}-sort`}
            label={t("comments.sort")}
            value={sort}
            onChange={(v) => {
              live.clearPending();
              setSort(v as Sort);
            }}
            options={(["new", "old", "top"] as const).map((s) => ({ value: s, label: t(`comments.sortBy.${s}`) }))}
          />
        </div>
        {pending.length > 0 && (
          <p>
            <button type="button" className="kern-btn kern-btn--secondary show-new" onClick={reveal}>
              <span className="kern-label">{t("comments.showNew", { count: pending.length })}</span>
            </button>
          </p>
        )}
        {linked.extra && (
          <div className="comment-linked-panel">
            <p className="kern-body">{t("comments.linkedElsewhere")}</p>
            <CommentItem c={linked.extra} level={linked.extra.depth} />
          </div>
        )}
        {q.isPending ? (
          <p role="status">{t("app.loading")}</p>
        ) : q.isError ? (
          <p className="kern-body">{errorMessage(t, q.error)}</p>
        ) : items.length === 0 ? (
          <p className="kern-body">{t("comments.none")}</p>
        ) : (
          <ol className="comment-list comment-list--lazy" ref={list}>
            {items.map((c, i) => (
              <ThreadItem key={c.id} c={c} eager={i < eagerItems || c.id === linked.id} />
            ))}
          </ol>
        )}
        {q.hasNextPage && (
          <p className="load-more">
            {/* aria-disabled, not disabled, while the page loads: the focus stays on the button */}
            <button type="button" className="kern-btn kern-btn--secondary" aria-disabled={q.isFetchingNextPage || undefined} onClick={more.load}>
              <span className="kern-label">{q.isFetchingNextPage ? t("app.loading") : t("comments.more")}</span>
            </button>
          </p>
        )}
      </section>
    </CommentsCtx.Provider>
  );
}

function WriteGate({ closed, user, children }: { closed: boolean; user: User | null; children: ReactNode }) {
  const { t } = useTranslation();
  if (closed) return <p className="kern-body write-note">{t("comments.closed")}</p>;
  if (!user)
    return (
      <p className="kern-body write-note">
        {t("comments.loginToWrite")}{" "}
        <Link to="/anmelden" className="kern-link">
          {t("nav.login")}
        </Link>{" "}
        ·{" "}
        <Link to="/registrieren" className="kern-link">
          {t("nav.register")}
        </Link>
      </p>
    );
  if (!user.email_verified)
    return (
      <p className="kern-body write-note">
        {t("errors.email_unverified")} {t("comments.unverifiedHint")}{" "}
        <Link to="/konto" className="kern-link">
          {t("nav.account")}
        </Link>
      </p>
    );
  return <>{children}</>;
}
