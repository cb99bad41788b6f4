/**
 * The rich page editor in jsdom against a real Core (renderer harness): typing reaches the
 * Core, another window's edits and carets show up, undo stays with the user's own edits, and
 * the toolbar formats. "Another window" is the production DocMirror + DocAwareness on a second
 * connection to the same Core. Layout-dependent behaviour is covered in test/e2e/editor.test.ts.
 */
import '../../../test/support/prosemirror-jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import type { DocState, PageSummary, Profile } from '../../../shared/api/contract';
import { pageDocId } from '../../../shared/model/doc-ids';
import { appendParagraph, insertTextAt, pageContent, readPageText } from '../../../shared/model/page';
import { startRendererHarness } from '../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../test/support/renderer-harness';
import { App } from '../components/App';
import { createApiClient } from '../platform';
import { useAppStore } from '../store';
import { DocAwareness } from '../yjs/doc-awareness';
import { DocMirror } from '../yjs/doc-mirror';
import { LOCAL_ORIGIN } from '../yjs/origins';
import { memberColor, peopleOnPage } from './presence';

describe('page editor', () => {
  let harness: RendererHarness;
  let profile: Profile;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    harness = startRendererHarness();
    profile = await harness.onboard({ name: 'Ada Lovelace' });
    useAppStore.getState().navigate('knowledge');
  });
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
    harness.dispose();
  });

  /** The Core's copy of a page, read through a fresh connection. */
  async function coreDoc(pageId: string): Promise<Y.Doc> {
    const other = harness.connectAnother();
    const docId = pageDocId(pageId);
    const opened = await other.invoke('docs.open', { docId });
    if (!opened.ok) throw new Error(opened.error.message);
    await other.invoke('docs.close', { docId });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (opened.value as DocState).state);
    return doc;
  }

  /** Another window on the same Core with the page open (and present, when `as` is given). */
  async function otherWindow(pageId: string, as?: { name: string; memberId: string }) {
    const bridge = harness.connectAnother();
    const api = createApiClient(() => bridge);
    const mirror = new DocMirror(pageDocId(pageId), { api });
    mirror.start();
    await expect.poll(() => mirror.getState().status).toBe('ready');
    const presence = new DocAwareness(mirror.docId, mirror.doc, { api });
    if (as) presence.start({ ...as, color: memberColor(as.memberId) });
    const dispose = () => {
      presence.dispose();
      mirror.dispose();
    };
    cleanups.push(dispose);
    return { mirror, presence, dispose };
  }

  async function openPage(title: string) {
    const user = userEvent.setup();
    const page = await harness.call<PageSummary>('pages.create', { title });
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: title }));
    const body = await screen.findByRole('textbox', { name: 'Page body' });
    return { user, page, body };
  }

  const saved = () => waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));

  it('typing sends Yjs updates the Core stores as paragraphs, and shows Saved', async () => {
    const { user, page, body } = await openPage('Notes');
    expect(body).toHaveAttribute('contenteditable', 'true');
    await user.click(body);
    await user.type(body, 'Hello team');
    await user.keyboard('{Enter}Second line');
    await saved();
    const doc = await coreDoc(page.id);
    expect(readPageText(doc)).toBe('Hello team\nSecond line');
    expect(pageContent(doc).toString()).toBe('<paragraph>Hello team</paragraph><paragraph>Second line</paragraph>');
  });

  it('shows a page written by the content helpers as paragraphs', async () => {
    const page = await harness.call<PageSummary>('pages.create', { title: 'Prewritten' });
    const other = await otherWindow(page.id);
    appendParagraph(other.mirror.doc, 'First\nSecond', LOCAL_ORIGIN);
    insertTextAt(other.mirror.doc, 5, ' line', LOCAL_ORIGIN);
    await expect.poll(() => other.mirror.getState().pending).toBe(0);

    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Prewritten' }));
    const body = await screen.findByRole('textbox', { name: 'Page body' });
    await waitFor(() => expect([...body.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['First line', 'Second']));
  });

  it("applies another window's edits as they come and keeps the caret where the user was", async () => {
    const { user, page, body } = await openPage('Shared');
    const other = await otherWindow(page.id);
    await user.click(body);
    await user.type(body, 'world');
    await saved();
    await expect.poll(() => readPageText(other.mirror.doc)).toBe('world');

    await act(async () => {
      insertTextAt(other.mirror.doc, 0, 'Hello ', LOCAL_ORIGIN);
      appendParagraph(other.mirror.doc, 'Written elsewhere', LOCAL_ORIGIN);
      await expect.poll(() => other.mirror.getState().pending).toBe(0);
    });
    await waitFor(() => expect([...body.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['Hello world', 'Written elsewhere']));

    // The caret stayed after "world": typing continues there and merges with the remote text.
    await user.keyboard('!');
    await saved();
    expect(readPageText(await coreDoc(page.id))).toBe('Hello world!\nWritten elsewhere');
    await expect.poll(() => readPageText(other.mirror.doc)).toBe('Hello world!\nWritten elsewhere');
  });

  it('undo takes back only this user\'s edits, never another window\'s', async () => {
    const { user, page, body } = await openPage('Own edits');
    const other = await otherWindow(page.id);
    const toolbar = screen.getByRole('toolbar', { name: 'Formatting' });
    const undo = within(toolbar).getByRole('button', { name: 'Undo' });
    expect(undo).toBeDisabled();

    await user.click(body);
    await user.type(body, 'mine');
    await saved();
    expect(undo).toBeEnabled();
    await act(async () => {
      appendParagraph(other.mirror.doc, 'theirs', LOCAL_ORIGIN);
      await expect.poll(() => other.mirror.getState().pending).toBe(0);
    });
    await waitFor(() => expect(body).toHaveTextContent('minetheirs'));

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(body).not.toHaveTextContent('mine'));
    expect(body).toHaveTextContent('theirs');
    // Nothing of ours is left to undo; the remote paragraph stays whatever is pressed.
    await waitFor(() => expect(undo).toBeDisabled());
    await user.keyboard('{Control>}z{/Control}');
    expect(body).toHaveTextContent('theirs');
    await saved();
    await expect.poll(async () => readPageText(await coreDoc(page.id))).toBe('theirs');
    await expect.poll(() => readPageText(other.mirror.doc)).toBe('theirs');

    // Redo brings ours back.
    await user.click(within(toolbar).getByRole('button', { name: 'Redo' }));
    await waitFor(() => expect(body).toHaveTextContent('mine'));
    expect(body).toHaveTextContent('theirs');
  });

  it('the toolbar toggles bold on the selection and says so with aria-pressed', async () => {
    const { user, page, body } = await openPage('Formatting');
    const toolbar = screen.getByRole('toolbar', { name: 'Formatting' });
    const bold = within(toolbar).getByRole('button', { name: 'Bold' });
    expect(bold).toHaveAttribute('aria-pressed', 'false');
    expect(bold.title).toMatch(/^Bold \((Ctrl\+B|⌘B)\)$/);

    await user.click(body);
    await user.type(body, 'Ship it');
    await user.keyboard('{Control>}a{/Control}');
    await user.click(bold);
    expect(body.querySelector('strong')).toHaveTextContent('Ship it');
    await waitFor(() => expect(bold).toHaveAttribute('aria-pressed', 'true'));
    expect(body).toHaveFocus();
    await saved();
    expect(pageContent(await coreDoc(page.id)).toString()).toBe('<paragraph><bold>Ship it</bold></paragraph>');

    await user.click(bold);
    expect(body.querySelector('strong')).toBeNull();
    await waitFor(() => expect(bold).toHaveAttribute('aria-pressed', 'false'));
  });

  it('turns Markdown shortcuts into structure', async () => {
    const { user, page, body } = await openPage('Markdown');
    await user.click(body);
    await user.keyboard('## Release{Enter}- freeze{Enter}{Enter}[[ ] announce');
    expect(body.querySelector('h2')).toHaveTextContent('Release');
    expect(body.querySelector('ul li')).toHaveTextContent('freeze');
    expect(body.querySelector('ul[data-type="taskList"] li')).toHaveTextContent('announce');
    await saved();
    expect(readPageText(await coreDoc(page.id))).toBe('Release\nfreeze\nannounce');
  });

  it('adds a link from the toolbar without navigating, and refuses unsafe addresses', async () => {
    const { user, body } = await openPage('Links');
    await user.click(body);
    await user.click(screen.getByRole('button', { name: 'Link' }));
    const address = await screen.findByLabelText('Link address');
    await waitFor(() => expect(address).toHaveFocus());
    await user.type(address, 'javascript:alert(1){Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/web address/);
    await user.clear(address);
    await user.type(address, 'example.com/runbook{Enter}');
    const link = await waitFor(() => {
      const a = body.querySelector('a');
      expect(a).not.toBeNull();
      return a!;
    });
    expect(link).toHaveAttribute('href', 'https://example.com/runbook');
    expect(link).not.toHaveAttribute('target');
    // Typing on after a link is plain text; a typed URL becomes a link when it is complete.
    await user.keyboard(' or see docs.example.com/x ok');
    await waitFor(() => expect(body.querySelectorAll('a')).toHaveLength(2));
    expect([...body.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['example.com/runbook', 'https://example.com/runbook'],
      ['docs.example.com/x', 'https://docs.example.com/x'],
    ]);
    expect(screen.queryByLabelText('Link address')).not.toBeInTheDocument();
    // A click on the link is swallowed (never followed from the editor).
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);

    // Links to pages use baton://page/<id>; the form shows the current address to change it.
    await user.click(body);
    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByRole('button', { name: 'Link' }));
    const again = await screen.findByLabelText('Link address');
    expect(again).toHaveValue('https://example.com/runbook');
    await user.clear(again);
    await user.type(again, 'baton://page/abc{Enter}');
    await waitFor(() => expect(body.querySelector('a')).toHaveAttribute('href', 'baton://page/abc'));
    expect(body.querySelectorAll('a')).toHaveLength(1);
  });

  it('shows who else is on the page and their caret, from awareness, and forgets them when they leave', async () => {
    const { user, page, body } = await openPage('Together');
    await user.click(body);
    await user.type(body, 'Hello team');
    await saved();

    const bo = await otherWindow(page.id, { name: 'Bo', memberId: 'member-bo' });
    // A second window of the same person counts once.
    const boAgain = await otherWindow(page.id, { name: 'Bo', memberId: 'member-bo' });
    const people = await screen.findByRole('list', { name: 'People on this page' });
    expect(within(people).getAllByRole('listitem')).toHaveLength(1);
    expect(people).toHaveTextContent('Bo');

    // Bo puts the caret after "Hello": his window publishes a Yjs relative position.
    const text = (pageContent(bo.mirror.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 5));
    act(() => bo.presence.awareness.setLocalStateField('cursor', { anchor: at, head: at }));
    const caret = await waitFor(() => {
      const found = body.querySelector('.collaboration-carets__caret');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(caret.querySelector('.collaboration-carets__label')).toHaveTextContent('Bo');
    expect((caret as HTMLElement).style.borderColor).not.toBe('');

    // This window answered the newcomers: Bo sees Ada (and not himself).
    await expect.poll(() => peopleOnPage(bo.presence.awareness.getStates().entries(), 'member-bo').map((p) => p.name)).toEqual(['Ada Lovelace']);
    expect(peopleOnPage(bo.presence.awareness.getStates().entries(), 'member-bo')[0].memberId).toBe(profile.memberId);

    act(() => {
      bo.dispose();
      boAgain.dispose();
    });
    await waitFor(() => expect(screen.queryByRole('list', { name: 'People on this page' })).not.toBeInTheDocument());
    await waitFor(() => expect(body.querySelector('.collaboration-carets__caret')).toBeNull());
  });

  it('says goodbye on close: others drop this window at once', async () => {
    const page = await harness.call<PageSummary>('pages.create', { title: 'Leaving' });
    await harness.call<PageSummary>('pages.create', { title: 'Elsewhere' });
    const bo = await otherWindow(page.id, { name: 'Bo', memberId: 'member-bo' });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Leaving' }));
    await screen.findByRole('textbox', { name: 'Page body' });
    const adaHere = () => peopleOnPage(bo.presence.awareness.getStates().entries(), 'member-bo').length;
    await expect.poll(adaHere).toBe(1);
    await user.click(screen.getByRole('treeitem', { name: 'Elsewhere' }));
    await expect.poll(adaHere).toBe(0);
  });
});
