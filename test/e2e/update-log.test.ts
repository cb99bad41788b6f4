/**
 * The update log end to end in real Chromium: two people, two web shells (two Cores, two data
 * dirs), one real relay. Ana writes her daily update while the relay is down; her web shell
 * restarts and the draft is still there; she posts (it waits to sync); the relay comes back;
 * Ben finds it in his catch-up list and acknowledges it; Ana sees the acknowledgement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RelayHandle } from '../../sync-server/relay';
import { startRelay } from '../../sync-server/relay';
import { TEST_SECRET, makeInvite, tempDir } from '../support/team';
import type { Browser } from './support/browser';
import { launchBrowser } from './support/browser';
import type { RunningShell } from './support/web-shell';
import { startShell } from './support/web-shell';

const FAST = { syncTuning: { minRetryMs: 100, maxRetryMs: 1000 } };
const POLL = { timeout: 20_000 };

let browser: Browser;
let relay: RelayHandle;
let relayDir: string;
let shellA: RunningShell;
let shellB: RunningShell;

beforeAll(async () => {
  relayDir = tempDir('baton-e2e-log-relay-');
  [browser, relay, shellA, shellB] = await Promise.all([
    launchBrowser(),
    startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET }),
    startShell(FAST),
    startShell(FAST),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await shellA?.stop({ remove: true });
  await shellB?.stop({ remove: true });
  await relay?.close();
});

async function onboard(page: Page, shell: RunningShell, name: string, zone: string) {
  await page.goto(shell.url);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Time zone').fill(zone);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
}

const nav = (page: Page, view: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
const syncText = (page: Page) => page.getByRole('status', { name: 'Sync status' }).textContent();
const composer = (page: Page) => page.getByRole('region', { name: 'Write to the log' });

async function joinTeam(page: Page, invite: string) {
  await nav(page, 'Settings');
  const card = page.getByRole('region', { name: 'Team sync' });
  await card.getByLabel('Invite code').fill(invite);
  await card.getByRole('button', { name: 'Join team' }).click();
  await expect.poll(() => syncText(page), POLL).toMatch(/^Synced/);
}

describe('update log, in Chromium', () => {
  it('write offline, restart the shell, draft still there, post, relay back: the teammate catches up and acknowledges', async () => {
    let a = await browser.context.newPage();
    const b = await browser.context.newPage();
    const errors: string[] = [];
    const watch = (page: Page) => page.on('pageerror', (e) => errors.push(e.message));
    watch(a);
    watch(b);

    await onboard(a, shellA, 'Ana', 'Europe/Lisbon');
    await onboard(b, shellB, 'Ben', 'America/New_York');
    await nav(a, 'Settings');
    const spaceId = await a.getByRole('region', { name: 'Team sync' }).getByLabel('Your space id').inputValue();
    await joinTeam(a, makeInvite(relay.url, spaceId, 'Ana'));
    await joinTeam(b, makeInvite(relay.url, spaceId, 'Ben'));

    // The relay goes away. Ana writes her daily update; the draft is saved as she types.
    const port = relay.port;
    await relay.close();
    await expect.poll(() => syncText(a), POLL).not.toMatch(/^Synced/);
    await nav(a, 'Updates');
    await composer(a).getByLabel('What did you get done?').fill('Finished the offline importer');
    await composer(a).getByLabel('Notes').click();
    await a.keyboard.type('Written on the train #offline @Be');
    const suggestion = a.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /Ben/ });
    await expect.poll(() => suggestion.getAttribute('aria-selected')).toBe('true');
    await a.keyboard.press('Enter');
    await expect.poll(() => composer(a).getByLabel('Notes').inputValue()).toBe('Written on the train #offline @Ben ');
    await expect.poll(() => composer(a).getByRole('status', { name: 'Draft' }).textContent(), POLL).toMatch(/^Draft saved/);

    // Ana's web shell restarts (same data dir, new port and token): the draft is still there.
    await a.close();
    const dataDir = shellA.dataDir;
    await shellA.stop();
    shellA = await startShell({ ...FAST, dataDir });
    a = await browser.context.newPage();
    watch(a);
    await a.goto(shellA.url);
    await nav(a, 'Updates');
    await expect.poll(() => composer(a).getByLabel('Notes').inputValue(), POLL).toBe('Written on the train #offline @Ben ');
    await expect.poll(() => composer(a).getByLabel('What did you get done?').inputValue()).toBe('Finished the offline importer');

    // She posts while still offline: it is in her log, waiting to sync.
    await composer(a).getByRole('button', { name: 'Post update' }).click();
    const mine = a.getByRole('article', { name: 'Daily update by Ana' }).first();
    await expect.poll(() => mine.textContent(), POLL).toContain('Finished the offline importer');
    await expect.poll(() => mine.getByTestId('entry-pending').textContent(), POLL).toBe('Waiting to sync');
    await expect.poll(() => composer(a).getByLabel('Notes').inputValue()).toBe('');

    // The relay comes back on the same port with its data: the post is acknowledged.
    relay = await startRelay({ host: '127.0.0.1', port, dataDir: relayDir, secret: TEST_SECRET });
    await expect.poll(() => syncText(a), POLL).toMatch(/^Synced/);
    await expect.poll(() => mine.getByTestId('entry-pending').count(), POLL).toBe(0);

    // Ben: a count on Updates, the entry in his catch-up list; he acknowledges it.
    const badge = b.getByRole('navigation', { name: 'Main' }).getByTestId('updates-unread');
    await expect.poll(() => badge.textContent(), POLL).toMatch(/^1/);
    await nav(b, 'Updates');
    await b.getByRole('tab', { name: /Catch up/ }).click();
    const item = b.getByRole('list', { name: 'Unread entries' }).getByRole('article', { name: 'Daily update by Ana' });
    await expect.poll(() => item.textContent(), POLL).toContain('Finished the offline importer');
    await expect.poll(() => item.textContent()).toContain('Mentions you');
    await item.getByRole('button', { name: 'Seen', exact: true }).click();
    await expect.poll(() => badge.count(), POLL).toBe(0);
    await expect.poll(() => b.getByText('No new entries.').count(), POLL).toBe(1);

    // Ana sees Ben's acknowledgement on her entry.
    await expect.poll(() => mine.textContent(), POLL).toContain('Seen by Ben');

    expect(errors).toEqual([]);
    await a.close();
    await b.close();
  });
});
