/**
 * Moving a caret or selection through a Y.Text change (its `delta`), so text that arrives from
 * elsewhere does not push the user's caret around: an insert before the caret shifts it, an
 * insert exactly at the caret lands after it, a delete that covers it pulls it to the start.
 */
export type DeltaOp = { insert?: unknown; retain?: number; delete?: number };

export interface TextSelection {
  start: number;
  end: number;
  direction: 'forward' | 'backward' | 'none';
}

/** `stickRight`: whether an insert exactly at `index` moves it (true) or stays after it (false). */
export function transformIndex(index: number, delta: readonly DeltaOp[], stickRight = false): number {
  let pos = 0; // position in the text before the change
  let shift = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      pos += op.retain;
      if (pos > index) break;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (pos < index || (pos === index && stickRight)) shift += length;
      else break;
    } else if (op.delete !== undefined) {
      if (index > pos) shift -= Math.min(op.delete, index - pos);
      pos += op.delete;
    }
  }
  return Math.max(0, index + shift);
}

export function transformSelection(selection: TextSelection, delta: readonly DeltaOp[]): TextSelection {
  if (selection.start === selection.end) {
    const caret = transformIndex(selection.start, delta);
    return { start: caret, end: caret, direction: selection.direction };
  }
  // A range does not grow to take in text inserted at its edges.
  const start = transformIndex(selection.start, delta, true);
  const end = Math.max(start, transformIndex(selection.end, delta, false));
  return { start, end, direction: selection.direction };
}
