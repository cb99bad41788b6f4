/**
 * Follow-the-sun handoffs in the Core. A handoff note is an update-log entry of kind 'handoff'
 * in the `log/<YYYY-MM>` doc of its creation month, written here with the log's named
 * commands (`postEntry`, `ackEntry`) and `forwardHandoff` (shared/model/handoff.ts); reads
 * come straight from the recent log docs (a few months at most), cached per doc until it
 * changes.
 *
 * It also watches the docs: a change of a log doc (here, from another window or through the
 * relay) is reported once per burst as `handoffs.changed`; a change of the log or the space
 * doc (members, settings, pages) tells the reminder service to run again. Handoffs scheduled
 * for later (`deliverAt`) are reported when they arrive, by `noteTime` on each reminder run.
 */
import type * as Y from 'yjs';
import type { EscalatedHandoff, HandoffPostInput, HandoffPrefill } from '../../../shared/api/handoff-api';
import { ApiError } from '../../../shared/api/contract';
import type { ApiErrorCode } from '../../../shared/api/contract';
import { SPACE_DOC_ID, logDocId } from '../../../shared/model/doc-ids';
import type { HandoffTeamSettings } from '../../../shared/model/handoff';
import { forwardHandoff, readForwards, readHandoffSettings, setHandoffEscalationHours } from '../../../shared/model/handoff';
import { ackEntry, logDocIdFor, postEntry, readEntries } from '../../../shared/model/log';
import { LogError } from '../../../shared/model/log-errors';
import type { LogErrorCode } from '../../../shared/model/log-errors';
import { readLogSettings } from '../../../shared/model/log-settings';
import type { HandoffEntry, LogEntry } from '../../../shared/model/log-types';
import { scheduleOf } from '../../../shared/model/member-schedule';
import { readMembers, readSettings } from '../../../shared/model/space';
import { pagesDueForReview } from '../../../shared/model/staleness';
import type { Member } from '../../../shared/model/types';
import type { Clock } from '../../../shared/time';
import { nextInTheSun, startOfLocalDay, workDateOf, workStatus } from '../../../shared/time';
import { utcMonthKeysBetween } from '../../../shared/time/log-days';
import type { Disposable } from '../lifecycle';
import type { DocStore } from '../docs/doc-store';
import type { PagesProjection } from '../projections/pages-projection';
import type { Identity } from '../core';
import { reminderContextOf } from '../reminders/reminder-context';
import type { ReminderContext, Timers } from '../reminders/reminder-service';
import { systemTimers } from '../reminders/reminder-service';
import { DEFAULT_GRACE_MINUTES } from '../reminders/schedule';
import { escalationOf } from './escalation';
import { handoffsFor, isHandoff, sourceOf } from './handoff-queries';

const DAY_MS = 86_400_000;
/** How far back handoffs are listed, escalated and acknowledged. */
const HANDOFF_WINDOW_MS = 21 * DAY_MS;
/** How far back open blockers are gathered for a new handoff. */
const BLOCKER_WINDOW_MS = 92 * DAY_MS;
const CHANGE_DELAY_MS = 30;

const LOG_ERROR_CODES: Record<LogErrorCode, ApiErrorCode> = {
  invalid_input: 'invalid_argument',
  not_found: 'not_found',
  not_author: 'unauthorized',
  deleted: 'conflict',
  wrong_kind: 'conflict',
};

/** Runs a log command, turning its typed errors into API error values. */
function logCommand<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof LogError) throw new ApiError(LOG_ERROR_CODES[error.code], error.message, error.issues);
    throw error;
  }
}

export type HandoffChange = { reason: 'local' | 'remote' | 'time'; logChanged: boolean };

export interface HandoffServiceDeps {
  clock: Clock;
  docs: DocStore;
  identity(): Identity | null;
  /** The live doc `docId` (short form) of the current space. */
  doc(docId: string): Y.Doc;
  pages: PagesProjection;
  timers?: Timers;
  /** Local changes carry this origin. */
  origin: unknown;
  isRemote(origin: unknown): boolean;
}

interface Team {
  identity: Identity;
  space: Y.Doc;
  me: Member;
  members: Member[];
}

