/**
 * The weekly summary: what the team did in one ISO week (Monday 00:00 to next Monday 00:00 in
 * the team's zone), computed purely from read entries, the pages index, members and goals, and
 * rendered as Markdown that can be posted as a `summary` entry.
 *
 * Counting rules (all restricted to the week, deleted entries never count, `summary` entries
 * are not activity):
 * - updates / decisions / blockers opened / handoffs sent: entries of that kind the person
 *   posted in the week;
 * - blockers resolved: blockers currently resolved whose `resolvedAt` is in the week, credited
 *   to `resolvedBy`;
 * - handoffs acknowledged: the person's handoffs sent in the week that someone else acked
 *   before the week ended;
 * - pages created / reviewed: `createdAt` / `verifiedAt` in the week (`createdBy` / `verifiedBy`);
 *   pages edited: `updatedAt` in the week and after creation, credited to `updatedBy`. The pages
 *   index keeps only the latest edit, so earlier edits in the week by others are not seen;
 * - open blockers at week end: posted before the week ended and not resolved by then;
 * - stale pages: not archived, with a review cadence, whose last verification (or creation)
 *   plus `reviewEveryDays` days falls before the week's end.
 * Output lists are sorted, so the same inputs always give the same summary.
 */
import { localDateOf, shortDateLabel, weekContaining } from '../time/log-days';
import type { WeekRange } from '../time/log-days';
import { sortGoals } from './goals';
import type { Goal, GoalStatus } from './goals';
import { GOAL_STATUSES } from './goals';
import { entryHeadline } from './log-filters';
import type { BlockerEntry, DecisionStatus, LogEntry } from './log-types';
import type { PageMeta } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WeeklySummaryInput {
  /** Any instant inside the week to summarize. */
  weekOf: number;
  /** The team's IANA zone: weeks and days are local to it. */
  teamZone: string;
  /** Entries of every month doc the week touches (`utcMonthKeysBetween`); others are ignored. */
  entries: readonly LogEntry[];
  pages: readonly PageMeta[];
  members: readonly { id: string; name: string }[];
  goals?: readonly Goal[];
}

export interface ActivityCounts {
  updates: number;
  decisions: number;
  blockersOpened: number;
  blockersResolved: number;
  handoffsSent: number;
  handoffsAcknowledged: number;
  pagesCreated: number;
  pagesEdited: number;
  pagesReviewed: number;
}

export interface PersonWeek extends ActivityCounts {
  memberId: string;
  name: string;
}

export interface SummaryDecision {
  entryId: string;
  title: string;
  status: DecisionStatus;
  authorId: string;
  createdAt: number;
  /** "Tue 19 Nov", team zone. */
  dayLabel: string;
}

export interface SummaryBlocker {
  entryId: string;
  headline: string;
  authorId: string;
  openedAt: number;
  /** "Mon 18 Nov" (with the year if not the week's), team zone. */
  openedLabel: string;
  /** Whole days between opening and the end of the week. */
  daysOpen: number;
  canUnblock: string[];
}

export interface StalePage {
  pageId: string;
  title: string;
  ownerId: string;
  reviewDueAt: number;
  /** "Fri 1 Nov" (with the year if not the week's), team zone. */
  reviewDueLabel: string;
}

export interface SummaryGoal {
  goalId: string;
  title: string;
  ownerId: string;
  status: GoalStatus;
  deadline: string | null;
  /** Entries linked to the goal posted this week. */
  updatesThisWeek: number;
}

export interface DayActivity {
  localDate: string;
  /** "Mon 18 Nov". */
  label: string;
  /** Entries posted (summaries excluded). */
  posts: number;
  /** Replies written (not deleted). */
  replies: number;
  /** Pages created, edited or reviewed. */
  pageChanges: number;
  total: number;
}

