/** Form state and validation shared by onboarding and settings. Pure, so it is unit-tested. */
import type { Weekday } from '../../../../shared/model/types';
import { isValidTimeZone, parseClockTime } from '../../../../shared/time';

export interface ProfileFormValues {
  name: string;
  timeZone: string;
  workdays: Weekday[];
  workStart: string;
  workEnd: string;
}

export type ProfileField = keyof ProfileFormValues | 'spaceName';
export type ProfileErrors = Partial<Record<ProfileField, string>>;

export const DEFAULT_WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];
export const ALL_WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export function validateProfile(values: ProfileFormValues): ProfileErrors {
  const errors: ProfileErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Enter your name.';
  else if (name.length > 80) errors.name = 'Use at most 80 characters.';

  if (!values.timeZone.trim()) errors.timeZone = 'Choose your time zone.';
  else if (!isValidTimeZone(values.timeZone.trim())) errors.timeZone = 'Choose a time zone from the list, such as "Europe/Berlin".';

  if (values.workdays.length === 0) errors.workdays = 'Choose at least one workday.';

  const start = parseClockTime(values.workStart);
  const end = parseClockTime(values.workEnd);
  if (start === null) errors.workStart = 'Enter a time as HH:mm, such as 09:00.';
  if (end === null) errors.workEnd = 'Enter a time as HH:mm, such as 17:00.';
  // End before start is allowed: a night shift that runs past midnight.
  if (start !== null && end !== null && start === end) errors.workEnd = 'The workday must end at a different time than it starts.';
  return errors;
}

export function toggleWeekday(days: Weekday[], day: Weekday, on: boolean): Weekday[] {
  const set = new Set(days);
  if (on) set.add(day);
  else set.delete(day);
  return ALL_WEEKDAYS.filter((d) => set.has(d));
}

export function hasErrors(errors: ProfileErrors): boolean {
  return Object.values(errors).some(Boolean);
}
