// The page of one KPI: its key facts, the time series as an SVG chart (measurements, baseline, target
// line, target date, the expected straight line) and every measurement in a table under it, corrections
// included — a published figure never disappears silently.
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { formatDate, numberFormat } from "../../../lib/format/format";
import { ErrorAlert } from "../../../lib/ui/Form";
import { usePageTitle } from "../../../lib/usePageTitle";
import { useKpi, useMeasurements, type Kpi, type Measurement } from "../api/cockpit";
import { useLiveRefetch } from "../api/live";
import { LegendSwatch, TimeSeriesChart, type LegendKind } from "../charts/TimeSeriesChart";
import "./cockpit.css";
import { FigureTable } from "./FigureTable";
import { LiveUpdated } from "./LiveUpdated";
import { formatPercent, formatValue, projectPath } from "./format";
import { StatusLabel } from "./StatusLabel";

export function KpiPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const kpi = useKpi(id);
  const qc = useQueryClient();
  // A change of this KPI or a new figure of it: refetch the KPI and its measurements (coalesced).
  const updated = useLiveRefetch(
    (ev) => (ev.type === "kpi.updated" || ev.type === "kpi.measurement_created") && ev.data.kpi_id === id,
    () => qc.invalidateQueries({ queryKey: ["kpi", id] }),
  );
  usePageTitle(kpi.data?.name ?? t("cockpit.title"));
  return (
    <div className="cockpit">
      <LiveUpdated at={updated} />
      <p className="kern-body back-link">
        <Link to="/cockpit" className="kern-link">
          {t("cockpit.kpi.back")}
        </Link>
      </p>
      {kpi.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : kpi.isError ? (
        <>
          <h1 className="kern-heading-x-large">{t("cockpit.title")}</h1>
          <ErrorAlert error={kpi.error} />
        </>
      ) : (
        <KpiDetails kpi={kpi.data} />
      )}
    </div>
  );
}

