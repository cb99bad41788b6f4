import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { HandoffPrefill } from '../../../../shared/api/handoff-api';
import type { HandoffEntry, HandoffSections } from '../../../../shared/model/log-types';
import { clockLabel } from '../../../../shared/time';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useTeamDirectory } from '../team/use-members';
import { draftSections, isEmptyDraft, recipientChoices, scheduledDelivery } from './handoff-draft';
import { dayTimeLabel, namesList, theirTimeLabel } from './time-format';
import './handoff.css';

const SECTIONS: { key: keyof HandoffSections; label: string; hint: string; rows: number }[] = [
  { key: 'status', label: 'Status', hint: 'Where things stand. Pre-filled with your updates of today.', rows: 4 },
  { key: 'nextSteps', label: 'Next steps', hint: 'What the next person should pick up first.', rows: 3 },
  { key: 'watchOut', label: 'Watch out for', hint: 'Risks, open blockers, anything fragile.', rows: 3 },
  { key: 'links', label: 'Links', hint: 'Pages and links they need, e.g. [[Runbook]]. Pre-filled with pages you edited today.', rows: 2 },
];

interface Props {
  /** After a post (with the entry) or a cancel (null). */
  onDone(entry: HandoffEntry | null): void;
  /** Id for the heading, so a dialog or window can be labelled by it. */
  titleId?: string;
  /** Move focus into the form once it is ready. */
  autoFocus?: boolean;
  /** h1 when the composer is the whole page (the handoff window), else h2. */
  heading?: 'h1' | 'h2';
}

/**
 * The handoff note composer: recipients pre-selected by "next in the sun" (any teammate can be
 * chosen), sections pre-filled from my day, optional delivery at the recipients' start of day.
 * Posting is a Core call that commits locally, so it works offline; sync carries it later.
 */
export function HandoffComposer({ onDone, titleId, autoFocus = false, heading: H = 'h2' }: Props) {
  const me = useAppStore((s) => s.profile?.member);
  const notify = useAppStore((s) => s.notify);
  const syncClock = useAppStore((s) => s.syncClock);
  const team = useTeamDirectory();
  const members = team.members.length > 0 ? team.members : null;
  const [prefill, setPrefill] = useState<HandoffPrefill | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sections, setSections] = useState<HandoffSections | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [scheduled, setScheduled] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstField = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    api.call('handoffs.prefill').then(
      (value) => {
        if (!live) return;
        setPrefill(value);
        syncClock(value.now);
      },
      (err) => live && setLoadError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [syncClock]);

  // The draft is made once, when both the prefill and the team are known.
  useEffect(() => {
    if (!prefill || !members || sections) return;
    setSections(draftSections(prefill, team.nameOf));
    setChosen(new Set(prefill.recipients.map((r) => r.id)));
  }, [prefill, members, sections, team]);

  // Once, when the form appears.
  const ready = sections !== null;
  useEffect(() => {
    if (autoFocus && ready) firstField.current?.focus();
  }, [autoFocus, ready]);

  const choices = useMemo(() => (prefill && members && me ? recipientChoices(members, me, prefill) : []), [prefill, members, me]);
  const deliverAt = scheduledDelivery(choices, chosen);

  if (loadError) {
    return (
      <div className="handoff-composer">
        <H id={titleId}>Write your handoff</H>
        <p className="inline-error" role="alert">
          Could not prepare the handoff: {loadError}
        </p>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => onDone(null)}>
            Close
          </button>
        </div>
      </div>
    );
  }
  if (!prefill || !sections || !me) {
    return (
      <div className="handoff-composer">
        <H id={titleId}>Write your handoff</H>
        <p className="muted" role="status">
          Preparing your handoff…
        </p>
      </div>
    );
  }

  const chosenNames = choices.filter((c) => chosen.has(c.member.id)).map((c) => c.member.name);
  const firstChosen = choices.find((c) => chosen.has(c.member.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (chosen.size === 0) return setError('Choose who picks this up.');
    if (isEmptyDraft(sections)) return setError('Write at least one section.');
    setSending(true);
    try {
      const entry = await api.call('handoffs.post', {
        recipients: [...chosen],
        sections,
        deliverAt: scheduled && deliverAt !== null ? deliverAt : null,
      });
      const when = entry.deliverAt !== null ? ` It arrives ${dayTimeLabel(entry.deliverAt, me.timeZone, prefill.now)} your time.` : '';
      notify('info', `Handoff sent to ${namesList(chosenNames)}.${when}`);
      onDone(entry);
    } catch (err) {
      setError(`Could not send the handoff: ${describeError(err)}`);
      setSending(false);
    }
  };

  const toggle = (memberId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(memberId)) next.delete(memberId);
      else next.add(memberId);
      return next;
    });

  return (
    <form className="handoff-composer" onSubmit={submit} noValidate aria-labelledby={titleId ?? `${id}-title`}>
      <H id={titleId ?? `${id}-title`}>Write your handoff</H>
      <p className="muted handoff-lede">For whoever picks up after you. It starts from your day — change anything.</p>

      {prefill.myStatus === 'off' && (
        <p className="gentle-note" role="note">
          It’s {clockLabel(prefill.now, me.timeZone)} for you — outside your working hours. A few lines are enough; the rest can wait
          until tomorrow.
        </p>
      )}

      <fieldset className="field recipients" disabled={sending}>
        <legend>Who picks this up</legend>
        {choices.length === 0 ? (
          <p className="muted">Nobody else is on your team yet. Invite teammates from Settings → Team sync.</p>
        ) : (
          <ul className="recipient-list">
            {choices.map((c) => (
              <li key={c.member.id}>
                <label className="recipient">
                  <input type="checkbox" checked={chosen.has(c.member.id)} onChange={() => toggle(c.member.id)} />
                  <span className="recipient-name">{c.member.name}</span>
                  {c.nextInSun && <span className="tag tag-sun">next in the sun</span>}
                  <span className="recipient-when">
                    {c.workingNow ? 'working now · ' : ''}
                    {c.startsAt !== null ? `starts ${theirTimeLabel(c.startsAt, c.member.timeZone, me.timeZone, prefill.now)}` : 'no upcoming workday'}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {SECTIONS.map((section, index) => (
        <div className="field" key={section.key}>
          <label htmlFor={`${id}-${section.key}`}>{section.label}</label>
          <textarea
            id={`${id}-${section.key}`}
            ref={index === 0 ? firstField : undefined}
            rows={section.rows}
            value={sections[section.key]}
            disabled={sending}
            aria-describedby={`${id}-${section.key}-hint`}
            onChange={(e) => setSections({ ...sections, [section.key]: e.target.value })}
          />
          <p className="field-hint" id={`${id}-${section.key}-hint`}>
            {section.hint}
          </p>
        </div>
      ))}

      {deliverAt !== null && firstChosen && (
        <div className="field">
          <label className="check-field">
            <input type="checkbox" checked={scheduled} disabled={sending} onChange={(e) => setScheduled(e.target.checked)} />
            <span>
              Deliver at the start of {chosenNames.length === 1 ? `${chosenNames[0]}’s` : 'their'} day —{' '}
              {theirTimeLabel(deliverAt, firstChosen.member.timeZone, me.timeZone, prefill.now)}
            </span>
          </label>
          <p className="field-hint">Until then it stays out of their unread updates and “Handoffs for you”.</p>
        </div>
      )}

      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={sending || choices.length === 0}>
          {sending ? 'Sending…' : 'Send handoff'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)} disabled={sending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
