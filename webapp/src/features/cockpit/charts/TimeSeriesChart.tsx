// A KPI's time series in plain SVG: measurements as points on a line, the baseline, the target line, the
// target date and the expected straight line from baseline to target. The picture is an image with a
// summary (title + description); the measurements table under it carries every figure. Shapes and line
// styles tell the series apart, and the legend names them in text.
import { useId } from "react";
import { seriesGeometry, type SeriesInput } from "./timeSeries";

export type TimeSeriesTexts = {
  title: string;
  description: string;
  targetDate: string;
  formatValue: (v: number) => string;
};

export function TimeSeriesChart({ input, texts }: { input: SeriesInput; texts: TimeSeriesTexts }) {
  const id = useId();
  const g = seriesGeometry(input);
  const { box } = g;
  const x0 = box.left;
  const x1 = box.width - box.right;
  const yBottom = box.height - box.bottom;
  return (
    <svg
      className="chart chart--series"
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      focusable="false"
    >
      <title id={`${id}-t`}>{texts.title}</title>
      <desc id={`${id}-d`}>{texts.description}</desc>
      <g aria-hidden="true">
        {g.yTicks.map((tk) => (
          <g key={tk.value}>
            <line x1={x0} x2={x1} y1={tk.y} y2={tk.y} className="chart__grid" />
            <text x={x0 - 6} y={tk.y + 4} textAnchor="end" className="chart__tick">
              {texts.formatValue(tk.value)}
            </text>
          </g>
        ))}
        {g.xTicks.map((tk) => (
          <g key={tk.year}>
            <line x1={tk.x} x2={tk.x} y1={yBottom} y2={yBottom + 5} className="chart__axis" />
            <text x={tk.x} y={yBottom + 20} textAnchor="middle" className="chart__tick">
              {tk.year}
            </text>
          </g>
        ))}
        <line x1={x0} x2={x1} y1={yBottom} y2={yBottom} className="chart__axis" />
        <path d={g.targetDate} className="chart__target-date" />
        <text x={g.target.x} y={yBottom + 38} textAnchor={g.target.x > x1 - 40 ? "end" : "middle"} className="chart__tick">
          {texts.targetDate}
        </text>
        <path d={g.targetLine} className="chart__target" />
        <path d={g.expected} className="chart__expected" />
        <rect x={g.baseline.x - 5} y={g.baseline.y - 5} width={10} height={10} className="chart__baseline" />
        <path d={diamond(g.target.x, g.target.y)} className="chart__target-point" />
        {g.line && <path d={g.line} className="chart__line" />}
        {g.corrected.map((p) => (
          <path key={p.id} d={cross(p.x, p.y)} className="chart__corrected" />
        ))}
        {g.points.map((p) => (
          <circle key={p.id} cx={p.x} cy={p.y} r={4.5} className="chart__point" />
        ))}
      </g>
    </svg>
  );
}

/** diamond draws the target point's shape. */
export function diamond(x: number, y: number, r = 6): string {
  return `M${x},${y - r} L${x + r},${y} L${x},${y + r} L${x - r},${y} Z`;
}

/** cross draws a replaced (corrected) measurement. */
export function cross(x: number, y: number, r = 4): string {
  return `M${x - r},${y - r} L${x + r},${y + r} M${x - r},${y + r} L${x + r},${y - r}`;
}

/** LegendSwatch is the small shape in front of a legend entry. */
export type LegendKind = "point" | "baseline" | "target" | "expected" | "targetDate" | "corrected";

export function LegendSwatch({ kind }: { kind: LegendKind }) {
  return (
    <svg className="chart-legend__swatch" viewBox="0 0 24 12" width="24" height="12" aria-hidden="true" focusable="false">
      {kind === "point" && (
        <>
          <path d="M0,6 L24,6" className="chart__line" />
          <circle cx={12} cy={6} r={4} className="chart__point" />
        </>
      )}
      {kind === "baseline" && <rect x={7} y={1} width={10} height={10} className="chart__baseline" />}
      {kind === "target" && (
        <>
          <path d="M0,6 L24,6" className="chart__target" />
          <path d={diamond(12, 6, 5)} className="chart__target-point" />
        </>
      )}
      {kind === "expected" && <path d="M0,11 L24,1" className="chart__expected" />}
      {kind === "targetDate" && <path d="M12,0 L12,12" className="chart__target-date" />}
      {kind === "corrected" && <path d={cross(12, 6)} className="chart__corrected" />}
    </svg>
  );
}
