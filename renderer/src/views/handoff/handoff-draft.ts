/**
 * The starting text of a handoff note and the delivery choices, from `handoffs.prefill` and
 * the team. Pure; tested beside.
 */
import type { HandoffPrefill, HandoffSource } from '../../../../shared/api/handoff-api';
import type { HandoffSections } from '../../../../shared/model/log-types';
import { scheduleOf } from '../../../../shared/model/member-schedule';
import type { Member } from '../../../../shared/model/types';
import { handoverPoint, isWorking, nextShiftStart } from '../../../../shared/time';

const bullet = (line: string) => `- ${line.replace(/\s+/g, ' ').trim()}`;

/** Status: what I did today; Watch out for: open blockers; Links: pages I edited today. */
export function draftSections(prefill: HandoffPrefill, nameOf: (id: string) => string): HandoffSections {
  const entryLine = (s: HandoffSource) => (s.kind === 'decision' ? `Decided: ${s.text}` : s.text);
  return {
    status: prefill.myUpdatesToday.filter((s) => s.text).map((s) => bullet(entryLine(s))).join('\n'),
    nextSteps: '',
    watchOut: prefill.openBlockers.filter((s) => s.text).map((s) => bullet(`Blocked: ${s.text} (${nameOf(s.authorId)})`)).join('\n'),
    links: prefill.pagesEditedToday.map((p) => bullet(`[[${p.title}]]`)).join('\n'),
  };
}

export interface RecipientChoice {
  member: Member;
  /** Start of their first workday after mine ends (what "next in the sun" compares), or null. */
  startsAt: number | null;
  workingNow: boolean;
  nextInSun: boolean;
}

/** Every teammate, next in the sun first, then by when they start. */
export function recipientChoices(members: readonly Member[], me: Member, prefill: HandoffPrefill): RecipientChoice[] {
  const from = handoverPoint(scheduleOf(me), prefill.now);
  const sun = new Set(prefill.recipients.map((r) => r.id));
  return members
    .filter((m) => m.id !== me.id)
    .map((member) => ({
      member,
      startsAt: nextShiftStart(scheduleOf(member), from),
      workingNow: isWorking(scheduleOf(member), prefill.now),
      nextInSun: sun.has(member.id),
    }))
    .sort(
      (a, b) =>
        Number(b.nextInSun) - Number(a.nextInSun) ||
        (a.startsAt ?? Infinity) - (b.startsAt ?? Infinity) ||
        a.member.name.localeCompare(b.member.name),
    );
}

/**
 * When "deliver at the start of their day" delivers: the earliest next start among the chosen
 * recipients (nobody gets it later than their own start), or null when it cannot be computed.
 */
export function scheduledDelivery(choices: readonly RecipientChoice[], chosen: ReadonlySet<string>): number | null {
  const starts = choices.filter((c) => chosen.has(c.member.id) && c.startsAt !== null).map((c) => c.startsAt!);
  return starts.length > 0 && starts.length === chosen.size ? Math.min(...starts) : null;
}

export function isEmptyDraft(sections: HandoffSections): boolean {
  return Object.values(sections).every((text) => text.trim().length === 0);
}
