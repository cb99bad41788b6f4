/**
 * The part of the API contract (./contract.ts) for time and follow-the-sun handoffs: reminders
 * from the Core's schedule, handoff notes (compose, acknowledge, escalate, forward), member
 * schedules (breaks, time off), local app settings (launch at login) and the Core's clock.
 * `BatonApi` extends `HandoffApi`; the method and event lists are spread into the contract's.
 *
 * Handoff notes are update-log entries of kind 'handoff' (shared/model/log-types.ts); the
 * general `log.*` methods see them too. The methods here are the handoff-specific ones.
 */
import type { Member } from '../model/types';
import type { HandoffEntry, HandoffSections, LogEntryKind } from '../model/log-types';
import type { HandoffTeamSettings } from '../model/handoff';
import type { WorkState } from '../time/work-hours';

export type { HandoffTeamSettings } from '../model/handoff';

/** Same kinds as the Core's reminder engine (main/core/reminders/schedule.ts). */
export const REMINDER_KIND_IDS = ['handoff', 'handoffs-for-you', 'weekly-summary', 'review-pages', 'retro'] as const;
export type ReminderKind = (typeof REMINDER_KIND_IDS)[number];

/** Snooze lengths the UI offers, in minutes. */
export const SNOOZE_MINUTES = [10, 30, 60] as const;
export type SnoozeMinutes = (typeof SNOOZE_MINUTES)[number];

export interface ReminderInfo {
  /** Stable per occurrence: `${kind}:${localDate}`. */
  id: string;
  kind: ReminderKind;
  /** When it is (or was) due, after any snooze. UTC ms. */
  dueAt: number;
  /** From this instant on it is no longer shown. */
  expiresAt: number;
  /** The local date (my zone) of the workday it belongs to. */
  localDate: string;
  title: string;
  body: string;
}

export interface ReminderList {
  /** The Core's clock when this was computed: the renderer shows time from it. */
  now: number;
  /** Newly due in the check that produced this list: notify for these (at most once each). */
  due: ReminderInfo[];
  /** Everything live now and not dismissed, soonest first. */
  active: ReminderInfo[];
  /** The next reminder to come, or null. */
  next: ReminderInfo | null;
}

/** Settings of this device only (never synced). */
export interface LocalAppSettings {
  /** Start Baton (in the tray) when I log in. Off by default; applied by the desktop app. */
  launchAtLogin: boolean;
}

export interface ScheduleUpdate {
  breaks?: { start: string; end: string }[];
  timeOff?: string[];
}

/** A log entry that goes into a handoff's pre-filled text. */
export interface HandoffSource {
  id: string;
  kind: LogEntryKind;
  authorId: string;
  createdAt: number;
  /** The entry's text (for a handoff or decision: its main section / title). */
  text: string;
}

export interface HandoffPrefill {
  now: number;
  /** Next in the sun: whoever starts work first after my workday ends (ties: all of them). */
  recipients: { id: string; startsAt: number }[];
  myUpdatesToday: HandoffSource[];
  openBlockers: HandoffSource[];
  pagesEditedToday: { id: string; title: string; updatedAt: number }[];
  /** Where I am in my working hours: outside them the composer says so, gently. */
  myStatus: WorkState;
}

export interface HandoffPostInput {
  recipients: string[];
  sections: HandoffSections;
  /** Deliver at this instant (e.g. the recipient's start of day); null/absent = now. */
  deliverAt?: number | null;
}

export interface EscalatedHandoff {
  entry: HandoffEntry;
  /** When the recipients' acknowledgement was due (N of their working hours after arrival). */
  deadline: number;
  /** Recipients who have not acknowledged (all of them: any ack ends the escalation). */
  pending: string[];
  /** The next person in the sun who could take it over, or null when there is nobody. */
  forwardTo: string | null;
}

export interface HandoffApi {
  /** The Core's clock (injectable in tests); the renderer shows "now" from it. */
  'app.now'(): Promise<number>;
  /** Sets my breaks and/or time off; returns my member record. */
  'schedule.update'(input: ScheduleUpdate): Promise<Member>;
  'reminders.list'(): Promise<ReminderList>;
  'reminders.snooze'(input: { kind: ReminderKind; minutes: SnoozeMinutes }): Promise<ReminderList>;
  'reminders.skipToday'(input: { kind: ReminderKind }): Promise<ReminderList>;
  /** Hides one occurrence (by id) for good. */
  'reminders.dismiss'(input: { id: string }): Promise<ReminderList>;
  'settings.get'(): Promise<LocalAppSettings>;
  'settings.set'(input: Partial<LocalAppSettings>): Promise<LocalAppSettings>;
  'handoffs.prefill'(): Promise<HandoffPrefill>;
  'handoffs.post'(input: HandoffPostInput): Promise<HandoffEntry>;
  /** Delivered handoffs addressed to me (recent first), acknowledged or not. */
  'handoffs.forMe'(): Promise<HandoffEntry[]>;
  /** My recent handoffs with who acknowledged them and when. */
  'handoffs.mine'(): Promise<HandoffEntry[]>;
  'handoffs.ack'(input: { entryId: string; reply?: string }): Promise<HandoffEntry>;
  /** Handoffs nobody acknowledged within the team's escalation time. */
  'handoffs.escalated'(): Promise<EscalatedHandoff[]>;
  /** Adds a recipient to a handoff (anyone may). */
  'handoffs.forward'(input: { entryId: string; to: string }): Promise<HandoffEntry>;
  'handoffs.settings'(): Promise<HandoffTeamSettings>;
  'handoffs.setSettings'(input: HandoffTeamSettings): Promise<HandoffTeamSettings>;
}

export const HANDOFF_API_METHODS = [
  'app.now',
  'schedule.update',
  'reminders.list',
  'reminders.snooze',
  'reminders.skipToday',
  'reminders.dismiss',
  'settings.get',
  'settings.set',
  'handoffs.prefill',
  'handoffs.post',
  'handoffs.forMe',
  'handoffs.mine',
  'handoffs.ack',
  'handoffs.escalated',
  'handoffs.forward',
  'handoffs.settings',
  'handoffs.setSettings',
] as const;

export type HandoffMethod = keyof HandoffApi;
type Missing = Exclude<HandoffMethod, (typeof HANDOFF_API_METHODS)[number]>;
type Extra = Exclude<(typeof HANDOFF_API_METHODS)[number], HandoffMethod>;
const _methodsMatch: [Missing, Extra] extends [never, never] ? true : never = true;
void _methodsMatch;

export interface HandoffApiEvents {
  /** After every reminder check that changed something or made something due. */
  'reminders.changed': ReminderList;
  /** Handoffs changed (written, acknowledged, forwarded, delivered at their time). */
  'handoffs.changed': { reason: 'local' | 'remote' | 'time' };
  'settings.changed': LocalAppSettings;
}

export const HANDOFF_API_EVENTS = ['reminders.changed', 'handoffs.changed', 'settings.changed'] as const satisfies readonly (keyof HandoffApiEvents)[];
