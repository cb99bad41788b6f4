import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applySplice, diffText } from './text-diff';

describe('diffText', () => {
  it('returns null for equal text', () => {
    expect(diffText('same', 'same')).toBeNull();
  });

  it.each([
    ['', 'a', { index: 0, deleteCount: 0, insert: 'a' }],
    ['abc', 'abXc', { index: 2, deleteCount: 0, insert: 'X' }],
    ['abc', 'ac', { index: 1, deleteCount: 1, insert: '' }],
    ['hello world', 'hello there world', { index: 6, deleteCount: 0, insert: 'there ' }],
    ['abcdef', 'abXYef', { index: 2, deleteCount: 2, insert: 'XY' }],
    ['abc', '', { index: 0, deleteCount: 3, insert: '' }],
    ['aaa', 'aaaa', { index: 3, deleteCount: 0, insert: 'a' }],
  ])('%j → %j is one minimal splice', (before, after, splice) => {
    expect(diffText(before, after)).toEqual(splice);
  });

  it('never splits a surrogate pair', () => {
    // 😀 = \uD83D\uDE00 and 😁 = \uD83D\uDE01 share their high surrogate.
    const splice = diffText('a😀b', 'a😁b')!;
    expect(splice).toEqual({ index: 1, deleteCount: 2, insert: '😁' });
    const tail = diffText('x😀', 'x😀😀')!;
    expect(applySplice('x😀', tail)).toBe('x😀😀');
    expect(tail.insert).toBe('😀');
  });

  it('applied to a Y.Text reproduces the new value (random edits)', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['x', 'y', 'zz', '😀', '😁', '\n', ''];
    const doc = new Y.Doc();
    const text = doc.getText('t');
    // Edits land on code-point boundaries, as a textarea's do.
    let points: string[] = [];
    for (let i = 0; i < 500; i++) {
      const value = points.join('');
      const at = rand(points.length + 1);
      const del = rand(Math.min(4, points.length - at) + 1);
      points = [...points.slice(0, at), ...[...pieces[rand(pieces.length)]], ...points.slice(at + del)];
      const next = points.join('');
      const splice = diffText(value, next);
      if (splice) {
        doc.transact(() => {
          text.delete(splice.index, splice.deleteCount);
          text.insert(splice.index, splice.insert);
        });
        expect(applySplice(value, splice)).toBe(next);
      }
      expect(text.toString()).toBe(next);
    }
  });
});
