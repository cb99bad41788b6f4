import { describe, expect, it } from 'vitest';
import { describeWorkdays, workStatus } from './work-status';

const at = (iso: string) => Date.parse(iso);

describe('workStatus', () => {
  const berlin = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[], workStart: '09:00', workEnd: '17:00' };

  it('is working inside hours on a workday, in the member’s zone', () => {
    expect(workStatus(berlin, at('2026-03-04T09:30:00Z'))).toBe('working'); // Wed 10:30 in Berlin
    expect(workStatus(berlin, at('2026-03-04T16:00:00Z'))).toBe('off'); // Wed 17:00: the end is exclusive
    expect(workStatus(berlin, at('2026-03-07T10:00:00Z'))).toBe('off'); // Saturday
  });

  it('attributes a shift past midnight to the day it started', () => {
    const night = { timeZone: 'UTC', workdays: [5] as 5[], workStart: '22:00', workEnd: '06:00' };
    expect(workStatus(night, at('2026-03-06T23:00:00Z'))).toBe('working'); // Fri 23:00
    expect(workStatus(night, at('2026-03-07T05:00:00Z'))).toBe('working'); // Sat 05:00, Friday's shift
    expect(workStatus(night, at('2026-03-06T05:00:00Z'))).toBe('off'); // Fri 05:00, Thursday not a workday
    expect(workStatus(night, at('2026-03-07T12:00:00Z'))).toBe('off');
  });
});

describe('describeWorkdays', () => {
  it('collapses runs', () => {
    expect(describeWorkdays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeWorkdays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(describeWorkdays([1, 2, 4, 5, 6])).toBe('Mon, Tue, Thu–Sat');
    expect(describeWorkdays([1, 2, 3, 4, 5, 6, 7])).toBe('Every day');
    expect(describeWorkdays([])).toBe('No workdays');
  });
});
