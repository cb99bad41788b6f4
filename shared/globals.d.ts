/**
 * shared/ is compiled without DOM or Node types so it cannot reach either by accident. These
 * are the few globals that exist in every runtime Baton uses (Node 20, Electron, browsers).
 */
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
