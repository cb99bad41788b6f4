import { describe, expect, it } from 'vitest';
import { describeBreaks, describeWorkdays } from './work-days';

describe('describeWorkdays', () => {
  it('collapses runs', () => {
    expect(describeWorkdays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeWorkdays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(describeWorkdays([1, 2, 4, 5, 6])).toBe('Mon, Tue, Thu–Sat');
    expect(describeWorkdays([1, 2, 3, 4, 5, 6, 7])).toBe('Every day');
    expect(describeWorkdays([])).toBe('No workdays');
  });
});

describe('describeBreaks', () => {
  it('lists breaks', () => {
    expect(describeBreaks([])).toBe('');
    expect(describeBreaks([{ start: '12:00', end: '13:00' }])).toBe('Break 12:00–13:00');
    expect(describeBreaks([{ start: '10:30', end: '10:45' }, { start: '13:00', end: '13:45' }])).toBe('Breaks 10:30–10:45, 13:00–13:45');
  });
});
