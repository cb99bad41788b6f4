/**
 * A real Core on a temporary SQLite directory, wired in-process to a BatonBridge. Calls and
 * events go through the same wire encoding as the web shell, so renderer tests exercise the
 * real dispatcher, validation and storage — no fake Core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BatonBridge } from '../../shared/api/contract';
import { decodeWire, encodeWire } from '../../shared/api/wire';
import type { Core, CoreOptions } from '../../main/core/core';
import { createCore } from '../../main/core/core';
import type { ClientContext } from '../../main/core/api/dispatcher';

export interface CoreBridge {
  bridge: BatonBridge;
  core: Core;
  dataDir: string;
  /** Another window on the same Core (for two-window tests). */
  connectAnother(): BatonBridge;
  /** Typed call through the bridge; throws on an error value. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** Stops the Core; deletes its data dir unless `keepData` (to restart it later). */
  dispose(options?: { keepData?: boolean }): void;
}

let counter = 0;

export function tempDataDir(prefix = 'baton-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function createCoreBridge(options: Partial<CoreOptions> = {}): CoreBridge {
  const dataDir = options.dataDir ?? tempDataDir();
  const core = createCore({ shell: 'web', ...options, dataDir });
  const clients: string[] = [];

  const connect = (): BatonBridge => {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const client: ClientContext = {
      id: `test-client-${++counter}`,
      emit(event, payload) {
        const copy = decodeWire(encodeWire(payload));
        queueMicrotask(() => listeners.get(event)?.forEach((listener) => listener(copy)));
      },
    };
    core.dispatcher.connect(client);
    clients.push(client.id);
    return {
      async invoke(method, input) {
        const wireInput = input === undefined ? undefined : decodeWire(encodeWire(input));
        const result = await core.dispatcher.dispatch(client, method, wireInput);
        return decodeWire(encodeWire(result)) as typeof result;
      },
      on(event, listener) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    };
  };

  const bridge = connect();
  let disposed = false;
  return {
    bridge,
    core,
    dataDir,
    connectAnother: connect,
    async call<T>(method: string, input?: unknown): Promise<T> {
      const result = await bridge.invoke(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    dispose({ keepData = false } = {}) {
      if (!disposed) {
        disposed = true;
        for (const id of clients) core.dispatcher.disconnect(id);
        core.dispose();
      }
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
