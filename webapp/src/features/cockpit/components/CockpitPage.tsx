// The Digitalisierungscockpit (issue 13): a text summary first, then every figure of GET /api/v1/cockpit
// as a chart with the same data as a table. Charts are decoration for the eye (aria-hidden); the tables,
// with captions and header cells, carry the data for everyone and on paper.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { formatDate } from "../../../lib/format/format";
import { formatDuration, formatShare } from "../../../lib/format/times";
import { ErrorAlert } from "../../../lib/ui/Form";
import { usePageTitle } from "../../../lib/usePageTitle";
import { useCockpit, type Cockpit } from "../api/cockpit";
import { useLiveRefetch } from "../api/live";
import { BarChart, ColumnChart, type Bar } from "../charts/BarChart";
import "./cockpit.css";
import { FigureTable } from "./FigureTable";
import { LiveUpdated } from "./LiveUpdated";
import { formatMean, formatMonth, formatNumber, formatPercent, formatValue, kpiPath, projectPath } from "./format";
import { StatusLabel } from "./StatusLabel";
import { summaryLines } from "./summary";

const kpiStatuses = ["reached", "on_track", "behind", "no_data"] as const;
const projectStatuses = ["idea", "planned", "in_progress", "pilot", "done", "paused", "cancelled"] as const;
const principles = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency"] as const;
const channels = ["online", "letter", "phone", "in_person"] as const;

export function CockpitPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("cockpit.title"));
  const q = useCockpit();
  const qc = useQueryClient();
  // Every KPI event of any project may change the figures: refetch the overview (coalesced).
  const updated = useLiveRefetch(
    (ev) => ev.type.startsWith("kpi."),
    () => qc.invalidateQueries({ queryKey: ["cockpit"] }),
  );
  return (
    <div className="cockpit">
      <h1 className="kern-heading-x-large">{t("cockpit.title")}</h1>
      <p className="kern-body">{t("cockpit.intro")}</p>
      <LiveUpdated at={updated} />
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <Overview c={q.data} lang={i18n.language} />
      )}
    </div>
  );
}

