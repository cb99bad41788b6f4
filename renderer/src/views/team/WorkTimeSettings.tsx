import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppInfo } from '../../../../shared/api/contract';
import type { LocalAppSettings } from '../../../../shared/api/handoff-api';
import { breaksOf, timeOffOf } from '../../../../shared/model/member-schedule';
import { dateInZone, formatInZone } from '../../../../shared/time';
import { FormFooter } from '../../components/FormFooter';
import type { FormMessage } from '../../components/FormFooter';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { NotificationPermission } from '../handoff/ReminderBanner';
import { useCoreNow } from '../handoff/use-core-now';
import './team.css';

/** Settings → breaks and time off (my schedule), and how reminders and handoffs reach me. */
export function WorkTimeSettings() {
  return (
    <>
      <ScheduleSettings />
      <ReminderSettings />
    </>
  );
}

type Message = FormMessage | null;

function StatusMessage({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
}

function ScheduleSettings() {
  const profile = useAppStore((s) => s.profile)!;
  const setProfile = useAppStore((s) => s.setProfile);
  const now = useCoreNow();
  const today = dateInZone(now, profile.member.timeZone);
  const saved = { breaks: breaksOf(profile.member), timeOff: timeOffOf(profile.member) };
  const [breaks, setBreaks] = useState(saved.breaks);
  const [timeOff, setTimeOff] = useState(saved.timeOff);
  const [newDay, setNewDay] = useState('');
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const id = useId();

  // Follow changes from elsewhere unless the user is editing.
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    if (dirty) return;
    const next = JSON.parse(savedKey) as typeof saved;
    setBreaks(next.breaks);
    setTimeOff(next.timeOff);
  }, [savedKey, dirty]);

  const edit = () => {
    setDirty(true);
    setMessage(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const bad = breaks.findIndex((b) => !b.start || !b.end || b.start === b.end);
    if (bad >= 0) return setMessage({ kind: 'error', text: `Break ${bad + 1} needs a start and an end that differ.` });
    setSaving(true);
    try {
      const member = await api.call('schedule.update', { breaks, timeOff: timeOff.filter((d) => d >= today) });
      setProfile({ ...profile, member });
      setDirty(false);
      setMessage({ kind: 'ok', text: 'Breaks and time off saved.' });
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not save: ${describeError(error)}` });
    } finally {
      setSaving(false);
    }
  };

  const upcoming = timeOff.filter((d) => d >= today).sort();
  return (
    <section className="card settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Breaks and time off</h2>
      <p className="muted">Teammates see them on the Team timeline; reminders and handoffs skip them.</p>
      <form onSubmit={submit} noValidate>
        <fieldset className="field" disabled={saving}>
          <legend>Daily breaks</legend>
          {breaks.length === 0 && <p className="field-hint">No breaks.</p>}
          <ul className="schedule-list">
            {breaks.map((b, index) => (
              <li key={index}>
                <label htmlFor={`${id}-b${index}-start`}>Break {index + 1} from</label>
                <input
                  id={`${id}-b${index}-start`}
                  type="time"
                  value={b.start}
                  onChange={(e) => {
                    setBreaks(breaks.map((x, i) => (i === index ? { ...x, start: e.target.value } : x)));
                    edit();
                  }}
                />
                <label htmlFor={`${id}-b${index}-end`}>to</label>
                <input
                  id={`${id}-b${index}-end`}
                  type="time"
                  value={b.end}
                  onChange={(e) => {
                    setBreaks(breaks.map((x, i) => (i === index ? { ...x, end: e.target.value } : x)));
                    edit();
                  }}
                />
                <button
                  type="button"
                  className="button"
                  aria-label={`Remove break ${index + 1}`}
                  onClick={() => {
                    setBreaks(breaks.filter((_, i) => i !== index));
                    edit();
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div>
            <button
              type="button"
              className="button"
              disabled={breaks.length >= 6}
              onClick={() => {
                setBreaks([...breaks, { start: '12:00', end: '13:00' }]);
                edit();
              }}
            >
              Add a break
            </button>
          </div>
        </fieldset>

        <fieldset className="field" disabled={saving}>
          <legend>Days off</legend>
          {upcoming.length === 0 ? (
            <p className="field-hint">No days off coming up.</p>
          ) : (
            <ul className="schedule-list time-off-list" aria-label="Days off">
              {upcoming.map((day) => (
                <li key={day}>
                  <span className="chip">
                    {formatInZone(Date.parse(`${day}T12:00:00Z`), 'UTC', 'ccc d LLL yyyy')}
                    <button
                      type="button"
                      className="button"
                      aria-label={`Remove day off ${day}`}
                      onClick={() => {
                        setTimeOff(timeOff.filter((d) => d !== day));
                        edit();
                      }}
                    >
                      ×
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="field-row">
            <label htmlFor={`${id}-day`} className="visually-hidden">
              Day off
            </label>
            <input id={`${id}-day`} type="date" min={today} value={newDay} onChange={(e) => setNewDay(e.target.value)} />
            <button
              type="button"
              className="button"
              disabled={!newDay || newDay < today}
              onClick={() => {
                if (!timeOff.includes(newDay)) setTimeOff([...timeOff, newDay]);
                setNewDay('');
                edit();
              }}
            >
              Add day off
            </button>
          </div>
        </fieldset>

        <FormFooter saveLabel="Save breaks and time off" saveDisabled={saving || !dirty} dirty={dirty} message={message} />
      </form>
    </section>
  );
}

function ReminderSettings() {
  const [app, setApp] = useState<LocalAppSettings | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [hours, setHours] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    api.call('settings.get').then((v) => live && setApp(v), () => undefined);
    api.call('app.info').then((v) => live && setInfo(v), () => undefined);
    api.call('handoffs.settings').then((v) => live && setHours(String(v.handoffEscalationWorkingHours)), () => undefined);
    const off = api.on('settings.changed', (v) => setApp(v));
    return () => {
      live = false;
      off();
    };
  }, []);

  const setLaunch = async (launchAtLogin: boolean) => {
    setMessage(null);
    try {
      setApp(await api.call('settings.set', { launchAtLogin }));
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not change it: ${describeError(error)}` });
    }
  };

  const saveHours = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const saved = await api.call('handoffs.setSettings', { handoffEscalationWorkingHours: Number(hours) });
      setHours(String(saved.handoffEscalationWorkingHours));
      setMessage({ kind: 'ok', text: 'Saved for the whole team.' });
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not save: ${describeError(error)}` });
    }
  };

  return (
    <section className="card settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Reminders and handoffs</h2>
      <div className="field">
        <label className="check-field">
          <input type="checkbox" checked={app?.launchAtLogin ?? false} disabled={!app} onChange={(e) => void setLaunch(e.target.checked)} />
          <span>Start Baton when I log in</span>
        </label>
        <p className="field-hint">
          {info?.shell === 'electron'
            ? 'It starts in the tray, so your end-of-day reminder reaches you even without opening it.'
            : 'Applies to the desktop app on this device.'}
        </p>
      </div>
      <div className="field">
        <NotificationPermission always />
      </div>
      <form className="field" onSubmit={saveHours} noValidate>
        <label htmlFor={`${id}-hours`}>Flag a handoff nobody acknowledged after (working hours)</label>
        <div className="field-row">
          <input id={`${id}-hours`} type="number" min={0.5} max={40} step={0.5} value={hours} onChange={(e) => setHours(e.target.value)} />
          <button type="submit" className="button">
            Save
          </button>
        </div>
        <p className="field-hint">Counted in the recipient’s working hours from the start of their day. A team setting.</p>
      </form>
      <StatusMessage message={message} />
    </section>
  );
}
