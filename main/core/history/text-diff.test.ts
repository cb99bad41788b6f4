import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffText, diffTokens } from './text-diff';

/** Length of a longest common subsequence (plain DP), to check the diff is minimal. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

describe('text diff', () => {
  it('shows changed words inside a changed line and whole added lines', () => {
    expect(diffText('The quick brown fox\njumps\n', 'The quick red fox\njumps\nand runs')).toEqual([
      { text: 'The quick ', kind: 'same' },
      { text: 'brown', kind: 'removed' },
      { text: 'red', kind: 'added' },
      { text: ' fox\njumps\n', kind: 'same' },
      { text: 'and runs', kind: 'added' },
    ]);
  });

  it('handles empty sides', () => {
    expect(diffText('', 'new')).toEqual([{ text: 'new', kind: 'added' }]);
    expect(diffText('old', '')).toEqual([{ text: 'old', kind: 'removed' }]);
    expect(diffText('', '')).toEqual([]);
    expect(diffText('same', 'same')).toEqual([{ text: 'same', kind: 'same' }]);
  });

  it('property: token diff rebuilds both sides and is minimal', () => {
    const tokens = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(tokens, tokens, (a, b) => {
        const script = diffTokens(a, b);
        expect(script.filter(([k]) => k !== 'added').map(([, t]) => t)).toEqual(a);
        expect(script.filter(([k]) => k !== 'removed').map(([, t]) => t)).toEqual(b);
        expect(script.filter(([k]) => k === 'same').length).toBe(lcs(a, b));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('property: text diff segments concatenate to the old and the new text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é', 'word', '.'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffText(before, after);
        expect(segments.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(before);
        expect(segments.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe(after);
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});
