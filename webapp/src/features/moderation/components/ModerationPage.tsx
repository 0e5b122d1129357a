// The moderation queue (moderators, admins): pending, flagged and appealed comments, oldest first, with
// their context; approve, hide, restore, remove and bulk approve. Live on topic `moderation`: new items
// appear, items resolved elsewhere disappear with a polite announcement of who handled them.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { formatDate } from "../../../lib/format/format";
import { useLiveTopic } from "../../../lib/useLive";
import { RoleBadges } from "../../../lib/ui/RoleBadges";
import { ErrorAlert, Select, TextArea } from "../../../lib/ui/Form";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { may, useUser } from "../../../lib/useUser";
import { actionsFor, applyQueueEvent, removeItem, type QueueItem, type QueuePage } from "../api/queue";

import { hideReasons, queueKey, useBulkApprove, useModerate, useQueue, type Action, type HideReason } from "../api/moderation";

export function ModerationPage() {
  const { t } = useTranslation();
  usePageTitle(t("moderation.title"));
  const me = useUser();
  return (
    <RouteGuard
      title={t("moderation.title")}
      allowed={may(me, "moderate")}
      who={t("moderation.onlyModerators")}
      back={{ to: "/moderation/protokoll", label: t("moderation.logLink") }}
    >
      <h1 className="kern-heading-x-large">{t("moderation.title")}</h1>
      <p className="kern-body">{t("moderation.intro")}</p>
      <p className="kern-body aux-links">
        <Link to="/moderation/protokoll" className="kern-link">
          {t("moderation.logLink")}
        </Link>
      </p>
      <Queue />
    </RouteGuard>
  );
}