function Overview({ c, lang }: { c: Cockpit; lang: string }) {
  const { t } = useTranslation();
  const n = (v: number) => formatNumber(lang, v);
  const count = t("cockpit.col.count");
  const bars = (rows: { key: string; label: string; value: number }[]): Bar[] => rows.map((r) => ({ ...r, display: n(r.value) }));

  const kpiRows = kpiStatuses.map((s) => ({ key: s, label: t(`cockpit.kpiStatus.${s}`), value: c.kpis.by_status[s] }));
  const statusRows = projectStatuses.map((s) => ({ key: s, label: t(`cockpit.projectStatus.${s}`), value: c.projects.by_status[s] }));
  const principleRows = principles.map((p) => ({ key: p, label: t(`cockpit.principle.${p}`), value: c.projects.by_principle[p] }));
  const ownerRows = c.projects.by_owner.map((o) => ({ key: o.owner_unit, label: o.owner_unit, value: o.projects }));
  const channelRows = channels.map((ch) => ({ key: ch, label: t(`cockpit.channel.${ch}`), value: c.participation.by_channel[ch] }));
  const monthRows = c.participation.by_month.map((m) => ({ key: m.month, label: formatMonth(lang, m.month), value: m.total }));
  const rt = c.response_times;
  const none = t("cockpit.none");

  return (
    <>
      <section aria-labelledby="cockpit-summary" className="cockpit-summary">
        <h2 id="cockpit-summary" className="kern-heading-medium">
          {t("cockpit.summaryHeading")}
        </h2>
        {summaryLines(t, lang, c).map((line, i) => (
          <p key={i} className="kern-body" data-testid={i === 0 ? "cockpit-summary" : undefined}>
            {line}
          </p>
        ))}
        <p className="kern-body kern-body--small">{t("cockpit.generatedAt", { date: formatDate(lang, c.generated_at, true) })}</p>
      </section>

      <section aria-labelledby="cockpit-kpis">
        <h2 id="cockpit-kpis" className="kern-heading-medium">
          {t("cockpit.kpis.heading")}
        </h2>
        <Figure title={t("cockpit.kpis.byStatus")} bars={bars(kpiRows)} head={[t("cockpit.col.status"), count]} testId="cockpit-kpi-status">
          {kpiRows.map((r) => ({ key: r.key, cells: [<StatusLabel key="s" status={r.key} />, n(r.value)] }))}
        </Figure>
        <h3 className="kern-heading-small">{t("cockpit.kpis.mostBehind")}</h3>
        {c.kpis.most_behind.length === 0 ? (
          <p className="kern-body">{t("cockpit.kpis.noneBehind")}</p>
        ) : (
          <FigureTable
            caption={t("cockpit.kpis.mostBehind")}
            captionHidden
            testId="cockpit-most-behind"
            head={[t("cockpit.col.kpi"), t("cockpit.col.project"), t("cockpit.col.latest"), t("cockpit.col.target"), t("cockpit.col.progress"), t("cockpit.col.status")]}
            rows={c.kpis.most_behind.map((k) => ({
              key: k.id,
              cells: [
                <Link key="k" to={kpiPath(k.id)} className="kern-link">
                  {k.name}
                </Link>,
                <Link key="p" to={projectPath(k.project.slug)} className="kern-link">
                  {k.project.title}
                </Link>,
                k.latest ? formatValue(lang, k.latest.value, k.unit) : none,
                formatValue(lang, k.target.value, k.unit),
                k.progress === null
                  ? none
                  : t("cockpit.kpis.progressOf", { progress: formatPercent(lang, k.progress), expected: formatPercent(lang, k.expected_progress) ?? none }),
                <StatusLabel key="s" status={k.status} />,
              ],
            }))}
          />
        )}
      </section>

      <section aria-labelledby="cockpit-projects">
        <h2 id="cockpit-projects" className="kern-heading-medium">
          {t("cockpit.projects.heading")}
        </h2>
        <Figure title={t("cockpit.projects.byStatus")} bars={bars(statusRows)} head={[t("cockpit.col.status"), t("cockpit.col.projects")]}>
          {statusRows.map((r) => ({ key: r.key, cells: [r.label, n(r.value)] }))}
        </Figure>
        <Figure
          title={t("cockpit.projects.byPrinciple")}
          note={t("cockpit.projects.principleNote")}
          bars={bars(principleRows)}
          head={[t("cockpit.col.principle"), t("cockpit.col.projects")]}
        >
          {principleRows.map((r) => ({ key: r.key, cells: [r.label, n(r.value)] }))}
        </Figure>
        <Figure title={t("cockpit.projects.byOwner")} bars={bars(ownerRows)} head={[t("cockpit.col.owner"), t("cockpit.col.projects")]}>
          {ownerRows.map((r) => ({ key: r.key, cells: [r.label, n(r.value)] }))}
        </Figure>
      </section>

      <section aria-labelledby="cockpit-participation">
        <h2 id="cockpit-participation" className="kern-heading-medium">
          {t("cockpit.participation.heading")}
        </h2>
        {c.participation.total === 0 ? (
          <p className="kern-body">{t("cockpit.participation.none")}</p>
        ) : (
          <>
            <Figure title={t("cockpit.participation.byChannel")} bars={bars(channelRows)} head={[t("cockpit.col.channel"), count]} testId="cockpit-channels">
              {channelRows.map((r) => ({ key: r.key, cells: [r.label, n(r.value)] }))}
            </Figure>
            <Figure
              title={t("cockpit.participation.byMonth")}
              columns
              bars={bars(monthRows)}
              head={[t("cockpit.col.month"), t("cockpit.col.total"), ...channels.map((ch) => t(`cockpit.channel.${ch}`))]}
            >
              {c.participation.by_month.map((m) => ({
                key: m.month,
                cells: [formatMonth(lang, m.month), n(m.total), ...channels.map((ch) => n(m.by_channel[ch]))],
              }))}
            </Figure>
          </>
        )}
      </section>

      <section aria-labelledby="cockpit-response-times">
        <h2 id="cockpit-response-times" className="kern-heading-medium">
          {t("cockpit.responseTimes.heading")}
        </h2>
        {rt.overall.questions === 0 ? (
          <p className="kern-body">{t("cockpit.responseTimes.none")}</p>
        ) : (
          <Figure
            title={t("cockpit.responseTimes.byDepartment")}
            note={t("cockpit.responseTimes.chartNote")}
            bars={rt.by_department.map((d) => ({
              key: d.department,
              label: d.department,
              value: d.answered_within_14_days ?? 0,
              display: formatShare(lang, d.answered_within_14_days) ?? none,
            }))}
            head={[
              t("cockpit.col.department"),
              t("cockpit.col.questions"),
              t("cockpit.col.answered"),
              t("cockpit.col.median"),
              t("cockpit.col.within14"),
            ]}
            testId="cockpit-response-times"
          >
            {[
              { key: "", name: t("cockpit.responseTimes.overall"), f: rt.overall },
              ...rt.by_department.map((d) => ({ key: d.department, name: d.department, f: d })),
            ].map(({ key, name, f }) => ({
              key,
              cells: [
                name,
                n(f.questions),
                n(f.answered),
                formatDuration(t, f.median_response_seconds) ?? none,
                formatShare(lang, f.answered_within_14_days) ?? none,
              ],
            }))}
          </Figure>
        )}
      </section>

      <section aria-labelledby="cockpit-supported">
        <h2 id="cockpit-supported" className="kern-heading-medium">
          {t("cockpit.supported.heading")}
        </h2>
        {c.most_supported.length === 0 ? (
          <p className="kern-body">{t("cockpit.supported.none")}</p>
        ) : (
          <Figure
            title={t("cockpit.supported.heading")}
            hideTitle
            bars={bars(c.most_supported.map((p) => ({ key: p.slug, label: p.title, value: p.support_count })))}
            head={[t("cockpit.col.project"), t("cockpit.col.owner"), t("cockpit.col.supports")]}
          >
            {c.most_supported.map((p) => ({
              key: p.slug,
              cells: [
                <Link key="p" to={projectPath(p.slug)} className="kern-link">
                  {p.title}
                </Link>,
                p.owner_unit,
                n(p.support_count),
              ],
            }))}
          </Figure>
        )}
      </section>

      <EvaluationResults c={c} lang={lang} />
    </>
  );
}

