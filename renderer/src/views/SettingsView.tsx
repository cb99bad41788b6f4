import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppInfo, Profile, ProfileUpdate } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { api } from '../platform';
import { useAppStore } from '../store';
import { describeError, fieldIssues } from '../errors';
import { useReportError } from '../use-report-error';
import { ProfileFields } from '../components/profile/ProfileFields';
import { hasErrors, validateProfile } from '../components/profile/profile-form';
import type { ProfileErrors, ProfileFormValues } from '../components/profile/profile-form';
import { focusFirstInvalid } from '../components/Onboarding';
import { FormFooter } from '../components/FormFooter';
import type { FormMessage } from '../components/FormFooter';
import { ViewHeader } from './ViewHeader';
import { TeamSyncSettings } from './TeamSyncSettings';
import { WorkTimeSettings } from './team/WorkTimeSettings';
import { TeamSettings } from './settings/TeamSettings';

function valuesOf(profile: Profile): ProfileFormValues {
  const { name, timeZone, workdays, workStart, workEnd } = profile.member;
  return { name, timeZone, workdays: [...workdays].sort((a, b) => a - b), workStart, workEnd };
}

function changes(before: ProfileFormValues, after: ProfileFormValues): ProfileUpdate {
  const patch: ProfileUpdate = {};
  if (after.name.trim() !== before.name) patch.name = after.name.trim();
  if (after.timeZone.trim() !== before.timeZone) patch.timeZone = after.timeZone.trim();
  if (after.workdays.join() !== before.workdays.join()) patch.workdays = after.workdays;
  if (after.workStart !== before.workStart) patch.workStart = after.workStart;
  if (after.workEnd !== before.workEnd) patch.workEnd = after.workEnd;
  return patch;
}

export function SettingsView() {
  return (
    <>
      <ViewHeader title="Settings" />
      <ProfileSettings />
      <WorkTimeSettings />
      <TeamSyncSettings />
      <TeamSettings />
      <AppInfoSection />
    </>
  );
}

function ProfileSettings() {
  const profile = useAppStore((s) => s.profile)!;
  const updateProfile = useAppStore((s) => s.updateProfile);
  const saved = valuesOf(profile);
  const [values, setValues] = useState<ProfileFormValues>(saved);
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  // Follow changes made elsewhere (another window) unless the user is editing.
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    if (!dirty) setValues(JSON.parse(savedKey) as ProfileFormValues);
  }, [savedKey, dirty]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateProfile(values);
    setErrors(found);
    setMessage(null);
    if (hasErrors(found)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const patch = changes(saved, values);
    if (Object.keys(patch).length === 0) {
      setDirty(false);
      setMessage({ kind: 'ok', text: 'No changes to save.' });
      return;
    }
    setSaving(true);
    try {
      await updateProfile(patch);
      setDirty(false);
      setMessage({ kind: 'ok', text: 'Profile saved.' });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_argument') setErrors(fieldIssues(error));
      setMessage({ kind: 'error', text: `Could not save your profile: ${describeError(error)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby={`${id}-profile`}>
      <h2 id={`${id}-profile`}>Your profile</h2>
      <form ref={formRef} onSubmit={submit} noValidate>
        <ProfileFields
          values={values}
          errors={errors}
          disabled={saving}
          onChange={(next) => {
            setValues(next);
            setDirty(true);
            setMessage(null);
            if (hasErrors(errors)) setErrors(validateProfile(next));
          }}
        />
        <FormFooter
          saveLabel="Save changes"
          saveDisabled={saving}
          dirty={dirty}
          message={message}
          onDiscard={() => {
            setValues(saved);
            setErrors({});
            setDirty(false);
            setMessage(null);
          }}
        />
      </form>
    </section>
  );
}

const SHELL_NAMES: Record<AppInfo['shell'], string> = { electron: 'Desktop app', web: 'Web (local browser)' };

function AppInfoSection() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const spaceName = useAppStore((s) => s.profile?.settings.spaceName);
  const reportError = useReportError();
  const id = useId();

  useEffect(() => {
    let live = true;
    api.call('app.info').then(
      (value) => live && setInfo(value),
      (err) => {
        if (!live) return;
        setError(describeError(err));
        reportError(err, 'Could not read the app info');
      },
    );
    return () => {
      live = false;
    };
  }, [reportError]);

  return (
    <section className="card settings-section" aria-labelledby={`${id}-about`}>
      <h2 id={`${id}-about`}>About this app</h2>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {!info && !error && <p className="muted">Loading…</p>}
      {info && (
        <dl className="info-list">
          <dt>Team</dt>
          <dd>{spaceName}</dd>
          <dt>Shell</dt>
          <dd data-testid="app-shell">{SHELL_NAMES[info.shell] ?? info.shell}</dd>
          <dt>Data folder</dt>
          <dd>
            <code data-testid="app-data-dir">{info.dataDir}</code>
          </dd>
          <dt>Version</dt>
          <dd data-testid="app-version">{info.version}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
        </dl>
      )}
    </section>
  );
}
