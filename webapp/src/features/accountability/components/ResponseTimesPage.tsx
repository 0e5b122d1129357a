// The public page of response times: how fast the administration answers residents' questions, per
// department and per project, with the question counts the figures come from. Aggregates only.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { components } from "../../../lib/api/schema.gen";
import { formatDuration, formatShare } from "../../../lib/format/times";
import { ErrorAlert } from "../../../lib/ui/Form";
import { usePageTitle } from "../../../lib/usePageTitle";
import { useResponseTimesByDepartment, useResponseTimesByProject, useResponseTimesOverall } from "../api/responseTimes";

type Figures = components["schemas"]["ResponseTimes"];

export function ResponseTimesPage() {
  const { t } = useTranslation();
  usePageTitle(t("accountability.title"));
  const overall = useResponseTimesOverall();
  const byDept = useResponseTimesByDepartment();
  const byProject = useResponseTimesByProject();
  return (
    <>
      <h1 className="kern-heading-x-large">{t("accountability.title")}</h1>
      <p className="kern-body">{t("accountability.intro")}</p>
      {overall.data && (
        <p className="kern-body">
          {t("accountability.overall", {
            questions: overall.data.questions,
            answered: overall.data.answered,
            open: overall.data.open,
          })}
        </p>
      )}
      <FiguresTable
        id="dept"
        title={t("accountability.byDepartment")}
        scope={t("accountability.department")}
        q={byDept}
        rows={(byDept.data?.items ?? []).map((d) => ({ key: d.department, name: <>{d.department}</>, f: d }))}
      />
      <FiguresTable
        id="proj"
        title={t("accountability.byProject")}
        scope={t("accountability.project")}
        q={byProject}
        rows={(byProject.data?.items ?? []).map((p) => ({
          key: p.project ?? "",
          name: (
            <Link to={`/projekte/${encodeURIComponent(p.project ?? "")}`} className="kern-link">
              {p.title}
            </Link>
          ),
          f: p,
        }))}
      />
    </>
  );
}

function FiguresTable(p: {
  id: string;
  title: string;
  scope: string;
  q: { isPending: boolean; isError: boolean; error: unknown };
  rows: { key: string; name: React.ReactNode; f: Figures }[];
}) {
  const { t, i18n } = useTranslation();
  const none = t("accountability.none");
  const heading = `${p.id}-times-heading`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading} className="kern-heading-medium">
        {p.title}
      </h2>
      {p.q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : p.q.isError ? (
        <ErrorAlert error={p.q.error} />
      ) : p.rows.length === 0 ? (
        <p className="kern-body">{t("accountability.noQuestions")}</p>
      ) : (
        <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby={heading}>
          <table className="kern-table kern-table--small">
            <caption className="kern-sr-only">{p.title}</caption>
            <thead className="kern-table__header">
              <tr>
                <th scope="col">{p.scope}</th>
                <th scope="col">{t("accountability.questions")}</th>
                <th scope="col">{t("accountability.answered")}</th>
                <th scope="col">{t("accountability.open")}</th>
                <th scope="col">{t("accountability.median")}</th>
                <th scope="col">{t("accountability.within14")}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {p.rows.map(({ key, name, f }) => (
                <tr key={key}>
                  <th scope="row">{name}</th>
                  <td>{f.questions}</td>
                  <td>{f.answered}</td>
                  <td>{f.open}</td>
                  <td>{formatDuration(t, f.median_response_seconds) ?? none}</td>
                  <td>{formatShare(i18n.language, f.answered_within_14_days) ?? none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
