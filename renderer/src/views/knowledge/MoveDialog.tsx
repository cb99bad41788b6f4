import { useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { describeError } from '../../errors';
import { useAppStore } from '../../store';
import { KbDialog } from './KbDialog';
import type { MoveTarget } from './tree-model';
import { filterTargets, moveTargets } from './tree-model';
import { Glyph, PageIcon } from '../../components/palette/PageIcon';

/**
 * "Move to…": a searchable list of where the page can go (the top level and every page outside
 * its own subtree). Type to filter, ↑/↓ to choose, Enter to move (combobox + listbox pattern).
 */
export function MoveDialog({ page, onClose }: { page: PageSummary; onClose(): void }) {
  const id = useId();
  const pages = useAppStore((s) => s.pages);
  const movePage = useAppStore((s) => s.movePage);
  const notify = useAppStore((s) => s.notify);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const all = useMemo(() => moveTargets(pages, page.id), [pages, page.id]);
  const shown = useMemo(() => filterTargets(all, query), [all, query]);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const optionId = (t: MoveTarget) => `${id}-opt-${t.id ?? 'top'}`;

  const choose = async (target: MoveTarget | undefined) => {
    if (!target || target.current || busy) return;
    setBusy(true);
    try {
      await movePage({ id: page.id, parentId: target.id });
      notify('info', `Moved “${page.title}” ${target.id ? `under “${target.title}”` : 'to the top level'}.`);
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + shown.length) % Math.max(1, shown.length));
    } else if (event.key === 'Home' && event.ctrlKey) {
      setActive(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      setActive(shown.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void choose(shown[activeIndex]);
    }
  };

  const current = shown[activeIndex];
  return (
    <KbDialog title={`Move “${page.title}”`} onClose={onClose} initialFocus={inputRef} className="kb-dialog-move">
      <label htmlFor={`${id}-q`} className="kb-dialog-label">
        Move under
      </label>
      <input
        ref={inputRef}
        id={`${id}-q`}
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        placeholder="Search pages"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="field-hint">A page cannot move into its own subpages, so those are not listed.</p>
      <ul id={`${id}-list`} role="listbox" aria-label="Possible parents" className="kb-move-list">
        {shown.map((target, index) => (
          <li
            key={target.id ?? 'top'}
            id={optionId(target)}
            role="option"
            aria-selected={index === activeIndex}
            aria-disabled={target.current || undefined}
            aria-label={`${target.title}${target.path ? `, in ${target.path}` : ''}${target.current ? ' (current place)' : ''}`}
            className={`kb-move-option${index === activeIndex ? ' is-active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(index)}
            onClick={() => void choose(target)}
          >
            <span className="kb-move-icon" aria-hidden="true">
              {target.id === null ? <Glyph name="top" /> : <PageIcon icon={target.icon} />}
            </span>
            <span className="kb-move-text">
              <span className="kb-move-title">{target.title}</span>
              {target.path && <span className="kb-move-path">{target.path}</span>}
            </span>
            {target.current && <span className="kb-move-current">current</span>}
          </li>
        ))}
        {shown.length === 0 && (
          <li role="option" aria-disabled="true" aria-selected="false" className="kb-move-empty">
            No page matches “{query}”.
          </li>
        )}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="kb-dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={!current || current.current || busy} onClick={() => void choose(current)}>
          Move here
        </button>
      </div>
    </KbDialog>
  );
}
