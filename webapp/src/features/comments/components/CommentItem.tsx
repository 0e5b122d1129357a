// One comment with its actions (reply, respond, edit, delete, flag, appeal, votes) and its replies.
import { useQueryClient } from "@tanstack/react-query";
import { memo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { formatDate } from "../../../lib/format/format";
import { RoleBadges } from "../../../lib/ui/RoleBadges";
import { hasRole } from "../../../lib/useUser";
import { maxLevel, type Comment } from "../api/cache";
import { mergeUpdated, useReplies } from "../api/comments";
import { useVote } from "../api/mutations";
import { Appeal, DeleteConfirm } from "./CommentParts";
import { Composer } from "./Composer";
import { editWindowMs, useCtx } from "./context";
import { FlagForm } from "./FlagForm";
import { problemText } from "./problemText";

/** collapsedReplies is how many replies a comment shows before "n weitere Antworten anzeigen". */
export const collapsedReplies = 3;

/**
 * CommentItem is one comment with its actions and replies (exported for tests). It is memoised: the cache
 * merges keep the objects of unchanged comments, so a vote or an event re-renders only the changed comment
 * and the comments above it, not the whole thread.
 */
export const CommentItem = memo(CommentItemInner);

function CommentItemInner({ c, level }: { c: Comment; level: number }) {
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
  const mine = own && !c.deleted && !removed && c.kind !== "council_decision"; // a statement changes only through a new decision
  // eslint-disable-next-line react-hooks/purity -- the 15-minute edit window is checked at render; the server checks again
  const editable = mine && !hidden && ctx.canWrite && Date.now() - Date.parse(c.created_at) < editWindowMs;
  const official = c.kind === "official_response";
  // A statement of the Digitalrat: the decision of a council session on this project, distinct from an
  // official response.
  const council = c.kind === "council_decision";
  const verified = user !== null && user.email_verified;
  // The server says who may respond; a comment that arrived through a live event carries no permissions,
  // so it falls back to the role (the server checks the department on submit).
  const canRespond = c.permissions
    ? c.permissions.respond
    : verified && (hasRole(user, "official") || hasRole(user, "admin")) && c.status === "published" && !c.deleted && !official;
  const canFlag = verified && !own && c.status === "published" && !c.deleted;
  const close = () => {
    setMode("none");
    setTimeout(() => self.current?.focus());
  };
  const loaded = c.replies ?? [];
  // Long reply chains are collapsed to their first replies; the rest are one click away (loaded ones at
  // once, the others with ?parent=).
  const replies = expanded ? loaded : loaded.slice(0, collapsedReplies);
  const more = c.reply_count - replies.length;
  const allLoaded = loaded.length >= c.reply_count;
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
          : council
            ? t("comments.kind.council_decision")
            : t("comments.by", { name: author });
  const linked = ctx.linkedId === c.id; // the address links here (#comment-<id>): marked by an outline and a text
  return (
    <article
      className={`comment${official ? " comment--official" : ""}${council ? " comment--council" : ""}${c.status === "pending" ? " comment--pending" : ""}${linked ? " comment--linked" : ""}`}
      id={`${ctx.idp}-c-${c.id}`}
      tabIndex={-1}
      ref={self}
      aria-label={linked ? `${t("comments.linked")}: ${label}` : label}
    >
      {linked && <p className="comment__linked kern-body kern-body--small">{t("comments.linked")}</p>}
      {official && (
        <p className="comment__official kern-body">
          <span aria-hidden="true" className="comment__official-mark">
            ✔
          </span>{" "}
          <strong>{c.department ? t("threads.official", { department: c.department }) : t("threads.officialNoDepartment")}</strong>
        </p>
      )}
      {council && (
        <p className="comment__council kern-body">
          <strong>{t("comments.kind.council_decision")}</strong>
        </p>
      )}
      <p className="comment__meta kern-body kern-body--small">
        {author !== null && <strong>{author}</strong>}
        {author !== null && !analogue && <RoleBadges badges={c.author?.badges} />} {author !== null && "· "}
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
          {own && <Appeal id={c.id} />}
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
      {mode === "delete" && <DeleteConfirm c={c} close={close} />}
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
      {expanded && !allLoaded ? (
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
  const vote = useVote(qc, ctx.slug, ctx.filter, c);
  if (!ctx.canWrite || own) {
    return (
      <span className="kern-body kern-body--small votes">
        {t("comments.upCount", { count: c.up })} · {t("comments.downCount", { count: c.down })}
      </span>
    );
  }
  // The vote shows at once (useVote is optimistic); while the server has not answered, further presses wait.
  // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
  const press = (v: 1 | -1) => !vote.isPending && vote.mutate(c.my_vote === v ? 0 : v);
  // A pressed vote is a filled button with a check mark, not only another colour (aria-pressed for
  // screen readers); the label stays the same, as toggle buttons should.
  const btn = (v: 1 | -1, label: string, count: number) => {
    const on = c.my_vote === v;
    return (
      <button
        type="button"
        className={`kern-btn kern-btn--small vote${on ? " kern-btn--primary vote--on" : " kern-btn--secondary"}`}
        aria-pressed={on}
        aria-disabled={vote.isPending || undefined}
        onClick={() => press(v)}
      >
        <span className="kern-label">
          <span aria-hidden="true" className="vote__mark">
            {on ? "✓" : v === 1 ? "+" : "−"}
          </span>{" "}
          <span className="vote__text">{label}</span> <span className="vote-count">{count}</span>
        </span>
      </button>
    );
  };
  return (
    <span className="votes" role="group" aria-label={t("comments.votes")}>
      {btn(1, t("comments.up"), c.up)} {btn(-1, t("comments.down"), c.down)}
      {vote.error && (
        <span className="kern-error" role="alert">
          {problemText(t, vote.error)}
        </span>
      )}
    </span>
  );
}
