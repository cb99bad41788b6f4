import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * The string content of a Y.Text as React state. Yjs is the store; React only subscribes, so
 * local typing, remote updates and the initial load all render the same way.
 */
export function useYText(ytext: Y.Text): string {
  const subscribe = useCallback(
    (onChange: () => void) => {
      ytext.observe(onChange);
      return () => ytext.unobserve(onChange);
    },
    [ytext],
  );
  // toString() builds a new string each time but strings compare by value, so React bails out.
  return useSyncExternalStore(subscribe, () => ytext.toString());
}
