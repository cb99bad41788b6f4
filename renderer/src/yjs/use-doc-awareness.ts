import { useEffect, useRef, useState } from 'react';
import { api, connection } from '../platform';
import { DocAwareness } from './doc-awareness';
import type { PresenceUser } from './doc-awareness';
import type { DocMirror } from './doc-mirror';

/**
 * Presence on `mirror`'s doc while the component is mounted: one DocAwareness, started once the
 * mirror is open (so answers from others reach this window) and said goodbye to on unmount.
 * Later changes to `user` (a rename) update the entry without a new Awareness.
 */
export function useDocAwareness(mirror: DocMirror | null, ready: boolean, user: PresenceUser | null): DocAwareness | null {
  const [presence, setPresence] = useState<DocAwareness | null>(null);
  const userRef = useRef(user);
  userRef.current = user;
  const canStart = Boolean(mirror && ready && user);

  useEffect(() => {
    if (!mirror || !canStart || !userRef.current) return;
    const next = new DocAwareness(mirror.docId, mirror.doc, { api, connection });
    next.start(userRef.current);
    setPresence(next);
    return () => {
      next.dispose();
      setPresence((current) => (current === next ? null : current));
    };
  }, [mirror, canStart]);

  const { name, color, memberId } = user ?? {};
  useEffect(() => {
    if (presence && name && color && memberId) presence.setUser({ name, color, memberId });
  }, [presence, name, color, memberId]);

  return presence && mirror && presence.docId === mirror.docId ? presence : null;
}
