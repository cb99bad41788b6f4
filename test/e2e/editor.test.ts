/**
 * The rich page editor in real Chromium against the web shell: toolbar and Markdown shortcuts
 * make real structure (h2, lists, task items, code block, quote, rule, table), Ctrl+Z undoes
 * the user's last edit; then two people on two Cores joined through a real relay edit one page
 * at once, converge, see each other's caret and name, and undo only their own typing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FAST_SYNC } from '../support/team';
import { blockTexts, caretSettled, hasFocus, pageBody } from './support/editor';
import type { RunningShell } from './support/web-shell';
import type { TwoProfiles } from './support/two-profiles';
import { startTwoProfiles } from './support/two-profiles';

const POLL = { timeout: 15_000 };

/** Ada and Bo, each with a profile on their own Core, both in Ada's team on the relay. */
let team: TwoProfiles;

beforeAll(async () => {
  team = await startTwoProfiles({ a: { name: 'Ada', zone: 'Europe/Berlin' }, b: { name: 'Bo', zone: 'Europe/Berlin' }, syncTuning: FAST_SYNC });
});

afterAll(async () => {
  await team?.dispose();
});

async function openKnowledgeBase(page: Page, shell: RunningShell) {
  await page.goto(shell.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
}

async function newPage(page: Page, title: string) {
  await page.getByRole('button', { name: 'New page' }).click();
  await hasFocus(page.getByRole('textbox', { name: 'Page title' }));
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  // Enter moves on to the body.
  await hasFocus(pageBody(page));
}

const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').textContent(), POLL).toBe('Saved');
const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });

describe('page editor, in Chromium', () => {
  it('formats with the toolbar and Markdown shortcuts, undoes with Ctrl+Z, and keeps it all after a reload', async () => {
    const page = team.a.page;
    await page.bringToFront();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openKnowledgeBase(page, team.a.shell);
    await newPage(page, 'Release plan');
    const body = pageBody(page);

    await page.keyboard.type('## Before the release\n');
    await page.keyboard.type('Ship on Tuesday');
    for (let i = 0; i < 'Tuesday'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    // ProseMirror learns about a selection moved by the browser from 'selectionchange', a task
    // later; the toolbar acts on ProseMirror's selection, so let it land first (as it always has at
    // human speed). The same before each shortcut below that follows a caret the browser moved.
    await caretSettled(body);
    const bold = toolbarButton(page, 'Bold');
    expect(await bold.getAttribute('aria-pressed')).toBe('false');
    await bold.click();
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('End');
    await caretSettled(body);
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
    await hasFocus(body);
    await page.keyboard.type('Owner');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Task');
    await expect.poll(() => body.locator('table th').allTextContents()).toEqual(['Owner', 'Task', '']);
    await expect.poll(() => body.locator('table tr').count()).toBe(3);

    // Ticking the task is an edit like any other.
    await body.locator('ul[data-type="taskList"] input[type="checkbox"]').check();
    await saved(page);

    // Undo takes back the last edit only (typing pauses end an undo step).
    await page.waitForTimeout(700);
    await body.locator('h2').click();
    await page.keyboard.press('End');
    await caretSettled(body);
    await page.keyboard.type(' (draft)');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release (draft)');
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release');
    await expect.poll(() => body.locator('table th').allTextContents()).toEqual(['Owner', 'Task', '']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => body.locator('h2').textContent()).toBe('Before the release (draft)');
    await saved(page);

    const before = await html();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
    await page.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Release plan' }).click();
    await expect.poll(() => pageBody(page).locator('h2').textContent()).toBe('Before the release (draft)');
    await expect.poll(() => pageBody(page).locator('ul[data-type="taskList"] input[type="checkbox"]').isChecked()).toBe(true);
    await expect.poll(html).toBe(before);
    expect(errors).toEqual([]);
  });

  it('two people on two Cores edit one page at once, converge, see each other, and undo only their own edits', async () => {
    const [ada, bo] = [team.a.page, team.b.page];
    const errors: string[] = [];
    for (const tab of [ada, bo]) {
      tab.on('pageerror', (e) => errors.push(e.message));
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    }
    await openKnowledgeBase(ada, team.a.shell);
    await newPage(ada, 'Handoff notes');
    await ada.keyboard.type('Shared from the start.');
    await saved(ada);

    await openKnowledgeBase(bo, team.b.shell);
    await bo.getByRole('tree', { name: 'Pages' }).getByRole('treeitem', { name: 'Handoff notes' }).click({ timeout: 15_000 });
    await expect.poll(() => blockTexts(pageBody(bo)), POLL).toEqual(['Shared from the start.']);

    // Both type at the same time, at opposite ends. Carets are placed while each tab is in front:
    // a background tab gets its 'selectionchange' late (typing itself is fine).
    await ada.bringToFront();
    await pageBody(ada).click();
    await hasFocus(pageBody(ada));
    await ada.keyboard.press('Control+End');
    await caretSettled(pageBody(ada));
    await bo.bringToFront();
    await pageBody(bo).click();
    await hasFocus(pageBody(bo));
    await bo.keyboard.press('Control+Home');
    await caretSettled(pageBody(bo));
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
  });
});
