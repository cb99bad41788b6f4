import { useCallback } from 'react';
import { createLogger } from '../../shared/log/logger';
import { describeError } from './errors';
import { useAppStore } from './store';

const log = createLogger('renderer');

/** Logs an error and shows it to the user as a toast: "<what failed>: <why>". */
export function reportError(error: unknown, what: string): void {
  const message = describeError(error);
  log.warn(what, { error: message });
  useAppStore.getState().notify('error', `${what}: ${message}`);
}

export function useReportError(): (error: unknown, what: string) => void {
  return useCallback((error: unknown, what: string) => reportError(error, what), []);
}
