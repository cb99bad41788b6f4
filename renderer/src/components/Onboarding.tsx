import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { detectTimeZone } from '../../../shared/time';
import { ApiError } from '../../../shared/api/contract';
import { useAppStore } from '../store';
import { describeError, fieldIssues } from '../errors';
import { createLogger } from '../../../shared/log/logger';
import { Field, ProfileFields } from './profile/ProfileFields';
import { DEFAULT_WORKDAYS, hasErrors, validateProfile } from './profile/profile-form';
import type { ProfileErrors, ProfileFormValues } from './profile/profile-form';

const log = createLogger('renderer/onboarding');

/** First run: who you are and when you work, so handoffs can follow the sun. */
export function Onboarding() {
  const setupProfile = useAppStore((s) => s.setupProfile);
  const [values, setValues] = useState<ProfileFormValues>(() => ({
    name: '',
    timeZone: detectTimeZone(),
    workdays: DEFAULT_WORKDAYS,
    workStart: '09:00',
    workEnd: '17:00',
  }));
  const [spaceName, setSpaceName] = useState('');
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  const change = (next: ProfileFormValues) => {
    setValues(next);
    // After a failed submit, errors follow the user's corrections as they type.
    if (attempted) setErrors(validateProfile(next));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const found = validateProfile(values);
    if (spaceName.trim().length > 80) found.spaceName = 'Use at most 80 characters.';
    setErrors(found);
    setFormError(null);
    if (hasErrors(found)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setSubmitting(true);
    try {
      await setupProfile({
        name: values.name.trim(),
        timeZone: values.timeZone.trim(),
        workdays: values.workdays,
        workStart: values.workStart,
        workEnd: values.workEnd,
        ...(spaceName.trim() ? { spaceName: spaceName.trim() } : {}),
      });
    } catch (error) {
      log.warn('setup failed', { error: describeError(error) });
      if (error instanceof ApiError && error.code === 'invalid_argument') setErrors(fieldIssues(error));
      setFormError(describeError(error));
      setSubmitting(false);
    }
  };

  return (
    <main className="onboarding" aria-labelledby={`${id}-title`}>
      <form ref={formRef} className="card onboarding-card" onSubmit={submit} noValidate>
        <h1 id={`${id}-title`}>Welcome to Baton</h1>
        <p className="lede">
          Tell your team who you are and when you work. Baton uses your hours to remind you to hand off at the end of
          your day, and to show others when you are around.
        </p>
        <ProfileFields values={values} errors={errors} onChange={change} disabled={submitting} />
        <Field id={`${id}-space`} label="Team name" error={errors.spaceName} hint="Optional. You can change it later.">
          <input
            id={`${id}-space`}
            type="text"
            value={spaceName}
            disabled={submitting}
            placeholder="My team"
            onChange={(e) => setSpaceName(e.target.value)}
            aria-invalid={errors.spaceName ? true : undefined}
            aria-describedby={`${id}-space-hint${errors.spaceName ? ` ${id}-space-error` : ''}`}
          />
        </Field>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={submitting} aria-busy={submitting || undefined}>
            Get started
          </button>
        </div>
      </form>
    </main>
  );
}

export function focusFirstInvalid(form: HTMLFormElement | null): void {
  // After React has committed the aria-invalid attributes.
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby] input')?.focus(), 0);
}
