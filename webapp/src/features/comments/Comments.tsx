// The comment threads of a project or of a document block: list (sort, load more, up to three levels,
// more replies by ?parent=), composer with server preview, reply, edit, delete, votes, and live updates.
// Comments from others never move focus or the scroll position: new top-level comments wait behind a
// "n neue Kommentare anzeigen" button, replies are inserted in place (browser scroll anchoring keeps the
// viewport still), and a polite live region announces them.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap, type User } from "../../lib/api/client";
import { ApiError, errorMessage } from "../../lib/api/problem";
import { formatDate } from "../../lib/format/format";
import { fieldErrors } from "../../lib/ui/fields";
import { MarkdownPreview } from "../../lib/ui/MarkdownPreview";
import { Select, TextArea } from "../../lib/ui/Form";
import { useLiveStatus, useLiveTopic, type LiveEvent } from "../../lib/useLive";
import { hasRole, useUser } from "../auth/useUser";
import { commentOf, mergeCreated, mergeModeration, mergeUpdated, mergeVotes, moderationTypes, prefix, useComments, useReplies, type Sort } from "./api";
import { maxLevel, tombstone, type Comment, type Filter, type ModerationEvent, type VoteCounts } from "./cache";
import { FlagForm } from "./FlagForm";
import { IdempotencyKeys } from "./idempotency";

/** Target is where new top-level comments of a section go (empty for the project itself). */
export interface Target {
  document_id?: string;
  version?: number;
  block_id?: string;
}

export interface Ctx {
  slug: string;
  filter: Filter;
  target: Target;
  user: User | null;
  canWrite: boolean;
  idp: string;
  /** created places an own new comment at once (and says so in the live region). */
  created: (c: Comment) => void;
}

/** CommentsCtx carries a thread's settings to its comments (exported for tests). */
export const CommentsCtx = createContext<Ctx | null>(null);
const useCtx = () => useContext(CommentsCtx)!;

