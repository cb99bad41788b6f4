import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (default: at each minute boundary). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const wait = everyMs - (Date.now() % everyMs) + 50;
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, wait);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [everyMs]);
  return now;
}
