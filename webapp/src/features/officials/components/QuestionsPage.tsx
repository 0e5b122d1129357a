// Open questions of the official's department (admins: all), oldest first, with "take"; response-time
// figures overall and per listed project; entry points to record analogue contributions.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import type { components } from "../../../lib/api/schema.gen";
import { formatDate } from "../../../lib/format/format";
import { commentHref } from "../../../lib/links/comment";
import type { User } from "../../../lib/api/client";
import { ErrorAlert } from "../../../lib/ui/Form";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { may, useUser } from "../../../lib/useUser";
import { useOpenQuestions, useOwnedProjects, useResponseTimes, useResponseTimesByProject, useTakeQuestion } from "../api/officials";
import { formatDuration, formatShare } from "../../../lib/format/times";

type Comment = components["schemas"]["Comment"];
type ResponseTimesFigures = components["schemas"]["ResponseTimes"];

export function QuestionsPage() {
  const { t } = useTranslation();
  usePageTitle(t("officials.title"));
  const me = useUser();
  return (
    <RouteGuard title={t("officials.title")} allowed={may(me, "answer_questions")} who={t("officials.onlyOfficials")}>
      {() =>
        me && (
          <>
            <h1 className="kern-heading-x-large">{t("officials.title")}</h1>
            <p className="kern-body">{t("officials.intro")}</p>
            <Questions />
            <Contributions me={me} />
          </>
        )
      }
    </RouteGuard>
  );
}

function Questions() {
  const { t } = useTranslation();
  const list = useOpenQuestions();
  if (list.isPending) return <p role="status">{t("app.loading")}</p>;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const slugs = [...new Set(items.map((q) => q.project_slug))];
  return (
    <>
      {items.length === 0 ? (
        <p className="kern-body">{t("officials.empty")}</p>
      ) : (
        <ol className="question-list">
          {items.map((q) => (
            <Question key={q.id} q={q} />
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <p className="load-more">
          <button type="button" className="kern-btn kern-btn--secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            <span className="kern-label">{t("officials.loadMore")}</span>
          </button>
        </p>
      )}
      <ResponseTimes slugs={slugs} />
    </>
  );
}

function Question({ q }: { q: Comment }) {
  const { t, i18n } = useTranslation();
  const [done, setDone] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const date = formatDate(i18n.language, q.created_at, true);
  const take = useTakeQuestion(q.id, () => {
    setDone(true);
    setTimeout(() => status.current?.focus());
  });
  const st = q.question_status ?? "open";
  const title = useOwnedProjects(useUser()).data?.items.find((p) => p.slug === q.project_slug)?.title ?? q.project_slug;
  return (
    <li className="question" aria-labelledby={`qq-${q.id}`}>
      <h2 id={`qq-${q.id}`} className="kern-heading-small">
        {t("officials.questionHeading", { date })}
      </h2>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("officials.project")}</dt>
          <dd className="kern-description-list-item__value">
            <Link to={`/projekte/${encodeURIComponent(q.project_slug)}`} className="kern-link">
              {title}
            </Link>
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("officials.asker")}</dt>
          <dd className="kern-description-list-item__value">{q.submitter_name ?? q.author?.display_name ?? t("moderation.anonymous")}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t("officials.status")}</dt>
          <dd className="kern-description-list-item__value">{t(`officials.questionStatus.${st}`, { name: q.taken_by?.display_name ?? "" })}</dd>
        </div>
      </dl>
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: q.body_html }} />
      <p className="kern-body">
        <Link to={commentHref(q, q.id)} className="kern-link" aria-label={t("officials.toQuestionLabel", { date })}>
          {t("officials.toQuestion")}
        </Link>
      </p>
      {take.isError && <ErrorAlert error={take.error} />}
      {done && (
        <p className="kern-body" role="status" tabIndex={-1} ref={status}>
          {t("officials.taken")}
        </p>
      )}
      {st === "open" && (
        <div className="form-actions">
          <button
            type="button"
            className="kern-btn kern-btn--primary"
            aria-label={t("officials.takeLabel", { date })}
            disabled={take.isPending}
            onClick={() => take.mutate()}
          >
            <span className="kern-label">{t("officials.take")}</span>
          </button>
        </div>
      )}
    </li>
  );
}

// The figures overall and of the listed projects, by title; all projects come in one request.
function ResponseTimes({ slugs }: { slugs: string[] }) {
  const { t, i18n } = useTranslation();
  const overall = useResponseTimes([undefined])[0]!;
  const byProject = useResponseTimesByProject();
  const listed = new Set(slugs);
  const rows: { key: string; name: string; f: ResponseTimesFigures | undefined }[] = [
    { key: "", name: t("officials.times.overall"), f: overall.data },
    ...(byProject.data?.items ?? []).filter((p) => p.project !== null && listed.has(p.project)).map((p) => ({ key: p.project!, name: p.title, f: p })),
  ];
  const none = t("officials.times.none");
  const error = overall.error ?? byProject.error;
  return (
    <section aria-labelledby="times-heading">
      <h2 id="times-heading" className="kern-heading-medium">
        {t("officials.times.title")}
      </h2>
      {error && <ErrorAlert error={error} />}
      <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="times-heading">
        <table className="kern-table kern-table--small">
          <caption className="kern-sr-only">{t("officials.times.title")}</caption>
          <thead className="kern-table__header">
            <tr>
              <th scope="col">{t("officials.times.scope")}</th>
              <th scope="col">{t("officials.times.questions")}</th>
              <th scope="col">{t("officials.times.answered")}</th>
              <th scope="col">{t("officials.times.median")}</th>
              <th scope="col">{t("officials.times.within14")}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map(({ key, name, f }) => (
              <tr key={key}>
                <th scope="row">{key ? <Link to={`/projekte/${encodeURIComponent(key)}`} className="kern-link">{name}</Link> : name}</th>
                {f ? (
                  <>
                    <td>{f.questions}</td>
                    <td>{f.answered}</td>
                    <td>{formatDuration(t, f.median_response_seconds) ?? none}</td>
                    <td>{formatShare(i18n.language, f.answered_within_14_days) ?? none}</td>
                  </>
                ) : (
                  <td colSpan={4}>{t("app.loading")}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Contributions({ me }: { me: User }) {
  const { t } = useTranslation();
  const projects = useOwnedProjects(me);
  return (
    <section aria-labelledby="contrib-heading">
      <h2 id="contrib-heading" className="kern-heading-medium">
        {t("officials.contributions.title")}
      </h2>
      <p className="kern-body">{t("officials.contributions.intro")}</p>
      {projects.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : projects.isError ? (
        <ErrorAlert error={projects.error} />
      ) : projects.data.items.length === 0 ? (
        <p className="kern-body">{t("officials.contributions.none")}</p>
      ) : (
        <ul className="kern-body">
          {projects.data.items.map((p) => (
            <li key={p.slug}>
              <Link to={`/projekte/${encodeURIComponent(p.slug)}/beitrag-erfassen`} className="kern-link">
                {t("officials.contributions.link", { title: p.title })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
