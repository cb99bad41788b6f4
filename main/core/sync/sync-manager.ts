/**
 * Owns the SyncClient of the current space: starts it when the space has a relay, restarts it
 * when the user joins or leaves a team, and keeps the "work offline" switch in local settings.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SyncStatus } from '../../../shared/api/contract';
import type { Clock } from '../../../shared/time';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';
import type { LocalSettings } from '../storage/local-settings';
import type { SyncClientOptions, SyncTarget } from './sync-client';
import { SyncClient } from './sync-client';

export interface SyncManagerOptions {
  db: BetterSqlite3.Database;
  docs: DocStore;
  settings: LocalSettings;
  clock: Clock;
  currentSpace(): string | null;
  onStatus(status: SyncStatus): void;
  onAwareness(docId: string, update: Uint8Array): void;
  /** Passed to each SyncClient (tests shorten retry delays). */
  tuning?: Pick<SyncClientOptions, 'minRetryMs' | 'maxRetryMs' | 'deadAfterMs' | 'batchSize'>;
}

const relayKey = (spaceId: string) => `relay:${spaceId}`;

export class SyncManager implements Disposable {
  private client: SyncClient | null = null;

  constructor(private readonly options: SyncManagerOptions) {}

  /** (Re)starts syncing the current space if it has a relay. */
  start(): void {
    this.client?.dispose();
    this.client = null;
    const spaceId = this.options.currentSpace();
    const target = spaceId ? this.target(spaceId) : null;
    if (!target) {
      this.options.onStatus(this.status());
      return;
    }
    this.client = new SyncClient({
      db: this.options.db,
      docs: this.options.docs,
      clock: this.options.clock,
      target,
      online: this.isOnline(),
      onStatus: this.options.onStatus,
      onAwareness: this.options.onAwareness,
      ...this.options.tuning,
    });
  }

  target(spaceId: string): SyncTarget | null {
    const raw = this.options.settings.get(relayKey(spaceId));
    if (!raw) return null;
    const { url, token } = JSON.parse(raw) as { url: string; token: string };
    return { relayUrl: url, spaceId, token };
  }

  setTarget(spaceId: string, relay: { url: string; token: string } | null): void {
    if (relay) this.options.settings.set(relayKey(spaceId), JSON.stringify(relay));
    else this.options.settings.delete(relayKey(spaceId));
  }

  isOnline(): boolean {
    return this.options.settings.get('syncOnline') !== '0';
  }

  setOnline(online: boolean): SyncStatus {
    this.options.settings.set('syncOnline', online ? '1' : '0');
    this.client?.setOnline(online);
    return this.status();
  }

  sendAwareness(docId: string, update: Uint8Array): void {
    this.client?.sendAwareness(docId, update);
  }

  status(): SyncStatus {
    if (this.client) return this.client.getStatus();
    return {
      state: 'disabled',
      online: this.isOnline(),
      relayUrl: null,
      role: null,
      docsDone: 0,
      docsTotal: 0,
      syncedAt: null,
      pending: 0,
      error: null,
      retryAt: null,
    };
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
  }
}
