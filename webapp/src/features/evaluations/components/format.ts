// Number formatting of evaluation figures in the UI language.
import { numberFormat } from "../../../lib/format/format";

/** formatMean shows a mean or median with up to two decimals; "–" for none. */
export function formatMean(lang: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  return numberFormat(lang, { maximumFractionDigits: 2 }).format(v);
}
