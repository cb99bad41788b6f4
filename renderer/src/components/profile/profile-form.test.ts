import { describe, expect, it } from 'vitest';
import { hasErrors, toggleWeekday, validateProfile } from './profile-form';
import type { ProfileFormValues } from './profile-form';

const valid: ProfileFormValues = { name: 'Ada', timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

describe('validateProfile', () => {
  it('accepts a valid profile, including a night shift past midnight', () => {
    expect(hasErrors(validateProfile(valid))).toBe(false);
    expect(hasErrors(validateProfile({ ...valid, workStart: '22:00', workEnd: '06:00' }))).toBe(false);
  });

  it('reports each invalid field', () => {
    const errors = validateProfile({ name: '  ', timeZone: 'Nowhere/City', workdays: [], workStart: '9am', workEnd: '' });
    expect(errors).toEqual({
      name: 'Enter your name.',
      timeZone: expect.stringContaining('Choose a time zone from the list'),
      workdays: 'Choose at least one workday.',
      workStart: expect.stringContaining('HH:mm'),
      workEnd: expect.stringContaining('HH:mm'),
    });
    expect(validateProfile({ ...valid, timeZone: '' }).timeZone).toBe('Choose your time zone.');
    expect(validateProfile({ ...valid, name: 'x'.repeat(81) }).name).toMatch(/80/);
    expect(validateProfile({ ...valid, workEnd: '09:00' }).workEnd).toMatch(/different time/);
  });
});

describe('toggleWeekday', () => {
  it('keeps days sorted and unique', () => {
    expect(toggleWeekday([5, 1], 3, true)).toEqual([1, 3, 5]);
    expect(toggleWeekday([1, 3, 5], 3, false)).toEqual([1, 5]);
    expect(toggleWeekday([1], 1, true)).toEqual([1]);
  });
});
