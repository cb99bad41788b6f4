import { useId, useMemo } from 'react';
import type { Member } from '../../../../shared/model/types';
import type { TimelineModel } from './timeline-model';
import { timelineModel } from './timeline-model';

interface Props {
  members: readonly Member[];
  viewer: { id: string; timeZone: string };
  now: number;
}

// Drawing units (the SVG scales to the card's width).
const WIDTH = 960;
const LABEL_WIDTH = 196;
const RIGHT = 18;
const TOP = 48;
const ROW = 40;
const BAR = 20;
const CHART = WIDTH - LABEL_WIDTH - RIGHT;

const STATUS_TEXT = { working: 'working', off: 'off', 'starting-soon': 'starting soon', 'ending-soon': 'ending soon' } as const;

const x = (fraction: number) => LABEL_WIDTH + fraction * CHART;

/**
 * Everyone's working hours over the viewer's local day, as a picture: one row per member, the
 * overlap highlighted as a band across the rows and as its own row, a "now" line. The text
 * equivalent (title + description) is part of the SVG for screen readers; each bar also has a
 * tooltip.
 */
export function TeamTimeline({ members, viewer, now }: Props) {
  const model: TimelineModel = useMemo(() => timelineModel(members, viewer, now), [members, viewer, now]);
  const id = useId();
  const height = TOP + ROW * (model.rows.length + 1) + 12;
  const rowsBottom = TOP + ROW * model.rows.length;
  const overlapName = model.overlapKind === 'everyone' ? 'Everyone' : model.overlapKind === 'two-or-more' ? 'Two or more' : 'Overlap';

  return (
    <figure className="card timeline-card">
      <figcaption className="timeline-caption">
        <h2>Working hours, {model.dateLabel}</h2>
        <p className="muted">
          In your time zone, {model.zone}. {model.overlapText}
        </p>
      </figcaption>
      <svg
        className="timeline"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        data-testid="team-timeline"
      >
        <title id={`${id}-title`}>{`Team working hours on ${model.dateLabel}, in ${model.zone}`}</title>
        <desc id={`${id}-desc`}>{model.description}</desc>

        {model.rows.map((row, i) => (
          <rect key={row.id} className={i % 2 ? 'tl-stripe tl-stripe-odd' : 'tl-stripe'} x={0} y={TOP + i * ROW} width={WIDTH} height={ROW} />
        ))}
        <rect className="tl-stripe tl-stripe-overlap" x={0} y={rowsBottom} width={WIDTH} height={ROW} />

        {model.ticks.map((tick) => (
          <g key={tick.hour}>
            <line className={tick.label || tick.hour === 24 ? 'tl-grid tl-grid-major' : 'tl-grid'} x1={x(tick.from)} x2={x(tick.from)} y1={TOP - 6} y2={rowsBottom + ROW} />
            {tick.label && (
              <text className="tl-tick" x={x(tick.from)} y={TOP - 10} textAnchor="middle">
                {tick.label}
              </text>
            )}
          </g>
        ))}

        {model.overlap.map((band) => (
          <rect key={`band-${band.start}`} className="tl-overlap-band" x={x(band.from)} y={TOP} width={Math.max(1, x(band.to) - x(band.from))} height={rowsBottom - TOP} />
        ))}

        {model.rows.map((row, i) => {
          const y = TOP + i * ROW;
          return (
            <g key={row.id} data-member={row.id}>
              <circle className={`tl-status tl-status-${row.status}`} cx={14} cy={y + 14} r={4.5}>
                <title>{`${row.name} is ${STATUS_TEXT[row.status]}`}</title>
              </circle>
              <text className="tl-name" x={26} y={y + 18}>
                {truncate(row.name, row.isMe || row.nextInSun ? 14 : 18)}
                {row.isMe && <tspan className="tl-you"> (you)</tspan>}
                {row.nextInSun && (
                  <tspan className="tl-sun">
                    {' ☀'}
                    <title>Next in the sun: starts work first after your day ends</title>
                  </tspan>
                )}
              </text>
              <text className="tl-local" x={26} y={y + 32}>
                {`${row.localTime} their time`}
              </text>
              {row.bars.map((b) => {
                const width = Math.max(2, x(b.to) - x(b.from));
                return (
                  <g key={b.start}>
                    <rect className={row.isMe ? 'tl-bar tl-bar-me' : 'tl-bar'} x={x(b.from)} y={y + (ROW - BAR) / 2} width={width} height={BAR} rx={5}>
                      <title>{`${row.name}: ${b.label} your time`}</title>
                    </rect>
                    {width > 78 && (
                      <text className="tl-bar-label" x={x(b.from) + width / 2} y={y + ROW / 2 + 4} textAnchor="middle" aria-hidden="true">
                        {b.label}
                      </text>
                    )}
                  </g>
                );
              })}
              {row.bars.length === 0 && (
                <text className="tl-off" x={LABEL_WIDTH + 8} y={y + ROW / 2 + 4}>
                  Not working on this day
                </text>
              )}
            </g>
          );
        })}

        <g data-testid="timeline-overlap">
          <text className="tl-name tl-overlap-name" x={26} y={rowsBottom + 18}>
            {overlapName}
          </text>
          <text className="tl-local" x={26} y={rowsBottom + 32}>
            overlap
          </text>
          {model.overlap.map((b) => {
            const width = Math.max(2, x(b.to) - x(b.from));
            return (
              <g key={b.start}>
                <rect className={`tl-overlap tl-overlap-${model.overlapKind}`} x={x(b.from)} y={rowsBottom + (ROW - BAR) / 2} width={width} height={BAR} rx={5}>
                  <title>{`${overlapName} overlap: ${b.label}`}</title>
                </rect>
                {width > 78 && (
                  <text className="tl-bar-label tl-overlap-label" x={x(b.from) + width / 2} y={rowsBottom + ROW / 2 + 4} textAnchor="middle" aria-hidden="true">
                    {b.label}
                  </text>
                )}
              </g>
            );
          })}
          {model.overlap.length === 0 && (
            <text className="tl-off" x={LABEL_WIDTH + 8} y={rowsBottom + ROW / 2 + 4}>
              {model.rows.length > 1 ? 'No overlap on this day' : 'Only you so far'}
            </text>
          )}
        </g>

        {model.now !== null && (
          <g className="tl-now" data-testid="timeline-now">
            <line x1={x(model.now)} x2={x(model.now)} y1={20} y2={rowsBottom + ROW} />
            <rect x={Math.min(x(model.now) - 38, WIDTH - 78)} y={1} width={76} height={20} rx={10} />
            <text x={Math.min(x(model.now), WIDTH - 40)} y={15} textAnchor="middle">{`now ${model.nowLabel}`}</text>
          </g>
        )}
      </svg>
      <ul className="timeline-legend" aria-hidden="true">
        <li>
          <span className="swatch swatch-me" /> You
        </li>
        <li>
          <span className="swatch swatch-member" /> Teammates
        </li>
        <li>
          <span className="swatch swatch-overlap" /> Overlap
        </li>
        <li>
          <span className="swatch swatch-now" /> Now
        </li>
        <li>
          <span className="legend-sun">☀</span> Next in the sun
        </li>
      </ul>
    </figure>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
