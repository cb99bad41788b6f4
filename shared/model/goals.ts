/**
 * Team goals. They live in the `space` doc under the top-level Y.Map `goals` (goal id → Y.Map
 * of fields, so two people changing different fields of one goal both win). The functions take
 * that Y.Map rather than the doc, so the module does not need to change `space.ts`:
 * `goalsMap(spaceDoc)` returns it. Entries point at a goal with `goalId`.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { isValidEntityId, newId } from './doc-ids';
import { LogError, parseInput } from './log-errors';
import type { LogEntry } from './log-types';

export const GOALS_KEY = 'goals';

export const GOAL_STATUSES = ['on-track', 'at-risk', 'blocked', 'done'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const MAX_GOAL_TITLE_LENGTH = 200;
export const MAX_DEFINITION_OF_DONE_LENGTH = 5_000;

export interface Goal {
  id: string;
  title: string;
  ownerId: string;
  /** A date in the team's zone, "YYYY-MM-DD", or null for no deadline. */
  deadline: string | null;
  status: GoalStatus;
  /** Markdown. */
  definitionOfDone: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

export type GoalsMap = Y.Map<Y.Map<unknown>>;

export function goalsMap(spaceDoc: Y.Doc): GoalsMap {
  return spaceDoc.getMap<Y.Map<unknown>>(GOALS_KEY);
}

const entityId = z.string().refine(isValidEntityId, 'must be an id (1-64 characters of A-Z a-z 0-9 _ -)');
const epochMs = z.number().int().nonnegative();
const title = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty').max(MAX_GOAL_TITLE_LENGTH));
const deadline = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date')
  .nullable();
const definitionOfDone = z.string().max(MAX_DEFINITION_OF_DONE_LENGTH);

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const createGoalSchema = z.strictObject({
  id: entityId.optional(),
  title,
  ownerId: entityId,
  deadline: deadline.default(null),
  status: z.enum(GOAL_STATUSES).default('on-track'),
  definitionOfDone: definitionOfDone.default(''),
  by: entityId,
  now: epochMs,
});
const updateGoalSchema = z.strictObject({
  id: entityId,
  title: title.optional(),
  ownerId: entityId.optional(),
  deadline: deadline.optional(),
  definitionOfDone: definitionOfDone.optional(),
  by: entityId,
  now: epochMs,
});
const setGoalStatusSchema = z.strictObject({ id: entityId, status: z.enum(GOAL_STATUSES), by: entityId, now: epochMs });

export type CreateGoalInput = z.input<typeof createGoalSchema>;
export type UpdateGoalInput = z.input<typeof updateGoalSchema>;
export type SetGoalStatusInput = z.input<typeof setGoalStatusSchema>;

function docOf(goals: GoalsMap): Y.Doc {
  const doc = goals.doc;
  if (!doc) throw new Error('The goals map is not part of a Y.Doc (use goalsMap(spaceDoc))');
  return doc;
}

function transact(goals: GoalsMap, fn: () => void, origin: unknown): void {
  docOf(goals).transact(fn, origin);
}

function goalMap(goals: GoalsMap, id: string): Y.Map<unknown> {
  const map = goals.get(id);
  if (!(map instanceof Y.Map)) throw new LogError('not_found', `No goal ${id}`);
  return map;
}

function setChanged(map: Y.Map<unknown>, fields: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || JSON.stringify(map.get(key)) === JSON.stringify(value)) continue;
    map.set(key, value);
    changed = true;
  }
  return changed;
}

export function createGoal(goals: GoalsMap, input: CreateGoalInput, origin: unknown): Goal {
  docOf(goals);
  const p = parseInput(createGoalSchema, input, 'goal');
  const id = p.id ?? newId();
  if (goals.has(id)) throw new LogError('invalid_input', `A goal ${id} already exists`, [{ path: 'id', message: 'already exists' }]);
  const goal: Goal = {
    id,
    title: p.title,
    ownerId: p.ownerId,
    deadline: p.deadline,
    status: p.status,
    definitionOfDone: p.definitionOfDone,
    createdAt: p.now,
    createdBy: p.by,
    updatedAt: p.now,
    updatedBy: p.by,
  };
  transact(
    goals,
    () => {
      const map = new Y.Map<unknown>();
      goals.set(id, map);
      for (const [key, value] of Object.entries(goal)) map.set(key, value);
    },
    origin,
  );
  return goal;
}

/** Changes the given fields (anyone on the team); records who and when only if something changed. */
export function updateGoal(goals: GoalsMap, input: UpdateGoalInput, origin: unknown): Goal {
  const p = parseInput(updateGoalSchema, input, 'goal update');
  const map = goalMap(goals, p.id);
  transact(
    goals,
    () => {
      const changed = setChanged(map, { title: p.title, ownerId: p.ownerId, deadline: p.deadline, definitionOfDone: p.definitionOfDone });
      if (changed) setChanged(map, { updatedAt: p.now, updatedBy: p.by });
    },
    origin,
  );
  return readGoalMap(map, p.id);
}

export function setGoalStatus(goals: GoalsMap, input: SetGoalStatusInput, origin: unknown): Goal {
  const p = parseInput(setGoalStatusSchema, input, 'goal status');
  const map = goalMap(goals, p.id);
  if (map.get('status') !== p.status) {
    transact(goals, () => setChanged(map, { status: p.status, updatedAt: p.now, updatedBy: p.by }), origin);
  }
  return readGoalMap(map, p.id);
}

function readGoalMap(map: Y.Map<unknown>, id: string): Goal {
  const get = <T>(key: string, fallback: T): T => (map.has(key) ? (map.get(key) as T) : fallback);
  const status = get<string>('status', 'on-track');
  return {
    id,
    title: get('title', 'Untitled'),
    ownerId: get('ownerId', ''),
    deadline: get<string | null>('deadline', null),
    status: (GOAL_STATUSES as readonly string[]).includes(status) ? (status as GoalStatus) : 'on-track',
    definitionOfDone: get('definitionOfDone', ''),
    createdAt: get('createdAt', 0),
    createdBy: get('createdBy', ''),
    updatedAt: get('updatedAt', 0),
    updatedBy: get('updatedBy', ''),
  };
}

export function readGoal(goals: GoalsMap, id: string): Goal | null {
  const map = goals.get(id);
  return map instanceof Y.Map ? readGoalMap(map, id) : null;
}

/** Open goals before done ones, then by deadline (none last), title and id. */
export function readGoals(goals: GoalsMap): Goal[] {
  const list: Goal[] = [];
  goals.forEach((map, id) => {
    if (map instanceof Y.Map) list.push(readGoalMap(map, id));
  });
  return sortGoals(list);
}

export function sortGoals(goals: readonly Goal[]): Goal[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...goals].sort(
    (a, b) =>
      Number(a.status === 'done') - Number(b.status === 'done') ||
      (a.deadline === b.deadline ? 0 : a.deadline === null ? 1 : b.deadline === null ? -1 : cmp(a.deadline, b.deadline)) ||
      a.title.localeCompare(b.title) ||
      cmp(a.id, b.id),
  );
}

/** The latest entries linked to a goal (not deleted), newest first. */
export function latestGoalUpdates<E extends LogEntry>(goalId: string, entries: readonly E[], limit = 3): E[] {
  return entries
    .filter((e) => e.goalId === goalId && e.deletedAt === null)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, limit));
}
