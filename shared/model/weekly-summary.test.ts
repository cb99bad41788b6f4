import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Goal } from './goals';
import { ackEntry, addReply, deleteEntry, deleteReply, postEntry, readEntries, resolveBlocker, setDecisionStatus } from './log';
import type { PageMeta } from './types';
import { computeWeeklySummary, escapeMarkdown, summaryToMarkdown } from './weekly-summary';

const LOCAL = 'local';
const ZONE = 'Europe/Berlin';
/** Wall time in Berlin in November 2024 (CET = UTC+1). */
const nov = (day: number, hour: number, minute = 0) => Date.UTC(2024, 10, day, hour - 1, minute);
const utc = (y: number, mo: number, d: number, h = 12) => Date.UTC(y, mo - 1, d, h);

const members = [
  { id: 'ana', name: 'Ana Lima' },
  { id: 'bob', name: 'Bob Stone' },
  { id: 'cy', name: 'Cy Park' },
];

/**
 * Week 47 of 2024 in Berlin: Mon 18 Nov 00:00 CET (17 Nov 23:00Z) – Mon 25 Nov 00:00 CET.
 * Every expected number in the tests below is counted by hand from this list.
 */
function entriesFixture() {
  const doc = new Y.Doc();
  const post = (id: string, kind: 'update' | 'fyi' | 'blocker' | 'handoff', by: string, at: number, extra: object = {}) =>
    postEntry(doc, { id, kind, by, now: at, authorZone: ZONE, body: `${id} text`, ...extra }, LOCAL);
  const decide = (id: string, by: string, at: number, title: string, extra: object = {}) =>
    postEntry(doc, { id, kind: 'decision', by, now: at, authorZone: ZONE, decision: { title }, ...extra }, LOCAL);

  post('u1', 'update', 'ana', nov(18, 9), { goalId: 'g1' });
  post('u2', 'update', 'ana', nov(19, 9), { goalId: 'g1' });
  post('u3', 'update', 'bob', nov(17, 23, 30), { goalId: 'g1' }); // Sunday before: not this week
  post('u4', 'update', 'bob', nov(24, 23, 30)); // last half hour of the week
  post('u5', 'update', 'cy', nov(25, 0, 30)); // next week
  decide('d1', 'ana', nov(20, 10), 'Use SQLite');
  setDecisionStatus(doc, { entryId: 'd1', by: 'bob', now: nov(20, 11), status: 'accepted' }, LOCAL);
  decide('d2', 'bob', nov(21, 11), 'Drop IE', { goalId: 'g2' });
  decide('d3', 'bob', nov(21, 12), 'Oops');
  deleteEntry(doc, { id: 'd3', by: 'bob', now: nov(21, 13) }, LOCAL);
  post('b1', 'blocker', 'bob', nov(11, 10), { body: 'Waiting for API keys', blocker: { canUnblock: ['ana'] } });
  post('b2', 'blocker', 'cy', nov(19, 14), { body: 'CI is red' });
  resolveBlocker(doc, { entryId: 'b2', by: 'ana', now: nov(20, 16) }, LOCAL);
  post('b3', 'blocker', 'ana', nov(22, 9), { body: 'Staging down' });
  resolveBlocker(doc, { entryId: 'b3', by: 'bob', now: nov(26, 10) }, LOCAL); // after the week
  post('b4', 'blocker', 'bob', nov(4, 10), { body: 'Old one' });
  resolveBlocker(doc, { entryId: 'b4', by: 'cy', now: nov(18, 10) }, LOCAL);
  post('h1', 'handoff', 'ana', nov(18, 18), { recipients: ['bob'] });
  ackEntry(doc, { entryId: 'h1', by: 'bob', now: nov(19, 8) }, LOCAL);
  post('h2', 'handoff', 'bob', nov(20, 18), { recipients: ['cy'] });
  post('h3', 'handoff', 'cy', nov(22, 18), { recipients: ['ana'] });
  ackEntry(doc, { entryId: 'h3', by: 'ana', now: nov(25, 9) }, LOCAL); // after the week
  post('h4', 'handoff', 'cy', nov(23, 10));
  ackEntry(doc, { entryId: 'h4', by: 'cy', now: nov(23, 11) }, LOCAL); // own ack does not count
  postEntry(doc, { id: 's1', kind: 'summary', by: 'bob', now: nov(22, 17), authorZone: ZONE, body: 'last week', summary: { weekStart: '2024-11-11' } }, LOCAL);
  post('f1', 'fyi', 'cy', nov(21, 9));
  post('z1', 'update', 'zed', nov(20, 12)); // someone no longer in the member list
  addReply(doc, { entryId: 'u1', by: 'bob', now: nov(18, 10), body: 'nice' }, LOCAL);
  addReply(doc, { entryId: 'u3', by: 'ana', now: nov(18, 8), body: 'late reply' }, LOCAL);
  addReply(doc, { entryId: 'd1', by: 'cy', now: nov(20, 11), body: '+1' }, LOCAL);
  const gone = addReply(doc, { entryId: 'd1', by: 'ana', now: nov(20, 12), body: 'hmm' }, LOCAL);
  deleteReply(doc, { entryId: 'd1', replyId: gone.id, by: 'ana', now: nov(20, 13) }, LOCAL);
  addReply(doc, { entryId: 'b1', by: 'ana', now: nov(23, 12), body: 'asked again' }, LOCAL);
  return readEntries(doc);
}

