/**
 * Page links, history and comments in the knowledge base, in jsdom against a real Core: the
 * `[[` picker inserts a real link mark, versions list with names and restore through the
 * Core, comments anchor to the selected text, highlight it, and resolve.
 */
import '../../../../test/support/prosemirror-jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Editor } from '@tiptap/core';
import * as Y from 'yjs';
import type { CommentThread, DocState, PageSummary, Profile } from '../../../../shared/api/contract';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { extractPageLinks } from '../../../../shared/model/links';
import { appendParagraph, pageContent, readPageText } from '../../../../shared/model/page';
import { editAsWindow } from '../../../../test/support/page-editing';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { useAppStore } from '../../store';

let harness: RendererHarness;
let profile: Profile;
afterEach(() => harness.dispose());

async function start() {
  harness = startRendererHarness({ historyTuning: { tickMs: 0 } });
  profile = await harness.onboard({ name: 'Ada' });
  useAppStore.getState().navigate('knowledge');
}

const create = (title: string) => harness.call<PageSummary>('pages.create', { title });

async function coreDoc(pageId: string): Promise<Y.Doc> {
  const other = harness.connectAnother();
  const opened = await other.invoke('docs.open', { docId: pageDocId(pageId) });
  if (!opened.ok) throw new Error(opened.error.message);
  await other.invoke('docs.close', { docId: pageDocId(pageId) });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (opened.value as DocState).state);
  return doc;
}

async function openPage(title: string) {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('treeitem', { name: title }));
  const body = await screen.findByRole('textbox', { name: 'Page body' });
  return { user, body };
}

const editorOf = (body: HTMLElement) => (body as HTMLElement & { editor: Editor }).editor;
const saved = () => waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));

// Whole user journeys against a real Core: slower than 5 s when the suite runs in parallel.
describe('page links', { timeout: 20_000 }, () => {
  it('typing [[ opens the page picker; typing filters; Enter links the page by id', async () => {
    await start();
    const runbook = await create('On-call runbook');
    await create('Roadmap');
    await create('Notes');
    const { user, body } = await openPage('Notes');
    await user.click(body);
    // user-event reads "[[" as one literal "[".
    await user.type(body, 'See [[[[', { skipClick: true });

    const list = await screen.findByRole('listbox', { name: 'Link to a page' });
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(expect.arrayContaining(['On-call runbook', 'Roadmap']));
    await user.type(body, 'run', { skipClick: true });
    await waitFor(() => expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['On-call runbook']));
    expect(body).toHaveAttribute('aria-activedescendant', within(list).getByRole('option').id);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('listbox', { name: 'Link to a page' })).not.toBeInTheDocument());

    const link = body.querySelector('a');
    expect(link).toHaveTextContent('On-call runbook');
    expect(link).toHaveAttribute('href', `baton://page/${runbook.id}`);
    await user.type(body, 'tonight', { skipClick: true });
    await saved();
    const doc = await coreDoc((await harness.call<PageSummary[]>('pages.list')).find((p) => p.title === 'Notes')!.id);
    expect(readPageText(doc)).toBe('See On-call runbook tonight');
    expect(extractPageLinks(pageContent(doc))).toEqual([runbook.id]);

    // Escape closes the picker and leaves the typed text.
    await user.type(body, ' @Road', { skipClick: true });
    await screen.findByRole('listbox', { name: 'Link to a page' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('listbox', { name: 'Link to a page' })).not.toBeInTheDocument());
    expect(body).toHaveTextContent('See On-call runbook tonight @Road');
  });
});

describe('history', { timeout: 20_000 }, () => {
  it('lists versions with author names in the viewer’s zone, shows differences, and restores one', async () => {
    await start();
    const page = await create('Plan');
    await editAsWindow(harness, page.id, (doc) => appendParagraph(doc, 'Ship on Friday'));
    harness.core.services.history.flushPage(profile.spaceId, page.id);
    await editAsWindow(harness, page.id, (doc) => appendParagraph(doc, 'Then rest'));
    harness.core.services.history.flushPage(profile.spaceId, page.id);

    const { user, body } = await openPage('Plan');
    await waitFor(() => expect(body).toHaveTextContent('Ship on FridayThen rest'));
    await user.click(screen.getByRole('button', { name: 'History' }));
    const panel = screen.getByRole('complementary', { name: 'History' });
    const versions = await within(panel).findByRole('list', { name: 'Versions' });
    const items = within(versions).getAllByRole('button');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Ada');
    expect(within(panel).getByText(/Times are in your time zone \(Europe\/Berlin\)/)).toBeInTheDocument();

    // The older version: what it added, then compared with the page now.
    await user.click(items[1]);
    const dialog = screen.getByRole('dialog', { name: /^Version of / });
    const added = () => within(dialog).getByTestId('version-diff').querySelector('ins');
    await waitFor(() => expect(added()).toHaveTextContent('Ship on Friday'));
    await user.click(within(dialog).getByLabelText('Compared with the page now'));
    await waitFor(() => expect(added()).toHaveTextContent('Then rest'));

    await user.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    const confirm = within(dialog).getByRole('group', { name: 'Confirm restore' });
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /^Version of / })).not.toBeInTheDocument());
    // The editor follows the Core's restore; the history gains the restore as a version.
    await waitFor(() => expect(body).toHaveTextContent(/^Ship on Friday$/));
    expect(readPageText(await coreDoc(page.id))).toBe('Ship on Friday');
    await waitFor(() => expect(within(versions).getAllByRole('button')).toHaveLength(3));
    expect(within(versions).getAllByRole('button')[0]).toHaveTextContent(/Restored from/);
  });
});

