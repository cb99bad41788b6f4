import { describe, expect, it } from 'vitest';
import { dayTimeLabel, namesList, relativeLabel, theirTimeLabel } from './time-format';

const at = (iso: string) => Date.parse(iso);
const now = at('2026-02-04T15:46:00Z'); // Wed 16:46 in Berlin

describe('time labels', () => {
  it('names the day relative to today, in the given zone', () => {
    expect(dayTimeLabel(at('2026-02-04T15:45:00Z'), 'Europe/Berlin', now)).toBe('today 16:45');
    expect(dayTimeLabel(at('2026-02-05T14:00:00Z'), 'America/New_York', now)).toBe('tomorrow 09:00');
    expect(dayTimeLabel(at('2026-02-05T14:00:00Z'), 'Asia/Tokyo', now)).toBe('today 23:00'); // already Thu in Tokyo
    expect(dayTimeLabel(at('2026-02-03T16:10:00Z'), 'Europe/Berlin', now)).toBe('yesterday 17:10');
    expect(dayTimeLabel(at('2026-02-07T08:00:00Z'), 'Europe/Berlin', now)).toBe('Sat 09:00');
    expect(dayTimeLabel(at('2026-03-02T08:00:00Z'), 'Europe/Berlin', now)).toBe('Mon 2 Mar 09:00');
  });

  it('says how far away an instant is', () => {
    expect(relativeLabel(now, now)).toBe('now');
    expect(relativeLabel(now + 5 * 60_000, now)).toBe('in 5 min');
    expect(relativeLabel(now + 130 * 60_000, now)).toBe('in 2 h 10 min');
    expect(relativeLabel(now + 120 * 60_000, now)).toBe('in 2 h');
    expect(relativeLabel(now - 12 * 60_000, now)).toBe('12 min ago');
    expect(relativeLabel(now + 3 * 86_400_000, now)).toBe('in 3 days');
  });

  it('lists names', () => {
    expect(namesList([])).toBe('');
    expect(namesList(['Ben'])).toBe('Ben');
    expect(namesList(['Ben', 'Chiara'])).toBe('Ben and Chiara');
    expect(namesList(['Ben', 'Chiara', 'Dev'])).toBe('Ben, Chiara and Dev');
  });
});

describe('their time and mine', () => {
  it('names their weekday and my relative day', () => {
    expect(theirTimeLabel(at('2026-02-05T14:00:00Z'), 'America/New_York', 'Europe/Berlin', now)).toBe('Thu 09:00 their time (tomorrow 15:00 yours)');
    expect(theirTimeLabel(at('2026-02-05T08:00:00Z'), 'Europe/Berlin', 'Europe/Berlin', now)).toBe('tomorrow 09:00');
  });
});
