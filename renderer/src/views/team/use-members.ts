import { useMemo } from 'react';
import type { Member } from '../../../../shared/model/types';
import { api } from '../../platform';
import type { CoreQuery } from '../handoff/use-core-query';
import { useCoreQuery } from '../handoff/use-core-query';

const loadMembers = () => api.call('team.members');

/** The team's members from the Core, kept fresh on `team.changed` and after the link comes back. */
export function useMembers(): CoreQuery<Member[]> {
  return useCoreQuery(loadMembers, ['team.changed']);
}

export interface TeamDirectory {
  /** [] until loaded. */
  members: Member[];
  nameOf(id: string): string;
  /** The member's zone, or null for someone unknown (left the team, not synced yet). */
  zoneOf(id: string): string | null;
}

/** Names and zones by member id, for lists that show who wrote or received what. */
export function useTeamDirectory(): TeamDirectory {
  const members = useMembers().data;
  return useMemo(() => {
    const byId = new Map((members ?? []).map((m) => [m.id, m]));
    return {
      members: members ?? [],
      nameOf: (id: string) => byId.get(id)?.name ?? 'someone',
      zoneOf: (id: string) => byId.get(id)?.timeZone ?? null,
    };
  }, [members]);
}
