import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { formatDate, formatEUR, formatNumber } from "../../../lib/format/format";
import { ApiError } from "../../../lib/api/problem";
import { ErrorAlert } from "../../../lib/ui/Form";
import { ProjectResponseTimes } from "../../accountability";
import { CommentsSection } from "../../comments";
import { ParagraphDiscussions } from "./ParagraphDiscussions";
import { useQueryClient } from "@tanstack/react-query";
import { useLiveTopic } from "../../../lib/useLive";
import { PollsSection } from "../../polls";
import { setSupportCount } from "../api/supports";
import { SupportButton } from "./SupportButton";
import { EvaluationSection } from "../../evaluations";
import { useProject, useProjectDocuments, useProjectHistory, type Project } from "../api/projects";
import { historyValue } from "./historyValue";
import { KpiSection } from "./KpiSection";

/** ProjectPage shows a project: overview, plain-language summary, description, documents, KPIs and history. */
export function ProjectPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const q = useProject(slug);
  const qc = useQueryClient();
  // The support count moves live (project.supports); polls and comments follow the same topic themselves.
  useLiveTopic(q.data ? `project:${slug}` : null, {
    onEvent: (ev) => {
      if (ev.type === "project.supports") setSupportCount(qc, ev.data.slug, ev.data.support_count);
    },
    onReset: () => void qc.invalidateQueries({ queryKey: ["projects", "one", slug] }),
  });
  usePageTitle(q.data?.title ?? t("project.title"));
  if (q.isPending) return <p role="status">{t("app.loading")}</p>;
  if (q.isError) {
    return (
      <>
        <h1 className="kern-heading-x-large">
          {q.error instanceof ApiError && q.error.status === 404 ? t("notFound.title") : t("project.title")}
        </h1>
        <ErrorAlert error={q.error} />
      </>
    );
  }
  const p = q.data;
  return (
    <article className="project-page">
      <p className="kern-body breadcrumb">
        <Link to="/projekte" className="kern-link">
          {t("project.back")}
        </Link>
      </p>
      <h1 className="kern-heading-x-large">{p.title}</h1>
      <p className="kern-body kern-body--large">{p.summary}</p>
      <p className="kern-body comment-counts" data-testid="project-comment-count">
        <a href="#pc-heading" className="kern-link">
          {t("discussions.commentCount", { count: p.comment_count })}
        </a>
      </p>
      <SupportButton p={p} />
      {(p.permissions.edit || p.permissions.record_contribution) && (
        <ul className="kern-list project-actions">
          {p.permissions.edit && (
            <li>
              <Link to={`/projekte/${encodeURIComponent(p.slug)}/bearbeiten`} className="kern-link">
                {t("project.edit")}
              </Link>
            </li>
          )}
          {p.permissions.record_contribution && (
            <li>
              <Link to={`/projekte/${encodeURIComponent(p.slug)}/beitrag-erfassen`} className="kern-link">
                {t("officials.contributions.link", { title: p.title })}
              </Link>
            </li>
          )}
        </ul>
      )}
      <Overview p={p} />
      {p.plain_summary && (
        <section aria-labelledby="plain-heading" className="plain-language" lang="de">
          <h2 id="plain-heading" className="kern-heading-medium">
            {t("project.plain")}
          </h2>
          <p className="kern-body">{p.plain_summary}</p>
        </section>
      )}
      {p.description_html && (
        <section aria-labelledby="desc-heading">
          <h2 id="desc-heading" className="kern-heading-medium">
            {t("project.description")}
          </h2>
          {/* sanitised on the server (goldmark + bluemonday) */}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: demoteHeadings(p.description_html) }} />
        </section>
      )}
      <Documents slug={p.slug} />
      <KpiSection p={p} />
      <ParagraphDiscussions slug={p.slug} />
      <PollsSection slug={p.slug} canCreate={p.permissions.create_poll} />
      <EvaluationSection slug={p.slug} />
      <CommentsSection
        slug={p.slug}
        filter={{ document: "none" }}
        target={{}}
        topic={`project:${p.slug}`}
        closed={!p.comments_open}
        heading={t("comments.projectHeading")}
        level={2}
        idp="pc"
      />
      <ProjectResponseTimes slug={p.slug} />
      <History slug={p.slug} />
    </article>
  );
}

