import { useId, useRef, useState } from 'react';
import type { KeyboardEvent, TextareaHTMLAttributes } from 'react';
import type { Member } from '../../../../shared/model/types';

const MAX_SUGGESTIONS = 6;

/** The `@query` being typed at the caret, if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[\s(])@([^\s@()]{0,30}(?: [^\s@()]{0,30})?)$/u.exec(text.slice(0, caret));
  return match ? { start: match.index + match[1].length, query: match[2] } : null;
}

/** Members mentioned as `@Name` in the text (longest names first, so "Ana Lee" wins over "Ana"). */
export function mentionedIds(text: string, members: readonly Member[]): string[] {
  const found: string[] = [];
  let rest = text;
  for (const m of [...members].sort((a, b) => b.name.length - a.name.length)) {
    const token = `@${m.name}`;
    if (rest.includes(token)) {
      found.push(m.id);
      rest = rest.split(token).join(' ');
    }
  }
  return found;
}

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange(value: string): void;
  members: readonly Member[];
  /** Ctrl/⌘+Enter. */
  onSubmit?(): void;
};

/**
 * A comment box that suggests teammates after `@`: ↑/↓ choose, Enter or Tab insert "@Name",
 * Escape closes the list (a second Escape is left to the surrounding panel).
 */
export function MentionInput({ value, onValueChange, members, onSubmit, onKeyDown, ...rest }: Props) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const trigger = mentionAt(value, caret);
  const q = trigger?.query.toLowerCase() ?? '';
  const items =
    trigger && dismissedAt !== trigger.start
      ? members.filter((m) => m.name.toLowerCase().startsWith(q) || m.name.toLowerCase().split(/\s+/).some((part) => part.startsWith(q))).slice(0, MAX_SUGGESTIONS)
      : [];
  const open = items.length > 0;
  const activeIndex = Math.min(active, items.length - 1);

  const insert = (member: Member) => {
    if (!trigger) return;
    const before = value.slice(0, trigger.start);
    const after = value.slice(caret);
    const text = `${before}@${member.name} ${after.replace(/^ /, '')}`;
    const at = before.length + member.name.length + 2;
    onValueChange(text);
    setCaret(at);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insert(items[activeIndex]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(trigger?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmit) {
      event.preventDefault();
      onSubmit();
      return;
    }
    onKeyDown?.(event);
  };

  return (
    <div className="kb-mention">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        // A textarea keeps its textbox role (combobox is not allowed on it); the list is still
        // announced through aria-controls and aria-activedescendant.
        aria-autocomplete="list"
        aria-controls={open ? `${id}-list` : undefined}
        aria-activedescendant={open ? `${id}-opt-${activeIndex}` : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={keyDown}
      />
      {open && (
        <ul id={`${id}-list`} role="listbox" aria-label="Teammates" className="kb-mention-list">
          {items.map((m, index) => (
            <li
              key={m.id}
              id={`${id}-opt-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'is-active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insert(m)}
            >
              {m.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
