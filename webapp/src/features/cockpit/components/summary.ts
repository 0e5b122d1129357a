// The text summary that opens the cockpit: the figures in sentences, before any chart or table.
import type { TFunction } from "i18next";
import { formatDuration, formatShare } from "../../../lib/format/times";
import type { Cockpit } from "../api/cockpit";

/** onPlan counts the KPIs in plan: on track or already reached. */
export function onPlan(s: Cockpit["kpis"]["by_status"]): number {
  return s.on_track + s.reached;
}

/** kpiSummary says how many KPIs are in plan, e.g. "3 von 12 Kennzahlen im Plan (1 davon erreicht) …". */
export function kpiSummary(t: TFunction, k: Cockpit["kpis"]): string {
  if (k.total === 0) return t("cockpit.summary.noKpis");
  const s = k.by_status;
  return t("cockpit.summary.kpis", {
    onPlan: onPlan(s),
    total: k.total,
    reached: s.reached,
    behind: s.behind,
    noData: s.no_data,
  });
}

/** summaryLines gives the sentences of the summary: KPIs, projects and participation, response times. */
export function summaryLines(t: TFunction, lang: string, c: Cockpit): string[] {
  const lines = [kpiSummary(t, c.kpis)];
  lines.push(t("cockpit.summary.projects", { count: c.projects.total, contributions: c.participation.total }));
  const rt = c.response_times.overall;
  const median = formatDuration(t, rt.median_response_seconds);
  const share = formatShare(lang, rt.answered_within_14_days);
  if (rt.questions > 0 && median && share) {
    lines.push(t("cockpit.summary.responses", { questions: rt.questions, median, share }));
  }
  return lines;
}
