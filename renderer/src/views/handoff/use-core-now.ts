import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { useNow } from '../use-now';

/**
 * "Now" as the Core's clock has it (the clock of reminders and handoffs; tests inject one),
 * refreshed every `everyMs` and whenever a new reading of the Core's clock moves it. The skew
 * comes from `reminders.changed` and `app.now` readings.
 */
export function useCoreNow(everyMs = 60_000): number {
  const skew = useAppStore((s) => s.clockSkewMs);
  const tick = useNow(everyMs);
  // Read the clock afresh on each tick and on each new skew (the tick's own reading may be a minute old).
  return useMemo(() => Date.now() + skew, [tick, skew]);
}
