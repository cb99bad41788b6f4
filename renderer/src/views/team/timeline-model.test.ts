import { describe, expect, it } from 'vitest';
import type { Member } from '../../../../shared/model/types';
import { timelineModel } from './timeline-model';

const at = (iso: string) => Date.parse(iso);
const member = (id: string, name: string, timeZone: string, extra: Partial<Member> = {}): Member => ({
  id,
  name,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  role: 'writer',
  joinedAt: 0,
  ...extra,
});

const ana = member('ana', 'Ana', 'Europe/Berlin');
const ben = member('ben', 'Ben', 'America/New_York');
const kenji = member('kenji', 'Kenji', 'Asia/Tokyo');

describe('team timeline model', () => {
  it("draws everyone's hours in the viewer's zone, the overlap, ticks and now", () => {
    const model = timelineModel([ana, ben], { id: 'ana', timeZone: 'Europe/Berlin' }, at('2026-02-04T15:46:00Z'));
    expect(model.dateLabel).toBe('Wed 4 Feb');
    expect(model.rows.map((r) => [r.name, r.bars.map((b) => b.label), r.status, r.localTime])).toEqual([
      ['Ana', ['09:00–17:00'], 'ending-soon', '16:46'],
      ['Ben', ['15:00–23:00'], 'working', '10:46'],
    ]);
    expect(model.rows[1].summary).toBe('Ben: 15:00–23:00 your time (09:00–17:00 in America/New_York)');
    expect(model.rows[0].bars[0].from).toBeCloseTo(9 / 24);
    expect(model.overlapKind).toBe('everyone');
    expect(model.overlap.map((b) => b.label)).toEqual(['15:00–17:00']);
    expect(model.now).toBeCloseTo((16 * 60 + 46) / 1440);
    expect(model.ticks.filter((t) => t.label).map((t) => t.label)).toEqual(['00', '03', '06', '09', '12', '15', '18', '21']);
    expect(model.rows.find((r) => r.nextInSun)?.id).toBe('ben');
    expect(model.description).toContain('Everyone works 15:00–17:00.');
    expect(model.description).toContain('It is now 16:46.');
  });

  it('falls back to "at least two" when nobody overlaps with everyone; splits a shift across midnight', () => {
    const model = timelineModel([ana, ben, kenji], { id: 'ana', timeZone: 'Europe/Berlin' }, at('2026-02-04T10:00:00Z'));
    expect(model.rows[2].bars.map((b) => b.label)).toEqual(['01:00–09:00']);
    expect(model.overlapKind).toBe('two-or-more');
    expect(model.overlap.map((b) => b.label)).toEqual(['15:00–17:00']);
    const night = timelineModel([member('n', 'Nia', 'UTC', { workStart: '22:00', workEnd: '06:00' })], { id: 'x', timeZone: 'UTC' }, at('2026-02-04T10:00:00Z'));
    expect(night.rows[0].bars.map((b) => b.label)).toEqual(['00:00–06:00', '22:00–24:00']);
  });

  it('shows breaks and time off', () => {
    const withBreak = { ...ben, breaks: [{ start: '12:00', end: '13:00' }] };
    const model = timelineModel([ana, withBreak], { id: 'ana', timeZone: 'Europe/Berlin' }, at('2026-02-04T10:00:00Z'));
    expect(model.rows[1].bars.map((b) => b.label)).toEqual(['15:00–18:00', '19:00–23:00']);
    const off = timelineModel([ana, { ...ben, timeOff: ['2026-02-04'] }], { id: 'ana', timeZone: 'Europe/Berlin' }, at('2026-02-04T10:00:00Z'));
    expect(off.rows[1].summary).toBe('Ben does not work on this day');
    expect(off.overlapKind).toBe('none');
    expect(off.description).toContain('Nobody overlaps on this day.');
  });

  it('positions by real time on a 23-hour DST day', () => {
    // 29 March 2026 in Berlin: 02:00 → 03:00. 09:00 is 8 real hours after midnight.
    const model = timelineModel([member('s', 'Sam', 'Europe/Berlin', { workdays: [7] })], { id: 's', timeZone: 'Europe/Berlin' }, at('2026-03-29T10:00:00Z'));
    expect(model.rows[0].bars[0].from).toBeCloseTo(8 / 23);
    expect(model.ticks.find((t) => t.hour === 3)!.from).toBeCloseTo(2 / 23);
  });
});
