/**
 * The update log end to end in real Chromium: two people, two web shells (two Cores, two data
 * dirs), one real relay. Ana writes her daily update while the relay is down; her web shell
 * restarts and the draft is still there; she posts (it waits to sync); the relay comes back;
 * Ben finds it in his catch-up list and acknowledges it; Ana sees the acknowledgement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasFocus } from './support/editor';
import type { TwoProfiles } from './support/two-profiles';
import { nav, startTwoProfiles, syncText } from './support/two-profiles';

const POLL = { timeout: 20_000 };

let team: TwoProfiles;

beforeAll(async () => {
  team = await startTwoProfiles({ a: { name: 'Ana', zone: 'Europe/Lisbon' }, b: { name: 'Ben', zone: 'America/New_York' } });
});

afterAll(async () => {
  await team?.dispose();
});

const composer = (page: Page) => page.getByRole('region', { name: 'Write to the log' });

describe('update log, in Chromium', () => {
  it('write offline, restart the shell, draft still there, post, relay back: the teammate catches up and acknowledges', async () => {
    // Ana and Ben are in one team, synced (startTwoProfiles).
    let a = team.a.page;
    const b = team.b.page;

    // The relay goes away. Ana writes her daily update; the draft is saved as she types.
    // (Each works in the tab in front: Chromium throttles a background tab's timers.)
    await team.stopRelay();
    await a.bringToFront();
    await expect.poll(() => syncText(a), POLL).not.toMatch(/^Synced/);
    await nav(a, 'Updates');
    await composer(a).getByLabel('What did you get done?').fill('Finished the offline importer');
    const notes = composer(a).getByLabel('Notes');
    await notes.click();
    await hasFocus(notes);
    await a.keyboard.type('Written on the train #offline @Be');
    const suggestion = a.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /Ben/ });
    await expect.poll(() => suggestion.getAttribute('aria-selected'), POLL).toBe('true');
    await a.keyboard.press('Enter');
    await expect.poll(() => notes.inputValue()).toBe('Written on the train #offline @Ben ');
    await expect.poll(() => composer(a).getByRole('status', { name: 'Draft' }).textContent(), POLL).toMatch(/^Draft saved/);

    // Ana's web shell restarts (same data dir, new port and token): the draft is still there.
    a = await team.restartShell(team.a);
    await nav(a, 'Updates');
    await expect.poll(() => composer(a).getByLabel('Notes').inputValue(), POLL).toBe('Written on the train #offline @Ben ');
    await expect.poll(() => composer(a).getByLabel('What did you get done?').inputValue(), POLL).toBe('Finished the offline importer');

    // She posts while still offline: it is in her log, waiting to sync.
    await composer(a).getByRole('button', { name: 'Post update' }).click();
    const mine = a.getByRole('article', { name: 'Daily update by Ana' }).first();
    await expect.poll(() => mine.textContent(), POLL).toContain('Finished the offline importer');
    await expect.poll(() => mine.getByTestId('entry-pending').textContent(), POLL).toBe('Waiting to sync');
    await expect.poll(() => composer(a).getByLabel('Notes').inputValue(), POLL).toBe('');

    // The relay comes back on the same port with its data: the post is acknowledged.
    await team.restartRelay();
    await expect.poll(() => syncText(a), POLL).toMatch(/^Synced/);
    await expect.poll(() => mine.getByTestId('entry-pending').count(), POLL).toBe(0);

    // Ben: a count on Updates, the entry in his catch-up list; he acknowledges it.
    await b.bringToFront();
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
    await a.bringToFront();
    await expect.poll(() => mine.textContent(), POLL).toContain('Seen by Ben');

    expect(team.errors).toEqual([]);
  });
});