function Queue() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [announcement, setAnnouncement] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const mine = useRef(new Set<string>()); // comments this tab resolved: no "handled by" announcement for those
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useQueue();

  useLiveTopic("moderation", {
    onEvent: (ev) => {
      const data = qc.getQueryData<InfiniteData<QueuePage>>(queueKey);
      if (!data) return;
      const complete = !data.pages[data.pages.length - 1]?.next_cursor;
      const queuedId = ev.type === "moderation.queued" ? ev.data?.comment?.id : undefined;
      const known = data.pages.some((p) => p.items.some((i) => i.comment.id === queuedId));
      qc.setQueryData<InfiniteData<QueuePage>>(queueKey, { ...data, pages: applyQueueEvent(data.pages, ev, complete) });
      if (ev.type === "moderation.resolved") {
        const r = ev.data;
        setSelected((s) => (s.has(r.comment_id) ? new Set([...s].filter((x) => x !== r.comment_id)) : s));
        if (mine.current.has(r.comment_id)) return;
        setAnnouncement(
          r.moderator ? t("moderation.resolvedBy", { id: r.comment_id, name: r.moderator }) : t("moderation.resolvedByAuthor", { id: r.comment_id }),
        );
      } else if (ev.type === "moderation.queued" && !known) {
        setAnnouncement(t("moderation.newItem", { id: ev.data.comment.id }));
      }
    },
    onReset: () => void qc.invalidateQueries({ queryKey: queueKey }),
  });

  const resolved = (id: string, message: string) => {
    mine.current.add(id);
    const data = qc.getQueryData<InfiniteData<QueuePage>>(queueKey);
    if (data) qc.setQueryData<InfiniteData<QueuePage>>(queueKey, { ...data, pages: removeItem(data.pages, id) });
    setSelected((s) => new Set([...s].filter((x) => x !== id)));
    setAnnouncement(message);
    heading.current?.focus(); // the item is gone: keep the keyboard user in the list
  };

  const bulk = useBulkApprove((r) => {
      for (const id of [...r.approved, ...r.skipped]) mine.current.add(id);
      const data = qc.getQueryData<InfiniteData<QueuePage>>(queueKey);
      if (data) {
        let pages = data.pages;
        for (const id of r.approved) pages = removeItem(pages, id);
        qc.setQueryData<InfiniteData<QueuePage>>(queueKey, { ...data, pages });
      }
      setSelected(new Set());
      setAnnouncement(t("moderation.bulk.done", { approved: r.approved.length, skipped: r.skipped.length }));
      heading.current?.focus();
  });

  if (list.isPending) return <p role="status">{t("app.loading")}</p>;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const approvable = items.filter((i) => actionsFor(i).approve && selected.has(i.comment.id)).map((i) => i.comment.id);
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? new Set([...s, id]) : new Set([...s].filter((x) => x !== id))));

  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={heading} tabIndex={-1} className="kern-heading-medium">
        {t("moderation.shown", { count: items.length })}
      </h2>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {announcement && (
        <p className="kern-body kern-body--small" aria-hidden="true">
          {announcement}
        </p>
      )}
      {bulk.isError && <ErrorAlert error={bulk.error} />}
      {items.length === 0 ? (
        <p className="kern-body">{t("moderation.empty")}</p>
      ) : (
        <>
          <div className="form-actions">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={approvable.length === 0 || bulk.isPending}
              onClick={() => bulk.mutate(approvable)}
            >
              <span className="kern-label">{t("moderation.bulk.submit", { count: approvable.length })}</span>
            </button>
          </div>
          <ol className="queue-list">
            {items.map((i) => (
              <QueueEntry
                key={i.comment.id}
                item={i}
                selected={selected.has(i.comment.id)}
                onSelect={(on) => toggle(i.comment.id, on)}
                onDone={(action) => resolved(i.comment.id, t(`moderation.done.${action}`, { id: i.comment.id }))}
              />
            ))}
          </ol>
          {list.hasNextPage && (
            <p className="load-more">
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void list.fetchNextPage()}>
                <span className="kern-label">{t("moderation.loadMore")}</span>
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function QueueEntry({
  item,
  selected,
  onSelect,
  onDone,
}: {
  item: QueueItem;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDone: (a: Action) => void;
}) {
  const { t, i18n } = useTranslation();
  const c = item.comment;
  const can = actionsFor(item);
  const [open, setOpen] = useState<"hide" | "remove" | null>(null);
  const [reason, setReason] = useState<HideReason>("spam");
  const [note, setNote] = useState("");
  const hideBtn = useRef<HTMLButtonElement>(null);
  const removeBtn = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLDivElement>(null);
  const act = useModerate(c.id, onDone);
  useEffect(() => {
    if (open) firstField.current?.querySelector<HTMLElement>("select, textarea")?.focus();
  }, [open]);
  const close = () => {
    const btn = open === "hide" ? hideBtn : removeBtn;
    setOpen(null);
    setTimeout(() => btn.current?.focus());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (open) act.mutate({ action: open, reason, note });
  };
  const hid = `q-${c.id}`;
  return (
    <li className="queue-item" aria-labelledby={`${hid}-h`}>
      <h3 id={`${hid}-h`} className="kern-heading-small">
        {t("moderation.itemHeading", { id: c.id, project: item.project.title })}
      </h3>
      <dl className="kern-description-list queue-item__meta">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("moderation.why")}</dt>
          <dd className="kern-description-list-item__value">{t(`moderation.reason.${item.reason}`)}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("moderation.status")}</dt>
          <dd className="kern-description-list-item__value">
            {t(`moderation.commentStatus.${c.status}`)}
            {c.hidden_reason && ` (${t(`moderation.hideReason.${c.hidden_reason}`)})`}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("moderation.author")}</dt>
          <dd className="kern-description-list-item__value">
            {c.author?.display_name ?? t("moderation.anonymous")}
            {c.channel === "online" && <RoleBadges badges={c.author?.badges} />}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("moderation.queuedAt")}</dt>
          <dd className="kern-description-list-item__value">{formatDate(i18n.language, item.queued_at, true)}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("officials.project")}</dt>
          <dd className="kern-description-list-item__value">
            <Link to={`/projekte/${encodeURIComponent(item.project.slug)}`} className="kern-link">
              {item.project.title}
            </Link>
            {item.document && (
              <>
                {" "}
                <Link
                  to={`/dokumente/${encodeURIComponent(item.document.id)}${c.block_id ? `#block-${encodeURIComponent(c.block_id)}` : ""}`}
                  className="kern-link"
                >
                  {t("moderation.onDocument", { title: item.document.title })}
                </Link>
              </>
            )}
          </dd>
        </div>
      </dl>
      {item.parent_excerpt && (
        <blockquote className="queue-item__parent kern-body">
          <span className="kern-label">{t("moderation.parent")}: </span>
          {item.parent_excerpt}
        </blockquote>
      )}
      {c.body_html ? (
        <div className="rich-text queue-item__body" dangerouslySetInnerHTML={{ __html: c.body_html }} />
      ) : (
        <p className="kern-body">{t("moderation.noText")}</p>
      )}
      {item.flags.length > 0 && (
        <>
          <h4 className="kern-heading-small">{t("moderation.flagsHeading")}</h4>
          <ul className="kern-body">
            {item.flags.map((f, n) => (
              <li key={n}>
                {t(`moderation.hideReason.${f.reason}`, { defaultValue: f.reason })}
                {f.text && `: ${f.text}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {act.isError && <ErrorAlert error={act.error} />}
      <div className="queue-item__actions">
        {can.approve && (
          <div className="kern-form-check">
            <input
              id={`${hid}-sel`}
              type="checkbox"
              className="kern-form-check__checkbox"
              checked={selected}
              onChange={(e) => onSelect(e.target.checked)}
            />
            <label className="kern-label" htmlFor={`${hid}-sel`}>
              {t("moderation.action.select", { id: c.id })}
            </label>
          </div>
        )}
        {can.approve && (
          <button type="button" className="kern-btn kern-btn--primary" disabled={act.isPending} onClick={() => act.mutate({ action: "approve", reason, note })}>
            <span className="kern-label">{t("moderation.action.approve")}</span>
          </button>
        )}
        {can.restore && (
          <button type="button" className="kern-btn kern-btn--primary" disabled={act.isPending} onClick={() => act.mutate({ action: "restore", reason, note })}>
            <span className="kern-label">{t("moderation.action.restore")}</span>
          </button>
        )}
        {can.hide && (
          <button
            type="button"
            ref={hideBtn}
            className="kern-btn kern-btn--secondary"
            aria-expanded={open === "hide"}
            aria-controls={open === "hide" ? `${hid}-form` : undefined}
            onClick={() => setOpen(open === "hide" ? null : "hide")}
          >
            <span className="kern-label">{t("moderation.action.hide")}</span>
          </button>
        )}
        {can.remove && (
          <button
            type="button"
            ref={removeBtn}
            className="kern-btn kern-btn--secondary"
            aria-expanded={open === "remove"}
            aria-controls={open === "remove" ? `${hid}-form` : undefined}
            onClick={() => setOpen(open === "remove" ? null : "remove")}
          >
            <span className="kern-label">{t("moderation.action.remove")}</span>
          </button>
        )}
      </div>
      {open && (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Escape closes the form (keyboard users' way out)
        <form id={`${hid}-form`} className="stack-form queue-item__form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()}>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">
              {open === "hide" ? t("moderation.hideForm.legend", { id: c.id }) : t("moderation.removeConfirm.legend", { id: c.id })}
            </legend>
            <div ref={firstField} className="kern-fieldset__body">
              {open === "hide" ? (
                <Select
                  id={`${hid}-reason`}
                  label={t("moderation.hideForm.reason")}
                  value={reason}
                  onChange={(v) => setReason(v as HideReason)}
                  options={hideReasons.map((r) => ({ value: r, label: t(`moderation.hideReason.${r}`) }))}
                />
              ) : (
                <p className="kern-body">{t("moderation.removeConfirm.text")}</p>
              )}
              <TextArea
                id={`${hid}-note`}
                label={t("moderation.hideForm.note")}
                hint={t("moderation.hideForm.noteHint")}
                optional
                rows={2}
                value={note}
                onChange={setNote}
              />
              <div className="form-actions">
                <button type="submit" className="kern-btn kern-btn--primary" disabled={act.isPending}>
                  <span className="kern-label">{open === "hide" ? t("moderation.hideForm.submit") : t("moderation.removeConfirm.submit")}</span>
                </button>
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={close}>
                  <span className="kern-label">{t("moderation.action.cancel")}</span>
                </button>
              </div>
            </div>
          </fieldset>
        </form>
      )}
    </li>
  );
}
