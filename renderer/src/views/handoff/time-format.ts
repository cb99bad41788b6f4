/** Short, human time labels for reminders and handoffs. Pure; tested beside. */
import { addDays, dateInZone, formatInZone } from '../../../../shared/time';

/** "today 16:45", "tomorrow 09:00", "yesterday 17:10", "Thu 09:00" (this week), "Thu 5 Feb 09:00". */
export function dayTimeLabel(ms: number, zone: string, now: number): string {
  const date = dateInZone(ms, zone);
  const today = dateInZone(now, zone);
  const time = formatInZone(ms, zone, 'HH:mm');
  if (date === today) return `today ${time}`;
  if (date === addDays(today, 1)) return `tomorrow ${time}`;
  if (date === addDays(today, -1)) return `yesterday ${time}`;
  if (date > addDays(today, -7) && date < addDays(today, 7)) return formatInZone(ms, zone, 'ccc HH:mm');
  return formatInZone(ms, zone, 'ccc d LLL HH:mm');
}

/** "in 5 min", "in 2 h 10 min", "in 3 days", "now", "12 min ago". */
export function relativeLabel(ms: number, now: number): string {
  const minutes = Math.round((ms - now) / 60_000);
  if (minutes === 0) return 'now';
  const abs = Math.abs(minutes);
  let span: string;
  if (abs < 60) span = `${abs} min`;
  else if (abs < 48 * 60) span = abs % 60 === 0 ? `${Math.floor(abs / 60)} h` : `${Math.floor(abs / 60)} h ${abs % 60} min`;
  else span = `${Math.round(abs / 1440)} days`;
  return minutes > 0 ? `in ${span}` : `${span} ago`;
}

/** "Ben", "Ben and Chiara", "Ben, Chiara and Dev". */
export function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Thu 09:00 their time (tomorrow 15:00 yours)"; just "tomorrow 15:00" when we share a zone. */
export function theirTimeLabel(at: number, theirZone: string, myZone: string, now: number): string {
  const mine = dayTimeLabel(at, myZone, now);
  return theirZone === myZone ? mine : `${formatInZone(at, theirZone, 'ccc HH:mm')} their time (${mine} yours)`;
}
