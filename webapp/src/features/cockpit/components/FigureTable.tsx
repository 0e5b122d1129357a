// The table that carries a chart's data (or stands alone): a caption, column headers, the first cell of
// each row a row header; it scrolls sideways in a labelled, focusable wrapper as the app's other tables do.
import type { ReactNode } from "react";

export type FigureRow = { key: string; cells: ReactNode[] };

/** captionHidden keeps the caption for assistive technology only, when a visible heading above says the same. */
export function FigureTable(p: { caption: string; captionHidden?: boolean; head: string[]; rows: FigureRow[]; testId?: string }) {
  const { caption, head, rows, testId } = p;
  return (
    <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={caption}>
      <table className="kern-table kern-table--small figure-table" data-testid={testId}>
        <caption className={p.captionHidden ? "kern-sr-only" : undefined}>{caption}</caption>
        <thead className="kern-table__header">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={i}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
