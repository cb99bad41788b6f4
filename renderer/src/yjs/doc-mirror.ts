/**
 * A renderer-side mirror of one Core doc (DESIGN.md §1).
 *
 * Flow: subscribe to `doc.update` → `docs.open` → apply the Core's state with origin 'remote'.
 * Every other change to the mirror (local typing) is sent with `docs.update`; pushed updates are
 * applied with origin 'remote' and never sent back. `dispose()` sends `docs.close`.
 *
 * Invariants:
 * - Subscribing before opening means no pushed update is lost between the two; applying an
 *   update before the state it builds on is fine, Yjs keeps it pending.
 * - Opens and closes of the same doc id are serialised, so close(A) → open(A) when switching
 *   back and forth can never be reordered into open → close.
 * - After the link drops and comes back (web shell), the mirror re-opens the doc and sends
 *   whatever the Core's state lacks, so an update whose `docs.update` was cut off is not lost.
 * - `pending` counts `docs.update` calls in flight: 0 means everything typed is on disk.
 */
import * as Y from 'yjs';
import type { ApiClient, ConnectionStatus } from '../platform';
import { describeError } from '../errors';
import { createLogger } from '../../../shared/log/logger';
import { REMOTE_ORIGIN } from './origins';

const log = createLogger('renderer/doc-mirror');

export interface DocMirrorState {
  status: 'loading' | 'ready' | 'error';
  /** Why opening failed. */
  error: string | null;
  /** `docs.update` calls not yet acknowledged. */
  pending: number;
  /** Why the last save failed; cleared by the next successful save or resync. */
  saveError: string | null;
}

export interface DocMirrorDeps {
  api: ApiClient;
  connection?: { subscribe(listener: (status: ConnectionStatus) => void): () => void };
  /** Called for every failure the user should hear about. */
  onError?: (error: unknown, what: string) => void;
}

const lifecycles = new Map<string, Promise<unknown>>();

/** Runs `step` after every earlier open/close of `docId` has settled. */
function serialised<T>(docId: string, step: () => Promise<T>): Promise<T> {
  const previous = lifecycles.get(docId) ?? Promise.resolve();
  const next = previous.then(step, step);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  lifecycles.set(docId, settled);
  void settled.then(() => {
    if (lifecycles.get(docId) === settled) lifecycles.delete(docId);
  });
  return next;
}

export function updateIsEmpty(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class DocMirror {
  readonly doc = new Y.Doc();
  private state: DocMirrorState = { status: 'loading', error: null, pending: 0, saveError: null };
  private readonly listeners = new Set<() => void>();
  private readonly disposers: (() => void)[] = [];
  private disposed = false;

  constructor(
    readonly docId: string,
    private readonly deps: DocMirrorDeps,
  ) {}

  getState = (): DocMirrorState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    const { api, connection } = this.deps;
    this.disposers.push(
      api.on('doc.update', ({ docId, update }) => {
        if (docId === this.docId && !this.disposed) Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
      }),
    );
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE_ORIGIN) this.send(update);
    };
    this.doc.on('update', onUpdate);
    this.disposers.push(() => this.doc.off('update', onUpdate));

    if (connection) {
      let dropped = false;
      this.disposers.push(
        connection.subscribe((status) => {
          if (status === 'reconnecting' || status === 'closed') dropped = true;
          else if (status === 'open' && dropped) {
            dropped = false;
            void this.resync();
          }
        }),
      );
    }
    void this.open();
  }

  /** Opens (again) and applies the Core's state; returns that state, or null on failure. */
  private async open(): Promise<Uint8Array | null> {
    try {
      const { state } = await serialised(this.docId, () => this.deps.api.call('docs.open', { docId: this.docId }));
      if (this.disposed) return null;
      Y.applyUpdate(this.doc, state, REMOTE_ORIGIN);
      this.set({ status: 'ready', error: null });
      return state;
    } catch (error) {
      if (this.disposed) return null;
      log.warn('open failed', { docId: this.docId, error: describeError(error) });
      if (this.state.status !== 'ready') this.set({ status: 'error', error: describeError(error) });
      this.deps.onError?.(error, 'Could not open the page');
      return null;
    }
  }

  /** Try opening again after a failure. */
  retry(): void {
    if (this.disposed || this.state.status !== 'error') return;
    this.set({ status: 'loading', error: null });
    void this.open();
  }

  private async resync(): Promise<void> {
    if (this.disposed) return;
    const state = await this.open();
    if (!state || this.disposed) return;
    const missing = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVectorFromUpdate(state));
    if (!updateIsEmpty(missing)) {
      log.info('resending changes the Core lacks', { docId: this.docId, bytes: missing.byteLength });
      this.send(missing);
    } else if (this.state.saveError) {
      this.set({ saveError: null });
    }
  }

  private send(update: Uint8Array): void {
    if (this.disposed) return;
    this.set({ pending: this.state.pending + 1 });
    this.deps.api.call('docs.update', { docId: this.docId, update }).then(
      () => {
        this.set({ pending: this.state.pending - 1, saveError: null });
      },
      (error: unknown) => {
        log.warn('update failed', { docId: this.docId, error: describeError(error) });
        this.set({ pending: this.state.pending - 1, saveError: describeError(error) });
        this.deps.onError?.(error, 'Could not save the page');
      },
    );
  }

  private set(patch: Partial<DocMirrorState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    const { api, onError } = this.deps;
    serialised(this.docId, () => api.call('docs.close', { docId: this.docId })).catch((error: unknown) => {
      log.warn('close failed', { docId: this.docId, error: describeError(error) });
      onError?.(error, 'Could not close the page');
    });
    this.doc.destroy();
    this.listeners.clear();
  }
}
