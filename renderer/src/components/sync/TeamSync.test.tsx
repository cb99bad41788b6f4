/**
 * The sidebar's sync status and Settings → Team sync against a real Core and, where it matters,
 * a real relay on an ephemeral port (no fake Core, no fake relay): every state is reached the way
 * a user reaches it.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Profile, SyncStatus } from '../../../../shared/api/contract';
import { newId } from '../../../../shared/model/doc-ids';
import { encodeInvite } from '../../../../shared/sync/invite';
import type { RelayHandle } from '../../../../sync-server/relay';
import { startRelay } from '../../../../sync-server/relay';
import { issueToken } from '../../../../sync-server/token';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { TEST_SECRET, makeInvite, tempDir } from '../../../../test/support/team';
import { useAppStore } from '../../store';
import { App } from '../App';

const SYNC_WAIT = { timeout: 10_000 };

let harness: RendererHarness;
let relay: RelayHandle | null = null;
let relayDir: string | null = null;
let profile: Profile;

beforeEach(async () => {
  harness = startRendererHarness({ syncTuning: { minRetryMs: 200, maxRetryMs: 1000 } });
  profile = await harness.onboard({ name: 'Ada', timeZone: 'Europe/Berlin', spaceName: 'Night shift' });
});

afterEach(async () => {
  harness.dispose();
  await relay?.close();
  relay = null;
  if (relayDir) fs.rmSync(relayDir, { recursive: true, force: true });
  relayDir = null;
});

async function withRelay(): Promise<string> {
  relayDir = tempDir('baton-relay-ui-');
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET });
  return relay.url;
}

const sidebarStatus = () => screen.getByRole('status', { name: 'Sync status' });
const teamSync = () => screen.getByRole('region', { name: 'Team sync' });

async function openSettings(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  return teamSync();
}

async function join(user: ReturnType<typeof userEvent.setup>, invite: string) {
  const card = teamSync();
  // Pasted, as a user would (typing a long code key by key is slow and not what happens).
  await user.click(within(card).getByLabelText('Invite code'));
  await user.paste(invite);
  await user.click(within(card).getByRole('button', { name: 'Join team' }));
}

describe('sync status in the sidebar', () => {
  it('says "Local only" without a relay, and opens Settings at Team sync when clicked', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Local only'));
    expect(sidebarStatus()).toHaveAttribute('aria-live', 'polite');
    expect(within(sidebarStatus()).queryByTestId('sync-waiting')).toBeNull();

    await user.click(within(sidebarStatus()).getByRole('button'));
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Team sync' })).toHaveFocus();
  });

  it('goes Synced with a real relay, Offline with changes waiting when switched off, and back', async () => {
    const url = await withRelay();
    const user = userEvent.setup();
    render(<App />);
    await openSettings(user);
    await join(user, makeInvite(url, profile.spaceId, 'Ada'));

    await waitFor(() => expect(sidebarStatus()).toHaveTextContent(/^Synced \d\d:\d\d$/), SYNC_WAIT);
    const card = teamSync();
    expect(within(card).getByText('You joined the team. Baton is syncing with the relay.')).toBeInTheDocument();
    expect(within(card).getByTestId('sync-relay-url')).toHaveTextContent(url);
    expect(within(card).getByTestId('sync-role')).toHaveTextContent('Writer');
    expect(within(card).getByTestId('sync-state')).toHaveTextContent(/^Synced$/);
    expect(within(card).getByTestId('sync-last')).toHaveTextContent(/^Today, \d\d:\d\d$/);
    expect(within(card).getByTestId('sync-pending')).toHaveTextContent('Nothing');
    expect(within(card).getByTestId('invite-command')).toHaveTextContent(`--space ${profile.spaceId} --name "<their name>" --url ${url}`);
    expect(within(card).getByLabelText('Team space id')).toHaveValue(profile.spaceId);

    const offline = within(card).getByRole('switch', { name: 'Work offline' });
    expect(offline).not.toBeChecked();
    await user.click(offline);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Offline'));
    expect(offline).toBeChecked();
    expect((await harness.call<SyncStatus>('sync.status')).online).toBe(false);

    // A change made while offline is counted until the relay has it.
    await harness.call('pages.create', { title: 'Written offline' });
    await waitFor(() => expect(within(sidebarStatus()).getByTestId('sync-waiting')).toHaveTextContent(/^— \d+ changes? waiting to sync$/));
    expect(within(card).getByTestId('sync-pending')).toHaveTextContent(/^\d+ changes?$/);

    await user.click(offline);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent(/^Synced \d\d:\d\d$/), SYNC_WAIT);
    expect(within(sidebarStatus()).queryByTestId('sync-waiting')).toBeNull();
    expect(offline).not.toBeChecked();
  });

  it('shows the reason when the relay rejects the token, and keeps retrying', async () => {
    const url = await withRelay();
    const member = newId();
    const forged = issueToken({ space: profile.spaceId, member, role: 'writer', ttlSeconds: 600 }, 'a-different-secret-0000000000000000');
    const user = userEvent.setup();
    render(<App />);
    await openSettings(user);
    await join(user, encodeInvite({ v: 1, url, space: profile.spaceId, member, name: 'Ada', token: forged }));

    await waitFor(() => expect(sidebarStatus()).toHaveTextContent(/^Sync error/), SYNC_WAIT);
    expect(within(sidebarStatus()).getByTestId('sync-detail')).toHaveTextContent(/token/i);
    expect(sidebarStatus()).toHaveTextContent(/— Retrying (in \d+ s|now)/);
    expect(within(teamSync()).getByTestId('sync-state')).toHaveTextContent(/Sync error.*token/i);
    // Still fully usable locally.
    expect(await harness.call('pages.create', { title: 'Still works' })).toMatchObject({ title: 'Still works' });
  });
});

describe('Settings → Team sync', () => {
  it('before joining: explains, shows the space id to copy and how to make an invite', async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = await openSettings(user);
    const spaceId = within(card).getByLabelText('Your space id');
    expect(spaceId).toHaveValue(profile.spaceId);
    expect(spaceId).toHaveAttribute('readonly');
    expect(within(card).getByTestId('invite-command')).toHaveTextContent(`npm run relay -- invite --space ${profile.spaceId} --name "Ada" --url <relay url>`);

    await user.click(within(card).getByRole('button', { name: 'Copy' }));
    expect(await within(card).findByText('Copied')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(profile.spaceId);
  });

  it('a damaged or empty invite code is refused inline with the reason', async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = await openSettings(user);

    await user.click(within(card).getByRole('button', { name: 'Join team' }));
    expect(within(card).getByRole('alert')).toHaveTextContent('Paste the invite code a teammate sent you');

    await join(user, 'baton1.this-is-not-an-invite');
    const error = await within(card).findByRole('alert');
    expect(error).toHaveTextContent("That invite code can't be used: the invite code is damaged");
    expect(within(card).getByLabelText('Invite code')).toHaveAttribute('aria-invalid', 'true');
    expect(within(card).getByLabelText('Invite code')).toHaveFocus();
    expect((await harness.call<SyncStatus>('sync.status')).state).toBe('disabled');
    expect(sidebarStatus()).toHaveTextContent('Local only');
  });

  it('leaving asks first, then returns to local only; pages of the left team close', async () => {
    const url = await withRelay();
    const user = userEvent.setup();
    const mine = await harness.call<{ id: string }>('pages.create', { title: 'My own notes' });
    render(<App />);

    // Open a page of this device's own space…
    await user.click(await screen.findByRole('button', { name: 'Knowledge base' }));
    await user.click(within(await screen.findByRole('tree', { name: 'Pages' })).getByRole('treeitem', { name: 'My own notes' }));
    expect(await screen.findByLabelText('Page body')).toBeInTheDocument();

    // …then join another team (another space): that page is not in it, so it closes.
    await openSettings(user);
    await join(user, makeInvite(url, newId(), 'Ada'));
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent(/^Synced/), SYNC_WAIT);
    expect(useAppStore.getState().profile?.spaceId).not.toBe(profile.spaceId);
    expect(useAppStore.getState().selectedPageId).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Knowledge base' }));
    expect(await screen.findByText('No pages yet.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No page open' })).toBeInTheDocument();

    const card = await openSettings(user);
    await user.click(within(card).getByRole('button', { name: 'Leave team' }));
    const confirm = within(card).getByRole('group', { name: 'Your pages stay on this device. Leave?' });
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(card).getByRole('button', { name: 'Leave team' })).toHaveFocus();
    expect((await harness.call<SyncStatus>('sync.status')).state).not.toBe('disabled');

    await user.click(within(card).getByRole('button', { name: 'Leave team' }));
    await user.click(within(card).getByRole('button', { name: 'Yes, leave the team' }));
    expect(await within(card).findByText('You left the team. Your pages are still on this device.')).toBeInTheDocument();
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Local only'));
    expect(within(card).getByLabelText('Invite code')).toBeInTheDocument();
    expect(useAppStore.getState().profile?.spaceId).toBe(profile.spaceId);

    // Back in this device's own space, its page is there again.
    await user.click(screen.getByRole('button', { name: 'Knowledge base' }));
    expect(await within(await screen.findByRole('tree', { name: 'Pages' })).findByRole('treeitem', { name: 'My own notes' })).toBeInTheDocument();
    expect(mine.id).toBeTruthy();
  });
});