function page(id: string, title: string, fields: Partial<PageMeta>): PageMeta {
  const createdAt = fields.createdAt ?? utc(2024, 1, 1);
  return {
    id,
    title,
    parentId: null,
    order: 1,
    icon: '',
    ownerId: fields.createdBy ?? 'ana',
    reviewEveryDays: 90,
    verifiedAt: null,
    verifiedBy: null,
    archived: false,
    createdAt,
    createdBy: 'ana',
    updatedAt: createdAt,
    updatedBy: fields.createdBy ?? 'ana',
    ...fields,
  };
}

const pages: PageMeta[] = [
  page('p1', 'Onboarding', { createdAt: nov(19, 10), createdBy: 'ana' }),
  page('p2', 'Runbook', { createdAt: utc(2024, 10, 1), createdBy: 'bob', updatedAt: nov(21, 15), updatedBy: 'cy', verifiedAt: nov(22, 11), verifiedBy: 'ana', reviewEveryDays: 30 }),
  page('p3', 'Architecture', { createdAt: utc(2024, 8, 1), createdBy: 'cy', ownerId: 'cy', verifiedAt: utc(2024, 9, 1), verifiedBy: 'bob', reviewEveryDays: 60 }),
  page('p4', 'Glossary', { reviewEveryDays: null }),
  page('p5', 'Old notes', { archived: true, reviewEveryDays: 30 }),
  page('p6', 'Roadmap', { createdAt: utc(2024, 10, 10), createdBy: 'bob', ownerId: 'bob', reviewEveryDays: 45, updatedAt: nov(24, 20), updatedBy: 'ana' }),
  page('p7', 'Team page', { createdAt: nov(25, 8), createdBy: 'cy' }),
];

const goal = (id: string, title: string, ownerId: string, status: Goal['status'], deadline: string | null): Goal => ({
  id,
  title,
  ownerId,
  status,
  deadline,
  definitionOfDone: '',
  createdAt: 0,
  createdBy: ownerId,
  updatedAt: 0,
  updatedBy: ownerId,
});
const goals = [goal('g3', 'Old', 'cy', 'done', '2024-11-01'), goal('g2', 'Docs', 'bob', 'at-risk', null), goal('g1', 'Launch beta', 'ana', 'on-track', '2024-12-01')];

const counts = (c: number[]) => ({
  updates: c[0],
  decisions: c[1],
  blockersOpened: c[2],
  blockersResolved: c[3],
  handoffsSent: c[4],
  handoffsAcknowledged: c[5],
  pagesCreated: c[6],
  pagesEdited: c[7],
  pagesReviewed: c[8],
});

