/**
 * A small text diff for page history: lines first (Myers), then words within each changed run
 * of lines, so an edited sentence shows the words that changed and an inserted paragraph shows
 * as one added block. Output is a list of segments that concatenate to the old text (same +
 * removed) and to the new text (same + added).
 */

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffSegment {
  text: string;
  kind: DiffKind;
}

/** Past this many differences a run is shown as removed-then-added rather than diffed further. */
const MAX_EDITS = 2000;

/** Myers' O(ND) diff of two token lists; returns the edit script as (kind, token) pairs. */
export function diffTokens(a: readonly string[], b: readonly string[]): Array<[DiffKind, string]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: Array<[DiffKind, string]> = a.slice(0, start).map((t) => ['same', t]);
  out.push(...middle(a.slice(start, endA), b.slice(start, endB)));
  for (let i = endA; i < a.length; i++) out.push(['same', a[i]]);
  return out;
}

function middle(a: readonly string[], b: readonly string[]): Array<[DiffKind, string]> {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((t) => ['added', t]);
  if (m === 0) return a.map((t) => ['removed', t]);
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [...a.map((t): [DiffKind, string] => ['removed', t]), ...b.map((t): [DiffKind, string] => ['added', t])];

  // Walk the trace back from (n, m) to (0, 0). trace[d] holds the furthest x per diagonal after
  // d - 1 edits; each step back undoes one snake (equal tokens) and one edit.
  const script: Array<[DiffKind, string]> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1] < prev[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK];
    const snakeX = down ? prevX : prevX + 1;
    while (x > snakeX) {
      x--;
      y--;
      script.push(['same', a[x]]);
    }
    if (down) {
      y--;
      script.push(['added', b[y]]);
    } else {
      x--;
      script.push(['removed', a[x]]);
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    script.push(['same', a[x]]);
  }
  return script.reverse();
}

const LINE = /[^\n]*\n|[^\n]+$/g;
const WORD = /\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

const tokens = (text: string, pattern: RegExp) => text.match(pattern) ?? [];

/** Segments from `before` to `after`: 'removed' only in before, 'added' only in after. */
export function diffText(before: string, after: string): DiffSegment[] {
  const lines = diffTokens(tokens(before, LINE), tokens(after, LINE));
  const out: DiffSegment[] = [];
  const push = (kind: DiffKind, text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ text, kind });
  };
  let i = 0;
  while (i < lines.length) {
    if (lines[i][0] === 'same') {
      push('same', lines[i][1]);
      i++;
      continue;
    }
    // A run of changed lines: diff its words.
    let removed = '';
    let added = '';
    while (i < lines.length && lines[i][0] !== 'same') {
      if (lines[i][0] === 'removed') removed += lines[i][1];
      else added += lines[i][1];
      i++;
    }
    if (!removed || !added) {
      push(removed ? 'removed' : 'added', removed || added);
      continue;
    }
    for (const [kind, token] of diffTokens(tokens(removed, WORD), tokens(added, WORD))) push(kind, token);
  }
  return out;
}
