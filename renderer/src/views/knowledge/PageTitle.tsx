import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { MAX_TITLE_LENGTH, normalizeTitle } from '../../../../shared/model/space';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';

interface Props {
  page: PageSummary;
  labelId: string;
  /** After Enter (the title saves in the background): move on to the body, with what was typed for it. */
  onDone?: (typedForBody?: string) => void;
}

/** The page title, edited in place: Enter or leaving the field saves, Escape puts it back. */
export function PageTitle({ page, labelId, onDone }: Props) {
  const renamePage = useAppStore((s) => s.renamePage);
  const freshPageId = useAppStore((s) => s.freshPageId);
  const freshPageTyped = useAppStore((s) => s.freshPageTyped);
  const clearFreshPage = useAppStore((s) => s.clearFreshPage);
  const reportError = useReportError();
  const [draft, setDraftState] = useState(page.title);
  /** The draft as last set, even before React re-renders (a blur can come in between). */
  const latestDraft = useRef(page.title);
  const setDraft = (value: string) => {
    latestDraft.current = value;
    setDraftState(value);
  };
  const [focused, setFocused] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  /** The title last saved or being saved, so Enter followed by blur saves once. */
  const committed = useRef(page.title);

  /** A title on its way to the Core: until it is the page's title, the old one must not come back. */
  const saving = useRef<string | null>(null);

  // Follow renames from elsewhere, but never under the user's fingers nor over a save in flight.
  useEffect(() => {
    if (saving.current !== null) {
      if (page.title !== saving.current) return;
      saving.current = null;
    }
    committed.current = page.title;
    if (!focused) setDraft(page.title);
  }, [page.title, focused]);

  // A page just created here: select its "Untitled" so typing names it, or, when the user
  // already typed while it was being made, put that in (and finish if they pressed Enter).
  useEffect(() => {
    if (freshPageId !== page.id) return;
    const input = inputRef.current;
    clearFreshPage();
    if (!input) return;
    input.focus();
    const typed = freshPageTyped?.text ?? '';
    if (typed) setDraft(typed);
    else input.select();
    if (freshPageTyped?.enter) {
      void commitRef.current(typed || committed.current);
      onDoneRef.current?.(freshPageTyped.next);
    }
  }, [freshPageId, freshPageTyped, page.id, clearFreshPage]);

  const commit = async (text: string = latestDraft.current): Promise<boolean> => {
    const title = normalizeTitle(text);
    if (title === committed.current) {
      setDraft(committed.current);
      return true;
    }
    const previous = committed.current;
    committed.current = title;
    saving.current = title;
    setDraft(title);
    try {
      await renamePage(page.id, title);
      if (saving.current === title) saving.current = null;
      return true;
    } catch (error) {
      saving.current = null;
      committed.current = previous;
      setDraft(previous);
      reportError(error, 'Could not rename the page');
      return false;
    }
  };
  // The fresh-page effect runs once per page; it reaches the latest commit and onDone through these.
  const commitRef = useRef(commit);
  commitRef.current = commit;
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Move on at once and save in the background (a failure puts the old title back and says
      // so): waiting for the Core would send the next keys to the title, and move the caret late.
      event.preventDefault();
      void commit();
      onDone?.();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDraft(committed.current);
    }
  };

  return (
    <div className="page-title">
      <label id={labelId} htmlFor={`${labelId}-input`} className="visually-hidden">
        Page title
      </label>
      <input
        ref={inputRef}
        id={`${labelId}-input`}
        className="page-title-input"
        type="text"
        value={draft}
        maxLength={MAX_TITLE_LENGTH}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          void commit();
        }}
      />
    </div>
  );
}
