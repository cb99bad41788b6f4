import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent } from '../../../../shared/api/contract';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';

export interface CoreQuery<T> {
  /** null until the first answer. */
  data: T | null;
  /** Why the last load failed (the previous data stays). */
  error: string | null;
  reload(): void;
}

/**
 * Data read from the Core, loaded on mount, again on each of `events` and after the link comes
 * back (events sent while it was down are lost). Answers arriving out of order are dropped.
 */
export function useCoreQuery<T>(load: () => Promise<T>, events: readonly ApiEvent[]): CoreQuery<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const link = useAppStore((s) => s.connection);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const ticket = ++latest.current;
    loadRef.current().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(null);
      },
      (err) => {
        if (ticket === latest.current) setError(describeError(err));
      },
    );
  }, []);

  const eventKey = events.join(',');
  useEffect(() => {
    reload();
    const offs = (eventKey ? (eventKey.split(',') as ApiEvent[]) : []).map((event) => api.on(event, () => reload()));
    return () => offs.forEach((off) => off());
  }, [eventKey, reload]);

  const wasOpen = useRef(link === 'open');
  useEffect(() => {
    if (link === 'open' && !wasOpen.current) reload();
    wasOpen.current = link === 'open';
  }, [link, reload]);

  return { data, error, reload };
}
