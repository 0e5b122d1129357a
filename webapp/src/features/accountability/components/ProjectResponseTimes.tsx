// The response-time figures of one project on its page, with the question counts they come from.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDuration, formatShare } from "../../../lib/format/times";
import { useProjectResponseTimes } from "../api/responseTimes";

/** ProjectResponseTimes shows how fast the administration answers the questions of a project. */
export function ProjectResponseTimes({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const q = useProjectResponseTimes(slug);
  const none = t("accountability.none");
  return (
    <section aria-labelledby="project-times-heading" className="project-times">
      <h2 id="project-times-heading" className="kern-heading-medium">
        {t("accountability.projectTitle")}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <p className="kern-body">{t("accountability.unavailable")}</p>
      ) : q.data.questions === 0 ? (
        <p className="kern-body">{t("accountability.noQuestions")}</p>
      ) : (
        <dl className="kern-description-list">
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("accountability.median")}</dt>
            <dd className="kern-description-list-item__value">{formatDuration(t, q.data.median_response_seconds) ?? none}</dd>
          </div>
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("accountability.within14")}</dt>
            <dd className="kern-description-list-item__value">{formatShare(i18n.language, q.data.answered_within_14_days) ?? none}</dd>
          </div>
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t("accountability.counts")}</dt>
            <dd className="kern-description-list-item__value">
              {t("accountability.countsValue", { questions: q.data.questions, answered: q.data.answered, open: q.data.open })}
            </dd>
          </div>
        </dl>
      )}
      <p className="kern-body">
        <Link to="/antwortzeiten" className="kern-link">
          {t("accountability.toAll")}
        </Link>
      </p>
    </section>
  );
}
