// A horizontal bar chart in inline SVG: one labelled bar per value, the values written on
// the chart and listed in the image's accessible name.
import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
  /** A colour name of the stylesheet: green, blue, yellow, red, gray, accent. */
  tone?: string;
}

const WIDTH = 360;
const LABEL_WIDTH = 140;
const ROW = 30;
const BAR = 18;
const VALUE_ROOM = 36;

export function BarChart({
  caption,
  bars,
  empty,
}: {
  caption: string;
  bars: Bar[];
  /** Said instead of the chart when every value is 0. */
  empty: string;
}) {
  const captionId = useId();
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const room = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const described = bars.map((b) => `${b.label} ${b.value}`).join(', ');
  return (
    <figure className="card chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <h2>{caption}</h2>
      </figcaption>
      {max === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={`${caption}: ${described}`}
          className="chart-svg chart-bars"
        >
          {bars.map((bar, i) => {
            const y = i * ROW + 4;
            const width = Math.max(2, (bar.value / max) * room);
            return (
              <g key={bar.label}>
                <text
                  x={LABEL_WIDTH - 8}
                  y={y + BAR / 2}
                  textAnchor="end"
                  dominantBaseline="middle"
                >
                  {bar.label}
                </text>
                <rect
                  x={LABEL_WIDTH}
                  y={y}
                  width={width}
                  height={BAR}
                  rx={3}
                  className={`chart-fill-${bar.tone ?? 'accent'}`}
                />
                <text x={LABEL_WIDTH + width + 6} y={y + BAR / 2} dominantBaseline="middle">
                  {bar.value}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
