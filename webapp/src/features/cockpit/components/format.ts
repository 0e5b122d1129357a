// Formatting of the cockpit's figures in the UI language.
import { dateTimeFormat, formatNumber, numberFormat } from "../../../lib/format/format";

/** formatValue shows a KPI figure with its unit ("42,5 %", "12 Tage" stays "12 Tage"). */
export function formatValue(lang: string, v: number, unit: string): string {
  const n = numberFormat(lang, { maximumFractionDigits: 2 }).format(v);
  return unit ? `${n} ${unit}` : n;
}

/** formatPercent shows a 0–100 figure as a percentage; null stays null. */
export function formatPercent(lang: string, p: number | null | undefined): string | null {
  if (p === null || p === undefined) return null;
  return numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(p / 100);
}

/** formatMonth shows "2026-03" (or a date in it) as "März 2026". */
export function formatMonth(lang: string, month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  return dateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** formatMean shows an evaluation mean with one decimal. */
export function formatMean(lang: string, v: number): string {
  return numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

export { formatNumber };

/** kpiPath is the KPI page's address. */
export function kpiPath(id: string): string {
  return `/cockpit/kennzahlen/${encodeURIComponent(id)}`;
}

/** projectPath is the project page's address. */
export function projectPath(slug: string): string {
  return `/projekte/${encodeURIComponent(slug)}`;
}
