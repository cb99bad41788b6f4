/**
 * The composition root of the Core: plain Node, no Electron. It builds every service in
 * order (lock → database → doc store → projections → API), and disposes them in reverse.
 * Both shells (Electron, web) create one Core per profile data directory and talk to it only
 * through `core.dispatcher`.
 */
import type * as Y from 'yjs';
import type { Clock } from '../../shared/time';
import { systemClock } from '../../shared/time';
import type { ApiEvents, Shell } from '../../shared/api/contract';
import { SPACE_DOC_ID } from '../../shared/model/doc-ids';
import { createLogger } from '../../shared/log/logger';
import { acquireDataDirLock } from './storage/data-dir-lock';
import { openDatabase } from './storage/database';
import { LocalSettings } from './storage/local-settings';
import { DocStore } from './docs/doc-store';
import { PagesProjection } from './projections/pages-projection';
import type { ClientContext, Dispatcher } from './api/dispatcher';
import { createDispatcher } from './api/dispatcher';
import { createHandlers } from './api/handlers';
import { DisposableStore, toDisposable } from './lifecycle';
import { SyncManager } from './sync/sync-manager';
import type { SyncClientOptions } from './sync/sync-client';
import type BetterSqlite3 from 'better-sqlite3';
import { PageContentIndex } from './search/page-content-index';
import { PageHistory } from './history/page-history';
import { LogService } from './log/log-service';
import { createHandoffServices } from './handoffs/handoff-services';
import type { HandoffServices } from './handoffs/handoff-services';
import { JobRunner } from './export/jobs';

const log = createLogger('core');

export interface CoreOptions {
  dataDir: string;
  shell: Shell;
  /** better-sqlite3 native binding for Electron's ABI; Node's default otherwise. */
  nativeBinding?: string;
  version?: string;
  clock?: Clock;
  /** Doc-store rows per doc before compaction. */
  compactThreshold?: number;
  /** Sync retry/heartbeat timings (tests shorten them). */
  syncTuning?: Pick<SyncClientOptions, 'minRetryMs' | 'maxRetryMs' | 'deadAfterMs' | 'batchSize'>;
  /** Page history capture timings (tests set tickMs 0 and call `services.history.tick()`). */
  historyTuning?: { pauseMs?: number; maxIntervalMs?: number; tickMs?: number };
  /** Delay before page changes reach the search index (queries flush it first anyway). */
  searchDebounceMs?: number;
}

/** Where an update came from, as the Yjs transaction origin. */
export type UpdateOrigin =
  | { kind: 'client'; clientId: string }
  | { kind: 'local' }
  | { kind: 'remote' };

export const LOCAL_ORIGIN: UpdateOrigin = { kind: 'local' };

export interface Identity {
  spaceId: string;
  memberId: string;
}

