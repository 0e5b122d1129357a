// The geometry of a KPI's time series: measurements, baseline, target line, target date and the expected
// straight line from baseline to target, all in SVG coordinates. Pure, so it is unit-tested.
import { dayNumber, linePath, linearScale, niceDomain, round, yearTicks } from "./scale";

export type SeriesPoint = { value: number; date: string };
export type SeriesMeasurement = { id: string; value: number; measured_at: string; corrected_by: string | null };

export type SeriesInput = {
  baseline: SeriesPoint;
  target: SeriesPoint;
  measurements: readonly SeriesMeasurement[];
};

export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const defaultBox: Box = { width: 640, height: 330, left: 64, right: 16, top: 16, bottom: 52 };

export type SeriesGeometry = {
  box: Box;
  /** the measurements that count (no correction replaced them), oldest first, and their line */
  points: { id: string; x: number; y: number; value: number; date: string }[];
  line: string;
  /** measurements a correction replaced: drawn apart, not on the line */
  corrected: { id: string; x: number; y: number; value: number; date: string }[];
  baseline: { x: number; y: number };
  target: { x: number; y: number };
  /** the straight line from baseline to target */
  expected: string;
  /** the horizontal target line over the whole plot */
  targetLine: string;
  /** the vertical marker at the target date */
  targetDate: string;
  yTicks: { value: number; y: number }[];
  xTicks: { year: number; x: number }[];
};

/** seriesGeometry lays out a KPI's chart in box. */
export function seriesGeometry(input: SeriesInput, box: Box = defaultBox): SeriesGeometry {
  const ms = [...input.measurements].sort((a, b) => a.measured_at.localeCompare(b.measured_at));
  const days = [dayNumber(input.baseline.date), dayNumber(input.target.date), ...ms.map((m) => dayNumber(m.measured_at))];
  const values = [input.baseline.value, input.target.value, ...ms.map((m) => m.value)];
  let d0 = Math.min(...days);
  let d1 = Math.max(...days);
  if (d0 === d1) {
    d0 -= 30;
    d1 += 30;
  }
  const y = niceDomain(Math.min(...values), Math.max(...values));
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const sx = linearScale(d0, d1, x0, x1);
  const sy = linearScale(y.min, y.max, y0, y1);
  const at = (m: SeriesMeasurement) => ({
    id: m.id,
    x: round(sx(dayNumber(m.measured_at))),
    y: round(sy(m.value)),
    value: m.value,
    date: m.measured_at,
  });
  const points = ms.filter((m) => !m.corrected_by).map(at);
  const corrected = ms.filter((m) => m.corrected_by).map(at);
  const baseline = { x: round(sx(dayNumber(input.baseline.date))), y: round(sy(input.baseline.value)) };
  const target = { x: round(sx(dayNumber(input.target.date))), y: round(sy(input.target.value)) };
  return {
    box,
    points,
    line: linePath(points),
    corrected,
    baseline,
    target,
    expected: linePath([baseline, target]),
    targetLine: linePath([
      { x: x0, y: target.y },
      { x: x1, y: target.y },
    ]),
    targetDate: linePath([
      { x: target.x, y: y0 },
      { x: target.x, y: y1 },
    ]),
    yTicks: y.ticks.map((v) => ({ value: v, y: round(sy(v)) })),
    xTicks: yearTicks(d0, d1).map((t) => ({ year: t.year, x: round(sx(t.day)) })),
  };
}
