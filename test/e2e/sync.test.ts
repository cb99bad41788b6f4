/**
 * Two people, two Cores (two data dirs, two web shells), one real relay, in real Chromium:
 * Ana joins with her own space, Ben joins her team, what one types appears for the other; the
 * relay goes away, both keep typing (the sidebar says so and counts what waits), the relay comes
 * back on the same port and data dir, and both end with the same text.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RelayHandle } from '../../sync-server/relay';
import { startRelay } from '../../sync-server/relay';
import { TEST_SECRET, makeInvite, tempDir } from '../support/team';
import type { Browser } from './support/browser';
import { launchBrowser } from './support/browser';
import type { RunningShell } from './support/web-shell';
import { startShell } from './support/web-shell';

const FAST = { syncTuning: { minRetryMs: 100, maxRetryMs: 1000 } };
const POLL = { timeout: 15_000 };

let browser: Browser;
let relay: RelayHandle;
let relayDir: string;
let shellA: RunningShell;
let shellB: RunningShell;

beforeAll(async () => {
  relayDir = tempDir('baton-e2e-relay-');
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
  if (relayDir) fs.rmSync(relayDir, { recursive: true, force: true });
});

async function onboard(page: Page, shell: RunningShell, name: string, zone: string) {
  await page.goto(shell.url);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Time zone').fill(zone);
  await page.getByRole('button', { name: 'Get started' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
}

const nav = (page: Page, view: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const syncText = (page: Page) => syncStatus(page).textContent();
const body = (page: Page) => page.getByRole('textbox', { name: 'Page body' });

/** The body's text, whether the editor is a textarea or a rich (contenteditable) editor. */
async function bodyText(locator: Locator): Promise<string> {
  const text = await locator.evaluate((el) => {
    if (el instanceof HTMLTextAreaElement) return el.value;
    // Other people's carets (name labels) are decorations, not text: aria-hidden.
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((node) => node.remove());
    return Array.from(copy.children, (block) => block.textContent ?? '').join('\n');
  });
  return text.replace(/\s+/g, ' ').trim();
}

async function joinTeam(page: Page, invite: string) {
  await nav(page, 'Settings');
  const card = page.getByRole('region', { name: 'Team sync' });
  await card.getByLabel('Invite code').fill(invite);
  await card.getByRole('button', { name: 'Join team' }).click();
  await expect.poll(() => syncText(page), POLL).toMatch(/^Synced \d\d:\d\d$/);
  await expect.poll(() => card.getByTestId('sync-relay-url').textContent()).toBe(relay.url);
}

async function typeAtEnd(page: Page, text: string) {
  await body(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('sync between two people, in Chromium', () => {
  it('join, live typing both ways, relay down and back on the same port: both converge', async () => {
    const a = await browser.context.newPage();
    const b = await browser.context.newPage();
    const errors: string[] = [];
    for (const page of [a, b]) page.on('pageerror', (e) => errors.push(e.message));

    await onboard(a, shellA, 'Ana', 'Europe/Lisbon');
    await onboard(b, shellB, 'Ben', 'America/New_York');
    await expect.poll(() => syncText(a)).toBe('Local only');

    // Ana reads her space id from Settings and joins with an invite for it: her space becomes the team's.
    await nav(a, 'Settings');
    const spaceId = await a.getByRole('region', { name: 'Team sync' }).getByLabel('Your space id').inputValue();
    expect(spaceId).toMatch(/^[A-Za-z0-9_-]+$/);
    await joinTeam(a, makeInvite(relay.url, spaceId, 'Ana'));
    await joinTeam(b, makeInvite(relay.url, spaceId, 'Ben'));
    await expect.poll(() => b.getByRole('region', { name: 'Team sync' }).getByTestId('sync-role').textContent()).toContain('Writer');

    // Both see each other in the team.
    await nav(b, 'Team');
    await expect.poll(() => b.getByRole('rowheader', { name: /Ana/ }).count(), POLL).toBe(1);

    // Ana writes a page; Ben sees it in his list and what she types.
    await nav(a, 'Knowledge base');
    await a.getByRole('button', { name: 'New page' }).click();
    const titleA = a.getByRole('textbox', { name: 'Page title' });
    await expect.poll(() => titleA.evaluate((el) => el === document.activeElement)).toBe(true);
    await a.keyboard.type('Handoff notes');
    await a.keyboard.press('Enter');
    await typeAtEnd(a, 'Ana: release is tagged.');

    await nav(b, 'Knowledge base');
    const pageInB = b.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Handoff notes' });
    await expect.poll(() => pageInB.count(), POLL).toBe(1);
    await pageInB.click();
    await expect.poll(() => bodyText(body(b)), POLL).toBe('Ana: release is tagged.');
    await typeAtEnd(b, ' Ben: smoke tests pass.');
    await expect.poll(() => bodyText(body(a)), POLL).toBe('Ana: release is tagged. Ben: smoke tests pass.');

    // The relay goes away. Both keep typing; the sidebar says it is not syncing and counts what waits.
    const port = relay.port;
    await relay.close();
    await typeAtEnd(a, ' Ana offline.');
    await typeAtEnd(b, ' Ben offline.');
    for (const page of [a, b]) {
      await expect.poll(() => syncText(page), POLL).toMatch(/^(Sync error|Offline|Connecting)/);
      await expect.poll(() => syncStatus(page).getByTestId('sync-waiting').textContent(), POLL).toMatch(/\d+ changes? waiting to sync/);
    }
    expect(await syncText(a)).not.toMatch(/^Synced/);

    // Back on the same port with the same data: both converge, nothing waits.
    relay = await startRelay({ host: '127.0.0.1', port, dataDir: relayDir, secret: TEST_SECRET });
    for (const page of [a, b]) await expect.poll(() => syncText(page), POLL).toMatch(/^Synced \d\d:\d\d$/);
    await expect.poll(async () => (await bodyText(body(a))) === (await bodyText(body(b))), POLL).toBe(true);
    const final = await bodyText(body(a));
    expect(final).toContain('Ana offline.');
    expect(final).toContain('Ben offline.');
    expect(final.startsWith('Ana: release is tagged. Ben: smoke tests pass.')).toBe(true);
    for (const page of [a, b]) expect(await syncStatus(page).getByTestId('sync-waiting').count()).toBe(0);

    expect(errors).toEqual([]);
    await a.close();
    await b.close();
  });
});