const editWindowMs = 15 * 60_000;

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
  const qc = useQueryClient();
  const user = useUser();
  const [sort, setSort] = useState<Sort>("new");
  const [pending, setPending] = useState<Comment[]>([]);
  const [msg, setMsg] = useState("");
  const newCount = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const early = useRef<LiveEvent[]>([]);
  const loadedRef = useRef(false);
  const list = useRef<HTMLOListElement>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const canWrite = user !== null && user.email_verified && !p.closed;

  const say = (text: string) => {
    setMsg("");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMsg(text), 150);
  };
  const announce = () => {
    newCount.current++;
    setMsg("");
    clearTimeout(timer.current);
    // Several comments in a burst become one announcement.
    timer.current = setTimeout(() => {
      setMsg(t("comments.newAnnounce", { count: newCount.current }));
      newCount.current = 0;
    }, 400);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (ev: LiveEvent) => {
    if (ev.type === "comment.votes") {
      const v = ev.data as VoteCounts;
      mergeVotes(qc, p.slug, p.filter, { id: v.id, up: v.up, down: v.down });
      setPending((ps) => ps.map((c) => (c.id === v.id ? { ...c, up: v.up, down: v.down } : c)));
      return;
    }
    if (moderationTypes.has(ev.type)) {
      const m = ev.data as ModerationEvent;
      if (!m || typeof m.id !== "string") return;
      mergeModeration(qc, p.slug, p.filter, ev.type, m, user?.id ?? null);
      setPending((ps) => (ev.type === "comment.withdrawn" ? ps.filter((x) => x.id !== m.id) : ps));
      void qc.invalidateQueries({ queryKey: ["commentCounts", p.slug] });
      return;
    }
    const c = commentOf(ev, p.filter);
    if (!c) return;
    if (ev.type === "comment.created") {
      const mine = user !== null && c.author?.id === user.id;
      const r = mergeCreated(qc, p.slug, p.filter, c, mine ? placeOwn : null);
      // An approved comment its author already has (pending) becomes published.
      if (!r.fresh) mergeUpdated(qc, p.slug, p.filter, c);
      if (mine || !r.fresh) return;
      if (r.newTopLevel) setPending((ps) => (ps.some((x) => x.id === c.id) ? ps : [c, ...ps]));
      announce();
      return;
    }
    mergeUpdated(qc, p.slug, p.filter, c);
    setPending((ps) => ps.map((x) => (x.id === c.id ? { ...x, ...c, my_vote: x.my_vote } : x)));
  };
  const placeOwn = (s: Sort) => (s === "new" ? "start" : "end") as "start" | "end";

  // Subscribe first, then fetch: every comment after the fetched page then arrives as an event (the API
  // gives no outbox id with a list that could serve as `since`); overlaps drop by comment id.
  const subscribed = useLiveTopic(p.topic, {
    onEvent: (ev) => (loadedRef.current ? apply(ev) : early.current.push(ev)),
    onReset: () => {
      setPending([]);
      void qc.invalidateQueries({ queryKey: prefix(p.slug, p.filter) });
      void qc.invalidateQueries({ queryKey: ["commentCounts", p.slug] });
    },
  });
  const q = useComments(p.slug, p.filter, sort, subscribed || loadedRef.current);
  const loaded = q.data !== undefined;
  loadedRef.current = loaded;
  // Events that came before the first page: merge them once it is there (duplicates drop by id).
  useEffect(() => {
    if (!loaded || early.current.length === 0) return;
    const evs = early.current;
    early.current = [];
    evs.forEach(apply);
  });

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(`${p.idp}-c-${focusId}`)?.focus();
    setFocusId(null);
  }, [focusId, p.idp]);

  const reveal = () => {
    const ps = pending;
    setPending([]);
    for (const c of [...ps].reverse()) mergeCreated(qc, p.slug, p.filter, { ...c, my_vote: 0 }, () => "start");
    // The user asked for them: focus the newest, so screen readers read it.
    if (ps[0]) setFocusId(ps[0].id);
  };

  const ctx: Ctx = {
    slug: p.slug,
    filter: p.filter,
    target: p.target,
    user,
    canWrite,
    idp: p.idp,
    created: (c) => {
      mergeCreated(qc, p.slug, p.filter, c, placeOwn);
      void qc.invalidateQueries({ queryKey: ["commentCounts", p.slug] });
      say(c.status === "pending" ? t("threads.submitted") : c.kind === "official_response" ? t("threads.responded") : t("comments.published"));
    },
  };

  const H = p.level === 2 ? "h2" : "h3";
  const seen = new Set<string>();
  const items = (q.data?.pages.flatMap((pg) => pg.items) ?? []).filter((c) => !seen.has(c.id) && !!seen.add(c.id));
  return (
    <CommentsCtx.Provider value={ctx}>
      <section aria-labelledby={`${p.idp}-heading`} className="comments">
        <H id={`${p.idp}-heading`} className={p.level === 2 ? "kern-heading-medium" : "kern-heading-small"}>
          {p.heading}
        </H>
        {p.indicator !== false && <LiveIndicator />}
        <div className="kern-sr-only" aria-live="polite" aria-atomic="true" data-testid="comments-live">
          {msg}
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
              setPending([]);
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
        {q.isPending ? (
          <p role="status">{t("app.loading")}</p>
        ) : q.isError ? (
          <p className="kern-body">{errorMessage(t, q.error)}</p>
        ) : items.length === 0 ? (
          <p className="kern-body">{t("comments.none")}</p>
        ) : (
          <ol className="comment-list" ref={list}>
            {items.map((c) => (
              <li key={c.id}>
                <CommentItem c={c} level={0} />
              </li>
            ))}
          </ol>
        )}
        {q.hasNextPage && (
          <p className="load-more">
            <button type="button" className="kern-btn kern-btn--secondary" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
              <span className="kern-label">{q.isFetchingNextPage ? t("app.loading") : t("comments.more")}</span>
            </button>
          </p>
        )}
      </section>
    </CommentsCtx.Provider>
  );
}

