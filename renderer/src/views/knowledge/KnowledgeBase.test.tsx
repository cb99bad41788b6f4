import '../../../../test/support/prosemirror-jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import type { BatonBridge, PageSummary } from '../../../../shared/api/contract';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { insertTextAt } from '../../../../shared/model/page';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { setBridge } from '../../platform';
import { useAppStore } from '../../store';

async function call<T>(bridge: BatonBridge, method: string, input?: unknown): Promise<T> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
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
    expect(within(screen.getByRole('tree', { name: 'Pages' })).getByRole('treeitem', { name: 'Untitled' })).toHaveAttribute('aria-selected', 'true');

    // The title is selected, so typing replaces it.
    await user.keyboard('How we ship{Enter}');
    await waitFor(() => expect(within(screen.getByRole('tree', { name: 'Pages' })).getByRole('treeitem', { name: 'How we ship' })).toBeInTheDocument());
    const pages = await call<PageSummary[]>(harness.bridge, 'pages.list');
    expect(pages.map((p) => p.title)).toEqual(['How we ship']);
    // Enter moves on to the body.
    await waitFor(() => expect(screen.getByLabelText('Page body')).toHaveFocus());
  });

  it('keeps what is typed before the title field appears: it names the page, Enter moves to the body', async () => {
    render(<App />);
    const button = await screen.findByRole('button', { name: 'New page' });
    // All in one synchronous burst, so the Core cannot have answered before the keys arrive.
    fireEvent.click(button);
    for (const key of ['G', 'u', 'x', 'Backspace', 'i', 'd', 'e', 's', 'Enter', 'O', 'k']) fireEvent.keyDown(document.body, { key });

    await waitFor(() => expect(screen.getByLabelText('Page body')).toHaveFocus());
    expect(screen.getByLabelText('Page title')).toHaveValue('Guides');
    // What came after Enter was meant for the body, and is there.
    await waitFor(() => expect(screen.getByLabelText('Page body')).toHaveTextContent('Ok'));
    await waitFor(async () => expect((await call<PageSummary[]>(harness.bridge, 'pages.list')).map((p) => p.title)).toEqual(['Guides']));
  });

  it('Enter in the title moves on to the body at once, while the rename is still on its way', async () => {
    // The same Core, answering renames only when the test says so (a busy Core).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    setBridge({ ...harness.bridge, invoke: (method, input) => (method === 'pages.rename' ? held.then(() => harness.bridge.invoke(method, input)) : harness.bridge.invoke(method, input)) });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'New page' }));
    const title = await screen.findByLabelText('Page title');
    await waitFor(() => expect(title).toHaveFocus());
    await user.keyboard('Notes{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Page body')).toHaveFocus());
    expect(title).toHaveValue('Notes');
    expect((await call<PageSummary[]>(harness.bridge, 'pages.list')).map((p) => p.title)).toEqual(['Untitled']);
    release();
    await waitFor(async () => expect((await call<PageSummary[]>(harness.bridge, 'pages.list')).map((p) => p.title)).toEqual(['Notes']));
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
    await user.click(await screen.findByRole('treeitem', { name: 'Runbook' }));
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
    expect(await screen.findByRole('treeitem', { name: 'On-call runbook' })).toBeInTheDocument();
  });

  it('refreshes the list on pages.changed (another window creates and renames)', async () => {
    render(<App />);
    await screen.findByText(/knowledge base is empty/);
    const page = await call<PageSummary>(other, 'pages.create', { title: 'From elsewhere' });
    expect(await screen.findByRole('treeitem', { name: 'From elsewhere' })).toBeInTheDocument();
    await call(other, 'pages.rename', { id: page.id, title: 'Renamed elsewhere' });
    expect(await screen.findByRole('treeitem', { name: 'Renamed elsewhere' })).toBeInTheDocument();
  });

  it('closes the doc on unmount (switching pages)', async () => {
    const user = userEvent.setup();
    const a = await call<PageSummary>(other, 'pages.create', { title: 'A' });
    await call<PageSummary>(other, 'pages.create', { title: 'B' });
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'A' }));
    await screen.findByLabelText('Page body');
    await user.click(screen.getByRole('treeitem', { name: 'B' }));
    await screen.findByLabelText('Page body');
    // A is no longer subscribed: its updates are not pushed to this window any more.
    const pushed: string[] = [];
    const off = harness.bridge.on('doc.update', (p) => pushed.push((p as { docId: string }).docId));
    const remote = new Y.Doc();
    insertTextAt(remote, 0, 'x');
    await call(other, 'docs.update', { docId: pageDocId(a.id), update: Y.encodeStateAsUpdate(remote) });
    await new Promise((r) => setTimeout(r, 20));
    off();
    expect(pushed).not.toContain(pageDocId(a.id));
  });
});
