import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';

interface Props {
  /** The dialog's accessible name. */
  label: string;
  /** The trigger button's content and accessible name. */
  button: ReactNode;
  buttonLabel?: string;
  buttonClassName?: string;
  buttonTitle?: string;
  className?: string;
  align?: 'start' | 'end';
  /** The popover's content; `close` puts focus back on the trigger. */
  children: (close: () => void) => ReactNode;
}

/**
 * A small non-modal dialog under a button (page details, icon picker): focus moves into it,
 * Escape or a click outside closes it, and Escape returns focus to the button.
 */
export function Popover({ label, button, buttonLabel, buttonClassName, buttonTitle, className, align = 'start', children }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const first = panelRef.current?.querySelector<HTMLElement>('[data-autofocus], button, input, select, textarea');
    (first ?? panelRef.current)?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <span className="kb-popover-wrap">
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName ?? 'button'}
        aria-label={buttonLabel}
        title={buttonTitle}
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        {button}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={`${id}-panel`}
          role="dialog"
          aria-label={label}
          tabIndex={-1}
          className={`kb-popover kb-popover-${align}${className ? ` ${className}` : ''}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              close();
            }
          }}
        >
          {children(close)}
        </div>
      )}
    </span>
  );
}