/** LiveIndicator says in text whether live updates arrive. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const s = useLiveStatus();
  return (
    <p className={`kern-body kern-body--small live-status live-status--${s}`}>
      <span aria-hidden="true" className="live-status__dot" /> {t("live.label")}: {t(`live.${s}`)}
    </p>
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

/** CommentItem is one comment with its actions and replies (exported for tests). */
export function CommentItem({ c, level }: { c: Comment; level: number }) {
  const { t, i18n } = useTranslation();
  const ctx = useCtx();
  const qc = useQueryClient();
  const [mode, setMode] = useState<"none" | "reply" | "edit" | "delete" | "flag" | "respond">("none");
  const [expanded, setExpanded] = useState(false);
  const [flagged, setFlagged] = useState(false);
  const self = useRef<HTMLElement>(null);
  const flagBtn = useRef<HTMLButtonElement>(null);
  const user = ctx.user;
  const hidden = c.status === "hidden";
  const removed = c.status === "removed";
  const gone = c.deleted || hidden || removed;
  const own = user !== null && c.author?.id === user.id;
  const mine = own && !c.deleted && !removed;
  const editable = mine && !hidden && ctx.canWrite && Date.now() - Date.parse(c.created_at) < editWindowMs;
  const official = c.kind === "official_response";
  const verified = user !== null && user.email_verified;
  const canRespond = verified && (hasRole(user, "official") || hasRole(user, "admin")) && c.status === "published" && !c.deleted && !official;
  const canFlag = verified && !own && c.status === "published" && !c.deleted;
  const del = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/comments/{id}", { params: { path: { id: c.id } } })),
    onSuccess: () => {
      mergeUpdated(qc, ctx.slug, ctx.filter, tombstone(c));
      void qc.invalidateQueries({ queryKey: ["commentCounts", ctx.slug] });
      close();
    },
  });
  const appeal = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/comments/{id}/appeal", { params: { path: { id: c.id } } })),
  });
  const close = () => {
    setMode("none");
    setTimeout(() => self.current?.focus());
  };
  const replies = c.replies ?? [];
  const more = c.reply_count - replies.length;
  const analogue = c.channel !== "online";
  const author = c.deleted || removed ? null : analogue ? c.submitter_name || t("threads.anonymous") : (c.author?.display_name ?? t("comments.deletedAccount"));
  const reason = t(`moderation.hideReason.${c.hidden_reason ?? "other"}`);
  const label = removed
    ? t("threads.removedLabel")
    : hidden
      ? t("threads.hiddenLabel")
      : author === null
        ? t("comments.deletedLabel")
        : official
          ? t("threads.officialLabel", { department: c.department ?? "" })
          : t("comments.by", { name: author });
  return (
    <article className={`comment${official ? " comment--official" : ""}${c.status === "pending" ? " comment--pending" : ""}`} id={`${ctx.idp}-c-${c.id}`} tabIndex={-1} ref={self} aria-label={label}>
      {official && (
        <p className="comment__official kern-body">
          <span aria-hidden="true" className="comment__official-mark">
            ✔
          </span>{" "}
          <strong>{c.department ? t("threads.official", { department: c.department }) : t("threads.officialNoDepartment")}</strong>
        </p>
      )}
      <p className="comment__meta kern-body kern-body--small">
        {author !== null && <strong>{author}</strong>} {author !== null && "· "}
        <time dateTime={c.created_at}>{formatDate(i18n.language, c.created_at, true)}</time>
        {c.kind === "question" && <span className="kern-badge kern-badge--info">{t("comments.kind.question")}</span>}
        {c.status === "pending" && <span className="kern-badge kern-badge--warning comment__pending">{t("threads.pending")}</span>}
        {c.stance && !gone && <span className="kern-badge kern-badge--info">{t(`comments.stance.${c.stance}`)}</span>}
        {c.edited && !gone && <span className="comment__edited"> ({t("comments.edited")})</span>}
        {c.on_earlier_version && <span className="comment__earlier"> · {t("comments.earlierVersion")}</span>}
      </p>
      {analogue && !gone && (
        <p className="kern-body kern-body--small comment__channel">
          {t("threads.analogue", { channel: t(`threads.channel.${c.channel}`), date: c.received_at ? formatDate(i18n.language, c.received_at) : "" })}
        </p>
      )}
      {c.kind === "question" && c.question_status && !gone && (
        <p className="kern-body kern-body--small question-status">
          {t("threads.questionStatus.label")}:{" "}
          <strong>
            {c.question_status === "in_progress"
              ? c.taken_by
                ? t("threads.questionStatus.in_progress", { name: c.taken_by.display_name })
                : t("threads.questionStatus.in_progress_nobody")
              : t(`threads.questionStatus.${c.question_status}`)}
          </strong>
        </p>
      )}
      {c.status === "pending" && mine && <p className="kern-body kern-body--small">{t("threads.pendingHint")}</p>}
      {removed ? (
        <p className="kern-body comment__deleted">
          <em>{t("threads.removed", { reason })}</em>
        </p>
      ) : hidden ? (
        <div className="comment__hidden">
          <p className="kern-body comment__deleted">
            <em>{t("threads.hidden", { reason })}</em>
          </p>
          {own &&
            (appeal.isSuccess ? (
              <p className="kern-body" role="status">
                {t("threads.appealed")}
              </p>
            ) : (
              <p>
                <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-disabled={appeal.isPending || undefined} onClick={() => !appeal.isPending && appeal.mutate()}>
                  <span className="kern-label">{t("threads.appeal")}</span>
                </button>
                {appeal.error && (
                  <span className="kern-error" role="alert">
                    {" "}
                    {errorMessage(t, appeal.error)}
                  </span>
                )}
              </p>
            ))}
        </div>
      ) : c.deleted ? (
        <p className="kern-body comment__deleted">
          <em>{t("comments.deleted")}</em>
        </p>
      ) : mode === "edit" ? (
        <Composer mode="edit" comment={c} onDone={(n) => (n && mergeUpdated(qc, ctx.slug, ctx.filter, n), close())} onCancel={close} />
      ) : (
        // sanitised on the server (goldmark + bluemonday)
        <div className="rich-text comment__body" dangerouslySetInnerHTML={{ __html: c.body_html }} />
      )}
      {!gone && mode !== "edit" && (
        <div className="comment__actions">
          {c.status !== "pending" && <Votes c={c} own={own} />}
          {ctx.canWrite && c.status === "published" && mode !== "reply" && (
            <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => setMode("reply")}>
              <span className="kern-label">{t("comments.reply")}</span>
            </button>
          )}
          {canRespond && mode !== "respond" && (
            <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" onClick={() => setMode("respond")}>
              <span className="kern-label">{t("threads.respond")}</span>
            </button>
          )}
          {editable && (
            <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => setMode("edit")}>
              <span className="kern-label">{t("comments.edit")}</span>
            </button>
          )}
          {mine && mode !== "delete" && (
            <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => setMode("delete")}>
              <span className="kern-label">{t("comments.delete")}</span>
            </button>
          )}
          {canFlag && (
            <button
              type="button"
              ref={flagBtn}
              className="kern-btn kern-btn--tertiary kern-btn--small"
              aria-expanded={mode === "flag"}
              aria-controls={`${ctx.idp}-flagbox-${c.id}`}
              aria-label={t("threads.flag.openLabel", { name: author ?? "" })}
              onClick={() => {
                setFlagged(false);
                setMode(mode === "flag" ? "none" : "flag");
              }}
            >
              <span className="kern-label">{t("threads.flag.open")}</span>
            </button>
          )}
        </div>
      )}
      {canFlag && (
        <div id={`${ctx.idp}-flagbox-${c.id}`}>
          {mode === "flag" && (
            <FlagForm
              commentId={c.id}
              idp={ctx.idp}
              onDone={(ok) => {
                setMode("none");
                setFlagged(ok);
                setTimeout(() => flagBtn.current?.focus());
              }}
            />
          )}
          {flagged && (
            <p className="kern-body kern-body--small" role="status">
              {t("threads.flag.done")}
            </p>
          )}
        </div>
      )}
      {mode === "delete" && (
        <div className="comment__confirm" role="group" aria-label={t("comments.confirmDelete")}>
          <p className="kern-body">{t("comments.confirmDelete")}</p>
          {del.error && <p className="kern-error" role="alert">{errorMessage(t, del.error)}</p>}
          <button type="button" className="kern-btn kern-btn--primary kern-btn--small" autoFocus disabled={del.isPending} onClick={() => del.mutate()}>
            <span className="kern-label">{t("comments.deleteConfirm")}</span>
          </button>{" "}
          <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" onClick={close}>
            <span className="kern-label">{t("form.cancel")}</span>
          </button>
        </div>
      )}
      {(mode === "reply" || mode === "respond") && (
        <Composer
          mode={mode}
          parent={c}
          onCancel={close}
          onDone={(n) => {
            if (n) {
              ctx.created(n);
              if (more > 0 || level >= maxLevel) setExpanded(true);
            }
            close();
          }}
        />
      )}
      {expanded ? (
        <RepliesList parent={c.id} level={level + 1} />
      ) : (
        replies.length > 0 && (
          <ol className="comment-list comment-list--replies">
            {replies.map((r) => (
              <li key={r.id}>
                <CommentItem c={r} level={level + 1} />
              </li>
            ))}
          </ol>
        )
      )}
      {!expanded && more > 0 && (
        <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => setExpanded(true)}>
          <span className="kern-label">{t("comments.moreReplies", { count: more })}</span>
        </button>
      )}
    </article>
  );
}

