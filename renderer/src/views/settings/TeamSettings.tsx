/**
 * Team settings of the update log, shared by everyone in the space: the check-in questions of
 * the daily update, the urgency levels with their expected response times (in the recipient's
 * working hours), and the team's time zone (weekly summaries, goal deadlines).
 */
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { LogSettings } from '../../../../shared/api/log-api';
import type { UrgencyLevel } from '../../../../shared/model/types';
import { listTimeZones } from '../../../../shared/time';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { describeError } from '../../errors';
import { FormFooter } from '../../components/FormFooter';
import type { FormMessage } from '../../components/FormFooter';
import { useLogSettings } from '../updates/use-log';
import '../updates/updates.css';

interface LevelRow {
  key: number;
  id: string;
  label: string;
  hours: string;
}

interface FormState {
  questions: string[];
  levels: LevelRow[];
  zone: string;
  zoneIsDefault: boolean;
}

let rowKey = 0;

function fromSettings(s: LogSettings): FormState {
  return {
    questions: [...s.checkInQuestions],
    levels: s.urgencyLevels.map((l) => ({ key: ++rowKey, id: l.id, label: l.label, hours: String(Math.round((l.responseWorkingMinutes / 60) * 100) / 100) })),
    zone: s.teamZoneIsDefault ? '' : s.teamZone,
    zoneIsDefault: s.teamZoneIsDefault,
  };
}

function slug(label: string, taken: Set<string>): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 28) || 'level';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export function TeamSettings() {
  const id = useId();
  const settings = useLogSettings();
  const setLogSettings = useAppStore.setState;
  const [form, setForm] = useState<FormState | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [zones] = useState(() => listTimeZones());

  // Follow changes made by teammates unless I am editing.
  const savedKey = settings ? JSON.stringify(settings) : '';
  useEffect(() => {
    if (settings && !dirty) setForm(fromSettings(settings));
  }, [savedKey, dirty]);

  if (!settings || !form) {
    return (
      <section className="card settings-section" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Team settings</h2>
        <p className="muted">Loading…</p>
      </section>
    );
  }

  const change = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    setDirty(true);
    setMessage(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const taken = new Set<string>();
    const levels: UrgencyLevel[] = [];
    for (const row of form.levels) {
      const hours = Number(row.hours);
      if (!row.label.trim() || !Number.isFinite(hours) || hours < 0) {
        setMessage({ kind: 'error', text: 'Each urgency level needs a name and a response time in hours.' });
        return;
      }
      const levelId = row.id && !taken.has(row.id) ? row.id : slug(row.label, taken);
      taken.add(levelId);
      levels.push({ id: levelId, label: row.label.trim(), responseWorkingMinutes: Math.round(hours * 60) });
    }
    setSaving(true);
    try {
      const saved = await api.call('log.updateSettings', {
        checkInQuestions: form.questions.map((q) => q.trim()).filter(Boolean),
        urgencyLevels: levels,
        teamZone: form.zone.trim() ? form.zone.trim() : null,
      });
      setLogSettings({ logSettings: saved });
      setDirty(false);
      setMessage({ kind: 'ok', text: 'Team settings saved.' });
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not save: ${describeError(error)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card settings-section team-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Team settings</h2>
      <p className="muted">Shared with everyone on the team.</p>
      <form onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend>Check-in questions</legend>
          <p className="field-hint">Asked in every daily update.</p>
          <ol className="editable-list">
            {form.questions.map((q, i) => (
              <li key={i}>
                <input
                  type="text"
                  aria-label={`Question ${i + 1}`}
                  value={q}
                  maxLength={200}
                  onChange={(e) => change({ questions: form.questions.map((x, j) => (j === i ? e.target.value : x)) })}
                />
                <button
                  type="button"
                  className="button small quiet"
                  aria-label={`Remove question ${i + 1}`}
                  onClick={() => change({ questions: form.questions.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          {form.questions.length < 10 && (
            <button type="button" className="button small" onClick={() => change({ questions: [...form.questions, ''] })}>
              Add question
            </button>
          )}
        </fieldset>

        <fieldset className="field">
          <legend>Urgency levels</legend>
          <p className="field-hint">How soon a recipient is expected to reply, counted in their working hours.</p>
          <table className="levels-table">
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Reply within (working hours)</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {form.levels.map((row, i) => (
                <tr key={row.key}>
                  <td>
                    <input
                      type="text"
                      aria-label={`Level ${i + 1} name`}
                      value={row.label}
                      maxLength={40}
                      onChange={(e) => change({ levels: form.levels.map((x) => (x.key === row.key ? { ...x, label: e.target.value } : x)) })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      step={0.5}
                      aria-label={`Level ${i + 1} response time in working hours`}
                      value={row.hours}
                      onChange={(e) => change({ levels: form.levels.map((x) => (x.key === row.key ? { ...x, hours: e.target.value } : x)) })}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small quiet"
                      aria-label={`Remove level ${i + 1}`}
                      onClick={() => change({ levels: form.levels.filter((x) => x.key !== row.key) })}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {form.levels.length < 8 && (
            <button type="button" className="button small" onClick={() => change({ levels: [...form.levels, { key: ++rowKey, id: '', label: '', hours: '8' }] })}>
              Add level
            </button>
          )}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-zone`}>Team time zone</label>
          <input
            id={`${id}-zone`}
            type="text"
            list={`${id}-zones`}
            value={form.zone}
            placeholder={form.zoneIsDefault ? `${settings.teamZone} (the owner’s zone)` : 'The owner’s zone'}
            onChange={(e) => change({ zone: e.target.value })}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p className="field-hint">Weekly summaries and goal deadlines use it. Empty: the space owner’s zone.</p>
        </div>

        <FormFooter
          saveLabel="Save team settings"
          saveDisabled={saving || !dirty}
          dirty={dirty}
          message={message}
          onDiscard={() => {
            setForm(fromSettings(settings));
            setDirty(false);
            setMessage(null);
          }}
        />
      </form>
    </section>
  );
}
