import { useAppStore } from '../../store';
import { useNow } from '../../views/use-now';
import { detectTimeZone } from '../../../../shared/time';
import { capitalize, describeSync, syncSentence } from './sync-text';

/**
 * The sidebar's sync line: a dot and "Synced 14:32" / "Offline" / "Sync error: …", plus how
 * many changes wait to sync. A polite live region, so changes are announced without stealing
 * focus; the retry countdown ticks every second and is therefore left out of what is announced.
 * Clicking it opens Settings at the Team sync card.
 */
export function SyncIndicator() {
  const status = useAppStore((s) => s.sync);
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? detectTimeZone();
  const navigate = useAppStore((s) => s.navigate);
  const counting = status?.state === 'error' && status.retryAt !== null;
  const now = useNow(counting ? 1000 : 60_000);

  const text = status ? describeSync(status, now, zone) : null;
  return (
    <div className="sync-indicator" role="status" aria-live="polite" aria-label="Sync status">
      <button
        type="button"
        className={`sync-button sync-tone-${text?.tone ?? 'off'}`}
        title={text ? `${syncSentence(text)}. Open the Team sync settings.` : 'Open the Team sync settings.'}
        onClick={() => navigate('settings', 'sync')}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-lines">
          <span className="sync-label">{text ? text.label : 'Checking sync…'}</span>
          {text?.detail && (
            <span className="sync-detail" data-testid="sync-detail">
              <Gap text=": " />
              {text.detail}
            </span>
          )}
          {text?.retry && (
            <span className="sync-retry" aria-hidden="true">
              <Gap text=" — " />
              {capitalize(text.retry)}
            </span>
          )}
          {text?.waiting && (
            <span className="sync-waiting" data-testid="sync-waiting">
              <Gap text=" — " />
              {text.waiting}
            </span>
          )}
        </span>
      </button>
    </div>
  );
}

/** Punctuation between lines for screen readers and copied text; the lines themselves are blocks. */
function Gap({ text }: { text: string }) {
  return <span className="visually-hidden">{text}</span>;
}
