/**
 * Handoff-specific commands on top of the update log (log.ts) and the team settings.
 *
 * A handoff note IS a log entry of kind 'handoff' (posted with `postEntry`). What is added here:
 *  - the team setting `handoffEscalationWorkingHours` in the `space` doc's `settings` map: how
 *    many of the recipient's working hours may pass before an unacknowledged handoff is flagged;
 *  - `forwardHandoff`: anyone on the team may add a recipient to a handoff nobody picked up
 *    (editing an entry is for its author only, and the author is usually asleep by then). The
 *    entry keeps a `forwards` list (who was added, by whom, when) so the new recipient's
 *    escalation clock starts when they were added. Both fields are plain values, so two people
 *    forwarding the same handoff at the same moment end with one of the two forwards (Yjs
 *    last-writer-wins): acceptable for a rare, repeatable action.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { isValidEntityId } from './doc-ids';
import { LogError, parseInput } from './log-errors';
import { logEntriesMap, readEntry, MAX_REFERENCES } from './log';
import type { HandoffEntry } from './log-types';

export const DEFAULT_HANDOFF_ESCALATION_WORKING_HOURS = 2;
export const MAX_HANDOFF_ESCALATION_WORKING_HOURS = 40;
const ESCALATION_KEY = 'handoffEscalationWorkingHours';

export interface HandoffTeamSettings {
  /** Working hours of the recipient after which an unacknowledged handoff is flagged. */
  handoffEscalationWorkingHours: number;
}

function validHours(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_HANDOFF_ESCALATION_WORKING_HOURS;
}

export function readHandoffSettings(spaceDoc: Y.Doc): HandoffTeamSettings {
  const value = spaceDoc.getMap<unknown>('settings').get(ESCALATION_KEY);
  return { handoffEscalationWorkingHours: validHours(value) ? value : DEFAULT_HANDOFF_ESCALATION_WORKING_HOURS };
}

export function setHandoffEscalationHours(spaceDoc: Y.Doc, input: { hours: number }, origin: unknown): HandoffTeamSettings {
  if (!validHours(input.hours)) {
    throw new LogError('invalid_input', `Escalation must be after 0 to ${MAX_HANDOFF_ESCALATION_WORKING_HOURS} working hours`, [
      { path: 'handoffEscalationWorkingHours', message: `must be more than 0 and at most ${MAX_HANDOFF_ESCALATION_WORKING_HOURS}` },
    ]);
  }
  const settings = spaceDoc.getMap<unknown>('settings');
  if (settings.get(ESCALATION_KEY) !== input.hours) spaceDoc.transact(() => settings.set(ESCALATION_KEY, input.hours), origin);
  return readHandoffSettings(spaceDoc);
}

export interface HandoffForward {
  /** The recipient who was added. */
  to: string;
  by: string;
  at: number;
}

const entityId = z.string().refine(isValidEntityId, 'must be an id');
const forwardSchema = z.strictObject({ entryId: entityId, by: entityId, to: entityId, now: z.number().int().nonnegative() });
export type ForwardHandoffInput = z.input<typeof forwardSchema>;

function readForwardList(value: unknown): HandoffForward[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is HandoffForward => !!f && typeof f === 'object' && typeof f.to === 'string' && typeof f.by === 'string' && typeof f.at === 'number',
  );
}

/** Who was added to a handoff after it was posted, oldest first. */
export function readForwards(logDoc: Y.Doc, entryId: string): HandoffForward[] {
  const map = logEntriesMap(logDoc).get(entryId);
  return map instanceof Y.Map ? readForwardList(map.get('forwards')) : [];
}

/** Adds `to` as a recipient of the handoff `entryId` (anyone may). Adding a recipient twice changes nothing. */
export function forwardHandoff(logDoc: Y.Doc, input: ForwardHandoffInput, origin: unknown): HandoffEntry {
  const p = parseInput(forwardSchema, input, 'handoff forward');
  const map = logEntriesMap(logDoc).get(p.entryId);
  const entry = map instanceof Y.Map ? readEntry(logDoc, p.entryId) : null;
  if (!map || !entry) throw new LogError('not_found', `No log entry ${p.entryId} in this doc`);
  if (entry.kind !== 'handoff') throw new LogError('wrong_kind', `Log entry ${p.entryId} is not a handoff`);
  if (entry.deletedAt !== null) throw new LogError('deleted', `Log entry ${p.entryId} was deleted`);
  if (entry.recipients.includes(p.to)) return entry;
  if (entry.recipients.length >= MAX_REFERENCES) throw new LogError('invalid_input', 'This handoff has too many recipients', [{ path: 'to', message: 'too many recipients' }]);
  logDoc.transact(() => {
    map.set('recipients', [...entry.recipients, p.to]);
    map.set('forwards', [...readForwardList(map.get('forwards')), { to: p.to, by: p.by, at: p.now }]);
  }, origin);
  return readEntry(logDoc, p.entryId) as HandoffEntry;
}
