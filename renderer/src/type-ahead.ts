/** What was typed while something was being made, to be replayed into its first field. */
export interface TypedAhead {
  text: string;
  /** Enter was pressed (after the text): the user meant to finish the field. */
  enter: boolean;
  /** What was typed after that Enter: meant for the next field (a new page's body). */
  next: string;
}

export interface TypeAhead {
  /** Stops listening and returns what was typed. Safe to call more than once. */
  finish(): TypedAhead;
}

/**
 * Keys typed in the moment between "New page" and its title field appearing (one round trip to
 * the Core), or between a title's Enter and its page's body being ready, would otherwise be lost
 * or land on whatever had focus. This holds them: plain characters, Backspace and Enter are taken
 * (and kept from anything else) until `finish`; what follows an Enter is kept apart, for the
 * field after.
 * Shortcuts (Ctrl/Cmd/Alt), IME composition and keys aimed at an editable field pass through.
 */
export function startTypeAhead(target: Window = window): TypeAhead {
  let text = '';
  let enter = false;
  let next = '';
  let done = false;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isEditable(event.target)) return;
    if (event.key === 'Enter') enter = true;
    else if (event.key === 'Backspace') {
      if (!enter) text = text.slice(0, -1);
      else next = next.slice(0, -1);
    } else if (event.key.length === 1) {
      if (!enter) text += event.key;
      else next += event.key;
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };
  target.addEventListener('keydown', onKeyDown, true);
  return {
    finish() {
      if (!done) {
        done = true;
        target.removeEventListener('keydown', onKeyDown, true);
      }
      return { text, enter, next };
    },
  };
}

function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  return element.isContentEditable || element.closest('input, textarea, select, [contenteditable="true"]') !== null;
}
