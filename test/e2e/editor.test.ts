/**
 * The rich page editor in real Chromium against the web shell: toolbar and Markdown shortcuts
 * make real structure (h2, lists, task items, code block, quote, rule, table), Ctrl+Z undoes
 * the user's last edit; then two people on two Cores joined through a real relay edit one page
 * at once, converge, see each other's caret and name, and undo only their own typing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RelayHandle } from '../../sync-server/relay';
import { startRelay } from '../../sync-server/relay';
import { FAST_SYNC, TEST_SECRET, makeInvite, startMember, tempDir, waitForSynced } from '../support/team';
import type { Browser } from './support/browser';
import { launchBrowser } from './support/browser';
import { blockTexts, pageBody } from './support/editor';
import type { RunningShell } from './support/web-shell';
import { startShell } from './support/web-shell';

const POLL = { timeout: 15_000 };

let browser: Browser;
let relay: RelayHandle;
let relayDir: string;
let shellAda: RunningShell;
let shellBo: RunningShell;

/** Ada and Bo, each with a profile on their own Core, both in Ada's team on the relay. */
async function teamShells(): Promise<[RunningShell, RunningShell]> {
  const relayUrl = `ws://127.0.0.1:${relay.port}`;
  const ada = await startMember('Ada', tempDir('baton-e2e-ada-'));
  const bo = await startMember('Bo', tempDir('baton-e2e-bo-'));
  const spaceId = ada.profile.spaceId;
  await ada.call('sync.join', { invite: makeInvite(relayUrl, spaceId, 'Ada', 'writer', ada.profile.memberId) });
  await bo.call('sync.join', { invite: makeInvite(relayUrl, spaceId, 'Bo') });
  await Promise.all([waitForSynced(ada), waitForSynced(bo)]);
  const dirs = [ada.dataDir, bo.dataDir];
  ada.dispose({ keepData: true });
  bo.dispose({ keepData: true });
  return [await startShell({ dataDir: dirs[0], syncTuning: FAST_SYNC }), await startShell({ dataDir: dirs[1], syncTuning: FAST_SYNC })];
}

beforeAll(async () => {
  relayDir = tempDir('baton-e2e-relay-');
  [browser, relay] = await Promise.all([launchBrowser(), startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET })]);
  [shellAda, shellBo] = await teamShells();
});

afterAll(async () => {
  await browser?.close();
  await shellAda?.stop({ remove: true });
  await shellBo?.stop({ remove: true });
  await relay?.close();
});

async function openKnowledgeBase(page: Page, shell: RunningShell) {
  await page.goto(shell.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
}

async function newPage(page: Page, title: string) {
  await page.getByRole('button', { name: 'New page' }).click();
  const input = page.getByRole('textbox', { name: 'Page title' });
  await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  // Enter moves on to the body.
  await expect.poll(() => pageBody(page).evaluate((el) => el === document.activeElement)).toBe(true);
}

async function settleSelection(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').textContent(), POLL).toBe('Saved');
const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });

