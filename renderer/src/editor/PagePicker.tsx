import { useEffect, useId, useSyncExternalStore } from 'react';
import type { EditorView } from '@tiptap/pm/view';
import type { PagePickerController } from './page-link-picker';
import { PageIcon } from '../components/palette/PageIcon';

/**
 * The list of the page-link picker, under the typed `[[` or `@`. Focus stays in the editor:
 * the editor's textbox points at the highlighted option with aria-activedescendant, and a
 * polite status line says how many pages match.
 */
export function PagePicker({ controller, view }: { controller: PagePickerController; view: EditorView | null }) {
  const id = useId();
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const listId = `${id}-pages`;
  const optionId = (index: number) => `${id}-page-${index}`;
  const shown = state.open && state.items.length > 0;

  useEffect(() => {
    const dom = view?.dom;
    if (!dom) return;
    if (shown) {
      dom.setAttribute('aria-controls', listId);
      dom.setAttribute('aria-activedescendant', optionId(state.active));
    } else {
      dom.removeAttribute('aria-controls');
      dom.removeAttribute('aria-activedescendant');
    }
  });

  useEffect(() => {
    if (!shown) return;
    document.getElementById(optionId(state.active))?.scrollIntoView?.({ block: 'nearest' });
  });

  // After `@` an unmatched word is ordinary text (an e-mail, "@ noon"): show nothing then.
  if (!state.open || (!shown && state.trigger === '@')) return null;
  const style = state.rect ? { left: Math.max(8, state.rect.left), top: state.rect.bottom + 4 } : undefined;
  return (
    <div className="page-picker" style={style} data-testid="page-picker">
      {shown ? (
        <ul id={listId} role="listbox" aria-label="Link to a page" className="page-picker-list">
          {state.items.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === state.active}
              className={`page-picker-option${index === state.active ? ' is-active' : ''}`}
              // Keep the caret in the editor; the click then picks.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => controller.setActive(index)}
              onClick={() => controller.pick(index)}
            >
              <span className="page-picker-icon" aria-hidden="true">
                <PageIcon icon={item.icon} />
              </span>
              <span className="page-picker-title">{item.title}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="page-picker-empty">{state.query ? `No page called “${state.query}”` : 'No other pages yet'}</p>
      )}
      <p className="page-picker-hint" role="status" aria-live="polite">
        {shown ? `${state.items.length} page${state.items.length === 1 ? '' : 's'} — ↑↓ to choose, Enter to link, Esc to close` : ''}
      </p>
    </div>
  );
}
