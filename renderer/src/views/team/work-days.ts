/** How a member's week and breaks read in the Team view. Pure; tested beside. */
import { weekdayNames } from '../../../../shared/time';

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

/** "Break 12:00–13:00", "Breaks 10:30–10:45, 13:00–13:45", or '' without breaks. */
export function describeBreaks(breaks: readonly { start: string; end: string }[]): string {
  if (breaks.length === 0) return '';
  return `${breaks.length === 1 ? 'Break' : 'Breaks'} ${breaks.map((b) => `${b.start}–${b.end}`).join(', ')}`;
}
