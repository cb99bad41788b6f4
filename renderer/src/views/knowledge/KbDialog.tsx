import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

export const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `container` (a modal's focus trap). */
export function trapTab(event: KeyboardEvent | React.KeyboardEvent, container: HTMLElement): void {
  if (event.key !== 'Tab') return;
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
  if (items.length === 0) {
    event.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === container || !container.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Extra class on the panel (width variants). */
  className?: string;
  /** Focused when the dialog opens; else the first field or button. */
  initialFocus?: React.RefObject<HTMLElement | null>;
  description?: ReactNode;
}

/**
 * A modal dialog of the knowledge base: focus moves in and stays in (Tab wraps), Escape closes,
 * and focus goes back to where it was. The backdrop does not close it on click, so typed text
 * is not lost by a stray click.
 */
export function KbDialog({ title, onClose, children, className, initialFocus, description }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const titleId = useId();

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const target = initialFocus?.current ?? panel.current?.querySelector<HTMLElement>('input, textarea, select') ?? panel.current;
    target?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
    // The dialog takes focus once, when it opens.
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (panel.current) trapTab(event, panel.current);
  };

  // In <body>: a side panel is sticky (its own stacking context), and a dialog opened from it
  // must still cover the whole window.
  return createPortal(
    <div className="kb-dialog-backdrop">
      <div
        ref={panel}
        className={`kb-dialog${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="kb-dialog-title">
          {title}
        </h2>
        {description && <div className="kb-dialog-description">{description}</div>}
        {children}
      </div>
    </div>,
    document.body,
  );
}
