/**
 * The renderer over the real web shell: a real Core behind main/web/server.ts, reached through
 * the platform's websocket bridge. Covers the disconnect banner, calls queued while offline,
 * and the page editor resynchronising after the link comes back.
 */
import '../../../test/support/prosemirror-jsdom';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { setLogLevel } from '../../../shared/log/logger';
import { pageDocId } from '../../../shared/model/doc-ids';
import { insertTextAt, readPageText } from '../../../shared/model/page';
import { createCore } from '../../../main/core/core';
import type { Core } from '../../../main/core/core';
import { startWebShell } from '../../../main/web/server';
import type { WebShell } from '../../../main/web/server';
import { api, createApiClient, createWebBridge, setBridge } from '../platform';
import type { StatefulBridge, WebSocketLike } from '../platform';
import { resetAppStore, useAppStore } from '../store';
import { App } from './App';

// jsdom's WebSocket does not run under Vitest (see platform/web-bridge.test.ts); `ws` is a real one.
const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

describe('renderer over the web shell', () => {
  let dir: string;
  let core: Core;
  let shell: WebShell;
  let bridge: StatefulBridge;

  beforeEach(async () => {
    setLogLevel('error');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-renderer-web-'));
    fs.mkdirSync(path.join(dir, 'static'));
    fs.writeFileSync(path.join(dir, 'static', 'index.html'), '<!doctype html><title>test</title>');
    core = createCore({ dataDir: path.join(dir, 'data'), shell: 'web' });
    shell = await startWebShell({ core, staticDir: path.join(dir, 'static') });
    bridge = createWebBridge({ url: `ws://127.0.0.1:${shell.port}/api?token=${shell.token}`, createSocket, initialDelayMs: 20, maxDelayMs: 100 });
    setBridge(bridge);
    resetAppStore();
  });

  afterEach(async () => {
    bridge.dispose();
    setBridge(null);
    resetAppStore();
    await shell.close();
    core.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('onboards over the websocket', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('Your name'), 'Linus');
    await user.click(screen.getByRole('button', { name: 'Get started' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByTestId('app-shell')).toHaveTextContent('Web');
  });

  it('shows the reconnecting banner, queues edits while down, and resyncs the page after', async () => {
    const user = userEvent.setup();
    await api.call('profile.setup', { name: 'Ada', timeZone: 'UTC', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' });
    const page = await api.call('pages.create', { title: 'Offline notes' });
    useAppStore.getState().navigate('knowledge');
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Offline notes' }));
    const body = await screen.findByLabelText('Page body');
    await user.click(body);
    await user.type(body, 'abc');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));

    const { port, token } = shell;
    await shell.close();
    expect(await screen.findByText('Disconnected from Baton — reconnecting…')).toBeInTheDocument();

    await user.type(body, 'def');
    expect(body).toHaveTextContent('abcdef');
    expect(screen.getByTestId('save-state')).toHaveTextContent('Saving…');

    shell = await startWebShell({ core, staticDir: path.join(dir, 'static'), port, token });
    await waitFor(() => expect(screen.queryByText(/Disconnected from Baton/)).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveTextContent('Saved'));

    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(core.services.doc(pageDocId(page.id))));
    expect(readPageText(mirror)).toBe('abcdef');

    // The mirror re-subscribed on the new connection: another window's edit still arrives.
    const otherBridge = createWebBridge({ url: `ws://127.0.0.1:${port}/api?token=${token}`, createSocket });
    try {
      const other = createApiClient(() => otherBridge);
      const docId = pageDocId(page.id);
      const remote = new Y.Doc();
      Y.applyUpdate(remote, (await other.call('docs.open', { docId })).state);
      const before = Y.encodeStateVector(remote);
      insertTextAt(remote, 0, '> ');
      await other.call('docs.update', { docId, update: Y.encodeStateAsUpdate(remote, before) });
      await waitFor(() => expect(body).toHaveTextContent('> abcdef'));
    } finally {
      otherBridge.dispose();
    }
  });
});