describe('computeWeeklySummary', () => {
  const entries = entriesFixture();
  const summary = computeWeeklySummary({ weekOf: nov(21, 12), teamZone: ZONE, entries, pages, members, goals });

  it('covers the ISO week in the team zone', () => {
    expect(summary.week).toMatchObject({ isoWeek: '2024-W47', weekStart: '2024-11-18', weekEnd: '2024-11-24', startMs: utc(2024, 11, 17, 23), endMs: utc(2024, 11, 24, 23) });
  });

  it('counts per person', () => {
    expect(summary.people).toEqual([
      { memberId: 'ana', name: 'Ana Lima', ...counts([2, 1, 1, 1, 1, 1, 1, 1, 1]) },
      { memberId: 'bob', name: 'Bob Stone', ...counts([1, 1, 0, 0, 1, 0, 0, 0, 0]) },
      { memberId: 'cy', name: 'Cy Park', ...counts([0, 0, 1, 1, 2, 0, 0, 1, 0]) },
      { memberId: 'zed', name: 'zed', ...counts([1, 0, 0, 0, 0, 0, 0, 0, 0]) },
    ]);
    expect(summary.team.totals).toEqual(counts([4, 2, 2, 2, 4, 1, 1, 2, 1]));
  });

  it('lists decisions, open blockers at week end, stale pages and goals', () => {
    expect(summary.team.decisions).toEqual([
      { entryId: 'd1', title: 'Use SQLite', status: 'accepted', authorId: 'ana', createdAt: nov(20, 10), dayLabel: 'Wed 20 Nov' },
      { entryId: 'd2', title: 'Drop IE', status: 'proposed', authorId: 'bob', createdAt: nov(21, 11), dayLabel: 'Thu 21 Nov' },
    ]);
    expect(summary.team.openBlockers).toEqual([
      { entryId: 'b1', headline: 'Waiting for API keys', authorId: 'bob', openedAt: nov(11, 10), openedLabel: 'Mon 11 Nov', daysOpen: 13, canUnblock: ['ana'] },
      { entryId: 'b3', headline: 'Staging down', authorId: 'ana', openedAt: nov(22, 9), openedLabel: 'Fri 22 Nov', daysOpen: 2, canUnblock: [] },
    ]);
    expect(summary.team.stalePages).toEqual([
      { pageId: 'p3', title: 'Architecture', ownerId: 'cy', reviewDueAt: utc(2024, 10, 31), reviewDueLabel: 'Thu 31 Oct' },
      { pageId: 'p6', title: 'Roadmap', ownerId: 'bob', reviewDueAt: utc(2024, 11, 24), reviewDueLabel: 'Sun 24 Nov' },
    ]);
    expect(summary.team.goals.map((g) => [g.goalId, g.status, g.updatesThisWeek])).toEqual([
      ['g1', 'on-track', 2],
      ['g2', 'at-risk', 1],
      ['g3', 'done', 0],
    ]);
    expect(summary.team.goalCounts).toEqual({ 'on-track': 1, 'at-risk': 1, blocked: 0, done: 1 });
  });

  it('counts activity per local day', () => {
    expect(summary.days.map((d) => [d.label, d.posts, d.replies, d.pageChanges, d.total])).toEqual([
      ['Mon 18 Nov', 2, 2, 0, 4],
      ['Tue 19 Nov', 2, 0, 1, 3],
      ['Wed 20 Nov', 3, 1, 0, 4],
      ['Thu 21 Nov', 2, 0, 1, 3],
      ['Fri 22 Nov', 2, 0, 1, 3],
      ['Sat 23 Nov', 1, 1, 0, 2],
      ['Sun 24 Nov', 1, 0, 1, 2],
    ]);
  });

  it('is deterministic: input order and duplicated entries do not matter', () => {
    const shuffled = [...entries].reverse().concat(entries.slice(0, 3));
    expect(computeWeeklySummary({ weekOf: nov(18, 0), teamZone: ZONE, entries: shuffled, pages: [...pages].reverse(), members: [...members].reverse(), goals })).toEqual(summary);
  });

  it('summarizes an empty week', () => {
    const empty = computeWeeklySummary({ weekOf: nov(21, 12), teamZone: ZONE, entries: [], pages: [], members: [] });
    expect(empty.people).toEqual([]);
    expect(empty.days.every((d) => d.total === 0)).toBe(true);
    const md = summaryToMarkdown(empty, []);
    expect(md).toContain('_No decisions this week._');
    expect(md).toContain('_No open blockers._');
    expect(md).toContain('_No pages due for review._');
    expect(md).not.toContain('## Goals');
  });
});

