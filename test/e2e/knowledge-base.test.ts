/**
 * The knowledge base in real Chromium against the web shell: a page from a template, formatted
 * with the toolbar and Markdown shortcuts, linked to another page with the `[[` picker, found
 * again with the command palette, an old version restored from the history (versions are kept
 * when a page is closed), and a comment on a selection, resolved; then pages dragged in the tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PageSummary } from '../../shared/api/contract';
import { appendParagraph } from '../../shared/model/page';
import { editAsWindow } from '../support/page-editing';
import { startMember, tempDir } from '../support/team';
import type { Browser } from './support/browser';
import { launchBrowser } from './support/browser';
import { caretSettled, hasFocus, pageBody } from './support/editor';
import type { RunningShell } from './support/web-shell';
import { startShell } from './support/web-shell';

const POLL = { timeout: 15_000 };

let browser: Browser;
let shell: RunningShell;
let runbook: PageSummary;

beforeAll(async () => {
  // A profile with one page to link to, then the web shell on the same data.
  const ada = await startMember('Ada Lovelace', tempDir('baton-e2e-kb-'));
  runbook = await ada.call<PageSummary>('pages.create', { title: 'On-call runbook' });
  await editAsWindow(ada, runbook.id, (doc) => appendParagraph(doc, 'Page the on-call engineer within 15 minutes of an alert.'));
  const dataDir = ada.dataDir;
  ada.dispose({ keepData: true });
  [browser, shell] = await Promise.all([launchBrowser(), startShell({ dataDir })]);
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop({ remove: true });
});

const saved = (page: Page) => expect.poll(() => page.getByTestId('save-state').textContent(), POLL).toBe('Saved');

describe('knowledge base, in Chromium', () => {
  it('template → formatting → [[ link → Ctrl+K → restore an old version → comment and resolve', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(shell.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
    const tree = page.getByRole('tree', { name: 'Pages' });
    await tree.getByRole('treeitem', { name: 'On-call runbook' }).waitFor();

    // --- a page from the "Decision record" template, named right away
    await page.getByRole('button', { name: 'Start from a template' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Decision record' }).click();
    const title = page.getByRole('textbox', { name: 'Page title' });
    await hasFocus(title);
    expect(await title.inputValue()).toBe('Decision record');
    await page.keyboard.type('ADR 1: Storage');
    await page.keyboard.press('Enter');
    const body = pageBody(page);
    await hasFocus(body);
    await expect.poll(() => body.locator('h2').allTextContents()).toEqual(['Context', 'Options', 'Decision', 'Status', 'Consequences']);
    await expect.poll(() => tree.getByRole('treeitem', { name: 'ADR 1: Storage' }).getAttribute('aria-selected')).toBe('true');

    // --- formatting: Markdown shortcuts and the toolbar. The caret is at the start ("Context");
    // keys move it, and ProseMirror learns of a caret the browser moved a task later.
    await page.keyboard.press('ArrowDown');
    await caretSettled(body);
    await page.keyboard.press('End');
    await caretSettled(body);
    await page.keyboard.press('Enter');
    await page.keyboard.type('We keep pages in **SQLite** on each device, kept simple');
    for (let i = 0; i < 'simple'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await caretSettled(body);
    const italic = page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Italic', exact: true });
    await italic.click();
    await expect.poll(() => italic.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('End');
    await caretSettled(body);
    await page.keyboard.press('Control+i');
    expect(await body.locator('p strong').first().textContent()).toBe('SQLite');
    expect(await body.locator('p em').first().textContent()).toBe('simple');

    // --- [[ opens the page picker; typing filters; Enter inserts a link to the page's id
    await page.keyboard.type('. See [[');
    const picker = page.getByRole('listbox', { name: 'Link to a page' });
    await picker.waitFor();
    await page.keyboard.type('run');
    await expect.poll(() => picker.getByRole('option').allTextContents()).toEqual(['On-call runbook']);
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    const link = body.locator(`a[href="baton://page/${runbook.id}"]`);
    await expect.poll(() => link.textContent()).toBe('On-call runbook');
    await saved(page);

    // --- Ctrl+K is the link form inside the editor; Ctrl+Shift+K opens the palette from there
    await page.keyboard.press('Control+Shift+K');
    const palette = page.getByRole('dialog', { name: 'Search and commands' });
    const search = palette.getByRole('combobox', { name: 'Search pages or type a command' });
    await hasFocus(search);
    await page.keyboard.type('engineer');
    const hit = palette.getByRole('option', { name: 'On-call runbook' });
    await hit.waitFor();
    expect(await hit.locator('mark').allTextContents()).toContain('engineer');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => title.inputValue(), POLL).toBe('On-call runbook');
    // Leaving the ADR closed its doc, which keeps a version of it. The runbook lists it as a backlink.
    const linkedFrom = page.getByRole('region', { name: 'Linked from' });
    await linkedFrom.getByRole('button', { name: /ADR 1: Storage/ }).waitFor(POLL);

    // Back with Ctrl+K (focus is outside the editor now).
    await page.keyboard.press('Control+k');
    await hasFocus(search);
    await page.keyboard.type('ADR');
    await palette.getByRole('option', { name: 'ADR 1: Storage' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => title.inputValue(), POLL).toBe('ADR 1: Storage');

    // --- a change to take back: one more paragraph, then close the page (a second version)
    await body.focus();
    await hasFocus(body);
    await page.keyboard.press('Control+End');
    await caretSettled(body);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Temporary paragraph');
    await expect.poll(() => body.locator('p').last().textContent()).toBe('Temporary paragraph');
    await saved(page);
    await tree.getByRole('treeitem', { name: 'On-call runbook' }).click();
    await expect.poll(() => title.inputValue()).toBe('On-call runbook');
    await tree.getByRole('treeitem', { name: 'ADR 1: Storage' }).click();
    await expect.poll(() => body.textContent(), POLL).toContain('Temporary paragraph');

    // --- History: the older version, its differences, restore with confirmation
    await page.getByRole('button', { name: 'History' }).click();
    const versions = page.getByRole('complementary', { name: 'History' }).getByRole('list', { name: 'Versions' });
    await expect.poll(() => versions.getByRole('button').count(), POLL).toBe(2);
    expect(await versions.getByRole('button').first().textContent()).toContain('Ada Lovelace');
    await versions.getByRole('button').nth(1).click();
    const dialog = page.getByRole('dialog', { name: /^Version of / });
    await expect.poll(() => dialog.getByTestId('version-diff').locator('ins').allTextContents(), POLL).toEqual(
      expect.arrayContaining([expect.stringContaining('SQLite')]),
    );
    await dialog.getByText('Compared with the page now').click();
    await expect.poll(() => dialog.getByRole('radio', { name: 'Compared with the page now' }).isChecked()).toBe(true);
    await expect.poll(() => dialog.getByTestId('version-diff').locator('ins').allTextContents(), POLL).toEqual([expect.stringContaining('Temporary paragraph')]);
    await dialog.getByRole('button', { name: 'Restore this version' }).click();
    await dialog.getByRole('group', { name: 'Confirm restore' }).getByRole('button', { name: 'Restore' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => body.textContent(), POLL).not.toContain('Temporary paragraph');
    await expect.poll(() => link.textContent()).toBe('On-call runbook');
    await expect.poll(() => versions.getByRole('button').first().textContent(), POLL).toContain('Restored from');
    await page.getByRole('button', { name: 'Close history' }).click();

    // --- a comment on a selection: bubble → composer → thread, highlighted; then resolved
    await body.locator('strong', { hasText: 'SQLite' }).dblclick();
    const bubble = page.locator('.comment-bubble').getByRole('button', { name: 'Comment' });
    await bubble.waitFor({ state: 'visible' });
    await bubble.click();
    const comments = page.getByRole('complementary', { name: 'Comments' });
    const composer = comments.getByRole('form', { name: 'Comment on the selected text' });
    expect(await composer.getByLabel('Selected text', { exact: true }).textContent()).toBe('SQLite');
    const box = composer.getByRole('textbox', { name: 'Your comment on the selected text' });
    await hasFocus(box);
    await page.keyboard.type('Why not Postgres?');
    await composer.getByRole('button', { name: 'Comment' }).click();
    const threads = comments.getByRole('list', { name: 'Comment threads' });
    await threads.getByText('Why not Postgres?').waitFor();
    await expect.poll(() => body.locator('.comment-anchor-active').textContent()).toBe('SQLite');
    // The open-thread count shows on the Comments button (the panel takes the tree's place at this width).
    await expect.poll(() => page.getByRole('button', { name: /^Comments/ }).textContent(), POLL).toBe('Comments1');
    await threads.getByRole('button', { name: 'Resolve the thread on “SQLite”' }).click();
    await comments.getByText('Every thread is resolved.').waitFor();
    await expect.poll(() => body.locator('.comment-anchor').count()).toBe(0);
    await comments.getByLabel('Show resolved').check();
    await expect.poll(() => threads.getByText('Resolved by Ada Lovelace', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'Close comments' }).click();
    await expect.poll(() => tree.getByRole('treeitem', { name: 'ADR 1: Storage' }).getAttribute('aria-describedby')).toBeNull();

    expect(errors).toEqual([]);
  });

  it('drags pages in the tree: into a page, before a page, never into its own subtree', async () => {
    const page = await browser.context.newPage();
    await page.goto(shell.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Knowledge base' }).click();
    const tree = page.getByRole('tree', { name: 'Pages' });
    const row = (name: string) => tree.getByRole('treeitem', { name, exact: true });
    const rows = () => tree.getByRole('treeitem').evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label')}@${e.getAttribute('aria-level')}`));
    await row('ADR 1: Storage').waitFor();
    await page.getByRole('button', { name: 'New page', exact: true }).click();
    // Typed at once, on purpose: keys that come before the new title field has the focus are kept
    // for it (type-ahead, c5f1c5d), as a quick person would type.
    await page.keyboard.type('Guides');
    await page.keyboard.press('Enter');
    // …and so are the keys right after Enter: they go to the body, none to the title.
    await page.keyboard.type('How we write guides.');
    await expect.poll(rows).toEqual(['On-call runbook@1', 'ADR 1: Storage@1', 'Guides@1']);
    await expect.poll(() => pageBody(page).textContent(), POLL).toBe('How we write guides.');
    expect(await page.getByRole('textbox', { name: 'Page title' }).inputValue()).toBe('Guides');

    // The middle of a row: into it (it opens to show the moved page).
    await row('ADR 1: Storage').dragTo(row('Guides'));
    await expect.poll(rows, POLL).toEqual(['On-call runbook@1', 'Guides@1', 'ADR 1: Storage@2']);
    // The top edge of a row: before it.
    await row('Guides').dragTo(row('On-call runbook'), { targetPosition: { x: 60, y: 2 } });
    await expect.poll(rows, POLL).toEqual(['Guides@1', 'ADR 1: Storage@2', 'On-call runbook@1']);
    // Into its own subpage: refused, nothing moves.
    await row('Guides').dragTo(row('ADR 1: Storage'));
    // A refused drop sends nothing, so there is no event to wait for: this short window only gives
    // a wrongly accepted move the chance to show (it is not a wait for something to finish).
    await page.waitForTimeout(300);
    expect(await rows()).toEqual(['Guides@1', 'ADR 1: Storage@2', 'On-call runbook@1']);
  });
});