function RepliesList({ parent, level }: { parent: string; level: number }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const q = useReplies(ctx.slug, ctx.filter, parent);
  if (q.isPending) return <p role="status">{t("app.loading")}</p>;
  if (q.isError) return <p className="kern-body">{errorMessage(t, q.error)}</p>;
  const items = q.data.pages.flatMap((p) => p.items);
  return (
    <>
      <ol className="comment-list comment-list--replies">
        {items.map((r) => (
          <li key={r.id}>
            <CommentItem c={r} level={level} />
          </li>
        ))}
      </ol>
      {q.hasNextPage && (
        <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          <span className="kern-label">{t("comments.more")}</span>
        </button>
      )}
    </>
  );
}

/** Votes are buttons for those who may vote; authors see only the counts (403 own_comment otherwise). */
function Votes({ c, own }: { c: Comment; own: boolean }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const qc = useQueryClient();
  const vote = useMutation({
    mutationFn: (value: -1 | 0 | 1) => unwrap(api.PUT("/api/v1/comments/{id}/vote", { params: { path: { id: c.id } }, body: { value } })),
    onSuccess: (r) => mergeVotes(qc, ctx.slug, ctx.filter, r),
  });
  if (!ctx.canWrite || own) {
    return (
      <span className="kern-body kern-body--small votes">
        {t("comments.upCount", { count: c.up })} · {t("comments.downCount", { count: c.down })}
      </span>
    );
  }
  const press = (v: 1 | -1) => vote.mutate(c.my_vote === v ? 0 : v);
  return (
    <span className="votes" role="group" aria-label={t("comments.votes")}>
      <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-pressed={c.my_vote === 1} disabled={vote.isPending} onClick={() => press(1)}>
        <span className="kern-label">
          {t("comments.up")} <span className="vote-count">{c.up}</span>
        </span>
      </button>{" "}
      <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-pressed={c.my_vote === -1} disabled={vote.isPending} onClick={() => press(-1)}>
        <span className="kern-label">
          {t("comments.down")} <span className="vote-count">{c.down}</span>
        </span>
      </button>
      {vote.error && (
        <span className="kern-error" role="alert">
          {problemText(t, vote.error)}
        </span>
      )}
    </span>
  );
}

