/**
 * Page history retention (page-history.ts): which versions `versionsToThin` drops by age, and the
 * thinning that runs after each capture through the real Core, with a clock the test moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryVersion, PageSummary, Profile } from '../../../shared/api/contract';
import { pageDocId } from '../../../shared/model/doc-ids';
import { appendParagraph } from '../../../shared/model/page';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';
import { editAsRemote, manualClock } from '../../../test/support/page-editing';
import type { RetainedVersion } from './page-history';
import { KEEP_ALL_MS, KEEP_DAILY_MS, versionsToThin } from './page-history';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** Monday 2025-06-30, 12:00 UTC. */
const NOW = Date.UTC(2025, 5, 30, 12);

const utcDay = (at: number) => Math.floor(at / DAY);
/** Monday-based UTC week. */
const utcWeek = (at: number) => Math.floor((utcDay(at) + 3) / 7);

function kept(versions: RetainedVersion[], now: number): RetainedVersion[] {
  const drop = new Set(versionsToThin(versions, now));
  return versions.filter((v) => !drop.has(v.id));
}

describe('versionsToThin', () => {
  it('keeps everything of the last 7 days, the latest of each day to 90 days, the latest of each week beyond', () => {
    // A version every 5 hours for 200 days (so days and weeks hold several, at varying hours).
    const versions: RetainedVersion[] = [];
    for (let i = 0, at = NOW - 200 * DAY; at <= NOW; i++, at += 5 * HOUR) versions.push({ id: i + 1, at, restoredFrom: null });
    const survivors = kept(versions, NOW);

    const recent = versions.filter((v) => NOW - v.at < KEEP_ALL_MS);
    expect(survivors.filter((v) => NOW - v.at < KEEP_ALL_MS)).toEqual(recent);

    const daily = survivors.filter((v) => NOW - v.at >= KEEP_ALL_MS && NOW - v.at < KEEP_DAILY_MS);
    const dailyDays = new Set(versions.filter((v) => NOW - v.at >= KEEP_ALL_MS && NOW - v.at < KEEP_DAILY_MS).map((v) => utcDay(v.at)));
    // One per day, the day's latest (the day straddling the 7-day line has its latest among the recent ones).
    for (const v of daily) expect(versions.filter((o) => utcDay(o.at) === utcDay(v.at) && o.at > v.at)).toEqual([]);
    expect(new Set(daily.map((v) => utcDay(v.at))).size).toBe(daily.length);
    expect(daily.length).toBeGreaterThanOrEqual(dailyDays.size - 2);

    const weekly = survivors.filter((v) => NOW - v.at >= KEEP_DAILY_MS);
    for (const v of weekly) expect(versions.filter((o) => utcWeek(o.at) === utcWeek(v.at) && o.at > v.at)).toEqual([]);
    expect(new Set(weekly.map((v) => utcWeek(v.at))).size).toBe(weekly.length);
    expect(weekly.length).toBeGreaterThanOrEqual(14);
    expect(weekly.length).toBeLessThanOrEqual(17);
    // Nothing dropped can be needed later: thinning again, later, keeps a subset of the survivors.
    const later = kept(survivors, NOW + 40 * DAY);
    expect(kept(versions, NOW + 40 * DAY)).toEqual(later);
  });

  it('puts Sunday night and Monday morning in different weeks, and 23:59 and 00:01 in different days', () => {
    const sunday = Date.UTC(2025, 0, 5, 23); // Sunday
    const monday = Date.UTC(2025, 0, 6, 1);
    const versions = [
      { id: 1, at: sunday - HOUR, restoredFrom: null },
      { id: 2, at: sunday, restoredFrom: null },
      { id: 3, at: monday, restoredFrom: null },
      { id: 4, at: monday + HOUR, restoredFrom: null },
      { id: 5, at: monday + 30 * DAY, restoredFrom: null },
    ];
    expect(kept(versions, monday + 100 * DAY).map((v) => v.id)).toEqual([2, 4, 5]);
    expect(kept(versions, monday + 20 * DAY).map((v) => v.id)).toEqual([2, 4, 5]);
    expect(kept(versions, monday + 3 * DAY).map((v) => v.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never drops the newest version, a restore’s source or the version the restore made', () => {
    const old = NOW - 300 * DAY;
    const versions = [
      { id: 1, at: old, restoredFrom: null }, // restored from
      { id: 2, at: old + HOUR, restoredFrom: null },
      { id: 3, at: old + 2 * HOUR, restoredFrom: 1 }, // the restore
      { id: 4, at: old + 3 * HOUR, restoredFrom: null },
      // The clock went back: the newest version is not the week's latest.
      { id: 5, at: old + 30 * DAY + HOUR, restoredFrom: null },
      { id: 6, at: old + 30 * DAY, restoredFrom: null },
    ];
    expect(kept(versions, NOW).map((v) => v.id)).toEqual([1, 3, 4, 5, 6]);
    expect(versionsToThin([], NOW)).toEqual([]);
  });
});

describe('thinning after each capture', () => {
  const envs: CoreBridge[] = [];
  afterEach(() => {
    while (envs.length) envs.pop()!.dispose();
  });

  async function start() {
    const clock = manualClock(Date.UTC(2025, 0, 6, 9)); // a Monday
    const env = createCoreBridge({ clock, historyTuning: { tickMs: 0 } });
    envs.push(env);
    const profile = await env.call<Profile>('profile.setup', { name: 'Ana', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' });
    const page = await env.call<PageSummary>('pages.create', { title: 'Runbook' });
    const services = env.core.services;
    let n = 0;
    /** An edit now (this device's, or a teammate's through the relay), captured 2 minutes later. */
    const edit = (remote = false) => {
      if (remote) editAsRemote(env, page.id, (doc) => appendParagraph(doc, `remote ${n++}`));
      else appendParagraph(services.doc(pageDocId(page.id)), `local ${n++}`);
      clock.advance(2 * 60_000);
      services.history.tick();
    };
    const versions = () => env.call<HistoryVersion[]>('history.list', { pageId: page.id });
    return { env, clock, profile, page, services, edit, versions };
  }

  it('keeps the page’s versions thinned as time passes, merging who edited into the kept ones', async () => {
    const t = await start();
    const appended: number[] = [];
    // Three edits a day (09:00 a teammate's, 13:00 and 17:00 this device's) for 120 days.
    const start0 = t.clock.now();
    for (let day = 0; day < 120; day++) {
      for (const [hour, remote] of [[9, true], [13, false], [17, false]] as const) {
        t.clock.set(start0 + day * DAY + (hour - 9) * HOUR);
        t.edit(remote);
        appended.push(t.clock.now());
      }
    }
    const now = t.clock.now();
    const list = await t.versions();
    expect(list).toHaveLength(kept(list.map((v) => ({ id: v.id, at: v.at, restoredFrom: v.restoredFrom })), now).length);
    const recent = list.filter((v) => now - v.at < KEEP_ALL_MS);
    expect(recent.length).toBe(appended.filter((at) => now - at < KEEP_ALL_MS).length);
    const daily = list.filter((v) => now - v.at >= KEEP_ALL_MS && now - v.at < KEEP_DAILY_MS);
    expect(new Set(daily.map((v) => utcDay(v.at))).size).toBe(daily.length);
    expect(daily.length).toBe(90 - 7);
    const weekly = list.filter((v) => now - v.at >= KEEP_DAILY_MS);
    expect(new Set(weekly.map((v) => utcWeek(v.at))).size).toBe(weekly.length);
    expect(weekly.length).toBeGreaterThanOrEqual(4);
    expect(weekly.length).toBeLessThanOrEqual(5);
    expect(list.length).toBeLessThan(appended.length / 3);
    // A kept 17:00 version stands for the day: the teammate's 09:00 edit and this device's are in it.
    for (const v of [...daily, ...weekly]) expect(v).toMatchObject({ remote: true, authors: [t.profile.memberId] });
    expect(recent.filter((v) => v.remote)).toHaveLength(recent.filter((v) => new Date(v.at).getUTCHours() === 9).length);
    // The newest is still what the next capture compares with: no change, no version.
    t.clock.advance(DAY);
    t.services.history.tick();
    expect((await t.versions())[0].id).toBe(list[0].id);
  });

  it('keeps a version that was restored, even when it is thinnable when the restore happens', async () => {
    const t = await start();
    t.edit(); // A, Monday 09:02
    const [a] = await t.versions();
    t.clock.advance(5 * HOUR);
    t.edit(); // B, the same day: A is thinnable once the day is over 7 days old
    t.clock.advance(200 * DAY);
    // Something unsaved when the restore starts: the restore first captures it.
    appendParagraph(t.services.doc(pageDocId(t.page.id)), 'unsaved');
    const restored = await t.env.call<HistoryVersion>('history.restore', { pageId: t.page.id, versionId: a.id });
    expect(restored).toMatchObject({ restoredFrom: a.id });
    let ids = (await t.versions()).map((v) => v.id);
    expect(ids).toContain(a.id);
    expect(ids).toContain(restored.id);

    // Long after, and many captures later: still there.
    for (let i = 0; i < 30; i++) {
      t.clock.advance(20 * DAY);
      t.edit();
    }
    ids = (await t.versions()).map((v) => v.id);
    expect(ids).toContain(a.id);
    expect(ids).toContain(restored.id);
    const detail = await t.env.call<{ text: string }>('history.get', { pageId: t.page.id, versionId: a.id });
    expect(detail.text).toBe('local 0');
  });
});
