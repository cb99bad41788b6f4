/**
 * The week's activity as stacked SVG bars (posts, replies, page changes per day). No chart
 * library: a few rects and labels, with a table-like text alternative for screen readers.
 */
import type { DayActivity } from '../../../../shared/model/weekly-summary';

const SERIES = [
  { key: 'posts', label: 'Posts', className: 'bar-posts' },
  { key: 'replies', label: 'Replies', className: 'bar-replies' },
  { key: 'pageChanges', label: 'Page changes', className: 'bar-pages' },
] as const;

const WIDTH = 560;
const HEIGHT = 180;
const PAD_TOP = 16;
const PAD_BOTTOM = 28;
const PAD_LEFT = 28;

export function ActivityChart({ days }: { days: readonly DayActivity[] }) {
  const max = Math.max(1, ...days.map((d) => d.total));
  // A round top for the axis: 1, 2, 5, 10, 20, 50…
  const step = [1, 2, 5].map((m) => m * 10 ** Math.floor(Math.log10(max))).find((s) => s * 4 >= max) ?? 10 ** Math.ceil(Math.log10(max));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const slot = (WIDTH - PAD_LEFT) / days.length;
  const barW = Math.min(44, slot * 0.6);
  const y = (v: number) => PAD_TOP + plotH - (v / top) * plotH;
  const ticks = [0, top / 2, top];
  const description = days.map((d) => `${d.label}: ${d.posts} posts, ${d.replies} replies, ${d.pageChanges} page changes`).join('; ');

  return (
    <figure className="activity-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Activity per day. ${description}`} preserveAspectRatio="xMidYMid meet">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD_LEFT} x2={WIDTH} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={PAD_LEFT - 6} y={y(t) + 4} textAnchor="end" className="chart-axis">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {days.map((day, i) => {
          const x = PAD_LEFT + slot * i + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={day.localDate}>
              {SERIES.map((s) => {
                const value = day[s.key];
                if (value === 0) return null;
                const rect = <rect key={s.key} x={x} y={y(base + value)} width={barW} height={y(base) - y(base + value)} className={s.className} rx={2} />;
                base += value;
                return rect;
              })}
              {day.total > 0 && (
                <text x={x + barW / 2} y={y(day.total) - 4} textAnchor="middle" className="chart-value">
                  {day.total}
                </text>
              )}
              <text x={x + barW / 2} y={HEIGHT - 10} textAnchor="middle" className="chart-axis">
                {day.label.split(' ')[0]}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <span className={`legend-swatch ${s.className}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