/** The services the API handlers use. */
export interface CoreServices {
  readonly options: Required<Pick<CoreOptions, 'dataDir' | 'shell' | 'version'>>;
  readonly clock: Clock;
  readonly db: BetterSqlite3.Database;
  readonly docs: DocStore;
  readonly settings: LocalSettings;
  readonly pages: PagesProjection;
  /** Search index, page links and comment counts, from page content. */
  readonly content: PageContentIndex;
  /** Versions of pages captured as they change. */
  readonly history: PageHistory;
  /** The update log: entries projection, drafts, unread state, goals (main/core/log). */
  readonly log: LogService;
  /** Reminders (schedule + timer), follow-the-sun handoffs, local app settings (main/core/handoffs). */
  readonly reminders: HandoffServices['reminders'];
  readonly handoffs: HandoffServices['handoffs'];
  readonly appSettings: HandoffServices['appSettings'];
  /** Long-running jobs (Markdown export/import); disposed first, so a running job stops while storage is open. */
  readonly jobs: JobRunner;
  identity(): Identity | null;
  /** Makes `identity` current: stores it, refreshes projections, restarts sync, tells windows. */
  setIdentity(identity: Identity): void;
  readonly sync: SyncManager;
  /** The live doc `docId` (short form, e.g. "page/abc") of the current space. */
  doc(docId: string): Y.Doc;
  /** A doc of any space, e.g. one being set up before it becomes current. */
  docIn(spaceId: string, docId: string): Y.Doc;
  storageId(docId: string): string;
  subscribe(client: ClientContext, docId: string): void;
  unsubscribe(clientId: string, docId: string): void;
  broadcast: ClientContext['emit'];
  /** Sends an event to the windows that have `docId` open, except `exceptClientId`. */
  emitToDoc<E extends 'doc.update' | 'awareness.update'>(docId: string, event: E, payload: ApiEvents[E], exceptClientId?: string | null): void;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly dataDir: string;
  readonly services: CoreServices;
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const disposables = new DisposableStore();
  try {
    disposables.add(acquireDataDirLock(options.dataDir));
    const db = openDatabase(options.dataDir, { nativeBinding: options.nativeBinding });
    disposables.add(toDisposable(() => db.close()));
    const clock = options.clock ?? systemClock;
    const docs = disposables.add(
      new DocStore(db, {
        compactThreshold: options.compactThreshold,
        clock,
        // Everything not received from the relay is a local change it has yet to receive.
        isOutgoing: (origin) => (origin as UpdateOrigin | undefined)?.kind !== 'remote',
      }),
    );
    const settings = new LocalSettings(db);
    const pages = new PagesProjection(db);

    const clients = new Map<string, ClientContext>();
    const subscribers = new Map<string, Set<string>>();
    let identity: Identity | null = null;
    const storedSpace = settings.get('spaceId');
    const storedMember = settings.get('memberId');
    if (storedSpace && storedMember) identity = { spaceId: storedSpace, memberId: storedMember };

    const storageId = (docId: string) => {
      if (!identity) throw new Error('No space yet');
      return `${identity.spaceId}/${docId}`;
    };

    const broadcast: ClientContext['emit'] = (event, payload) => {
      for (const client of clients.values()) client.emit(event, payload);
    };
    const emitToDoc: CoreServices['emitToDoc'] = (docId, event, payload, exceptClientId = null) => {
      for (const clientId of subscribers.get(docId) ?? []) {
        if (clientId !== exceptClientId) clients.get(clientId)?.emit(event, payload);
      }
    };

    const content = disposables.add(
      new PageContentIndex({
        db,
        docs,
        clock,
        currentSpace: () => identity?.spaceId ?? null,
        debounceMs: options.searchDebounceMs,
        onCommentsChanged: (spaceId, pageId) => {
          if (spaceId === identity?.spaceId) broadcast('comments.changed', { pageId });
        },
        onStatsChanged: (spaceId) => {
          if (spaceId === identity?.spaceId) broadcast('pages.changed', { reason: 'local' });
        },
      }),
    );
    const history = disposables.add(
      new PageHistory({
        db,
        docs,
        clock,
        currentSpace: () => identity?.spaceId ?? null,
        currentMember: () => identity?.memberId ?? null,
        ...options.historyTuning,
        onVersion: (spaceId, pageId) => {
          if (spaceId === identity?.spaceId) broadcast('history.changed', { pageId });
        },
      }),
    );

    const logService = disposables.add(
      new LogService({
        db,
        docs,
        pages,
        settings,
        clock,
        identity: () => identity,
        syncConfigured: (spaceId) => sync.target(spaceId) !== null,
        emit: (payload) => broadcast('log.changed', payload),
        settingsChanged: () => {
          const profile = logService.profile();
          if (profile) broadcast('profile.changed', profile);
        },
      }),
    );

    const sync = disposables.add(
      new SyncManager({
        db,
        docs,
        settings,
        clock,
        currentSpace: () => identity?.spaceId ?? null,
        onStatus: (status) => {
          broadcast('sync.status', status);
          logService.syncStatusChanged(status);
        },
        onAwareness: (docId, update) => emitToDoc(docId, 'awareness.update', { docId, update }),
        tuning: options.syncTuning,
      }),
    );

    const time = disposables.add(
      createHandoffServices({
        db,
        clock,
        docs,
        settings,
        pages,
        identity: () => identity,
        doc: (docId) => docs.get(storageId(docId)),
        broadcast,
        localOrigin: LOCAL_ORIGIN,
      }),
    );

    // Added last, so disposed first: a running export/import is cancelled and cleans up while
    // the doc store and database are still open, and touches neither afterwards (jobs.ts).
    const jobs = disposables.add(new JobRunner({ emit: (event, payload) => broadcast(event, payload) }));

    const services: CoreServices = {
      options: { dataDir: options.dataDir, shell: options.shell, version: options.version ?? '0.0.0' },
      clock,
      db,
      docs,
      settings,
      pages,
      content,
      history,
      log: logService,
      reminders: time.reminders,
      handoffs: time.handoffs,
      appSettings: time.appSettings,
      jobs,
      identity: () => identity,
      setIdentity(next) {
        const changedSpace = identity?.spaceId !== next.spaceId;
        settings.set('spaceId', next.spaceId);
        settings.set('memberId', next.memberId);
        identity = next;
        if (changedSpace) {
          subscribers.clear();
          pages.rebuild(next.spaceId, docs.get(storageId(SPACE_DOC_ID)));
          content.ensureBuilt(next.spaceId);
          broadcast('pages.changed', { reason: 'local' });
          broadcast('team.changed', { reason: 'local' });
        }
        sync.start();
      },
      sync,
      emitToDoc,
      doc: (docId) => docs.get(storageId(docId)),
      docIn: (spaceId, docId) => docs.get(`${spaceId}/${docId}`),
      storageId,
      subscribe(client, docId) {
        let set = subscribers.get(docId);
        if (!set) subscribers.set(docId, (set = new Set()));
        set.add(client.id);
      },
      unsubscribe(clientId, docId) {
        subscribers.get(docId)?.delete(clientId);
      },
      broadcast,
    };

    // Fan-out: every committed update reaches the other windows that have the doc open, and
    // space-doc changes refresh the projections.
    disposables.add(
      docs.onUpdate((id, update, origin) => {
        if (!identity || !id.startsWith(identity.spaceId + '/')) return;
        const docId = id.slice(identity.spaceId.length + 1);
        const from = origin as UpdateOrigin | undefined;
        emitToDoc(docId, 'doc.update', { docId, update }, from?.kind === 'client' ? from.clientId : null);
        if (docId === SPACE_DOC_ID) {
          pages.rebuild(identity.spaceId, docs.get(id));
          const reason = from?.kind === 'remote' ? 'remote' : 'local';
          broadcast('pages.changed', { reason });
          broadcast('team.changed', { reason });
        }
      }),
    );

    if (identity) {
      pages.rebuild(identity.spaceId, docs.get(storageId(SPACE_DOC_ID)));
      content.ensureBuilt(identity.spaceId);
    }
    sync.start();

    const dispatcher = createDispatcher(createHandlers(services), {
      onConnect: (client) => clients.set(client.id, client),
      onDisconnect: (clientId) => {
        clients.delete(clientId);
        for (const set of subscribers.values()) set.delete(clientId);
      },
    });
    log.info('core ready', { dataDir: options.dataDir, shell: options.shell, space: identity?.spaceId ?? null });

    return {
      dispatcher,
      dataDir: options.dataDir,
      services,
      dispose: () => disposables.dispose(),
    };
  } catch (error) {
    disposables.dispose();
    throw error;
  }
}