describe('summaryToMarkdown', () => {
  const summary = computeWeeklySummary({ weekOf: nov(21, 12), teamZone: ZONE, entries: entriesFixture(), pages, members, goals });
  const md = summaryToMarkdown(summary, [...members, { id: 'zed', name: 'Zed *the* Intern' }]);
  const lines = md.split('\n');

  it('has a title, the week and the headline figures', () => {
    expect(lines[0]).toBe('# Weekly summary: week 47, 2024');
    expect(lines).toContain('Mon 18 Nov – Sun 24 Nov 2024 · times in Europe/Berlin');
    expect(lines).toContain('- **Updates:** 4');
    expect(lines).toContain('- **Decisions:** 2');
    expect(lines).toContain('- **Blockers:** 2 opened, 2 resolved, 2 open at week end');
    expect(lines).toContain('- **Handoffs:** 4 sent, 1 acknowledged');
    expect(lines).toContain('- **Pages:** 1 created, 2 edited, 1 reviewed, 2 stale');
    expect(lines).toContain('- **Goals:** 1 on track, 1 at risk, 1 done');
  });

  it('has a people table with escaped names', () => {
    const header = lines.find((l) => l.startsWith('| Person |'));
    expect(header).toBe('| Person | Updates | Decisions | Blockers opened | Blockers resolved | Handoffs sent | Handoffs acknowledged | Pages created | Pages edited | Pages reviewed |');
    expect(lines).toContain('| Ana Lima | 2 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 |');
    expect(lines).toContain('| Cy Park | 0 | 0 | 1 | 1 | 2 | 0 | 0 | 1 | 0 |');
    expect(lines).toContain('| Zed \\*the\\* Intern | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
  });

  it('lists decisions, blockers, stale pages, goals and daily activity', () => {
    expect(lines).toContain('- **Use SQLite** (accepted) — Ana Lima, Wed 20 Nov');
    expect(lines).toContain('- **Drop IE** (proposed) — Bob Stone, Thu 21 Nov');
    expect(lines).toContain('- Waiting for API keys — Bob Stone, open since Mon 11 Nov (13 days) · can unblock: Ana Lima');
    expect(lines).toContain('- Staging down — Ana Lima, open since Fri 22 Nov (2 days)');
    expect(lines).toContain('- [Architecture](baton://page/p3) — owner Cy Park, review due Thu 31 Oct');
    expect(lines).toContain('- **Launch beta** — on track · owner Ana Lima · due 2024-12-01 · 2 updates this week');
    expect(lines).toContain('- **Docs** — at risk · owner Bob Stone · 1 update this week');
    expect(lines).toContain('| Mon 18 Nov | 2 | 2 | 0 | 4 |');
    expect(lines).toContain('| Sun 24 Nov | 1 | 0 | 1 | 2 |');
    const order = ['## At a glance', '## People', '## Decisions', '## Open blockers', '## Stale pages', '## Goals', '## Activity'].map((h) => lines.indexOf(h));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });

  it('escapes Markdown in names and titles', () => {
    expect(escapeMarkdown('a|b *c* [d] #e\nf')).toBe('a\\|b \\*c\\* \\[d\\] \\#e f');
  });
});
