import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export interface MenuItem {
  key: string;
  label: string;
  /** A second, quieter line (a template's description). */
  detail?: string;
  onSelect(): void;
  disabled?: boolean;
  danger?: boolean;
}

export interface MenuSection {
  /** Shown as a group heading (and names the group for assistive tech). */
  label?: string;
  items: MenuItem[];
}

interface Props {
  /** The button's accessible name. */
  label: string;
  children: ReactNode;
  sections: MenuSection[];
  className?: string;
  /** Which edge of the button the menu lines up with. */
  align?: 'start' | 'end';
  title?: string;
  disabled?: boolean;
  /** Called as the menu opens (e.g. to load its items fresh). */
  onOpen?(): void;
}

/**
 * A menu button (WAI-ARIA menu button pattern): Enter, Space or ArrowDown opens the menu on its
 * first item, ArrowUp on its last; arrows, Home and End move; Enter or Space picks; Escape and
 * Tab close it, Escape returning focus to the button; a click outside closes it.
 */
export function MenuButton({ label, children, sections, className, align = 'start', title, disabled, onOpen }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [focusAt, setFocusAt] = useState<'first' | 'last'>('first');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const items = sections.flatMap((s) => s.items);

  const itemEls = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];

  useEffect(() => {
    if (!open) return;
    const els = itemEls();
    (focusAt === 'last' ? els[els.length - 1] : els[0])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open, focusAt]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setFocusAt(event.key === 'ArrowUp' ? 'last' : 'first');
      if (!open) onOpen?.();
      setOpen(true);
    }
  };

  const onMenuKeyDown = (event: React.KeyboardEvent) => {
    const els = itemEls();
    const at = els.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (event.key === 'ArrowDown') next = (at + 1) % els.length;
    else if (event.key === 'ArrowUp') next = (at - 1 + els.length) % els.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = els.length - 1;
    else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    } else if (event.key === 'Tab') {
      close(false);
      return;
    } else if (event.key.length === 1 && /\S/.test(event.key)) {
      // Type-ahead: the next item starting with that character.
      const ch = event.key.toLowerCase();
      const order = [...els.slice(at + 1), ...els.slice(0, at + 1)];
      const hit = order.find((el) => (el.textContent ?? '').trim().toLowerCase().startsWith(ch));
      if (hit) {
        event.preventDefault();
        hit.focus();
      }
      return;
    }
    if (next >= 0 && els.length) {
      event.preventDefault();
      els[next].focus();
    }
  };

  const pick = (item: MenuItem) => {
    if (item.disabled) return;
    close(true);
    item.onSelect();
  };

  return (
    <span className={`kb-menu-wrap${className ? ` ${className}` : ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="button kb-menu-button"
        id={`${id}-button`}
        aria-label={label}
        title={title ?? label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        disabled={disabled}
        onClick={() => {
          setFocusAt('first');
          if (!open) onOpen?.();
          setOpen(!open);
        }}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open && items.length > 0 && (
        <div
          ref={menuRef}
          id={`${id}-menu`}
          className={`kb-menu kb-menu-${align}`}
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKeyDown}
        >
          {sections.map((section, index) => (
            <div key={section.label ?? index} role="group" aria-label={section.label} className="kb-menu-group">
              {index > 0 && <div role="separator" className="kb-menu-separator" />}
              {section.label && (
                <div className="kb-menu-heading" aria-hidden="true">
                  {section.label}
                </div>
              )}
              {section.items.map((item) => (
                <div
                  key={item.key}
                  role="menuitem"
                  tabIndex={-1}
                  aria-disabled={item.disabled || undefined}
                  aria-label={item.label}
                  aria-describedby={item.detail ? `${id}-${item.key}-detail` : undefined}
                  className={`kb-menu-item${item.danger ? ' danger' : ''}`}
                  onClick={() => pick(item)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      pick(item);
                    }
                  }}
                >
                  <span className="kb-menu-label">{item.label}</span>
                  {item.detail && (
                    <span id={`${id}-${item.key}-detail`} className="kb-menu-detail">
                      {item.detail}
                    </span>
                  )}
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
