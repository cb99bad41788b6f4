/** Reading and driving the rich page editor (a ProseMirror contenteditable) from Playwright. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const pageBody = (page: Page): Locator => page.getByRole('textbox', { name: 'Page body' });

/**
 * The text of each paragraph-like block (p, h1–h3, pre) in document order, nested ones too
 * (list items, quotes, table cells). Other people's carets are decorations marked
 * aria-hidden, not text, so they are left out.
 */
export function blockTexts(body: Locator): Promise<string[]> {
  return body.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((node) => node.remove());
    return Array.from(copy.querySelectorAll('p, h1, h2, h3, pre'), (block) => block.textContent ?? '');
  });
}

export const isFocused = (locator: Locator): Promise<boolean> => locator.evaluate((el) => el === document.activeElement);

/**
 * Waits until the element has the keyboard focus, so the keys sent next reach it (a click, a
 * shortcut or Enter in a title may hand focus over only after a render or a Core round trip).
 */
export async function hasFocus(locator: Locator): Promise<void> {
  await expect.poll(() => isFocused(locator), { timeout: 10_000 }).toBe(true);
}

/**
 * Waits until the editor has taken in the caret where the browser has it now. Keys the browser
 * handles itself (End, Ctrl+End, Shift+Arrow…) move the DOM selection at once, but ProseMirror
 * reads it on 'selectionchange', a task later (much later in a background tab); a shortcut, an
 * Enter or a toolbar command sent before then acts on the old selection. The condition is
 * ProseMirror's own: the DOM selection it last read equals the DOM selection now. The editor
 * must have the focus (ProseMirror ignores selections outside it).
 */
export async function caretSettled(body: Locator): Promise<void> {
  await expect
    .poll(
      () =>
        body.evaluate((el) => {
          interface DomSelection {
            anchorNode: Node | null;
            anchorOffset: number;
            focusNode: Node | null;
            focusOffset: number;
          }
          interface View {
            domSelectionRange(): DomSelection;
            domObserver: { currentSelection: { eq(selection: DomSelection): boolean } };
          }
          // TipTap puts the editor on its DOM element; the view is ProseMirror's.
          const view = (el as HTMLElement & { editor?: { view?: View } }).editor?.view;
          if (!view) throw new Error('not a TipTap editor element');
          return view.domObserver.currentSelection.eq(view.domSelectionRange());
        }),
      { timeout: 10_000 },
    )
    .toBe(true);
}
