import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { transformIndex, transformSelection } from './selection';
import type { DeltaOp } from './selection';

/** The delta a remote change produces on a Y.Text holding `initial`. */
function deltaOf(initial: string, change: (text: Y.Text) => void): DeltaOp[] {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  let delta: DeltaOp[] = [];
  text.observe((event) => {
    delta = event.delta as DeltaOp[];
  });
  change(text);
  return delta;
}

describe('transformIndex', () => {
  it('shifts a caret after an insert before it', () => {
    expect(transformIndex(5, deltaOf('hello world', (t) => t.insert(0, '>> ')))).toBe(8);
  });

  it('leaves a caret before an insert after it', () => {
    expect(transformIndex(2, deltaOf('hello world', (t) => t.insert(8, 'XX')))).toBe(2);
  });

  it('keeps the caret before text inserted exactly at it, unless asked to stick right', () => {
    const delta = deltaOf('abcd', (t) => t.insert(2, 'XY'));
    expect(transformIndex(2, delta)).toBe(2);
    expect(transformIndex(2, delta, true)).toBe(4);
  });

  it('pulls the caret back over deletes before it and to the start of a delete around it', () => {
    expect(transformIndex(8, deltaOf('0123456789', (t) => t.delete(1, 3)))).toBe(5);
    expect(transformIndex(5, deltaOf('0123456789', (t) => t.delete(3, 4)))).toBe(3);
    expect(transformIndex(2, deltaOf('0123456789', (t) => t.delete(4, 3)))).toBe(2);
  });

  it('handles several ops in one change', () => {
    const delta = deltaOf('0123456789', (t) => {
      t.doc!.transact(() => {
        t.insert(0, 'AB');
        t.delete(5, 2); // "AB0123456789" → remove "34"
        t.insert(t.length, 'Z');
      });
    });
    // caret was before "7" (index 7); now "AB01256789Z" → before "7" at index 7.
    expect(transformIndex(7, delta)).toBe(7);
  });
});

describe('transformSelection', () => {
  it('does not grow a range to take in text inserted at its edges', () => {
    const delta = deltaOf('abcdef', (t) => {
      t.doc!.transact(() => {
        t.insert(4, ']');
        t.insert(2, '[');
      });
    });
    // "ab[cd]ef": the selection "cd" was 2..4, is now 3..5.
    expect(transformSelection({ start: 2, end: 4, direction: 'forward' }, delta)).toEqual({ start: 3, end: 5, direction: 'forward' });
  });

  it('keeps a collapsed caret collapsed', () => {
    const delta = deltaOf('abc', (t) => t.insert(1, 'XX'));
    expect(transformSelection({ start: 1, end: 1, direction: 'none' }, delta)).toEqual({ start: 1, end: 1, direction: 'none' });
  });
});
