/**
 * jsdom has no layout: Range and Text lack getClientRects/getBoundingClientRect and
 * document.elementFromPoint is missing, which ProseMirror calls to scroll the selection into
 * view and to read coordinates. Zero-size rects are enough for editing in tests; anything
 * that depends on real geometry is covered by the Chromium end-to-end tests instead.
 * Import this module before rendering a TipTap editor under jsdom.
 */
const emptyRect = (): DOMRect =>
  ({ x: 0, y: 0, width: 0, height: 0, top: 0, right: 0, bottom: 0, left: 0, toJSON: () => ({}) }) as DOMRect;
const emptyRects = (): DOMRectList => {
  const list: DOMRect[] = [];
  return Object.assign(list, { item: (i: number) => list[i] ?? null }) as unknown as DOMRectList;
};

if (typeof Range !== 'undefined') {
  Range.prototype.getClientRects ??= emptyRects;
  Range.prototype.getBoundingClientRect ??= emptyRect;
}
if (typeof Element !== 'undefined') {
  Element.prototype.getClientRects ??= emptyRects;
}
if (typeof document !== 'undefined') {
  document.elementFromPoint ??= () => null;
}

export {};