export class HandoffService implements Disposable {
  private readonly timers: Timers;
  private readonly cache = new Map<string, LogEntry[]>();
  private readonly listeners = new Set<(change: HandoffChange) => void>();
  private readonly watch: Disposable;
  private pending: HandoffChange | null = null;
  private pendingTimer: unknown = null;
  private delivered: string | null = null;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.timers = deps.timers ?? systemTimers;
    this.watch = deps.docs.onUpdate((storageId, _update, origin) => {
      this.cache.delete(storageId);
      const identity = deps.identity();
      if (!identity || !storageId.startsWith(identity.spaceId + '/')) return;
      const docId = storageId.slice(identity.spaceId.length + 1);
      const isLog = docId.startsWith('log/');
      if (isLog || docId === SPACE_DOC_ID) this.changed({ reason: deps.isRemote(origin) ? 'remote' : 'local', logChanged: isLog });
    });
  }

  /** Called once per burst of changes to the log (logChanged) or the space doc. */
  onChange(listener: (change: HandoffChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  prefill(): HandoffPrefill {
    const team = this.team();
    const now = this.deps.clock.now();
    const me = scheduleOf(team.me);
    const teammates = team.members.filter((m) => m.id !== me.id).map(scheduleOf);
    const dayStart = startOfLocalDay(me.timeZone, workDateOf(me, now, DEFAULT_GRACE_MINUTES));
    const recent = this.entriesSince(team, Math.min(dayStart, now - BLOCKER_WINDOW_MS));
    return {
      now,
      recipients: nextInTheSun(me, teammates, now),
      myUpdatesToday: recent
        .filter((e) => e.authorId === me.id && e.deletedAt === null && e.kind !== 'handoff' && e.createdAt >= dayStart && e.createdAt <= now)
        .map(sourceOf)
        .reverse(),
      openBlockers: recent.filter((e) => e.kind === 'blocker' && e.deletedAt === null && e.blocker.status === 'open').map(sourceOf),
      pagesEditedToday: this.deps.pages
        .list(team.identity.spaceId)
        .filter((p) => !p.archived && p.updatedBy === me.id && p.updatedAt >= dayStart)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map((p) => ({ id: p.id, title: p.title, updatedAt: p.updatedAt })),
      myStatus: workStatus(me, now).status,
    };
  }

  post(input: HandoffPostInput): HandoffEntry {
    const team = this.team();
    const now = this.deps.clock.now();
    const unknown = input.recipients.filter((id) => id === team.me.id || !team.members.some((m) => m.id === id));
    if (unknown.length > 0) {
      throw new ApiError('invalid_argument', 'A handoff goes to teammates other than you', [{ path: 'recipients', message: `not a teammate: ${unknown.join(', ')}` }]);
    }
    const deliverAt = input.deliverAt != null && input.deliverAt > now ? input.deliverAt : null;
    const entry = logCommand(() =>
      postEntry(
        this.deps.doc(logDocIdFor(now)),
        {
          kind: 'handoff',
          by: team.me.id,
          now,
          authorZone: team.me.timeZone,
          recipients: input.recipients,
          deliverAt,
          handoff: input.sections,
          directory: { members: team.members, pages: this.deps.pages.list(team.identity.spaceId) },
        },
        this.deps.origin,
      ),
    );
    return entry as HandoffEntry;
  }

  forMe(): HandoffEntry[] {
    const team = this.team();
    const now = this.deps.clock.now();
    return handoffsFor(this.entriesSince(team, now - HANDOFF_WINDOW_MS), team.me.id, now);
  }

  mine(): HandoffEntry[] {
    const team = this.team();
    const now = this.deps.clock.now();
    return this.entriesSince(team, now - HANDOFF_WINDOW_MS).filter((e): e is HandoffEntry => isHandoff(e) && e.authorId === team.me.id);
  }

  ack(input: { entryId: string; reply?: string }): HandoffEntry {
    const team = this.team();
    const { entry, docId } = this.locate(team, input.entryId);
    if (!entry.recipients.includes(team.me.id)) throw new ApiError('conflict', 'This handoff is not addressed to you');
    return logCommand(
      () => ackEntry(this.deps.doc(docId), { entryId: entry.id, by: team.me.id, now: this.deps.clock.now(), reply: input.reply || undefined }, this.deps.origin) as HandoffEntry,
    );
  }

  escalated(): EscalatedHandoff[] {
    const team = this.team();
    const now = this.deps.clock.now();
    const hours = readHandoffSettings(team.space).handoffEscalationWorkingHours;
    const out: EscalatedHandoff[] = [];
    for (const month of this.months(now - HANDOFF_WINDOW_MS, now)) {
      const doc = this.deps.doc(month);
      for (const entry of this.entriesOf(team, month)) {
        if (!isHandoff(entry)) continue;
        const escalation = escalationOf(entry, readForwards(doc, entry.id), team.members, hours, now);
        if (escalation) out.push({ entry, ...escalation });
      }
    }
    return out.sort((a, b) => a.deadline - b.deadline);
  }

  forward(input: { entryId: string; to: string }): HandoffEntry {
    const team = this.team();
    const { entry, docId } = this.locate(team, input.entryId);
    if (!team.members.some((m) => m.id === input.to)) throw new ApiError('invalid_argument', 'Not a member of this team', [{ path: 'to', message: 'must be a teammate' }]);
    if (input.to === entry.authorId) throw new ApiError('invalid_argument', 'The author cannot pick up their own handoff', [{ path: 'to', message: 'is the author' }]);
    return logCommand(() => forwardHandoff(this.deps.doc(docId), { entryId: entry.id, by: team.me.id, to: input.to, now: this.deps.clock.now() }, this.deps.origin));
  }

  settings(): HandoffTeamSettings {
    return readHandoffSettings(this.team().space);
  }

  setSettings(input: HandoffTeamSettings): HandoffTeamSettings {
    const team = this.team();
    return logCommand(() => setHandoffEscalationHours(team.space, { hours: input.handoffEscalationWorkingHours }, this.deps.origin));
  }

  /** The reminder engine's inputs now, or null while there is no profile. */
  reminderContext(now: number): ReminderContext | null {
    const team = this.teamOrNull();
    if (!team) return null;
    const settings = readSettings(team.space);
    const lastRetroAt = team.space.getMap<unknown>('settings').get('lastRetroAt');
    return reminderContextOf({
      me: team.me,
      members: team.members,
      team: {
        retroEveryWeeks: settings.retroEveryWeeks,
        handoffReminderMinutesBeforeEnd: settings.handoffReminderMinutesBeforeEnd,
        teamZone: readLogSettings(team.space).teamZone,
        lastRetroAt: typeof lastRetroAt === 'number' ? lastRetroAt : null,
      },
      entries: this.entriesSince(team, now - HANDOFF_WINDOW_MS),
      pagesDueForReview: pagesDueForReview(this.deps.pages.list(team.identity.spaceId), now, team.me.id).length,
      now,
    });
  }

  /**
   * Called on every reminder run: when the set of handoffs delivered to me changed because a
   * scheduled one reached its `deliverAt`, listeners hear about it.
   */
  noteTime(now: number): void {
    const team = this.teamOrNull();
    if (!team) return;
    const delivered = handoffsFor(this.entriesSince(team, now - HANDOFF_WINDOW_MS), team.me.id, now)
      .map((e) => e.id)
      .sort()
      .join();
    if (this.delivered !== null && delivered !== this.delivered) this.changed({ reason: 'time', logChanged: true });
    this.delivered = delivered;
  }

  dispose(): void {
    this.watch.dispose();
    this.listeners.clear();
    if (this.pendingTimer !== null) this.timers.clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
  }

  private changed(change: HandoffChange): void {
    this.pending = this.pending
      ? { reason: this.pending.reason === 'local' ? 'local' : change.reason, logChanged: this.pending.logChanged || change.logChanged }
      : change;
    if (this.pendingTimer !== null) return;
    this.pendingTimer = this.timers.setTimeout(() => {
      const pending = this.pending!;
      this.pending = null;
      this.pendingTimer = null;
      for (const listener of [...this.listeners]) listener(pending);
    }, CHANGE_DELAY_MS);
  }

  private teamOrNull(): Team | null {
    const identity = this.deps.identity();
    if (!identity) return null;
    const space = this.deps.doc(SPACE_DOC_ID);
    const members = readMembers(space);
    const me = members.find((m) => m.id === identity.memberId);
    return me ? { identity, space, me, members } : null;
  }

  private team(): Team {
    const team = this.teamOrNull();
    if (!team) throw new ApiError('not_ready', 'Set up your profile first');
    return team;
  }

  /** Log doc ids that can hold entries created in [fromMs, toMs]. */
  private months(fromMs: number, toMs: number): string[] {
    return utcMonthKeysBetween(fromMs, toMs + 1).map(logDocId);
  }

  private entriesOf(team: Team, docId: string): LogEntry[] {
    const key = `${team.identity.spaceId}/${docId}`;
    let entries = this.cache.get(key);
    if (!entries) {
      entries = readEntries(this.deps.doc(docId));
      this.cache.set(key, entries);
    }
    return entries;
  }

  /** Entries created since `fromMs` (up to now), newest first. */
  private entriesSince(team: Team, fromMs: number): LogEntry[] {
    const now = this.deps.clock.now();
    return this.months(fromMs, now)
      .reverse()
      .flatMap((docId) => this.entriesOf(team, docId))
      .filter((e) => e.createdAt >= fromMs);
  }

  private locate(team: Team, entryId: string): { entry: HandoffEntry; docId: string } {
    const now = this.deps.clock.now();
    for (const docId of this.months(now - HANDOFF_WINDOW_MS, now)) {
      const entry = this.entriesOf(team, docId).find((e) => e.id === entryId);
      if (entry && isHandoff(entry)) return { entry, docId };
      if (entry) throw new ApiError('conflict', entry.deletedAt !== null ? 'This handoff was deleted' : 'That entry is not a handoff');
    }
    throw new ApiError('not_found', `No recent handoff with id ${entryId}`);
  }
}