export interface WeeklySummary {
  week: WeekRange;
  /** Every member plus anyone else active in the week, by name then id. */
  people: PersonWeek[];
  team: {
    totals: ActivityCounts;
    /** Decisions posted in the week, oldest first, with their current status. */
    decisions: SummaryDecision[];
    /** Oldest first. */
    openBlockers: SummaryBlocker[];
    /** Most overdue first. */
    stalePages: StalePage[];
    goals: SummaryGoal[];
    goalCounts: Record<GoalStatus, number>;
  };
  /** Monday … Sunday. */
  days: DayActivity[];
}

const COUNT_KEYS: (keyof ActivityCounts)[] = [
  'updates',
  'decisions',
  'blockersOpened',
  'blockersResolved',
  'handoffsSent',
  'handoffsAcknowledged',
  'pagesCreated',
  'pagesEdited',
  'pagesReviewed',
];

const emptyCounts = (): ActivityCounts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as ActivityCounts;
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function computeWeeklySummary(input: WeeklySummaryInput): WeeklySummary {
  const week = weekContaining(input.weekOf, input.teamZone);
  const { startMs, endMs } = week;
  const inWeek = (ms: number | null | undefined): ms is number => typeof ms === 'number' && ms >= startMs && ms < endMs;
  const label = (ms: number) => shortDateLabel(localDateOf(ms, week.zone), week.weekStart);

  const byId = new Map<string, LogEntry>();
  for (const entry of input.entries) byId.set(entry.id, entry);
  const entries = [...byId.values()].filter((e) => e.deletedAt === null);

  const people = new Map<string, ActivityCounts>();
  for (const member of input.members) people.set(member.id, emptyCounts());
  const credit = (memberId: string | null, key: keyof ActivityCounts) => {
    if (!memberId) return;
    const counts = people.get(memberId) ?? emptyCounts();
    counts[key] += 1;
    people.set(memberId, counts);
  };

  const days: DayActivity[] = week.days.map((d) => ({ localDate: d.localDate, label: d.label, posts: 0, replies: 0, pageChanges: 0, total: 0 }));
  const dayOf = (ms: number) => days[week.days.findIndex((d) => ms >= d.startMs && ms < d.endMs)];

  const decisions: SummaryDecision[] = [];
  const openBlockers: SummaryBlocker[] = [];
  for (const entry of entries) {
    for (const reply of entry.replies) if (reply.deletedAt === null && inWeek(reply.createdAt)) dayOf(reply.createdAt).replies += 1;
    if (entry.kind === 'blocker') {
      if (entry.blocker.status === 'resolved' && inWeek(entry.blocker.resolvedAt)) credit(entry.blocker.resolvedBy, 'blockersResolved');
      if (isOpenAt(entry, endMs)) openBlockers.push(blockerItem(entry, endMs, label));
    }
    if (!inWeek(entry.createdAt) || entry.kind === 'summary') continue;
    dayOf(entry.createdAt).posts += 1;
    switch (entry.kind) {
      case 'update':
        credit(entry.authorId, 'updates');
        break;
      case 'decision':
        credit(entry.authorId, 'decisions');
        decisions.push({
          entryId: entry.id,
          title: entry.decision.title,
          status: entry.decision.status,
          authorId: entry.authorId,
          createdAt: entry.createdAt,
          dayLabel: label(entry.createdAt),
        });
        break;
      case 'blocker':
        credit(entry.authorId, 'blockersOpened');
        break;
      case 'handoff':
        credit(entry.authorId, 'handoffsSent');
        if (entry.acks.some((a) => a.memberId !== entry.authorId && a.at < endMs)) credit(entry.authorId, 'handoffsAcknowledged');
        break;
      default:
        break;
    }
  }

  const stalePages: StalePage[] = [];
  for (const page of input.pages) {
    const events: [number | null, string | null, keyof ActivityCounts][] = [
      [page.createdAt, page.createdBy, 'pagesCreated'],
      [page.updatedAt !== page.createdAt ? page.updatedAt : null, page.updatedBy, 'pagesEdited'],
      [page.verifiedAt, page.verifiedBy, 'pagesReviewed'],
    ];
    for (const [at, by, key] of events) {
      if (!inWeek(at)) continue;
      credit(by, key);
      dayOf(at).pageChanges += 1;
    }
    if (!page.archived && page.reviewEveryDays !== null) {
      const reviewDueAt = (page.verifiedAt ?? page.createdAt) + page.reviewEveryDays * DAY_MS;
      if (reviewDueAt < endMs) {
        stalePages.push({ pageId: page.id, title: page.title, ownerId: page.ownerId, reviewDueAt, reviewDueLabel: label(reviewDueAt) });
      }
    }
  }
  for (const day of days) day.total = day.posts + day.replies + day.pageChanges;

  const names = new Map(input.members.map((m) => [m.id, m.name]));
  const personList: PersonWeek[] = [...people.entries()]
    .map(([memberId, counts]) => ({ memberId, name: names.get(memberId) ?? memberId, ...counts }))
    .sort((a, b) => a.name.localeCompare(b.name) || cmpStr(a.memberId, b.memberId));
  const totals = emptyCounts();
  for (const person of personList) for (const key of COUNT_KEYS) totals[key] += person[key];

  const goalCounts = Object.fromEntries(GOAL_STATUSES.map((s) => [s, 0])) as Record<GoalStatus, number>;
  const goals: SummaryGoal[] = sortGoals(input.goals ?? []).map((goal) => {
    goalCounts[goal.status] += 1;
    return {
      goalId: goal.id,
      title: goal.title,
      ownerId: goal.ownerId,
      status: goal.status,
      deadline: goal.deadline,
      updatesThisWeek: entries.filter((e) => e.goalId === goal.id && inWeek(e.createdAt) && e.kind !== 'summary').length,
    };
  });

  return {
    week,
    people: personList,
    team: {
      totals,
      decisions: decisions.sort((a, b) => a.createdAt - b.createdAt || cmpStr(a.entryId, b.entryId)),
      openBlockers: openBlockers.sort((a, b) => a.openedAt - b.openedAt || cmpStr(a.entryId, b.entryId)),
      stalePages: stalePages.sort((a, b) => a.reviewDueAt - b.reviewDueAt || a.title.localeCompare(b.title) || cmpStr(a.pageId, b.pageId)),
      goals,
      goalCounts,
    },
    days,
  };
}

