/** The result of the last save, shown beside the buttons: a polite status or an alert. */
export interface FormMessage {
  kind: 'ok' | 'error';
  text: string;
}

interface Props {
  /** The submit button's text, e.g. "Save changes". */
  saveLabel: string;
  saveDisabled: boolean;
  /** "Discard changes" shows only while there are unsaved edits. */
  dirty: boolean;
  /** Without it the form has no "Discard changes" button. */
  onDiscard?: () => void;
  message: FormMessage | null;
}

/** A settings form's footer: Save, "Discard changes" while dirty, then the saved/error message. */
export function FormFooter({ saveLabel, saveDisabled, dirty, onDiscard, message }: Props) {
  return (
    <div className="form-actions">
      <button type="submit" className="button primary" disabled={saveDisabled}>
        {saveLabel}
      </button>
      {dirty && onDiscard && (
        <button type="button" className="button" onClick={onDiscard}>
          Discard changes
        </button>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
