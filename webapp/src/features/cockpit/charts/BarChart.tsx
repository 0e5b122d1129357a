// A horizontal bar chart in plain SVG. It repeats a table that stands next to it, so it is hidden from
// assistive technology (the table carries the data); each bar is labelled in the picture for the eye.
import { barWidths } from "./scale";

export type Bar = { key: string; label: string; value: number; display: string };

const width = 480;
const row = 40;
const barHeight = 14;

export function BarChart({ bars }: { bars: readonly Bar[] }) {
  if (bars.length === 0) return null;
  const valueSpace = 80;
  const widths = barWidths(
    bars.map((b) => b.value),
    width - valueSpace,
  );
  const height = bars.length * row + 4;
  return (
    <svg className="chart chart--bars" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      {bars.map((b, i) => {
        const y = i * row;
        const w = widths[i] ?? 0;
        return (
          <g key={b.key}>
            <text x={0} y={y + 14} className="chart__label">
              {b.label}
            </text>
            <rect x={0} y={y + 20} width={Math.max(w, 1)} height={barHeight} className="chart__bar" />
            <text x={w + 6} y={y + 32} className="chart__value">
              {b.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** ColumnChart draws a series over time (months) as columns, with every nth label below. */
export function ColumnChart({ bars }: { bars: readonly Bar[] }) {
  if (bars.length === 0) return null;
  const height = 200;
  const top = 20;
  const bottom = 28;
  const step = width / bars.length;
  const col = Math.max(2, step * 0.7);
  const heights = barWidths(
    bars.map((b) => b.value),
    height - top - bottom,
  );
  const every = Math.max(1, Math.ceil(bars.length / 8));
  return (
    <svg className="chart chart--columns" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <line x1={0} x2={width} y1={height - bottom} y2={height - bottom} className="chart__axis" />
      {bars.map((b, i) => {
        const h = heights[i] ?? 0;
        const x = i * step + (step - col) / 2;
        return (
          <g key={b.key}>
            <rect x={x} y={height - bottom - h} width={col} height={h} className="chart__bar" />
            {bars.length <= 16 && (
              <text x={x + col / 2} y={height - bottom - h - 4} textAnchor="middle" className="chart__value">
                {b.display}
              </text>
            )}
            {i % every === 0 && (
              <text x={x + col / 2} y={height - 8} textAnchor="middle" className="chart__label">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
