// Scaling and path helpers of the cockpit's SVG charts: plain functions, no chart library.

/** Scale maps a value of the domain [d0, d1] linearly onto the range [r0, r1]. */
export type Scale = (v: number) => number;

/** linearScale maps [d0, d1] onto [r0, r1]; an empty domain maps everything to the range's middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** niceStep rounds a rough tick distance to 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const p = 10 ** Math.floor(Math.log10(rough));
  const f = rough / p;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return m * p;
}

/**
 * niceDomain widens [min, max] to multiples of a nice step and returns the ticks (about `count` of
 * them) from the lower to the upper end. A single value gets a domain around it; [0, 0] becomes [0, 1].
 */
export function niceDomain(min: number, max: number, count = 5): { min: number; max: number; ticks: number[] } {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= lo === 0 ? 0 : pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  const nlo = Math.floor(lo / step) * step;
  const nhi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // rounding keeps 0.1 + 0.2 style errors out of the labels
  for (let v = nlo; v <= nhi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)) || 0);
  return { min: nlo, max: nhi, ticks };
}

/** dayNumber turns a date (YYYY-MM-DD or RFC 3339) into days since 1970-01-01 (UTC). */
export function dayNumber(date: string): number {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Date.parse(date);
  return Math.floor(d / 86_400_000);
}

/** linePath draws a polyline through the points as an SVG path ("" without points). */
export function linePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join(" ");
}

/** round keeps two decimals: short paths, stable snapshots. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** yearTicks gives the first day of each year within [from, to] (day numbers), for a time axis. */
export function yearTicks(from: number, to: number): { day: number; year: number }[] {
  const y0 = new Date(from * 86_400_000).getUTCFullYear();
  const y1 = new Date(to * 86_400_000).getUTCFullYear();
  const out: { day: number; year: number }[] = [];
  for (let y = y0; y <= y1; y++) {
    const day = Date.UTC(y, 0, 1) / 86_400_000;
    if (day >= from && day <= to) out.push({ day, year: y });
  }
  return out;
}

/** barWidths scales non-negative values to widths 0…max against the largest value (all 0 without one). */
export function barWidths(values: readonly number[], max: number): number[] {
  const top = Math.max(0, ...values);
  if (top === 0) return values.map(() => 0);
  return values.map((v) => round((Math.max(0, v) / top) * max));
}