function isOpenAt(entry: BlockerEntry, endMs: number): boolean {
  if (entry.createdAt >= endMs) return false;
  if (entry.blocker.status === 'open') return true;
  return entry.blocker.resolvedAt === null || entry.blocker.resolvedAt >= endMs;
}

function blockerItem(entry: BlockerEntry, endMs: number, label: (ms: number) => string): SummaryBlocker {
  return {
    entryId: entry.id,
    headline: entryHeadline(entry),
    authorId: entry.authorId,
    openedAt: entry.createdAt,
    openedLabel: label(entry.createdAt),
    daysOpen: Math.floor((endMs - entry.createdAt) / DAY_MS),
    canUnblock: [...entry.blocker.canUnblock],
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Escape text so names and titles cannot start lists, tags, links or break table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]{}<>#|~])/g, '\\$1').replace(/\s+/g, ' ').trim();
}

const GOAL_LABELS: Record<GoalStatus, string> = { 'on-track': 'on track', 'at-risk': 'at risk', blocked: 'blocked', done: 'done' };

const PEOPLE_COLUMNS: [keyof ActivityCounts, string][] = [
  ['updates', 'Updates'],
  ['decisions', 'Decisions'],
  ['blockersOpened', 'Blockers opened'],
  ['blockersResolved', 'Blockers resolved'],
  ['handoffsSent', 'Handoffs sent'],
  ['handoffsAcknowledged', 'Handoffs acknowledged'],
  ['pagesCreated', 'Pages created'],
  ['pagesEdited', 'Pages edited'],
  ['pagesReviewed', 'Pages reviewed'],
];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A readable Markdown document of the summary; names come from `members` (ids as a fallback). */
export function summaryToMarkdown(summary: WeeklySummary, members: readonly { id: string; name: string }[]): string {
  const names = new Map<string, string>(summary.people.map((p) => [p.memberId, p.name]));
  for (const m of members) names.set(m.id, m.name);
  const name = (id: string | null) => escapeMarkdown(id ? (names.get(id) ?? id) : 'someone');
  const { week, team } = summary;
  const [isoYear, isoWeek] = week.isoWeek.split('-W');
  const first = week.days[0].label;
  const last = week.days[6].label;
  const t = team.totals;
  const lines: string[] = [];

  lines.push(`# Weekly summary: week ${Number(isoWeek)}, ${isoYear}`, '');
  lines.push(`${first} – ${last} ${isoYear} · times in ${escapeMarkdown(week.zone)}`, '');

  lines.push('## At a glance', '');
  lines.push(`- **Updates:** ${t.updates}`);
  lines.push(`- **Decisions:** ${t.decisions}`);
  lines.push(`- **Blockers:** ${t.blockersOpened} opened, ${t.blockersResolved} resolved, ${team.openBlockers.length} open at week end`);
  lines.push(`- **Handoffs:** ${t.handoffsSent} sent, ${t.handoffsAcknowledged} acknowledged`);
  lines.push(`- **Pages:** ${t.pagesCreated} created, ${t.pagesEdited} edited, ${t.pagesReviewed} reviewed, ${team.stalePages.length} stale`);
  if (team.goals.length > 0) {
    const counts = GOAL_STATUSES.filter((s) => team.goalCounts[s] > 0).map((s) => `${team.goalCounts[s]} ${GOAL_LABELS[s]}`);
    lines.push(`- **Goals:** ${counts.join(', ')}`);
  }
  lines.push('');

  lines.push('## People', '');
  if (summary.people.length === 0) {
    lines.push('_No members._', '');
  } else {
    lines.push(`| Person | ${PEOPLE_COLUMNS.map(([, h]) => h).join(' | ')} |`);
    lines.push(`| --- | ${PEOPLE_COLUMNS.map(() => '---:').join(' | ')} |`);
    for (const person of summary.people) {
      lines.push(`| ${name(person.memberId)} | ${PEOPLE_COLUMNS.map(([k]) => person[k]).join(' | ')} |`);
    }
    lines.push('');
  }

  lines.push('## Decisions', '');
  if (team.decisions.length === 0) lines.push('_No decisions this week._');
  for (const d of team.decisions) lines.push(`- **${escapeMarkdown(d.title)}** (${d.status}) — ${name(d.authorId)}, ${d.dayLabel}`);
  lines.push('');

  lines.push('## Open blockers', '');
  if (team.openBlockers.length === 0) lines.push('_No open blockers._');
  for (const b of team.openBlockers) {
    const who = b.canUnblock.length > 0 ? ` · can unblock: ${b.canUnblock.map(name).join(', ')}` : '';
    lines.push(`- ${escapeMarkdown(b.headline) || '(no text)'} — ${name(b.authorId)}, open since ${b.openedLabel} (${plural(b.daysOpen, 'day')})${who}`);
  }
  lines.push('');

  lines.push('## Stale pages', '');
  if (team.stalePages.length === 0) lines.push('_No pages due for review._');
  for (const p of team.stalePages) {
    lines.push(`- [${escapeMarkdown(p.title)}](baton://page/${p.pageId}) — owner ${name(p.ownerId)}, review due ${p.reviewDueLabel}`);
  }
  lines.push('');

  if (team.goals.length > 0) {
    lines.push('## Goals', '');
    for (const g of team.goals) {
      const due = g.deadline ? ` · due ${g.deadline}` : '';
      lines.push(`- **${escapeMarkdown(g.title)}** — ${GOAL_LABELS[g.status]} · owner ${name(g.ownerId)}${due} · ${plural(g.updatesThisWeek, 'update')} this week`);
    }
    lines.push('');
  }

  lines.push('## Activity', '');
  lines.push('| Day | Posts | Replies | Page changes | Total |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const day of summary.days) lines.push(`| ${day.label} | ${day.posts} | ${day.replies} | ${day.pageChanges} | ${day.total} |`);
  lines.push('');

  return lines.join('\n');
}
