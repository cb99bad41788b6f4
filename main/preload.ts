/**
 * Preload of the main window (sandboxed, context-isolated). It exposes exactly one object,
 * `window.baton`, implementing `BatonBridge` from the API contract:
 * - `invoke(method, input)` crosses IPC only for names in API_METHODS; anything else is
 *   answered here with an `unknown_method` error value. Transport failures also come back as
 *   error values, never as rejections.
 * - `on(event, listener)` accepts only names in API_EVENTS and returns an unsubscribe
 *   function; listeners receive the payload alone, never the IpcRendererEvent (which would
 *   hand the page a path back to ipcRenderer).
 * No ipcRenderer, no channel names, no Node API reach the page.
 *
 * Built by electron-vite to out/preload/index.js as one CommonJS file (see
 * electron.vite.config.ts): a sandboxed preload can `require` only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { API_EVENTS, API_METHODS } from '../shared/api/contract';
import type { ApiResult, BatonBridge } from '../shared/api/contract';

// Must match main/electron/ipc.ts (the preload may import only shared/).
const INVOKE_CHANNEL = 'baton:invoke';
const EVENT_CHANNEL = 'baton:event';

const METHODS: ReadonlySet<string> = new Set(API_METHODS);
const EVENTS: ReadonlySet<string> = new Set(API_EVENTS);

type Listener = (payload: unknown) => void;

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on'>): BatonBridge {
  const listeners = new Map<string, Set<Listener>>();

  // One IPC listener for all events; it never passes the IpcRendererEvent on.
  ipc.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    const set = listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing listener must not starve the others; surface it asynchronously.
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  });

  const bridge: BatonBridge = {
    async invoke(method: string, input?: unknown): Promise<ApiResult<unknown>> {
      if (typeof method !== 'string' || !METHODS.has(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: `Unknown API method "${String(method).slice(0, 100)}"` },
        };
      }
      try {
        return (await ipc.invoke(INVOKE_CHANNEL, method, input)) as ApiResult<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: { code: 'internal', message: `Could not reach Baton's core: ${error instanceof Error ? error.message : String(error)}` },
        };
      }
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !EVENTS.has(event)) {
        throw new TypeError(`Unknown API event "${String(event).slice(0, 100)}"`);
      }
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry: Listener = (payload) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
  return bridge;
}

contextBridge.exposeInMainWorld('baton', createBridge(ipcRenderer));
