import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createGoal, goalsMap, latestGoalUpdates, readGoal, readGoals, setGoalStatus, updateGoal } from './goals';
import { postEntry, readEntries, deleteEntry } from './log';
import { LogError } from './log-errors';

const LOCAL = 'local';
const T0 = Date.UTC(2024, 10, 18, 8, 0);

describe('goals', () => {
  it('creates, updates and sets status, recording who and when', () => {
    const goals = goalsMap(new Y.Doc());
    const goal = createGoal(goals, { id: 'g1', title: '  Launch   beta ', ownerId: 'ana', deadline: '2024-12-01', by: 'bob', now: T0 }, LOCAL);
    expect(goal).toEqual({
      id: 'g1',
      title: 'Launch beta',
      ownerId: 'ana',
      deadline: '2024-12-01',
      status: 'on-track',
      definitionOfDone: '',
      createdAt: T0,
      createdBy: 'bob',
      updatedAt: T0,
      updatedBy: 'bob',
    });
    expect(updateGoal(goals, { id: 'g1', definitionOfDone: '10 teams onboarded', by: 'ana', now: T0 + 1 }, LOCAL)).toMatchObject({
      definitionOfDone: '10 teams onboarded',
      title: 'Launch beta',
      updatedAt: T0 + 1,
      updatedBy: 'ana',
    });
    // No change, no new updatedAt.
    expect(updateGoal(goals, { id: 'g1', title: 'Launch beta', by: 'cy', now: T0 + 2 }, LOCAL).updatedBy).toBe('ana');
    expect(setGoalStatus(goals, { id: 'g1', status: 'at-risk', by: 'cy', now: T0 + 3 }, LOCAL)).toMatchObject({ status: 'at-risk', updatedBy: 'cy' });
    expect(readGoal(goals, 'g1')?.status).toBe('at-risk');
    expect(readGoal(goals, 'nope')).toBeNull();
  });

  it('validates and reports typed errors', () => {
    const goals = goalsMap(new Y.Doc());
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof LogError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => createGoal(goals, { title: ' ', ownerId: 'ana', by: 'ana', now: T0 }, LOCAL))).toBe('invalid_input');
    expect(codeOf(() => createGoal(goals, { title: 'x', ownerId: 'ana', deadline: '2024-02-30', by: 'ana', now: T0 }, LOCAL))).toBe('invalid_input');
    expect(codeOf(() => createGoal(goals, { title: 'x', ownerId: 'ana', status: 'late' as 'done', by: 'ana', now: T0 }, LOCAL))).toBe('invalid_input');
    expect(codeOf(() => updateGoal(goals, { id: 'nope', title: 'x', by: 'ana', now: T0 }, LOCAL))).toBe('not_found');
    expect(codeOf(() => createGoal(new Y.Map(), { title: 'x', ownerId: 'ana', by: 'ana', now: T0 }, LOCAL))).toBe('other');
  });

  it('sorts open goals by deadline (none last), done goals at the end', () => {
    const goals = goalsMap(new Y.Doc());
    const make = (id: string, title: string, deadline: string | null) => createGoal(goals, { id, title, ownerId: 'ana', deadline, by: 'ana', now: T0 }, LOCAL);
    make('a', 'No deadline', null);
    make('b', 'Later', '2025-03-01');
    make('c', 'Sooner', '2024-12-01');
    make('d', 'Finished', '2024-11-01');
    setGoalStatus(goals, { id: 'd', status: 'done', by: 'ana', now: T0 }, LOCAL);
    expect(readGoals(goals).map((g) => g.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('merges concurrent edits of different fields from two replicas', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    createGoal(goalsMap(a), { id: 'g', title: 'Beta', ownerId: 'ana', by: 'ana', now: T0 }, LOCAL);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateGoal(goalsMap(a), { id: 'g', title: 'Public beta', by: 'ana', now: T0 + 1 }, LOCAL);
    setGoalStatus(goalsMap(b), { id: 'g', status: 'blocked', by: 'bob', now: T0 + 2 }, LOCAL);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readGoal(goalsMap(a), 'g')).toMatchObject({ title: 'Public beta', status: 'blocked' });
    expect(readGoals(goalsMap(b))).toEqual(readGoals(goalsMap(a)));
  });

  it('finds the latest linked updates', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 5; i++) {
      postEntry(doc, { id: `e${i}`, kind: 'update', by: 'ana', now: T0 + i, authorZone: 'UTC', body: `step ${i}`, goalId: i === 2 ? 'other' : 'g' }, LOCAL);
    }
    deleteEntry(doc, { id: 'e4', by: 'ana', now: T0 + 9 }, LOCAL);
    const entries = readEntries(doc);
    expect(latestGoalUpdates('g', entries).map((e) => e.id)).toEqual(['e3', 'e1', 'e0']);
    expect(latestGoalUpdates('g', entries, 1).map((e) => e.id)).toEqual(['e3']);
  });
});
