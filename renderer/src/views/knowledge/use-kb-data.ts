import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiEvent, ApiEvents } from '../../../../shared/api/contract';
import type { Member } from '../../../../shared/model/types';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

/**
 * Data read from the Core for the knowledge base, loaded when `key` changes, again on the given
 * events (filtered by `accept`) and when the link comes back. Older answers are dropped.
 */
export function useKbQuery<T, E extends ApiEvent = ApiEvent>(
  load: () => Promise<T>,
  key: string,
  events: readonly E[],
  accept?: (event: E, payload: ApiEvents[E]) => boolean,
): Loaded<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null }>({ key, data: null, error: null });
  const link = useAppStore((s) => s.connection);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const acceptRef = useRef(accept);
  acceptRef.current = accept;

  const reload = useCallback(() => {
    const ticket = ++seq.current;
    loadRef.current().then(
      (data) => ticket === seq.current && setState({ key, data, error: null }),
      (error) => ticket === seq.current && setState((s) => ({ ...s, key, error: describeError(error) })),
    );
  }, [key]);

  const eventKey = events.join(',');
  useEffect(() => {
    reload();
    const offs = (eventKey ? (eventKey.split(',') as E[]) : []).map((event) =>
      api.on(event, (payload) => {
        if (!acceptRef.current || acceptRef.current(event, payload)) reload();
      }),
    );
    return () => offs.forEach((off) => off());
  }, [eventKey, reload]);

  const wasOpen = useRef(link === 'open');
  useEffect(() => {
    if (link === 'open' && !wasOpen.current) reload();
    wasOpen.current = link === 'open';
  }, [link, reload]);

  // A different key shows nothing of the previous one's answer.
  return { data: state.key === key ? state.data : null, error: state.key === key ? state.error : null, reload };
}

const loadMembers = () => api.call('team.members');

/** The team's members, fresh on `team.changed`, with a lookup by id. */
export function useTeam(): { members: Member[]; nameOf(id: string | null | undefined): string | null } {
  const { data } = useKbQuery(loadMembers, 'members', ['team.changed']);
  return useMemo(() => {
    const members = data ?? [];
    const byId = new Map(members.map((m) => [m.id, m.name]));
    return { members, nameOf: (id) => (id ? (byId.get(id) ?? null) : null) };
  }, [data]);
}