/** demoteHeadings moves the description's headings below the section heading (h2 → h3 …). */
function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-5])(\s|>)/g, (_, close: string, n: string, rest: string) => `<${close}h${Math.min(Number(n) + 1, 6)}${rest}`);
}

function Overview({ p }: { p: Project }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows: [string, ReactNode][] = [
    [t("project.status"), t(`projectStatus.${p.status}`, { defaultValue: p.status })],
    [t("project.owner"), p.owner_unit],
    [t("project.principles"), p.principles.length ? p.principles.map((x) => t(`principle.${x}`)).join(", ") : t("project.none")],
    [t("project.reach"), t("project.reachValue", { n: formatNumber(lang, p.expected_reach) })],
    [t("project.effort"), t("project.effortValue", { n: p.effort })],
    [t("project.budget"), p.budget_eur === null ? t("project.unknown") : formatEUR(lang, p.budget_eur)],
    [t("project.start"), p.start_date ? formatDate(lang, p.start_date) : t("project.unknown")],
    [t("project.end"), p.end_date ? formatDate(lang, p.end_date) : t("project.unknown")],
    [
      t("project.lotse"),
      p.lotse && (p.lotse.name || p.lotse.email) ? (
        <>
          {p.lotse.name}
          {p.lotse.email && (
            <>
              {" "}
              (
              <a className="kern-link" href={`mailto:${p.lotse.email}`}>
                {p.lotse.email}
              </a>
              )
            </>
          )}
        </>
      ) : (
        t("project.none")
      ),
    ],
    [t("project.updated"), formatDate(lang, p.updated_at, true)],
  ];
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading" className="kern-heading-medium">
        {t("project.overview")}
      </h2>
      <dl className="kern-description-list overview">
        {rows.map(([k, v]) => (
          <div key={k} className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{k}</dt>
            <dd className="kern-description-list-item__value">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Documents({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const q = useProjectDocuments(slug);
  return (
    <section aria-labelledby="docs-heading">
      <h2 id="docs-heading" className="kern-heading-medium">
        {t("project.documents")}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="kern-body">{t("project.noDocuments")}</p>
      ) : (
        <ul className="kern-list doc-list">
          {q.data.items.map((d) => (
            <li key={d.id}>
              <Link to={`/dokumente/${encodeURIComponent(d.id)}`} className="kern-link">
                {d.title}
              </Link>{" "}
              <span className="kern-body--small">
                ({t(`documentKind.${d.kind}`, { defaultValue: d.kind })}, {t("document.versionN", { n: d.latest_version })},{" "}
                {formatDate(i18n.language, d.updated_at)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const q = useProjectHistory(slug);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading" className="kern-heading-medium">
        {t("project.history")}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="history-heading">
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">{t("project.history")}</caption>
              <thead className="kern-table__header">
                <tr>
                  <th scope="col">{t("history.when")}</th>
                  <th scope="col">{t("history.who")}</th>
                  <th scope="col">{t("history.field")}</th>
                  <th scope="col">{t("history.old")}</th>
                  <th scope="col">{t("history.new")}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {items.map((c) => (
                  <tr key={c.id}>
                    <td>{formatDate(i18n.language, c.created_at, true)}</td>
                    <td>{c.actor_name ?? t("history.deletedUser")}</td>
                    <td>{t(`field.${c.field.replace(".", "_")}`, { defaultValue: c.field })}</td>
                    <td className="history__value">{c.field === "created" ? "" : historyValue(t, c.field, c.old_value)}</td>
                    <td className="history__value">{c.field === "created" ? "" : historyValue(t, c.field, c.new_value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.hasNextPage && (
            <p className="load-more">
              <button type="button" className="kern-btn kern-btn--secondary" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                <span className="kern-label">{q.isFetchingNextPage ? t("app.loading") : t("history.more")}</span>
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