describe('comments', { timeout: 20_000 }, () => {
  it('comments on a selection, highlights its anchor, replies with a mention, resolves and reopens', async () => {
    await start();
    const page = await create('Plan');
    await editAsWindow(harness, page.id, (doc) => appendParagraph(doc, 'Ship on Friday\nThen rest'));
    const { user, body } = await openPage('Plan');
    await waitFor(() => expect(body.querySelectorAll('p')).toHaveLength(2));

    // Select "Friday" (positions: paragraph opens at 0, text starts at 1).
    const editor = editorOf(body);
    editor.commands.setTextSelection({ from: 9, to: 15 });
    const commentButton = screen.getByRole('button', { name: 'Comment' });
    await waitFor(() => expect(commentButton).toBeEnabled());
    await user.click(commentButton);

    const panel = screen.getByRole('complementary', { name: 'Comments' });
    const composer = within(panel).getByRole('form', { name: 'Comment on the selected text' });
    expect(within(composer).getByLabelText('Selected text')).toHaveTextContent('Friday');
    const box = within(composer).getByRole('textbox', { name: 'Your comment on the selected text' });
    await waitFor(() => expect(box).toHaveFocus());
    expect(body.querySelector('.comment-anchor-draft')).toHaveTextContent('Friday');
    await user.type(box, 'Risky — ask @A');
    const suggestions = within(composer).getByRole('listbox', { name: 'Teammates' });
    expect(within(suggestions).getByRole('option', { name: 'Ada' })).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('Risky — ask @Ada ');
    await user.click(within(composer).getByRole('button', { name: 'Comment' }));

    const threads = await within(panel).findByRole('list', { name: 'Comment threads' });
    const [thread] = await waitFor(async () => {
      const list = await harness.call<CommentThread[]>('comments.list', { pageId: page.id });
      expect(list).toHaveLength(1);
      return list;
    });
    expect(thread).toMatchObject({ quote: 'Friday', anchor: { from: 8, to: 14 }, replies: [{ body: 'Risky — ask @Ada', mentions: [profile.memberId] }] });
    expect(within(threads).getByText('@Ada')).toHaveClass('kb-mention-chip');
    // The new thread is active: its text is highlighted in the editor.
    await waitFor(() => expect(body.querySelector('.comment-anchor-active')).toHaveTextContent('Friday'));
    // The tree and the header count the open thread.
    await waitFor(() => expect(screen.getByRole('treeitem', { name: 'Plan' })).toHaveAccessibleDescription('1 open comment'));

    // Clicking the thread's quote toggles the highlight.
    const quote = within(threads).getByRole('button', { name: /Comment on “Friday”/ });
    await user.click(quote);
    await waitFor(() => expect(body.querySelector('.comment-anchor-active')).toBeNull());
    expect(body.querySelector('.comment-anchor')).toHaveTextContent('Friday');
    await user.click(quote);
    await waitFor(() => expect(body.querySelector('.comment-anchor-active')).toHaveTextContent('Friday'));

    // A reply, then resolve: the thread leaves the list unless resolved ones are shown.
    await user.click(within(threads).getByRole('button', { name: 'Reply' }));
    await user.type(within(threads).getByRole('textbox', { name: 'Reply to Ada' }), 'Thursday then');
    await user.click(within(threads).getByRole('button', { name: 'Reply' }));
    await waitFor(() => expect(within(threads).getByText('Thursday then')).toBeInTheDocument());
    await user.click(within(threads).getByRole('button', { name: 'Resolve the thread on “Friday”' }));
    await waitFor(async () => expect((await harness.call<CommentThread[]>('comments.list', { pageId: page.id }))[0].resolved).toBe(true));
    expect(await within(panel).findByText('Every thread is resolved.')).toBeInTheDocument();
    await user.click(within(panel).getByLabelText('Show resolved'));
    await user.click(within(panel).getByRole('button', { name: 'Reopen the thread on “Friday”' }));
    await waitFor(async () => expect((await harness.call<CommentThread[]>('comments.list', { pageId: page.id }))[0].resolved).toBe(false));

    // A page-level comment.
    const pageBox = within(panel).getByRole('textbox', { name: 'Your comment on the page' });
    await user.type(pageBox, 'Looks good overall');
    await user.click(within(within(panel).getByRole('form', { name: 'Comment on the page' })).getByRole('button', { name: 'Comment' }));
    await waitFor(async () => expect(await harness.call<CommentThread[]>('comments.list', { pageId: page.id })).toHaveLength(2));
    expect(await within(panel).findByText('Looks good overall')).toBeInTheDocument();
  });
});
