/**
 * The update log's team settings, kept in the `space` doc's `settings` map beside the rest of
 * the team settings (DESIGN.md §2): the check-in questions of the daily update, the urgency
 * levels with their expected response times, and the team's time zone (weekly summaries and
 * goal deadlines are local to it).
 *
 * They live in their own module so the log does not need to change `space.ts`; `readSettings`
 * there reads the same keys. `teamZone` is optional in the doc: without it the team zone is the
 * space owner's zone (the earliest-joined owner), else UTC — so every replica derives the same
 * zone without anyone having to write it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { isValidTimeZone } from '../time/index';
import { parseInput } from './log-errors';
import { DEFAULT_CHECK_IN_QUESTIONS, DEFAULT_URGENCY_LEVELS, readMembers } from './space';
import type { Member, UrgencyLevel } from './types';

export const MAX_CHECK_IN_QUESTIONS = 10;
export const MAX_QUESTION_LENGTH = 200;
export const MAX_URGENCY_LEVELS = 8;
/** Four working weeks of eight hours. */
export const MAX_RESPONSE_WORKING_MINUTES = 4 * 5 * 8 * 60;

export interface LogSettings {
  checkInQuestions: string[];
  urgencyLevels: UrgencyLevel[];
  /** The IANA zone of weekly summaries and goal deadlines. */
  teamZone: string;
  /** True when no zone was chosen and `teamZone` is derived (owner's zone, else UTC). */
  teamZoneIsDefault: boolean;
}

const settingsOf = (doc: Y.Doc) => doc.getMap<unknown>('settings');

function isUrgencyLevel(value: unknown): value is UrgencyLevel {
  const v = value as UrgencyLevel;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.id === 'string' &&
    typeof v.label === 'string' &&
    typeof v.responseWorkingMinutes === 'number' &&
    Number.isFinite(v.responseWorkingMinutes) &&
    v.responseWorkingMinutes >= 0
  );
}

/** The zone used when the team has not chosen one: the first owner's zone, else UTC. */
export function defaultTeamZone(members: readonly Member[]): string {
  const owners = members.filter((m) => m.role === 'owner' && isValidTimeZone(m.timeZone));
  owners.sort((a, b) => (a.joinedAt ?? 0) - (b.joinedAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return owners[0]?.timeZone ?? 'UTC';
}

/** Reads the log settings; malformed values (from a newer or buggy replica) fall back to defaults. */
export function readLogSettings(spaceDoc: Y.Doc): LogSettings {
  const settings = settingsOf(spaceDoc);
  const questions = settings.get('checkInQuestions');
  const levels = settings.get('urgencyLevels');
  const zone = settings.get('teamZone');
  const chosen = typeof zone === 'string' && isValidTimeZone(zone) ? zone : null;
  return {
    checkInQuestions: Array.isArray(questions) ? questions.filter((q): q is string => typeof q === 'string' && q.trim().length > 0) : [...DEFAULT_CHECK_IN_QUESTIONS],
    urgencyLevels: Array.isArray(levels) ? levels.filter(isUrgencyLevel).map((l) => ({ id: l.id, label: l.label, responseWorkingMinutes: l.responseWorkingMinutes })) : DEFAULT_URGENCY_LEVELS.map((l) => ({ ...l })),
    teamZone: chosen ?? defaultTeamZone(readMembers(spaceDoc)),
    teamZoneIsDefault: chosen === null,
  };
}

const question = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty').max(MAX_QUESTION_LENGTH, `must be at most ${MAX_QUESTION_LENGTH} characters`));

const levelId = z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 characters of a-z 0-9 -');

const level = z.strictObject({
  id: levelId,
  label: z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'must not be empty').max(40)),
  responseWorkingMinutes: z.number().int('must be whole minutes').min(0).max(MAX_RESPONSE_WORKING_MINUTES),
});

export const logSettingsUpdateSchema = z.strictObject({
  checkInQuestions: z
    .array(question)
    .max(MAX_CHECK_IN_QUESTIONS, `at most ${MAX_CHECK_IN_QUESTIONS} questions`)
    .refine((qs) => new Set(qs.map((q) => q.toLowerCase())).size === qs.length, 'questions must not repeat')
    .optional(),
  urgencyLevels: z
    .array(level)
    .max(MAX_URGENCY_LEVELS, `at most ${MAX_URGENCY_LEVELS} levels`)
    .refine((ls) => new Set(ls.map((l) => l.id)).size === ls.length, 'level ids must not repeat')
    .optional(),
  /** null returns to the default (the owner's zone). */
  teamZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Berlin"').nullable().optional(),
});

export type LogSettingsUpdate = z.input<typeof logSettingsUpdateSchema>;

/** Changes the given settings; values equal to the stored ones are not rewritten. */
export function updateLogSettings(spaceDoc: Y.Doc, input: LogSettingsUpdate, origin: unknown): LogSettings {
  const p = parseInput(logSettingsUpdateSchema, input, 'team settings');
  const settings = settingsOf(spaceDoc);
  const same = (key: string, value: unknown) => JSON.stringify(settings.get(key)) === JSON.stringify(value);
  spaceDoc.transact(() => {
    if (p.checkInQuestions !== undefined && !same('checkInQuestions', p.checkInQuestions)) settings.set('checkInQuestions', p.checkInQuestions);
    if (p.urgencyLevels !== undefined && !same('urgencyLevels', p.urgencyLevels)) settings.set('urgencyLevels', p.urgencyLevels);
    if (p.teamZone === null && settings.has('teamZone')) settings.delete('teamZone');
    else if (typeof p.teamZone === 'string' && !same('teamZone', p.teamZone)) settings.set('teamZone', p.teamZone);
  }, origin);
  return readLogSettings(spaceDoc);
}