/** Figure is one chart with its table under it (the table has the same data). */
function Figure(p: {
  title: string;
  note?: string;
  bars: Bar[];
  head: string[];
  columns?: boolean;
  hideTitle?: boolean;
  testId?: string;
  children: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <div className="cockpit-figure">
      {!p.hideTitle && <h3 className="kern-heading-small">{p.title}</h3>}
      {p.note && <p className="kern-body kern-body--small">{p.note}</p>}
      <div className="cockpit-figure__chart">{p.columns ? <ColumnChart bars={p.bars} /> : <BarChart bars={p.bars} />}</div>
      <FigureTable caption={p.title} captionHidden head={p.head} rows={p.children} testId={p.testId} />
    </div>
  );
}

function EvaluationResults({ c, lang }: { c: Cockpit; lang: string }) {
  const { t } = useTranslation();
  const ev = c.evaluation;
  const mean = (s: { mean: number | null; fewer_than_3: boolean }) =>
    s.fewer_than_3 ? t("cockpit.evaluation.fewer") : s.mean === null ? t("cockpit.none") : formatMean(lang, s.mean);
  return (
    <section aria-labelledby="cockpit-evaluation">
      <h2 id="cockpit-evaluation" className="kern-heading-medium">
        {t("cockpit.evaluation.heading")}
      </h2>
      {!ev ? (
        <p className="kern-body">{t("cockpit.evaluation.none")}</p>
      ) : (
        <>
          <p className="kern-body">{t("cockpit.evaluation.cycle", { title: ev.cycle.title, state: t(`cockpit.evaluation.${ev.cycle.state}`) })}</p>
          <FigureTable
            caption={t("cockpit.evaluation.heading")}
            head={[t("cockpit.col.project"), t("cockpit.evaluation.public"), t("cockpit.evaluation.council"), t("cockpit.evaluation.divergence")]}
            rows={ev.results.map((r) => ({
              key: r.project.slug,
              cells: [
                <Link key="p" to={projectPath(r.project.slug)} className="kern-link">
                  {r.project.title}
                </Link>,
                mean(r.public),
                mean(r.council),
                r.divergence ? t("cockpit.col.yes") : t("cockpit.col.no"),
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}
