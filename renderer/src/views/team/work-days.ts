/** Whether a member is inside their working hours at an instant. Pure; tested beside. */
import type { Member } from '../../../shared/model/types';
import { formatInZone, parseClockTime, weekdayNames } from '../../../shared/time';

export type WorkStatus = 'working' | 'off';

export function workStatus(member: Pick<Member, 'timeZone' | 'workdays' | 'workStart' | 'workEnd'>, now: number): WorkStatus {
  const weekday = Number(formatInZone(now, member.timeZone, 'c')); // 1 = Monday … 7 = Sunday
  const minutes = parseClockTime(formatInZone(now, member.timeZone, 'HH:mm'))!;
  const start = parseClockTime(member.workStart);
  const end = parseClockTime(member.workEnd);
  if (start === null || end === null) return 'off';
  if (start < end) return member.workdays.includes(weekday as Member['workdays'][number]) && minutes >= start && minutes < end ? 'working' : 'off';
  // A shift past midnight belongs to the day it started on.
  if (minutes >= start) return member.workdays.includes(weekday as Member['workdays'][number]) ? 'working' : 'off';
  if (minutes < end) {
    const yesterday = weekday === 1 ? 7 : weekday - 1;
    return member.workdays.includes(yesterday as Member['workdays'][number]) ? 'working' : 'off';
  }
  return 'off';
}

/** "Mon–Fri", "Mon, Wed, Fri", "Every day", "No workdays". */
export function describeWorkdays(days: readonly number[]): string {
  const names = weekdayNames();
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 0) return 'No workdays';
  if (sorted.length === 7) return 'Every day';
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run && day === run[run.length - 1] + 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) => (run.length >= 3 ? `${names[run[0] - 1]}–${names[run[run.length - 1] - 1]}` : run.map((d) => names[d - 1]).join(', ')))
    .join(', ');
}
