/**
 * Two people, two Cores (two data dirs, two web shells), one real relay, in real Chromium:
 * Ana joins with her own space, Ben joins her team, what one types appears for the other; the
 * relay goes away, both keep typing (the sidebar says so and counts what waits), the relay comes
 * back on the same port and data dir, and both end with the same text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { caretSettled, hasFocus, pageBody as body } from './support/editor';
import type { TwoProfiles } from './support/two-profiles';
import { nav, startTwoProfiles, syncStatus, syncText, teamSyncCard } from './support/two-profiles';

const POLL = { timeout: 15_000 };

/** Started in the test (its join is part of what is tested), stopped here. */
let started: TwoProfiles | undefined;

afterAll(async () => {
  await started?.dispose();
});

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

/**
 * Types at the end of the page body. Like a person, in the tab in front: a background tab learns
 * of a moved caret late. The keys wait for the focus and for the editor to have the caret at the end.
 */
async function typeAtEnd(page: Page, text: string) {
  await page.bringToFront();
  await body(page).click();
  await hasFocus(body(page));
  await page.keyboard.press('Control+End');
  await caretSettled(body(page));
  await page.keyboard.type(text);
}

describe('sync between two people, in Chromium', () => {
  it('join, live typing both ways, relay down and back on the same port: both converge', async () => {
    // Ana reads her space id from Settings and joins with an invite for it: her space becomes the
    // team's; Ben joins it. Before that, her space is hers alone.
    const team = (started = await startTwoProfiles({
      a: { name: 'Ana', zone: 'Europe/Lisbon' },
      b: { name: 'Ben', zone: 'America/New_York' },
      beforeJoin: async ({ a }) => {
        await expect.poll(() => syncText(a.page)).toBe('Local only');
      },
    }));
    const [a, b] = [team.a.page, team.b.page];
    expect(team.spaceId).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const page of [a, b]) {
      await expect.poll(() => syncText(page), POLL).toMatch(/^Synced \d\d:\d\d$/);
      await expect.poll(() => teamSyncCard(page).getByTestId('sync-relay-url').textContent()).toBe(team.relay.url);
    }
    // Ben is a writer in the team.
    await expect.poll(() => teamSyncCard(b).getByTestId('sync-role').textContent()).toContain('Writer');

    // Both see each other in the team.
    await nav(b, 'Team');
    await expect.poll(() => b.getByRole('rowheader', { name: /Ana/ }).count(), POLL).toBe(1);

    // Ana writes a page; Ben sees it in his list and what she types. (Each works in the tab in
    // front: Chromium throttles a background tab's timers.)
    await a.bringToFront();
    await nav(a, 'Knowledge base');
    await a.getByRole('button', { name: 'New page' }).click();
    const titleA = a.getByRole('textbox', { name: 'Page title' });
    await hasFocus(titleA);
    await a.keyboard.type('Handoff notes');
    await a.keyboard.press('Enter');
    // Enter hands the focus to the body once the title is saved (a Core round trip), caret at the
    // start; typing before then would be split by that move.
    await hasFocus(body(a));
    await typeAtEnd(a, 'Ana: release is tagged.');

    await b.bringToFront();
    await nav(b, 'Knowledge base');
    const pageInB = b.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Handoff notes' });
    await expect.poll(() => pageInB.count(), POLL).toBe(1);
    await pageInB.click();
    await expect.poll(() => bodyText(body(b)), POLL).toBe('Ana: release is tagged.');
    await typeAtEnd(b, ' Ben: smoke tests pass.');
    await expect.poll(() => bodyText(body(a)), POLL).toBe('Ana: release is tagged. Ben: smoke tests pass.');

    // The relay goes away. Both keep typing; the sidebar says it is not syncing and counts what waits.
    await team.stopRelay();
    await typeAtEnd(a, ' Ana offline.');
    await typeAtEnd(b, ' Ben offline.');
    for (const page of [a, b]) {
      await expect.poll(() => syncText(page), POLL).toMatch(/^(Sync error|Offline|Connecting)/);
      await expect.poll(() => syncStatus(page).getByTestId('sync-waiting').textContent(), POLL).toMatch(/\d+ changes? waiting to sync/);
    }
    expect(await syncText(a)).not.toMatch(/^Synced/);

    // Back on the same port with the same data: both converge, nothing waits.
    await team.restartRelay();
    for (const page of [a, b]) await expect.poll(() => syncText(page), POLL).toMatch(/^Synced \d\d:\d\d$/);
    await expect.poll(async () => (await bodyText(body(a))) === (await bodyText(body(b))), POLL).toBe(true);
    const final = await bodyText(body(a));
    expect(final).toContain('Ana offline.');
    expect(final).toContain('Ben offline.');
    expect(final.startsWith('Ana: release is tagged. Ben: smoke tests pass.')).toBe(true);
    for (const page of [a, b]) await expect.poll(() => syncStatus(page).getByTestId('sync-waiting').count(), POLL).toBe(0);

    expect(team.errors).toEqual([]);
  });
});
