/**
 * Hooks the update-log views share: a query that refreshes itself when the log changes, the
 * team's members, and drafts saved to the Core as you type.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent } from '../../../../shared/api/contract';
import type { Member } from '../../../../shared/model/types';
import { api } from '../../platform';
import { describeError } from '../../errors';
import { useAppStore } from '../../store';

export interface Query<T> {
  data: T | null;
  error: string | null;
  /** True until the first answer (or error). */
  loading: boolean;
  reload(): void;
}

/** Coalesces bursts of events into one reload. */
const RELOAD_DELAY_MS = 40;

/**
 * Runs `load` now, whenever `deps` change, after every `log.changed` (and `events`), and when
 * the link to the Core comes back. The previous data stays shown while a reload runs; an
 * answer to an older request is dropped.
 */
export function useLogQuery<T>(load: () => Promise<T>, deps: readonly unknown[], events: readonly ApiEvent[] = []): Query<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const connection = useAppStore((s) => s.connection);

  const reload = useCallback(() => {
    const mine = ++seq.current;
    loadRef.current().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (error: unknown) => mine === seq.current && setState((s) => ({ ...s, error: describeError(error), loading: false })),
    );
  }, []);

  useEffect(reload, [reload, ...deps]);

  const eventKey = events.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        reload();
      }, RELOAD_DELAY_MS);
    };
    const offs = [api.on('log.changed', schedule), ...eventKey.split(',').filter(Boolean).map((e) => api.on(e as ApiEvent, schedule))];
    return () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [reload, eventKey]);

  const wasOpen = useRef(connection === 'open');
  useEffect(() => {
    if (connection === 'open' && !wasOpen.current) reload();
    wasOpen.current = connection === 'open';
  }, [connection, reload]);

  return { ...state, reload };
}

/** The team's members, kept fresh on `team.changed`. */
export function useMembers(): Member[] {
  const query = useLogQuery(() => api.call('team.members'), [], ['team.changed']);
  return query.data ?? EMPTY_MEMBERS;
}

const EMPTY_MEMBERS: Member[] = [];

/** The team's log settings (check-in questions, urgency levels, team zone), from the store. */
export function useLogSettings() {
  const settings = useAppStore((s) => s.logSettings);
  const load = useAppStore((s) => s.loadLogSettings);
  const connection = useAppStore((s) => s.connection);
  useEffect(() => {
    const refresh = () => void load().catch(() => undefined);
    refresh();
    const off = api.on('log.changed', (change) => {
      if (change.topics.includes('settings')) refresh();
    });
    return off;
  }, [load]);
  useEffect(() => {
    if (connection === 'open') void load().catch(() => undefined);
  }, [connection, load]);
  return settings;
}

export type DraftStatus = 'idle' | 'loading' | 'saving' | 'saved' | 'error';

/** How long typing must pause before the draft is written. */
export const DRAFT_SAVE_DELAY_MS = 500;

/**
 * A value saved to the Core as a draft (JSON) while it changes, ~500 ms after the last change
 * and when the component goes away; restored from the Core on mount. `clear()` forgets it
 * (after posting) and cancels any save still waiting.
 */
export function useDraft<T>(key: string, empty: T, isEmpty: (value: T) => boolean) {
  const [value, setValueState] = useState<T>(empty);
  const [status, setStatus] = useState<DraftStatus>('loading');
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<{ value: T; dirty: boolean }>({ value: empty, dirty: false });
  const emptyRef = useRef(empty);
  const isEmptyRef = useRef(isEmpty);
  isEmptyRef.current = isEmpty;

  const save = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!latest.current.dirty) return;
    latest.current.dirty = false;
    const savedValue = latest.current.value;
    const body = isEmptyRef.current(latest.current.value) ? '' : JSON.stringify(latest.current.value);
    setStatus('saving');
    api.call('log.draft.save', { key, body }).then(
      (draft) => {
        // A change made while this save was on its way is still waiting.
        if (latest.current.value !== savedValue) return;
        setStatus(draft ? 'saved' : 'idle');
        setSavedAt(draft?.updatedAt ?? null);
      },
      () => setStatus('error'),
    );
  }, [key]);

  useEffect(() => {
    let live = true;
    setStatus('loading');
    api.call('log.draft.get', { key }).then(
      (draft) => {
        if (!live) return;
        if (draft && !latest.current.dirty) {
          try {
            const restored = { ...emptyRef.current, ...(JSON.parse(draft.body) as T) };
            latest.current = { value: restored, dirty: false };
            setValueState(restored);
            setSavedAt(draft.updatedAt);
            setStatus('saved');
            return;
          } catch {
            // A draft from another version of the composer: start afresh.
          }
        }
        setStatus('idle');
      },
      () => live && setStatus('error'),
    );
    // Leaving the page (reload, window closed, app quitting) saves what is still waiting.
    const onHide = () => save();
    window.addEventListener('pagehide', onHide);
    window.addEventListener('beforeunload', onHide);
    return () => {
      live = false;
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('beforeunload', onHide);
      save();
    };
  }, [key, save]);

  const setValue = useCallback(
    (next: T | ((prev: T) => T)) => {
      const resolved = typeof next === 'function' ? (next as (prev: T) => T)(latest.current.value) : next;
      latest.current = { value: resolved, dirty: true };
      setValueState(resolved);
      // "Draft saved" must mean the latest change is saved: until then it says "Saving…".
      setStatus('saving');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(save, DRAFT_SAVE_DELAY_MS);
    },
    [save],
  );

  const clear = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = { value: emptyRef.current, dirty: false };
    setValueState(emptyRef.current);
    setSavedAt(null);
    setStatus('idle');
  }, []);

  return { value, setValue, status, savedAt, flush: save, clear };
}
