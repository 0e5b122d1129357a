import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber } from "../../../lib/format/format";
import { ErrorAlert } from "../../../lib/ui/Form";
import { usePageTitle } from "../../../lib/usePageTitle";
import { usePrioritisation } from "../api/evaluations";
import { formatMean } from "./format";
import type { components } from "../../../lib/api/schema.gen";

type Item = components["schemas"]["Prioritisation"]["items"][number];
type SortKey = "priority_score" | "title" | "reach" | "ease" | "supports" | "public_overall" | "council_overall";
const columns: SortKey[] = ["title", "reach", "ease", "supports", "public_overall", "council_overall", "priority_score"];

/** sortItems orders the items by key (nulls last), ties by priority. */
export function sortItems(items: Item[], key: SortKey, dir: "ascending" | "descending"): Item[] {
  const sign = dir === "ascending" ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    let c = 0;
    if (typeof x === "string" && typeof y === "string") c = x.localeCompare(y);
    else if (typeof x === "number" && typeof y === "number") c = x - y;
    return c !== 0 ? sign * c : b.priority_score - a.priority_score;
  });
}

/** PrioritisationPage shows every project's reach × ease as a matrix (SVG) and, as the primary view, a sortable table. */
export function PrioritisationPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("prioritisation.title"));
  const q = usePrioritisation();
  const [sort, setSort] = useState<{ key: SortKey; dir: "ascending" | "descending" }>({ key: "priority_score", dir: "descending" });
  return (
    <>
      <h1 className="kern-heading-x-large">{t("prioritisation.title")}</h1>
      <p className="kern-body kern-body--large">{t("prioritisation.intro")}</p>
      <section aria-labelledby="formula-heading">
        <h2 id="formula-heading" className="kern-heading-medium">
          {t("prioritisation.formulaHeading")}
        </h2>
        <p className="kern-body formula">
          <code>{t("prioritisation.formula")}</code>
        </p>
        <p className="kern-body">{t("prioritisation.formulaExplained")}</p>
      </section>
      {q.isPending && <p role="status">{t("app.loading")}</p>}
      {q.isError && <ErrorAlert error={q.error} />}
      {q.data && (
        <>
          <p className="kern-body">{q.data.cycle ? t("prioritisation.cycle", { title: q.data.cycle.title }) : t("prioritisation.noCycle")}</p>
          <section aria-labelledby="table-heading">
            <h2 id="table-heading" className="kern-heading-medium">
              {t("prioritisation.tableHeading")}
            </h2>
            <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="table-heading">
              <table className="kern-table kern-table--small prioritisation-table">
                <caption className="kern-sr-only">{t("prioritisation.tableHeading")}</caption>
                <thead className="kern-table__header">
                  <tr>
                    <th scope="col">{t("prioritisation.rank")}</th>
                    {columns.map((c) => (
                      <th scope="col" key={c} aria-sort={sort.key === c ? sort.dir : undefined}>
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() =>
                            setSort((s) => ({ key: c, dir: s.key === c && s.dir === "descending" ? "ascending" : s.key === c ? "descending" : c === "title" ? "ascending" : "descending" }))
                          }
                        >
                          {t(`prioritisation.col.${c}`)}
                          <span aria-hidden="true">{sort.key === c ? (sort.dir === "ascending" ? " ▲" : " ▼") : ""}</span>
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {sortItems(q.data.items, sort.key, sort.dir).map((it) => (
                    <tr key={it.slug}>
                      <td>{q.data.items.indexOf(it) + 1}</td>
                      <th scope="row">
                        <Link to={`/projekte/${encodeURIComponent(it.slug)}`} className="kern-link">
                          {it.title}
                        </Link>
                      </th>
                      <td>{formatNumber(i18n.language, it.reach)}</td>
                      <td>{it.ease}</td>
                      <td>{formatNumber(i18n.language, it.supports)}</td>
                      <td>{formatMean(i18n.language, it.public_overall)}</td>
                      <td>{formatMean(i18n.language, it.council_overall)}</td>
                      <td>{formatNumber(i18n.language, it.priority_score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <Matrix items={q.data.items} />
        </>
      )}
    </>
  );
}

const W = 720;
const H = 420;
const M = { left: 64, right: 24, top: 24, bottom: 56 };

/** Matrix draws reach (log axis) × ease with bubbles sized by supports, numbered by rank as in the table. */
function Matrix({ items }: { items: Item[] }) {
  const { t, i18n } = useTranslation();
  const reaches = items.map((i) => Math.max(1, i.reach));
  const lo = Math.floor(Math.log10(Math.min(...reaches, 10)));
  const hi = Math.ceil(Math.log10(Math.max(...reaches, 10)));
  const x = (r: number) => M.left + ((Math.log10(Math.max(1, r)) - lo) / Math.max(1, hi - lo)) * (W - M.left - M.right);
  const y = (e: number) => H - M.bottom - ((e - 1) / 4) * (H - M.top - M.bottom);
  const radius = (s: number) => 10 + Math.min(24, Math.sqrt(s) * 2);
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading" className="kern-heading-medium">
        {t("prioritisation.matrixHeading")}
      </h2>
      <svg className="priority-matrix" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="matrix-title matrix-desc">
        <title id="matrix-title">{t("prioritisation.matrixTitle")}</title>
        <desc id="matrix-desc">{t("prioritisation.matrixDesc")}</desc>
        <line x1={M.left} y1={H - M.bottom} x2={W - M.right} y2={H - M.bottom} className="axis" />
        <line x1={M.left} y1={M.top} x2={M.left} y2={H - M.bottom} className="axis" />
        {ticks.map((v) => (
          <text key={v} x={x(v)} y={H - M.bottom + 18} textAnchor="middle" className="tick">
            {formatNumber(i18n.language, v)}
          </text>
        ))}
        {[1, 2, 3, 4, 5].map((e) => (
          <text key={e} x={M.left - 10} y={y(e) + 4} textAnchor="end" className="tick">
            {e}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 12} textAnchor="middle" className="axis-label">
          {t("prioritisation.xAxis")}
        </text>
        <text x={16} y={(M.top + H - M.bottom) / 2} textAnchor="middle" className="axis-label" transform={`rotate(-90 16 ${(M.top + H - M.bottom) / 2})`}>
          {t("prioritisation.yAxis")}
        </text>
        {items.map((it, i) => (
          <g key={it.slug}>
            <circle cx={x(it.reach)} cy={y(it.ease)} r={radius(it.supports)} className="bubble">
              <title>{`${i + 1}. ${it.title}`}</title>
            </circle>
            <text x={x(it.reach)} y={y(it.ease) + 4} textAnchor="middle" className="bubble-label">
              {i + 1}
            </text>
          </g>
        ))}
      </svg>
      <p className="kern-body">{t("prioritisation.matrixNote")}</p>
    </section>
  );
}
