import type { ConnectionStatus } from '../platform';
import type { SliceCreator } from './types';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

export interface UiSlice {
  connection: ConnectionStatus;
  toasts: Toast[];
  setConnection(status: ConnectionStatus): void;
  /** Shows a message; returns its id so it can be dismissed. */
  notify(kind: Toast['kind'], message: string): number;
  dismissToast(id: number): void;
}

/** At most this many toasts are kept; older ones drop off first. */
export const MAX_TOASTS = 4;

let nextToastId = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  connection: 'connecting',
  toasts: [],
  setConnection: (connection) => set({ connection }),
  notify: (kind, message) => {
    const id = nextToastId++;
    set((state) => {
      // The same message twice in a row (e.g. every keystroke failing to save) shows once.
      const others = state.toasts.filter((t) => !(t.kind === kind && t.message === message));
      return { toasts: [...others, { id, kind, message }].slice(-MAX_TOASTS) };
    });
    return id;
  },
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
});