function KpiDetails({ kpi }: { kpi: Kpi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ms = useMeasurements(kpi.id);
  const v = (x: number) => formatValue(lang, x, kpi.unit);
  const d = (x: string) => formatDate(lang, x);
  const none = t("cockpit.none");
  return (
    <>
      <h1 className="kern-heading-x-large">{kpi.name}</h1>
      {kpi.description && <p className="kern-body">{kpi.description}</p>}
      <section aria-labelledby="kpi-facts">
        <h2 id="kpi-facts" className="kern-heading-medium">
          {t("cockpit.kpi.facts")}
        </h2>
        <dl className="kpi-facts kern-body" data-testid="kpi-facts">
          <dt>{t("cockpit.kpi.project")}</dt>
          <dd>
            <Link to={projectPath(kpi.project)} className="kern-link">
              {kpi.project_title}
            </Link>
          </dd>
          <dt>{t("cockpit.kpi.owner")}</dt>
          <dd>{kpi.owner_unit}</dd>
          <dt>{t("cockpit.kpi.unit")}</dt>
          <dd>{kpi.unit || t("cockpit.kpi.noUnit")}</dd>
          <dt>{t("cockpit.kpi.direction")}</dt>
          <dd>{t(`cockpit.kpi.${kpi.direction}`)}</dd>
          <dt>{t("cockpit.kpi.baseline")}</dt>
          <dd>{t("cockpit.kpi.pointAt", { value: v(kpi.baseline.value), date: d(kpi.baseline.date) })}</dd>
          <dt>{t("cockpit.kpi.target")}</dt>
          <dd>{t("cockpit.kpi.targetBy", { value: v(kpi.target.value), date: d(kpi.target.date) })}</dd>
          <dt>{t("cockpit.kpi.latest")}</dt>
          <dd>{kpi.latest ? t("cockpit.kpi.pointAt", { value: v(kpi.latest.value), date: d(kpi.latest.measured_at) }) : none}</dd>
          <dt>{t("cockpit.kpi.progress")}</dt>
          <dd>{formatPercent(lang, kpi.progress) ?? none}</dd>
          <dt>{t("cockpit.kpi.expected")}</dt>
          <dd>{formatPercent(lang, kpi.expected_progress) ?? none}</dd>
          <dt>{t("cockpit.kpi.status")}</dt>
          <dd>
            <StatusLabel status={kpi.status} />
          </dd>
        </dl>
      </section>
      {ms.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : ms.isError ? (
        <ErrorAlert error={ms.error} />
      ) : (
        <Series kpi={kpi} items={ms.data.items} complete={ms.data.complete} />
      )}
    </>
  );
}

function Series({ kpi, items, complete }: { kpi: Kpi; items: Measurement[]; complete: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const v = (x: number) => formatValue(lang, x, kpi.unit);
  const d = (x: string) => formatDate(lang, x);
  const byId = new Map(items.map((m) => [m.id, m]));
  const valid = items.filter((m) => !m.corrected_by);
  const newest = valid[0]; // the API lists newest first
  const facts = { baseline: v(kpi.baseline.value), baselineDate: d(kpi.baseline.date), target: v(kpi.target.value), targetDate: d(kpi.target.date) };
  const description = newest
    ? t("cockpit.kpi.chartDesc", {
        ...facts,
        count: valid.length,
        latest: v(newest.value),
        latestDate: d(newest.measured_at),
        status: t(`cockpit.kpiStatus.${kpi.status}`),
      })
    : t("cockpit.kpi.chartDescEmpty", facts);
  const hasCorrections = items.some((m) => m.corrected_by);
  const legend: LegendKind[] = ["point", "baseline", "target", "expected", "targetDate", ...(hasCorrections ? (["corrected"] as const) : [])];
  return (
    <>
      <section aria-labelledby="kpi-chart">
        <h2 id="kpi-chart" className="kern-heading-medium">
          {t("cockpit.kpi.chart")}
        </h2>
        <div className="cockpit-figure__chart cockpit-figure__chart--series">
          <TimeSeriesChart
            input={{ baseline: kpi.baseline, target: kpi.target, measurements: items }}
            texts={{
              title: t("cockpit.kpi.chartTitle", { name: kpi.name }),
              description,
              targetDate: t("cockpit.kpi.targetDate"),
              formatValue: (x) => numberFormat(lang, { maximumFractionDigits: 2 }).format(x),
            }}
          />
        </div>
        <ul className="chart-legend" aria-label={t("cockpit.kpi.legend.label")}>
          {legend.map((k) => (
            <li key={k}>
              <LegendSwatch kind={k} /> {t(`cockpit.kpi.legend.${k}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="kpi-measurements">
        <h2 id="kpi-measurements" className="kern-heading-medium">
          {t("cockpit.kpi.measurements")}
        </h2>
        {!complete && <p className="kern-body">{t("cockpit.kpi.incomplete")}</p>}
        {items.length === 0 ? (
          <p className="kern-body">{t("cockpit.kpi.noMeasurements")}</p>
        ) : (
          <FigureTable
            caption={t("cockpit.kpi.measurements")}
            captionHidden
            testId="kpi-measurements"
            head={[t("cockpit.kpi.date"), t("cockpit.kpi.value"), t("cockpit.kpi.source"), t("cockpit.kpi.note"), t("cockpit.kpi.correction")]}
            rows={items.map((m) => ({
              key: m.id,
              cells: [d(m.measured_at), m.corrected_by ? <del key="v">{v(m.value)}</del> : v(m.value), <Source key="s" m={m} />, m.note, correction(m)],
            }))}
          />
        )}
      </section>
    </>
  );

  function correction(m: Measurement): string {
    const parts: string[] = [];
    if (m.corrects) {
      const c = byId.get(m.corrects);
      parts.push(c ? t("cockpit.kpi.corrects", { date: d(c.measured_at) }) : t("cockpit.kpi.correctsUnknown"));
    }
    if (m.corrected_by) {
      const c = byId.get(m.corrected_by);
      parts.push(c ? t("cockpit.kpi.correctedBy", { date: d(c.measured_at) }) : t("cockpit.kpi.correctedByUnknown"));
    }
    return parts.join("; ");
  }
}

/** Source names where a figure comes from, linked when it has an https address. */
function Source({ m }: { m: Measurement }) {
  const url = m.source_url && m.source_url.startsWith("https://") ? m.source_url : null;
  if (!url) return <>{m.source}</>;
  return (
    <a href={url} className="kern-link" rel="noopener noreferrer">
      {m.source || url}
    </a>
  );
}
