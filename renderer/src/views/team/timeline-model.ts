/**
 * What the Team view's 24-hour timeline draws, as a pure function of the team, the viewer's
 * zone and now: each member's working segments of the viewer's local day (dayTimeline, so
 * breaks, time off and DST days are right), where they overlap, hour ticks at the viewer's
 * wall-clock hours, the "now" position, and a text description for assistive technology.
 * Positions are fractions (0..1) of the day's true length (23 or 25 h on DST days).
 */
import type { Member } from '../../../../shared/model/types';
import { scheduleOf } from '../../../../shared/model/member-schedule';
import type { WorkState } from '../../../../shared/time';
import { clockLabel, dayTimeline, formatInZone, nextInTheSun, resolveLocalTime, workStatus } from '../../../../shared/time';

export interface TimelineBar {
  start: number;
  end: number;
  from: number;
  to: number;
  /** "15:00–23:00" in the viewer's zone. */
  label: string;
}

export interface TimelineRow {
  id: string;
  name: string;
  isMe: boolean;
  nextInSun: boolean;
  status: WorkState;
  /** The member's own wall clock now, "HH:mm". */
  localTime: string;
  bars: TimelineBar[];
  /** "Ben: 15:00–23:00 your time (09:00–17:00 in America/New_York)" or "… does not work today". */
  summary: string;
}

export interface TimelineTick {
  from: number;
  hour: number;
  /** "00", "03" … on major ticks (every 3 h), '' on the others. */
  label: string;
}

export interface TimelineModel {
  zone: string;
  /** "Wed 4 Feb" (the viewer's date shown). */
  dateLabel: string;
  rows: TimelineRow[];
  /** Where everyone works, or else where at least two do. */
  overlap: TimelineBar[];
  overlapKind: 'everyone' | 'two-or-more' | 'none';
  /** The overlap in words, e.g. "Everyone works 15:00–17:00." ('' for a team of one). */
  overlapText: string;
  ticks: TimelineTick[];
  /** Where "now" is, or null when now is outside the day shown. */
  now: number | null;
  nowLabel: string;
  description: string;
}

function labelOf(start: number, end: number, zone: string, dayEnd: number): string {
  return `${clockLabel(start, zone)}–${end >= dayEnd ? '24:00' : clockLabel(end, zone)}`;
}

export function timelineModel(members: readonly Member[], viewer: { id: string; timeZone: string }, now: number): TimelineModel {
  const schedules = members.map(scheduleOf);
  const day = dayTimeline(schedules, viewer.timeZone, now);
  const zone = day.zone;
  const span = day.dayEnd - day.dayStart;
  const bar = (s: { start: number; end: number }): TimelineBar => ({
    start: s.start,
    end: s.end,
    from: (s.start - day.dayStart) / span,
    to: (s.end - day.dayStart) / span,
    label: labelOf(s.start, s.end, zone, day.dayEnd),
  });
  const me = schedules.find((s) => s.id === viewer.id);
  const sun = new Set(me ? nextInTheSun(me, schedules, now).map((s) => s.id) : []);

  const rows: TimelineRow[] = members.map((member, index) => {
    const bars = day.members[index].segments.map(bar);
    const own = member.timeZone === zone ? '' : ` (${bars.map((b) => labelOf(b.start, b.end, member.timeZone, Infinity)).join(', ')} in ${member.timeZone})`;
    return {
      id: member.id,
      name: member.name,
      isMe: member.id === viewer.id,
      nextInSun: sun.has(member.id),
      status: workStatus(schedules[index], now).status,
      localTime: clockLabel(now, member.timeZone),
      bars,
      summary: bars.length
        ? `${member.name}: ${bars.map((b) => b.label).join(', ')} your time${own}`
        : `${member.name} does not work on this day`,
    };
  });

  const everyone = members.length > 1 ? day.overlapAll : [];
  const overlapKind = everyone.length > 0 ? 'everyone' : day.overlapTwoOrMore.length > 0 ? 'two-or-more' : 'none';
  const overlap = (overlapKind === 'everyone' ? everyone : day.overlapTwoOrMore).map(bar);

  const ticks: TimelineTick[] = [];
  for (let hour = 0; hour <= 24; hour++) {
    const at = hour === 24 ? day.dayEnd : resolveLocalTime(zone, day.date, hour * 60);
    ticks.push({ from: (at - day.dayStart) / span, hour, label: hour % 3 === 0 && hour < 24 ? String(hour).padStart(2, '0') : '' });
  }

  const nowFraction = now >= day.dayStart && now < day.dayEnd ? (now - day.dayStart) / span : null;
  const overlapText =
    overlapKind === 'everyone'
      ? `Everyone works ${overlap.map((b) => b.label).join(', ')}.`
      : overlapKind === 'two-or-more'
        ? `There is no time when everyone works; at least two people overlap ${overlap.map((b) => b.label).join(', ')}.`
        : members.length > 1
          ? 'Nobody overlaps on this day.'
          : '';
  const dateLabel = formatInZone(day.dayStart, zone, 'ccc d LLL');
  return {
    zone,
    dateLabel,
    rows,
    overlap,
    overlapKind,
    overlapText,
    ticks,
    now: nowFraction,
    nowLabel: clockLabel(now, zone),
    description: [
      `Working hours on ${dateLabel} in your time zone, ${zone}.`,
      ...rows.map((r) => `${r.summary}.`),
      overlapText,
      nowFraction !== null ? `It is now ${clockLabel(now, zone)}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}
