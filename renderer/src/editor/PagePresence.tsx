import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '../yjs/doc-awareness';
import { initials, peopleOnPage } from './presence';

/** The other people on the page, re-read on every awareness change, stable while unchanged. */
export function usePeopleOnPage(awareness: Awareness, selfMemberId: string | null): PresenceUser[] {
  const cache = useRef<{ key: string; people: PresenceUser[] }>({ key: '[]', people: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    [awareness],
  );
  const read = useCallback(() => {
    const people = peopleOnPage(awareness.getStates().entries(), selfMemberId);
    const key = JSON.stringify(people);
    if (key !== cache.current.key) cache.current = { key, people };
    return cache.current.people;
  }, [awareness, selfMemberId]);
  return useSyncExternalStore(subscribe, read);
}

/** Avatars of whoever else has this page open right now (from awareness, so live, not stored). */
export function PagePresence({ awareness, selfMemberId }: { awareness: Awareness; selfMemberId: string | null }) {
  const people = usePeopleOnPage(awareness, selfMemberId);
  if (people.length === 0) return null;
  return (
    <ul className="page-presence" aria-label="People on this page">
      {people.map((person) => (
        <li key={person.memberId} className="page-presence-person" title={`${person.name} is on this page`}>
          <span className="page-presence-avatar" style={{ backgroundColor: person.color }} aria-hidden="true">
            {initials(person.name)}
          </span>
          <span className="page-presence-name">{person.name}</span>
        </li>
      ))}
    </ul>
  );
}
