import { formatNumber } from "../../../lib/format/format";

/** figure writes a value with its unit ("23 %", "1.200 Anträge"). */
export function figure(lang: string, value: number, unit: string): string {
  const n = formatNumber(lang, value);
  return unit ? `${n} ${unit}` : n;
}
