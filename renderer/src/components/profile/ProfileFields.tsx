import { useId, useMemo } from 'react';
import { listTimeZones, weekdayNames } from '../../../../shared/time';
import type { Weekday } from '../../../../shared/model/types';
import { ALL_WEEKDAYS, toggleWeekday } from './profile-form';
import type { ProfileErrors, ProfileFormValues } from './profile-form';

interface Props {
  values: ProfileFormValues;
  errors: ProfileErrors;
  onChange(values: ProfileFormValues): void;
  disabled?: boolean;
}

let zonesCache: string[] | null = null;
function timeZones(): string[] {
  if (!zonesCache) zonesCache = listTimeZones();
  return zonesCache;
}

/** Name, time zone, workdays and hours: the fields onboarding and settings share. */
export function ProfileFields({ values, errors, onChange, disabled }: Props) {
  const id = useId();
  const zones = useMemo(timeZones, []);
  const dayNames = useMemo(weekdayNames, []);
  const set = <K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]) => onChange({ ...values, [key]: value });

  return (
    <>
      <Field id={`${id}-name`} label="Your name" error={errors.name}>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="name"
          value={values.name}
          disabled={disabled}
          onChange={(e) => set('name', e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${id}-name-error` : undefined}
        />
      </Field>

      <Field id={`${id}-zone`} label="Time zone" error={errors.timeZone} hint="Type to search, e.g. “Berlin” or “New_York”.">
        <input
          id={`${id}-zone`}
          type="text"
          list={`${id}-zones`}
          autoComplete="off"
          spellCheck={false}
          value={values.timeZone}
          disabled={disabled}
          onChange={(e) => set('timeZone', e.target.value)}
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={`${id}-zone-hint${errors.timeZone ? ` ${id}-zone-error` : ''}`}
        />
        <datalist id={`${id}-zones`}>
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </Field>

      <fieldset className="field weekdays" aria-describedby={errors.workdays ? `${id}-days-error` : undefined}>
        <legend>Workdays</legend>
        <div className="weekday-row">
          {ALL_WEEKDAYS.map((day: Weekday) => (
            <label key={day} className="weekday">
              <input
                type="checkbox"
                checked={values.workdays.includes(day)}
                disabled={disabled}
                onChange={(e) => set('workdays', toggleWeekday(values.workdays, day, e.target.checked))}
              />
              <span>{dayNames[day - 1]}</span>
            </label>
          ))}
        </div>
        {errors.workdays && (
          <p id={`${id}-days-error`} className="field-error">
            {errors.workdays}
          </p>
        )}
      </fieldset>

      <div className="field-row">
        <Field id={`${id}-start`} label="Work starts" error={errors.workStart}>
          <input
            id={`${id}-start`}
            type="time"
            value={values.workStart}
            disabled={disabled}
            onChange={(e) => set('workStart', e.target.value)}
            aria-invalid={errors.workStart ? true : undefined}
            aria-describedby={errors.workStart ? `${id}-start-error` : undefined}
          />
        </Field>
        <Field id={`${id}-end`} label="Work ends" error={errors.workEnd}>
          <input
            id={`${id}-end`}
            type="time"
            value={values.workEnd}
            disabled={disabled}
            onChange={(e) => set('workEnd', e.target.value)}
            aria-invalid={errors.workEnd ? true : undefined}
            aria-describedby={errors.workEnd ? `${id}-end-error` : undefined}
          />
        </Field>
      </div>
    </>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}

/** A label, the control, an optional hint and the inline error (ids `<id>-hint`, `<id>-error`). */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
