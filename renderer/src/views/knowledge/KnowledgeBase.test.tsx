import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import type { BatonBridge, DocState, PageSummary } from '../../../../shared/api/contract';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { pageBody } from '../../../../shared/model/page';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { useAppStore } from '../../store';

async function call<T>(bridge: BatonBridge, method: string, input?: unknown): Promise<T> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** What the Core has for a page body, read through another client. */
async function coreText(bridge: BatonBridge, pageId: string): Promise<string> {
  const { state } = await call<DocState>(bridge, 'docs.open', { docId: pageDocId(pageId) });
  await call(bridge, 'docs.close', { docId: pageDocId(pageId) });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return pageBody(doc).toString();
}

describe('knowledge base', () => {
  let harness: RendererHarness;
  let other: BatonBridge;
  beforeEach(async () => {
    harness = startRendererHarness();
    await harness.onboard();
    other = harness.connectAnother();
    useAppStore.getState().navigate('knowledge');
  });
  afterEach(() => harness.dispose());

  it('creates a page with "New page", names it with Enter, and the Core has the title', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByText(/knowledge base is empty/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New page' }));

    const title = await screen.findByLabelText('Page title');
    await waitFor(() => expect(title).toHaveFocus());
    expect(title).toHaveValue('Untitled');
    expect(within(screen.getByRole('list', { name: 'Pages' })).getByRole('button', { name: 'Untitled' })).toHaveAttribute(
      'aria-current',
      'page',
    );

    // The title is selected, so typing replaces it.
    await user.keyboard('How we ship{Enter}');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Pages' })).getByRole('button', { name: 'How we ship' })).toBeInTheDocument());
    const pages = await call<PageSummary[]>(harness.bridge, 'pages.list');
    expect(pages.map((p) => p.title)).toEqual(['How we ship']);
    // Enter moves on to the body.
    await waitFor(() => expect(screen.getByLabelText('Page body')).toHaveFocus());
  });

  it('creates a page from the keyboard (Enter on the button)', async () => {
    const user = userEvent.setup();
    render(<App />);
    const button = await screen.findByRole('button', { name: 'New page' });
    button.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByLabelText('Page title')).toHaveValue('Untitled');
    expect(await call<PageSummary[]>(harness.bridge, 'pages.list')).toHaveLength(1);
  });

  it('renames inline: blur saves, Escape cancels', async () => {
    const user = userEvent.setup();
    await call(other, 'pages.create', { title: 'Runbook' });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Runbook' }));
    const title = await screen.findByLabelText('Page title');

    await user.clear(title);
    await user.type(title, 'Discarded{Escape}');
    expect(title).toHaveValue('Runbook');
    await user.tab(); // blur after Escape saves nothing
    expect((await call<PageSummary[]>(harness.bridge, 'pages.list'))[0].title).toBe('Runbook');

    await user.click(title);
    await user.clear(title);
    await user.type(title, 'On-call runbook');
    await user.tab();
    await waitFor(async () => expect((await call<PageSummary[]>(harness.bridge, 'pages.list'))[0].title).toBe('On-call runbook'));
    expect(await screen.findByRole('button', { name: 'On-call runbook' })).toBeInTheDocument();
  });

  it('refreshes the list on pages.changed (another window creates and renames)', async () => {
    render(<App />);
    await screen.findByText(/knowledge base is empty/);
    const page = await call<PageSummary>(other, 'pages.create', { title: 'From elsewhere' });
    expect(await screen.findByRole('button', { name: 'From elsewhere' })).toBeInTheDocument();
    await call(other, 'pages.rename', { id: page.id, title: 'Renamed elsewhere' });
    expect(await screen.findByRole('button', { name: 'Renamed elsewhere' })).toBeInTheDocument();
  });

  it('typing in the body sends Yjs updates the Core stores, and shows Saved', async () => {
    const user = userEvent.setup();
    const page = await call<PageSummary>(other, 'pages.create', { title: 'Notes' });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Notes' }));
    const body = (await screen.findByLabelText('Page body')) as HTMLTextAreaElement;
    await user.click(body);
    await user.type(body, 'Hello team');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));
    expect(await coreText(other, page.id)).toBe('Hello team');

    // Edits in the middle become a minimal splice, not a rewrite.
    body.setSelectionRange(5, 5);
    await user.type(body, ',', { initialSelectionStart: 5, initialSelectionEnd: 5 });
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));
    expect(await coreText(other, page.id)).toBe('Hello, team');
  });

  it('applies a remote edit to the textarea and keeps the caret where the user was', async () => {
    const user = userEvent.setup();
    const page = await call<PageSummary>(other, 'pages.create', { title: 'Shared' });
    const docId = pageDocId(page.id);
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Shared' }));
    const body = (await screen.findByLabelText('Page body')) as HTMLTextAreaElement;
    await user.click(body);
    await user.type(body, 'world');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));
    body.setSelectionRange(2, 2); // wo|rld
    expect(body).toHaveFocus();

    // Another window inserts text before the caret.
    const remote = new Y.Doc();
    const { state } = await call<DocState>(other, 'docs.open', { docId });
    Y.applyUpdate(remote, state);
    const before = Y.encodeStateVector(remote);
    pageBody(remote).insert(0, 'Hello ');
    await act(async () => {
      await call(other, 'docs.update', { docId, update: Y.encodeStateAsUpdate(remote, before) });
    });

    await waitFor(() => expect(body).toHaveValue('Hello world'));
    expect(body.selectionStart).toBe(8); // Hello wo|rld
    expect(body.selectionEnd).toBe(8);

    // And text inserted after the caret leaves it alone.
    const before2 = Y.encodeStateVector(remote);
    pageBody(remote).insert(pageBody(remote).length, '!');
    await act(async () => {
      await call(other, 'docs.update', { docId, update: Y.encodeStateAsUpdate(remote, before2) });
    });
    await waitFor(() => expect(body).toHaveValue('Hello world!'));
    expect(body.selectionStart).toBe(8);

    // Typing continues at the caret and merges with the remote text.
    await user.keyboard('X');
    expect(body).toHaveValue('Hello woXrld!');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));
    expect(await coreText(harness.connectAnother(), page.id)).toBe('Hello woXrld!');
  });

  it('closes the doc on unmount (switching pages)', async () => {
    const user = userEvent.setup();
    const a = await call<PageSummary>(other, 'pages.create', { title: 'A' });
    await call<PageSummary>(other, 'pages.create', { title: 'B' });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'A' }));
    await screen.findByLabelText('Page body');
    await user.click(screen.getByRole('button', { name: 'B' }));
    await screen.findByLabelText('Page body');
    // A is no longer subscribed: its updates are not pushed to this window any more.
    const pushed: string[] = [];
    const off = harness.bridge.on('doc.update', (p) => pushed.push((p as { docId: string }).docId));
    const remote = new Y.Doc();
    pageBody(remote).insert(0, 'x');
    await call(other, 'docs.update', { docId: pageDocId(a.id), update: Y.encodeStateAsUpdate(remote) });
    await new Promise((r) => setTimeout(r, 20));
    off();
    expect(pushed).not.toContain(pageDocId(a.id));
  });
});
