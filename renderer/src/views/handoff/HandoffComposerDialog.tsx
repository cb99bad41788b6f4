import { useId } from 'react';
import { useAppStore } from '../../store';
import { Dialog } from './Dialog';
import { HandoffComposer } from './HandoffComposer';

/** The composer as a dialog over the app, opened from the reminder banner, Team and Today. */
export function HandoffComposerDialog() {
  const open = useAppStore((s) => s.composerOpen);
  const close = useAppStore((s) => s.closeComposer);
  const titleId = useId();
  if (!open) return null;
  return (
    <Dialog labelledBy={titleId} onClose={close}>
      <HandoffComposer titleId={titleId} autoFocus onDone={close} />
    </Dialog>
  );
}