/** problemText is the message of an error, with the waiting time of a rate limit. */
function problemText(t: ReturnType<typeof useTranslation>["t"], err: unknown): string {
  if (err instanceof ApiError && err.code === "rate_limited" && err.retryAfter) return t("comments.rateLimited", { count: err.retryAfter });
  return errorMessage(t, err);
}

/** Composer writes a new comment, a reply or an edit, with a server preview. */
export function Composer(p: { mode: "new" | "reply" | "edit" | "respond"; parent?: Comment; comment?: Comment; onDone: (c?: Comment) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const id = `${ctx.idp}-${p.mode}${p.parent ? `-${p.parent.id}` : ""}${p.comment ? `-${p.comment.id}` : ""}`;
  const [body, setBody] = useState(p.comment?.body ?? "");
  const [stance, setStance] = useState<"" | "pro" | "contra" | "neutral">("");
  const [kind, setKind] = useState<"comment" | "question">("comment");
  const [preview, setPreview] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const save = useMutation({
    mutationFn: async (): Promise<Comment> => {
      if (p.mode === "edit") return unwrap(api.PATCH("/api/v1/comments/{id}", { params: { path: { id: p.comment!.id } }, body: { body } }));
      if (p.mode === "respond") return unwrap(api.POST("/api/v1/comments/{id}/responses", { params: { path: { id: p.parent!.id } }, body: { body } }));
      const payload = {
        body,
        stance: stance === "" ? null : stance,
        kind,
        ...(p.parent ? { parent_id: p.parent.id } : ctx.target),
      };
      const key = keys.current.keyFor(JSON.stringify(payload));
      return unwrap(
        api.POST("/api/v1/projects/{slug}/comments", { params: { path: { slug: ctx.slug }, header: { "Idempotency-Key": key } }, body: payload }),
      );
    },
    onSuccess: (c) => {
      keys.current.done();
      setBody("");
      setStance("");
      setKind("comment");
      setPreview(false);
      p.onDone(c);
      // Ready for the next comment; replies and edits close and hand the focus to their comment.
      if (p.mode === "new") document.getElementById(`${id}-body`)?.focus();
    },
  });
  const fe = fieldErrors(save.error);
  const generalError = save.error && !fe.body ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  };
  const label =
    p.mode === "new" ? t("comments.yourComment") : p.mode === "reply" ? t("comments.yourReply") : p.mode === "respond" ? t("threads.respondLabel") : t("comments.editLabel");
  return (
    <form className="composer stack-form stack-form--wide" onSubmit={submit} noValidate>
      {generalError && (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{problemText(t, generalError)}</p>
          </div>
        </div>
      )}
      <TextArea id={`${id}-body`} label={label} hint={t("comments.markdownHint")} value={body} onChange={setBody} error={fe.body} rows={p.mode === "new" ? 5 : 3} />
      {(p.mode === "new" || p.mode === "reply") && (
        <div className="composer__options">
          <fieldset className="kern-fieldset">
            <legend className="kern-label">
              {t("comments.stanceLabel")} <span className="kern-label__optional">– {t("form.optional")}</span>
            </legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(["", "pro", "contra", "neutral"] as const).map((s) => (
                <div className="kern-form-check" key={s || "none"}>
                  <input className="kern-form-check__radio" type="radio" id={`${id}-stance-${s || "none"}`} name={`${id}-stance`} checked={stance === s} onChange={() => setStance(s)} />
                  <label className="kern-label" htmlFor={`${id}-stance-${s || "none"}`}>
                    {s ? t(`comments.stance.${s}`) : t("comments.stanceNone")}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t("comments.kindLabel")}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(["comment", "question"] as const).map((k) => (
                <div className="kern-form-check" key={k}>
                  <input className="kern-form-check__radio" type="radio" id={`${id}-kind-${k}`} name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
                  <label className="kern-label" htmlFor={`${id}-kind-${k}`}>
                    {t(`comments.kind.${k}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="kern-btn kern-btn--secondary" aria-expanded={preview} aria-controls={`${id}-preview`} onClick={() => setPreview(!preview)}>
          <span className="kern-label">{preview ? t("newVersion.hidePreview") : t("newVersion.showPreview")}</span>
        </button>
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus */}
        <button type="submit" className="kern-btn kern-btn--primary" aria-disabled={save.isPending || undefined}>
          <span className="kern-label">{save.isPending
            ? t("form.saving")
            : p.mode === "edit"
              ? t("form.save")
              : p.mode === "reply"
                ? t("comments.submitReply")
                : p.mode === "respond"
                  ? t("threads.respondSubmit")
                  : t("comments.submit")}</span>
        </button>
        {p.onCancel && (
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={p.onCancel}>
            <span className="kern-label">{t("form.cancel")}</span>
          </button>
        )}
      </div>
      <div id={`${id}-preview`} className="preview" hidden={!preview} role="region" aria-label={t("newVersion.preview")}>
        {preview && <MarkdownPreview markdown={body} />}
      </div>
    </form>
  );
}
