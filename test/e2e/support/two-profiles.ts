/**
 * Two people, two Cores (two data dirs, two web shells), one real relay, in real Chromium: the
 * setup the multi-person end-to-end tests share. Each person gets a tab and is onboarded
 * through the UI; the first reads her space id in Settings and joins with an invite for it (her
 * space becomes the team's), then the second joins the same space. Both tabs are left on
 * Settings, synced.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { CoreOptions } from '../../../main/core/core';
import type { RelayHandle } from '../../../sync-server/relay';
import { startRelay } from '../../../sync-server/relay';
import { TEST_SECRET, makeInvite, tempDir } from '../../support/team';
import { waitFor } from '../../support/wait';
import type { Browser } from './browser';
import { launchBrowser } from './browser';
import type { RunningShell } from './web-shell';
import { startShell } from './web-shell';

/** Quick reconnects, so a relay that comes back is found within a second. */
export const FAST_RETRY = { minRetryMs: 100, maxRetryMs: 1000 };
/** For waits that cross the relay or a Core round trip on a busy machine. */
const SETUP_TIMEOUT_MS = 20_000;

export const nav = (page: Page, view: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
export const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
export const syncText = (page: Page) => syncStatus(page).textContent();
export const teamSyncCard = (page: Page) => page.getByRole('region', { name: 'Team sync' });

export interface PersonOptions {
  name: string;
  /** IANA time zone entered at onboarding. */
  zone: string;
  /** More Core options for this person's shell, e.g. `{ clock }`. */
  core?: Partial<CoreOptions>;
}

export interface Person {
  readonly name: string;
  readonly zone: string;
  /** This person's web shell and Core (`restartShell` replaces it). */
  shell: RunningShell;
  /** This person's tab on that shell (`restartShell` replaces it). */
  page: Page;
}

export interface TwoProfilesOptions {
  /** The first person: her local space becomes the team's. */
  a: PersonOptions;
  /** The second person: joins the first one's space. */
  b: PersonOptions;
  /** Sync tuning for both Cores (default FAST_RETRY). */
  syncTuning?: CoreOptions['syncTuning'];
  /** Runs after both are onboarded, before anyone joins (both tabs show the main view). */
  beforeJoin?: (team: TwoProfiles) => Promise<void>;
}

export interface TwoProfiles {
  browser: Browser;
  /** The relay running now (`restartRelay` replaces it). */
  readonly relay: RelayHandle;
  a: Person;
  b: Person;
  /** The team's space (the first person's). Empty until the join. */
  spaceId: string;
  /** Uncaught page errors from every tab opened here, for `expect(team.errors).toEqual([])`. */
  errors: string[];
  /** Stops the relay; `restartRelay` brings it back. */
  stopRelay(): Promise<void>;
  /** Starts the relay again on the same port with the same data dir. */
  restartRelay(): Promise<void>;
  /** Closes the person's tab, restarts their shell on the same data dir (new port and token), opens a new tab on it. */
  restartShell(person: Person): Promise<Page>;
  /** Closes the browser, stops both shells and the relay, deletes their data. Safe to call twice. */
  dispose(): Promise<void>;
}

// Each step runs in the tab in front: Chromium throttles a background tab's timers, which makes
// everything in it slow (and a moved caret reach the editor late).
async function onboard(person: Person): Promise<void> {
  const { page } = person;
  await page.bringToFront();
  await page.goto(person.shell.url);
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Time zone').fill(person.zone);
  await page.getByRole('button', { name: 'Get started' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'visible', timeout: SETUP_TIMEOUT_MS });
}

async function joinTeam(page: Page, invite: string): Promise<void> {
  await page.bringToFront();
  await nav(page, 'Settings');
  const card = teamSyncCard(page);
  await card.getByLabel('Invite code').fill(invite);
  await card.getByRole('button', { name: 'Join team' }).click();
  // "Synced 14:05" (with the date when the Core's clock is not today). Plain waits, not
  // expect.poll: this may run in a beforeAll.
  let last: string | null = null;
  await waitFor(async () => /^Synced /.test((last = await syncText(page)) ?? ''), '"Synced …" after joining', SETUP_TIMEOUT_MS).catch((error: Error) => {
    throw new Error(`${error.message}; the sync status said ${JSON.stringify(last)}`);
  });
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Starts and joins two people as described at the top of this file; `dispose()` undoes it all. */
export async function startTwoProfiles(options: TwoProfilesOptions): Promise<TwoProfiles> {
  const syncTuning = options.syncTuning ?? FAST_RETRY;
  const relayDir = tempDir('baton-e2e-relay-');
  let relay: RelayHandle | null = null;
  let relayPort = 0;
  let browser: Browser | null = null;
  const shells: RunningShell[] = [];
  const errors: string[] = [];

  const watch = (page: Page) => page.on('pageerror', (e) => errors.push(e.message));
  const startShellFor = async (core: Partial<CoreOptions> = {}) => {
    const shell = await startShell({ syncTuning, ...core });
    shells.push(shell);
    return shell;
  };

  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    // Every step runs even if one before it failed; the first failure is rethrown at the end.
    const steps = [() => browser?.close(), ...shells.map((shell) => () => shell.stop({ remove: true })), () => relay?.close()];
    const failures: unknown[] = [];
    for (const step of steps) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
    relay = null;
    fs.rmSync(relayDir, { recursive: true, force: true });
    if (failures.length > 0) throw failures[0];
  };

  try {
    // All four at once; whatever did start is stopped again by dispose() if another one failed.
    const [launched, started, shellA, shellB] = await Promise.allSettled([
      launchBrowser(),
      startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET }),
      startShellFor(options.a.core),
      startShellFor(options.b.core),
    ]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') relay = started.value;
    for (const result of [launched, started, shellA, shellB]) if (result.status === 'rejected') throw result.reason;
    const context = valueOf(launched).context;
    relayPort = valueOf(started).port;
    const a: Person = { name: options.a.name, zone: options.a.zone, shell: valueOf(shellA), page: await context.newPage() };
    const b: Person = { name: options.b.name, zone: options.b.zone, shell: valueOf(shellB), page: await context.newPage() };
    for (const person of [a, b]) watch(person.page);

    const team: TwoProfiles = {
      browser: valueOf(launched),
      get relay() {
        if (!relay) throw new Error('The relay is stopped');
        return relay;
      },
      a,
      b,
      spaceId: '',
      errors,
      async stopRelay() {
        await relay?.close();
        relay = null;
      },
      async restartRelay() {
        if (relay) throw new Error('The relay is already running');
        relay = await startRelay({ host: '127.0.0.1', port: relayPort, dataDir: relayDir, secret: TEST_SECRET });
      },
      async restartShell(person) {
        await person.page.close();
        const { dataDir } = person.shell;
        await person.shell.stop();
        shells.splice(shells.indexOf(person.shell), 1);
        person.shell = await startShellFor({ ...(person === a ? options.a.core : options.b.core), dataDir });
        person.page = await team.browser.context.newPage();
        watch(person.page);
        await person.page.goto(person.shell.url);
        return person.page;
      },
      dispose,
    };

    await onboard(a);
    await onboard(b);
    await options.beforeJoin?.(team);

    await nav(a.page, 'Settings');
    team.spaceId = await teamSyncCard(a.page).getByLabel('Your space id').inputValue();
    await joinTeam(a.page, makeInvite(team.relay.url, team.spaceId, a.name));
    await joinTeam(b.page, makeInvite(team.relay.url, team.spaceId, b.name));
    return team;
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
}
