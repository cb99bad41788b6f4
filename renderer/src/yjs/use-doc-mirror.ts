import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, connection } from '../platform';
import { useReportError } from '../use-report-error';
import { DocMirror } from './doc-mirror';
import type { DocMirrorState } from './doc-mirror';

const LOADING: DocMirrorState = { status: 'loading', error: null, pending: 0, saveError: null };
const noSubscribe = () => () => {};
const loading = () => LOADING;

/** A mirror of `docId` for as long as the component is mounted, plus its load/save state. */
export function useDocMirror(docId: string): { mirror: DocMirror | null; state: DocMirrorState } {
  const reportError = useReportError();
  const [mirror, setMirror] = useState<DocMirror | null>(null);

  useEffect(() => {
    const next = new DocMirror(docId, { api, connection, onError: reportError });
    next.start();
    setMirror(next);
    return () => {
      next.dispose();
      setMirror((current) => (current === next ? null : current));
    };
  }, [docId, reportError]);

  const state = useSyncExternalStore(mirror ? mirror.subscribe : noSubscribe, mirror ? mirror.getState : loading);
  return { mirror: mirror?.docId === docId ? mirror : null, state: mirror?.docId === docId ? state : LOADING };
}
