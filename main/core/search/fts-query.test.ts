import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START, buildMatchQuery, indexableText, parseMarked } from './fts-query';

describe('FTS query building', () => {
  it('quotes every word and makes the last one a prefix while typing', () => {
    expect(buildMatchQuery('deploy fri')).toBe('"deploy" "fri"*');
    expect(buildMatchQuery('deploy fri ')).toBe('"deploy" "fri"');
    expect(buildMatchQuery('  ')).toBeNull();
    expect(buildMatchQuery('***')).toBeNull();
  });

  it('turns FTS syntax typed by someone into plain words', () => {
    expect(buildMatchQuery('title:secret AND "x" OR NEAR(a b) -c ^d')).toBe('"title" "secret" "AND" "x" "OR" "NEAR" "a" "b" "c" "d"*');
    expect(buildMatchQuery('C++ ')).toBe('"C"');
    expect(buildMatchQuery('naïve café')).toBe('"naïve" "café"*');
    expect(buildMatchQuery('東京 会議')).toBe('"東京" "会議"*');
  });

  it('parses marked output into segments and strips markers from indexed text', () => {
    expect(parseMarked(`a ${MARK_START}hit${MARK_END} b${MARK_START}x${MARK_END}`)).toEqual([
      { text: 'a ', hit: false },
      { text: 'hit', hit: true },
      { text: ' b', hit: false },
      { text: 'x', hit: true },
    ]);
    expect(parseMarked('')).toEqual([]);
    expect(indexableText(`a${MARK_START}b${MARK_END}c\nd\te`)).toBe('abc\nd\te');
  });
});
