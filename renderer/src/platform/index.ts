/**
 * The renderer's only knowledge of transports (DESIGN.md §1).
 *
 * - In Electron the preload exposes a `BatonBridge` as `window.baton`; in a browser (the web
 *   shell) a websocket bridge to `/api` is created on first use.
 * - `api` is the typed client the rest of the renderer uses; `connection` reports whether the
 *   link is up (always 'open' for Electron IPC).
 * - Tests call `setBridge(bridge)` before rendering to inject their own bridge.
 */
import type { BatonBridge } from '../../../shared/api/contract';
import { createApiClient } from './api-client';
import type { ConnectionStatus } from './bridge-types';
import { isStatefulBridge } from './bridge-types';
import { createWebBridge, webSocketUrl } from './web-bridge';

export type { ApiClient, CallArgs } from './api-client';
export { createApiClient } from './api-client';
export type { ConnectionStatus, StatefulBridge } from './bridge-types';
export { TransportError, isStatefulBridge } from './bridge-types';
export { createWebBridge, webSocketUrl, backoffDelay } from './web-bridge';
export type { WebBridgeOptions, WebSocketLike, WebSocketFactory } from './web-bridge';
export { ApiError } from '../../../shared/api/contract';

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge. */
    baton?: BatonBridge;
  }
}

let current: BatonBridge | null = null;
const bridgeListeners = new Set<() => void>();

/** The bridge for this shell: Electron's preload object, else a websocket to the web shell. */
export function selectBridge(): BatonBridge {
  if (typeof window !== 'undefined' && window.baton) return window.baton;
  return createWebBridge({ url: webSocketUrl(window.location) });
}

export function getBridge(): BatonBridge {
  if (!current) current = selectBridge();
  return current;
}

/** Replace the bridge (tests). Listeners registered through `api.on` stay on the old bridge. */
export function setBridge(bridge: BatonBridge | null): void {
  current = bridge;
  for (const listener of [...bridgeListeners]) listener();
}

export const api = createApiClient(getBridge);

/** The link's state, for the "reconnecting" banner and for resynchronising after a drop. */
export const connection = {
  status(): ConnectionStatus {
    const bridge = getBridge();
    return isStatefulBridge(bridge) ? bridge.status() : 'open';
  },
  /** Calls `listener` on every change, including a switch to another bridge. */
  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    let unsubscribeBridge = () => {};
    const attach = () => {
      unsubscribeBridge();
      const bridge = getBridge();
      unsubscribeBridge = isStatefulBridge(bridge) ? bridge.onStatus(listener) : () => {};
      listener(connection.status());
    };
    const onBridgeChange = () => attach();
    bridgeListeners.add(onBridgeChange);
    attach();
    return () => {
      bridgeListeners.delete(onBridgeChange);
      unsubscribeBridge();
    };
  },
};
