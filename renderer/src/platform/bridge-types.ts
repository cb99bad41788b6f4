import type { BatonBridge } from '../../../shared/api/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A bridge whose link can drop (the web shell's websocket). Electron IPC never does. */
export interface StatefulBridge extends BatonBridge {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  dispose(): void;
}

export function isStatefulBridge(bridge: BatonBridge): bridge is StatefulBridge {
  const candidate = bridge as Partial<StatefulBridge>;
  return typeof candidate.status === 'function' && typeof candidate.onStatus === 'function';
}

/** The transport failed (not the Core): the call may or may not have been applied. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}