describe('page editor, in Chromium', () => {
  it('formats with the toolbar and Markdown shortcuts, undoes with Ctrl+Z, and keeps it all after a reload', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openKnowledgeBase(page, shellAda);
    await newPage(page, 'Release plan');
    const body = pageBody(page);

    await page.keyboard.type('## Before the release\n');
    await page.keyboard.type('Ship on Tuesday');
    for (let i = 0; i < 'Tuesday'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    const bold = toolbarButton(page, 'Bold');
    expect(await bold.getAttribute('aria-pressed')).toBe('false');
    await bold.click();
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('End');
    // ProseMirror learns about a selection moved by the browser from 'selectionchange', a task
    // later; let it land before the next shortcut, as it always has at human speed.
    await settleSelection(page);
    // Bold continues at the end of bold text until switched off (here with its shortcut).
    await page.keyboard.press('Control+b');
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.type(' at noon\n');
    await page.keyboard.type('- freeze merges\ntag the release\n\n');
    await page.keyboard.type('[ ] announce in #releases\n\n');
    await page.keyboard.type('``` npm run build\nnpm test\n\n\n');
    await page.keyboard.type('> Nobody ships on Fridays.\n\n');
    await page.keyboard.type('---');
    await page.keyboard.type('The end, in **bold** and `code` ');

    const html = () => body.innerHTML();
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release');
    expect(await body.locator('p strong').first().textContent()).toBe('Tuesday');
    expect(await body.locator('ul:not([data-type]) > li').allTextContents()).toEqual(['freeze merges', 'tag the release']);
    expect(await body.locator('ul[data-type="taskList"] > li > div').allTextContents()).toEqual(['announce in #releases']);
    expect(await body.locator('ul[data-type="taskList"] input[type="checkbox"]').isChecked()).toBe(false);
    expect(await body.locator('pre code').textContent()).toBe('npm run build\nnpm test');
    expect(await body.locator('blockquote p').textContent()).toBe('Nobody ships on Fridays.');
    expect(await body.locator('hr').count()).toBe(1);
    expect(await body.locator('p', { hasText: 'The end' }).innerHTML()).toMatch(/<strong>bold<\/strong> and <code>code<\/code>/);

    // A table from the toolbar; Tab moves between cells.
    await page.keyboard.press('Enter');
    await toolbarButton(page, 'Table').click();
    await page.keyboard.type('Owner');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Task');
    expect(await body.locator('table th').allTextContents()).toEqual(['Owner', 'Task', '']);
    expect(await body.locator('table tr').count()).toBe(3);

    // Ticking the task is an edit like any other.
    await body.locator('ul[data-type="taskList"] input[type="checkbox"]').check();
    await saved(page);

    // Undo takes back the last edit only (typing pauses end an undo step).
    await page.waitForTimeout(700);
    await body.locator('h2').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (draft)');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release (draft)');
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release');
    expect(await body.locator('table th').allTextContents()).toEqual(['Owner', 'Task', '']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release (draft)');
    await saved(page);

    const before = await html();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
    await page.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Release plan' }).click();
    await expect.poll(() => pageBody(page).locator('h2').textContent()).toBe('Before the release (draft)');
    expect(await pageBody(page).locator('ul[data-type="taskList"] input[type="checkbox"]').isChecked()).toBe(true);
    expect(await html()).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('two people on two Cores edit one page at once, converge, see each other, and undo only their own edits', async () => {
    const ada = await browser.context.newPage();
    const bo = await browser.context.newPage();
    const errors: string[] = [];
    for (const tab of [ada, bo]) {
      tab.on('pageerror', (e) => errors.push(e.message));
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    }
    await openKnowledgeBase(ada, shellAda);
    await newPage(ada, 'Handoff notes');
    await ada.keyboard.type('Shared from the start.');
    await saved(ada);

    await openKnowledgeBase(bo, shellBo);
    await bo.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Handoff notes' }).click({ timeout: 15_000 });
    await expect.poll(() => blockTexts(pageBody(bo)), POLL).toEqual(['Shared from the start.']);

    // Both type at the same time, at opposite ends. Carets are placed while each tab is in front:
    // a background tab gets its 'selectionchange' late (typing itself is fine).
    await ada.bringToFront();
    await pageBody(ada).click();
    await ada.keyboard.press('Control+End');
    await settleSelection(ada);
    await bo.bringToFront();
    await pageBody(bo).click();
    await bo.keyboard.press('Control+Home');
    await settleSelection(bo);
    await Promise.all([ada.keyboard.type('\nAda: deploy is green.', { delay: 15 }), bo.keyboard.type('Bo: on call tonight. ', { delay: 15 })]);
    const expected = ['Bo: on call tonight. Shared from the start.', 'Ada: deploy is green.'];
    await expect.poll(() => blockTexts(pageBody(ada)), POLL).toEqual(expected);
    await expect.poll(() => blockTexts(pageBody(bo)), POLL).toEqual(expected);

    // Each sees the other: a named caret in the text and an avatar above it.
    const caretLabel = (tab: Page) => pageBody(tab).locator('.collaboration-carets__caret .collaboration-carets__label');
    await expect.poll(() => caretLabel(ada).allTextContents(), POLL).toEqual(['Bo']);
    await expect.poll(() => caretLabel(bo).allTextContents(), POLL).toEqual(['Ada']);
    await expect.poll(() => ada.getByRole('list', { name: 'People on this page' }).textContent(), POLL).toContain('Bo');
    await expect.poll(() => bo.getByRole('list', { name: 'People on this page' }).textContent(), POLL).toContain('Ada');

    // Bo's undo takes back Bo's typing only; Ada's line stays, for both. (While someone else
    // types, y-tiptap closes the undo step at each of their changes, so Bo's sentence takes
    // several presses: undo until nothing of Bo's is left, then once more.)
    const undoBo = toolbarButton(bo, 'Undo');
    for (let i = 0; i < 40 && (await undoBo.isEnabled()); i++) {
      await bo.keyboard.press('Control+z');
      expect((await blockTexts(pageBody(bo)))[1]).toBe('Ada: deploy is green.');
    }
    expect(await undoBo.isEnabled()).toBe(false);
    await bo.keyboard.press('Control+z');
    const afterUndo = ['Shared from the start.', 'Ada: deploy is green.'];
    await expect.poll(() => blockTexts(pageBody(bo)), POLL).toEqual(afterUndo);
    await expect.poll(() => blockTexts(pageBody(ada)), POLL).toEqual(afterUndo);

    // Bo leaves the page: Ada's view drops his caret and avatar without waiting for a timeout.
    await bo.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).click();
    await expect.poll(() => caretLabel(ada).count(), POLL).toBe(0);
    await expect.poll(() => ada.getByRole('list', { name: 'People on this page' }).count(), POLL).toBe(0);
    expect(errors).toEqual([]);
    await ada.close();
    await bo.close();
  });
});
