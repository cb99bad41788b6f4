/**
 * Follow the sun, end to end in Chromium: two web shells whose Cores run on clocks the test
 * sets, one real relay. Ana (Berlin) reaches the end of her day: the reminder banner shows, she
 * writes a handoff for Ben. Ben (New York) starts his day: he finds it under "Handoffs for you"
 * and acknowledges it; Ana sees the acknowledgement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RelayHandle } from '../../sync-server/relay';
import { startRelay } from '../../sync-server/relay';
import { parseClockTime, resolveLocalTime } from '../../shared/time';
import { TestClock } from '../support/manual-clock';
import { TEST_SECRET, makeInvite, tempDir } from '../support/team';
import type { Browser } from './support/browser';
import { launchBrowser } from './support/browser';
import type { RunningShell } from './support/web-shell';
import { startShell } from './support/web-shell';

const FAST = { syncTuning: { minRetryMs: 100, maxRetryMs: 1000 } };
const POLL = { timeout: 15_000 };
const wall = (zone: string, date: string, time: string) => resolveLocalTime(zone, date, parseClockTime(time)!);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
// Wednesday 4 February 2026 (a weekday; Berlin UTC+1, New York UTC−5).
const WED = '2026-02-04';
const THU = '2026-02-05';

let browser: Browser;
let relay: RelayHandle;
let shellA: RunningShell;
let shellB: RunningShell;
const clockA = new TestClock(wall(BERLIN, WED, '10:00'));
const clockB = new TestClock(wall(NEW_YORK, WED, '08:00'));

beforeAll(async () => {
  [browser, relay, shellA, shellB] = await Promise.all([
    launchBrowser(),
    startRelay({ host: '127.0.0.1', port: 0, dataDir: tempDir('baton-e2e-relay-'), secret: TEST_SECRET }),
    startShell({ ...FAST, clock: clockA }),
    startShell({ ...FAST, clock: clockB }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await shellA?.stop({ remove: true });
  await shellB?.stop({ remove: true });
  await relay?.close();
});

const nav = (page: Page, view: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
const syncText = (page: Page) => page.getByRole('status', { name: 'Sync status' }).textContent();

async function onboard(page: Page, shell: RunningShell, name: string, zone: string) {
  await page.goto(shell.url);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Time zone').fill(zone);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
}

async function joinTeam(page: Page, invite: string) {
  await nav(page, 'Settings');
  const card = page.getByRole('region', { name: 'Team sync' });
  await card.getByLabel('Invite code').fill(invite);
  await card.getByRole('button', { name: 'Join team' }).click();
  // "Synced <time>" (with the date: the Core's test clock is not today).
  await expect.poll(() => syncText(page), POLL).toMatch(/^Synced /);
}

describe('follow-the-sun handoff, in Chromium', () => {
  it('Ana hands off at the end of her day; Ben picks it up at the start of his; Ana sees the acknowledgement', async () => {
    const a = await browser.context.newPage();
    const b = await browser.context.newPage();
    const errors: string[] = [];
    for (const page of [a, b]) page.on('pageerror', (e) => errors.push(e.message));

    await onboard(a, shellA, 'Ana', BERLIN);
    await onboard(b, shellB, 'Ben', NEW_YORK);
    await nav(a, 'Settings');
    const spaceId = await a.getByRole('region', { name: 'Team sync' }).getByLabel('Your space id').inputValue();
    await joinTeam(a, makeInvite(relay.url, spaceId, 'Ana'));
    await joinTeam(b, makeInvite(relay.url, spaceId, 'Ben'));
    await nav(a, 'Team');
    await expect.poll(() => a.getByRole('rowheader', { name: 'Ben' }).count(), POLL).toBe(1);

    // 16:46 in Berlin, her day ends at 17:00: the handoff reminder is due (15 minutes before).
    clockA.set(wall(BERLIN, WED, '16:46'));
    shellA.core.services.reminders.check();
    const reminder = a.getByRole('group', { name: 'Write your handoff' });
    await expect.poll(() => reminder.textContent(), POLL).toContain('Next in the sun: Ben');
    // The page takes "now" from the Core's clock: the timeline agrees.
    await expect.poll(() => a.getByTestId('timeline-now').textContent(), POLL).toBe('now 16:46');

    await reminder.getByRole('button', { name: 'Write handoff' }).click();
    const dialog = a.getByRole('dialog', { name: 'Write your handoff' });
    await expect.poll(() => dialog.getByRole('checkbox', { name: /^Ben/ }).isChecked(), POLL).toBe(true);
    await dialog.getByLabel('Status').fill('Release 1.4 is tagged; the rollout is at 50%.');
    await dialog.getByLabel('Next steps').fill('Take the rollout to 100% once the error rate stays flat.');
    await dialog.getByRole('button', { name: 'Send handoff' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => reminder.count(), POLL).toBe(0);

    // 09:01 the next morning in New York: Ben's day starts and the handoff has come through the relay.
    clockB.set(wall(NEW_YORK, THU, '09:01'));
    await expect.poll(() => shellB.core.services.handoffs.forMe().length, POLL).toBe(1);
    shellB.core.services.reminders.check();
    const forBen = b.getByRole('group', { name: 'Handoffs for you' });
    await expect.poll(() => forBen.textContent(), POLL).toContain('1 handoff note is waiting for you.');
    await forBen.getByRole('button', { name: 'Read handoffs' }).click();

    const card = b.getByRole('region', { name: 'Handoffs for you' }).getByRole('article', { name: 'From Ana' });
    await expect.poll(() => card.textContent(), POLL).toContain('Release 1.4 is tagged; the rollout is at 50%.');
    expect(await card.textContent()).toContain('(16:46 their time)');
    await card.getByRole('textbox', { name: 'Reply (optional)' }).fill('On it');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => b.getByRole('region', { name: 'Handoffs for you' }).getByText('Acknowledged (1)').count(), POLL).toBe(1);
    await expect.poll(() => forBen.count(), POLL).toBe(0);

    // Ana (still at 16:4x her time) sees who acknowledged, when (his time) and his reply.
    const sent = a.getByRole('region', { name: 'Your handoffs' }).getByRole('article', { name: 'To Ben' });
    const ack = sent.getByTestId('ack-status');
    await expect.poll(() => ack.textContent(), POLL).toContain('Acknowledged by Ben');
    expect(await ack.textContent()).toContain('(09:01 their time)');
    expect(await ack.textContent()).toContain('On it');

    expect(errors).toEqual([]);
    await a.close();
    await b.close();
  });
});
