/**
 * A textarea that suggests teammates after `@` and pages after `[[`, as you type. Arrow keys
 * move through the suggestions, Enter or Tab picks one, Escape closes the list; the text stays
 * plain Markdown (`@Name`, `[[Page title]]`).
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { TextareaHTMLAttributes } from 'react';

interface Suggestion {
  id: string;
  label: string;
  insert: string;
  hint: string;
}

interface Trigger {
  start: number;
  end: number;
  items: Suggestion[];
}

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange(value: string): void;
  members: readonly { id: string; name: string }[];
  pages: readonly { id: string; title: string }[];
};

const MAX_SUGGESTIONS = 6;

export function findTrigger(text: string, caret: number, members: Props['members'], pages: Props['pages']): Trigger | null {
  const before = text.slice(0, caret);
  const page = /\[\[([^[\]\n|]{0,60})$/.exec(before);
  if (page) {
    const q = page[1].trim().toLowerCase();
    const items = pages
      .filter((p) => p.title.toLowerCase().includes(q))
      .sort((a, b) => Number(!a.title.toLowerCase().startsWith(q)) - Number(!b.title.toLowerCase().startsWith(q)) || a.title.localeCompare(b.title))
      .slice(0, MAX_SUGGESTIONS)
      .map((p) => ({ id: p.id, label: p.title, insert: `[[${p.title}]]`, hint: 'page' }));
    // Eat a "]]" already typed after the caret.
    const end = text.slice(caret, caret + 2) === ']]' ? caret + 2 : caret;
    return items.length ? { start: page.index, end, items } : null;
  }
  const mention = /(^|[\s(])@([^\s@()]{0,30}(?: [^\s@()]{0,30})?)$/u.exec(before);
  if (mention) {
    const q = mention[2].toLowerCase();
    const items = members
      .filter((m) => m.name.toLowerCase().startsWith(q) || m.name.toLowerCase().split(/\s+/).some((part) => part.startsWith(q)))
      .slice(0, MAX_SUGGESTIONS)
      .map((m) => ({ id: m.id, label: m.name, insert: `@${m.name} `, hint: 'teammate' }));
    return items.length ? { start: mention.index + mention[1].length, end: caret, items } : null;
  }
  return null;
}

export function MentionTextarea({ value, onValueChange, members, pages, onKeyDown, onBlur, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();

  useLayoutEffect(() => {
    if (pendingCaret.current !== null && ref.current) {
      ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  });

  const update = (text: string, caret: number) => {
    const found = findTrigger(text, caret, members, pages);
    setTrigger(found && found.start !== dismissedAt ? found : null);
    setActive(0);
  };

  const pick = (item: Suggestion) => {
    if (!trigger) return;
    const next = value.slice(0, trigger.start) + item.insert + value.slice(trigger.end);
    pendingCaret.current = trigger.start + item.insert.length;
    onValueChange(next);
    setTrigger(null);
  };

  const open = trigger !== null;
  return (
    <div className="mention-field">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onValueChange(event.target.value);
          setDismissedAt(null);
          update(event.target.value, event.target.selectionStart ?? event.target.value.length);
        }}
        onClick={(event) => update(value, event.currentTarget.selectionStart ?? value.length)}
        onKeyDown={(event) => {
          if (open) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const n = trigger.items.length;
              setActive((a) => (a + (event.key === 'ArrowDown' ? 1 : n - 1)) % n);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              pick(trigger.items[Math.min(active, trigger.items.length - 1)]);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setDismissedAt(trigger.start);
              setTrigger(null);
              return;
            }
          }
          onKeyDown?.(event);
        }}
        onBlur={(event) => {
          setTrigger(null);
          onBlur?.(event);
        }}
      />
      {open && (
        <ul className="mention-list" role="listbox" id={listId} aria-label="Suggestions">
          {trigger.items.map((item, i) => (
            <li
              key={item.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the textarea must not lose focus (which closes the list) first.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(item);
              }}
            >
              <span>{item.label}</span>
              <span className="mention-hint">{item.hint}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
