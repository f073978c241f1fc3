// The six-month trend: new policies and new quotes per month as paired columns in inline
// SVG, with a table of the same numbers (and the written premium) under it.
import { useId } from 'react';
import type { Schemas } from '../../api/types';
import { money } from '../../components/format';
import { monthLabel } from './labels';

type TrendPoint = Schemas['TrendPoint'];

const WIDTH = 420;
const PLOT_TOP = 16;
const PLOT_BOTTOM = 160;
const HEIGHT = 184;
const COLUMN = 20;

export function TrendChart({ caption, points }: { caption: string; points: TrendPoint[] }) {
  const captionId = useId();
  const max = Math.max(0, ...points.map((p) => Math.max(p.newPolicies, p.newQuotes)));
  const slot = points.length ? WIDTH / points.length : WIDTH;
  const scale = (value: number) => (max === 0 ? 0 : (value / max) * (PLOT_BOTTOM - PLOT_TOP));
  const quiet = points.every(
    (p) => p.newPolicies === 0 && p.newQuotes === 0 && p.writtenPremium === 0,
  );
  return (
    <figure className="card chart chart-wide" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <h2>{caption}</h2>
      </figcaption>
      {quiet ? (
        <p className="muted">No new quotes or policies in the last six months.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" aria-hidden="true">
            <line x1={0} x2={WIDTH} y1={PLOT_BOTTOM} y2={PLOT_BOTTOM} className="chart-axis" />
            {points.map((p, i) => {
              const centre = slot * i + slot / 2;
              const columns = [
                { value: p.newPolicies, x: centre - COLUMN - 1, tone: 'accent' },
                { value: p.newQuotes, x: centre + 1, tone: 'yellow' },
              ];
              return (
                <g key={p.month}>
                  {columns.map((c) => (
                    <g key={c.tone}>
                      <rect
                        x={c.x}
                        y={PLOT_BOTTOM - scale(c.value)}
                        width={COLUMN}
                        height={scale(c.value)}
                        className={`chart-fill-${c.tone}`}
                      />
                      {c.value > 0 && (
                        <text
                          x={c.x + COLUMN / 2}
                          y={PLOT_BOTTOM - scale(c.value) - 4}
                          textAnchor="middle"
                        >
                          {c.value}
                        </text>
                      )}
                    </g>
                  ))}
                  <text x={centre} y={HEIGHT - 6} textAnchor="middle">
                    {monthLabel(p.month)}
                  </text>
                </g>
              );
            })}
          </svg>
          <p className="chart-legend" aria-hidden="true">
            <span className="swatch chart-bg-accent" /> New policies
            <span className="swatch chart-bg-yellow" /> New quotes
          </p>
        </>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                New policies
              </th>
              <th scope="col" className="num">
                New quotes
              </th>
              <th scope="col" className="num">
                Written premium
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{monthLabel(p.month)}</th>
                <td className="num">{p.newPolicies}</td>
                <td className="num">{p.newQuotes}</td>
                <td className="num">{money(p.writtenPremium)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
