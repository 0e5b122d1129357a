import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { formatDate } from "../../../lib/format/format";
import { ErrorAlert } from "../../../lib/ui/Form";
import { projectQuery } from "../../projects";
import { useDocument, useDocumentVersions } from "../api/documents";
import { versionParam } from "../api/prefetch";
import { CommentsSection, countsKey, LiveIndicator, useCommentCounts, useLinkedCommentPlace } from "../../comments";
import { useLiveTopic } from "../../../lib/useLive";

/** DocumentPage shows a document version as blocks with anchors, a version switcher and change marks. */
export function DocumentPage() {
  const { id = "" } = useParams();
  const [sp] = useSearchParams();
  const version = versionParam(sp.get("version"));
  const { t, i18n } = useTranslation();
  const q = useDocument(id, version);
  // The versions load alongside the document, and the page waits for both: the version switcher
  // appearing above the text a moment later would push it down (a layout shift).
  const versions = useDocumentVersions(id);
  const location = useLocation();
  const qc = useQueryClient();
  const slug = q.data?.project_slug ?? "";
  const project = useQuery({ ...projectQuery(slug), enabled: slug !== "" });
  const counts = useCommentCounts(slug);
  const [open, setOpen] = useState<Set<string>>(new Set());
  // New and deleted comments change the counts beside the paragraphs.
  useLiveTopic(q.data ? `document:${q.data.id}` : null, {
    onEvent: (ev) => {
      if (ev.type === "comment.created" || ev.type === "comment.deleted") void qc.invalidateQueries({ queryKey: countsKey(slug) });
    },
    onReset: () => void qc.invalidateQueries({ queryKey: countsKey(slug) }),
  });
  usePageTitle(q.data ? `${q.data.title} (${t("document.versionN", { n: q.data.version })})` : t("document.title"));

  // A deep link #block-<id> scrolls to its block and focuses it, once the blocks are there (the page
  // renders them when the versions have loaded too, whichever of the two queries answers last).
  const blocksShown = !!q.data && !versions.isPending;
  useEffect(() => {
    if (!blocksShown || !location.hash.startsWith("#block-")) return;
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el) {
      el.scrollIntoView({ block: "start" });
      el.focus();
    }
  }, [blocksShown, q.data, location.hash]);

  // A linked paragraph with comments opens its thread (links from the project's "Diskussionen zu Absätzen").
  const linkedBlock = location.hash.startsWith("#block-") ? decodeURIComponent(location.hash.slice("#block-".length)) : "";
  const linkedHasComments = !!q.data && !!counts.data?.blocks.some((c) => c.document_id === q.data.id && c.block_id === linkedBlock);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opens the linked thread once, when its count is known
    if (linkedHasComments) setOpen((o) => (o.has(linkedBlock) ? o : new Set(o).add(linkedBlock)));
  }, [linkedBlock, linkedHasComments]);
  // A link to a block comment (#comment-<id>) opens the thread of its paragraph; the thread then scrolls to
  // the comment and focuses it. A paragraph the shown version lacks is found in the version it was written on.
  const linked = useLinkedCommentPlace();
  const navigate = useNavigate();
  useEffect(() => {
    const block = linked?.block_id;
    if (!q.data || !linked || !block || linked.document_id !== q.data.id) return;
    if (!q.data.blocks.some((b) => b.block_id === block)) {
      if (linked.version && linked.version !== q.data.version) void navigate(`?version=${linked.version}${location.hash}`, { replace: true });
      return;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opens the linked paragraph's thread once its comment is known
    setOpen((o) => (o.has(block) ? o : new Set(o).add(block)));
  }, [q.data, linked, location.hash, navigate]);

  if (q.isPending || versions.isPending) return <p role="status">{t("app.loading")}</p>;
  if (q.isError)
    return (
      <>
        <h1 className="kern-heading-x-large">{t("document.title")}</h1>
        <ErrorAlert error={q.error} />
      </>
    );
  const d = q.data;
  const isLatest = d.version === d.latest_version;
  const countOf = (block: string) => counts.data?.blocks.find((c) => c.document_id === d.id && c.block_id === block)?.count ?? 0;
  const toggle = (block: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (!n.delete(block)) n.add(block);
      return n;
    });
  return (
    <article className="document-page">
      <p className="kern-body breadcrumb">
        <Link to={`/projekte/${encodeURIComponent(d.project_slug)}`} className="kern-link">
          {t("document.backToProject")}
        </Link>
      </p>
      <h1 className="kern-heading-x-large">{d.title}</h1>
      <p className="kern-body">
        {t(`documentKind.${d.kind}`, { defaultValue: d.kind })} ·{" "}
        {t("document.versionOf", { n: d.version, latest: d.latest_version })} · {formatDate(i18n.language, d.version_created_at, true)}
        {d.author_name ? ` · ${d.author_name}` : ""}
      </p>
      {d.change_note && <p className="kern-body">{t("document.changeNote", { note: d.change_note })}</p>}
      {!isLatest && (
        <div className="kern-alert kern-alert--info">
          <div className="kern-alert__body">
            <p className="kern-body">
              {t("document.olderVersion")}{" "}
              <Link to={`/dokumente/${encodeURIComponent(d.id)}`} className="kern-link">
                {t("document.toLatest")}
              </Link>
            </p>
          </div>
        </div>
      )}
      {d.permissions.add_version && <NewVersionLink id={d.id} />}
      <VersionSwitcher id={d.id} current={d.version} />
      {d.version > 1 && <p className="kern-body kern-body--small">{t("document.changedLegend")}</p>}
      <LiveIndicator />
      <div className="doc-blocks">
        {d.blocks.map((b, i) => (
          <div key={b.block_id} id={`block-${b.block_id}`} tabIndex={-1} className={`doc-block doc-block--${b.kind}${b.changed ? " doc-block--changed" : ""}`}>
            {b.changed && <span className="kern-badge kern-badge--info changed-mark">{t("document.changed")}</span>}
            {/* sanitised on the server (goldmark + bluemonday) */}
            <div className="rich-text" dangerouslySetInnerHTML={{ __html: b.html }} />
            <a className="kern-link kern-link--small block-link" href={`#block-${b.block_id}`}>
              {t("document.blockLink")}
            </a>{" "}
            <button
              type="button"
              className="kern-btn kern-btn--tertiary kern-btn--small block-comments"
              aria-expanded={open.has(b.block_id)}
              aria-controls={`thread-${b.block_id}`}
              onClick={() => toggle(b.block_id)}
            >
              <span className="kern-label">
                {countOf(b.block_id) > 0 ? t("comments.blockCount", { count: countOf(b.block_id) }) : t("comments.blockComment")}
                <span className="kern-sr-only"> {t("comments.blockButtonLabel", { n: i + 1 })}</span>
              </span>
            </button>
            <div id={`thread-${b.block_id}`} hidden={!open.has(b.block_id)} className="block-thread">
              {open.has(b.block_id) && (
                <CommentsSection
                  slug={d.project_slug}
                  filter={{ document: d.id, block: b.block_id }}
                  target={{ document_id: d.id, version: d.version, block_id: b.block_id }}
                  topic={`document:${d.id}`}
                  closed={project.data ? !project.data.comments_open : false}
                  heading={`${t("comments.blockHeading")} (${i + 1})`}
                  level={2}
                  idp={`b-${b.block_id}`}
                  indicator={false}
                />
              )}
            </div>
          </div>
        ))}
      </div>
    </article>
  );
}

function NewVersionLink({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <p className="kern-body">
      <Link to={`/dokumente/${encodeURIComponent(id)}/neue-fassung`} className="kern-link">
        {t("document.newVersion")}
      </Link>
    </p>
  );
}

function VersionSwitcher({ id, current }: { id: string; current: number }) {
  const { t, i18n } = useTranslation();
  const q = useDocumentVersions(id);
  if (!q.data || q.data.items.length < 2) return null;
  return (
    <nav aria-label={t("document.versions")} className="version-switcher">
      <h2 className="kern-heading-small">{t("document.versions")}</h2>
      <ul className="kern-list">
        {q.data.items.map((v) => (
          <li key={v.number}>
            <Link
              to={`/dokumente/${encodeURIComponent(id)}?version=${v.number}`}
              className="kern-link"
              aria-current={v.number === current ? "page" : undefined}
            >
              {t("document.versionN", { n: v.number })}
            </Link>{" "}
            <span className="kern-body--small">
              ({formatDate(i18n.language, v.created_at)}
              {v.change_note ? `: ${v.change_note}` : ""})
            </span>
            {v.number === current && <span className="kern-sr-only"> ({t("document.shown")})</span>}
          </li>
        ))}
      </ul>
    </nav>
  );
}
