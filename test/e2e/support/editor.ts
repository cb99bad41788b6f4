/** Reading the rich page editor (a ProseMirror contenteditable) from Playwright. */
import type { Locator, Page } from 'playwright-core';

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
