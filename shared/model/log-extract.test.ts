import { describe, expect, it } from 'vitest';
import { extractLinks, extractMentions, extractReferences, extractTags, maskCode } from './log-extract';

const members = [
  { id: 'ana', name: 'Ana' },
  { id: 'anamaria', name: 'Ana Maria' },
  { id: 'bob', name: 'Bob' },
  { id: 'zoe', name: 'Zoë  Kim' },
];
const pages = [
  { id: 'old-runbook', title: 'Deploy runbook', archived: true },
  { id: 'runbook', title: 'Deploy runbook' },
  { id: 'faq', title: 'FAQ' },
];

describe('mentions', () => {
  it('match member names case-insensitively, longest name first, in order of appearance', () => {
    expect(extractMentions('@bob and @ANA MARIA, then @ana.', members)).toEqual(['bob', 'anamaria', 'ana']);
    expect(extractMentions('Hi @Ana Mar', members)).toEqual(['ana']);
    expect(extractMentions('@zoë kim said so', members)).toEqual(['zoe']);
  });

  it('need a whole name at the start of a word', () => {
    expect(extractMentions('@Anabel and bob@example.com and @Bobby', members)).toEqual([]);
    expect(extractMentions("(@Bob's idea)", members)).toEqual(['bob']);
    expect(extractMentions('@Bob @bob @BOB', members)).toEqual(['bob']);
  });

  it('ignore code', () => {
    expect(extractMentions('`@Bob` and\n```\n@Ana\n```\n@Ana Maria', members)).toEqual(['anamaria']);
  });
});

describe('tags', () => {
  it('are lower-cased, deduplicated and follow the tag format', () => {
    expect(extractTags('#Release notes for #q4-launch and #release again')).toEqual(['release', 'q4-launch']);
    expect(extractTags('#a-very-long-tag-that-is-way-over-thirty-two')).toEqual([]);
    expect(extractTags('trailing #done-.')).toEqual(['done']);
  });

  it('skip headings, numbers, URL fragments, entities, accented words and code', () => {
    const text = [
      '# Heading',
      '## Sub',
      'Issue #123 is #1 priority',
      'see https://x.dev/page#anchor and &#39; and a#b',
      '#café',
      'run `#include` or',
      '~~~',
      '#define X',
      '~~~',
      '#real',
    ].join('\n');
    expect(extractTags(text)).toEqual(['real']);
  });
});

describe('links', () => {
  it('resolve [[titles]] (live page over archived) and baton:// urls, in order', () => {
    const text = 'See baton://page/faq then [[deploy  Runbook]] and [[FAQ|the faq]] and [[Missing page]] [[missing PAGE]]';
    expect(extractLinks(text, pages)).toEqual({ links: ['faq', 'runbook'], unresolvedLinks: ['Missing page'] });
  });

  it('keep baton:// ids even for pages not synced yet', () => {
    expect(extractLinks('[doc](baton://page/abc_123)', pages).links).toEqual(['abc_123']);
  });
});

describe('maskCode', () => {
  it('keeps offsets and newlines', () => {
    const text = 'a `b` c\n```js\ncode\n```\nd';
    const masked = maskCode(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.split('\n')).toHaveLength(text.split('\n').length);
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('a c d');
  });

  it('masks an unclosed fence to the end', () => {
    expect(maskCode('x\n```\n@Bob #tag').trim()).toBe('x');
  });
});

describe('extractReferences', () => {
  it('gathers everything at once', () => {
    expect(extractReferences('@Bob: #ops see [[FAQ]] and [[Nope]]', { members, pages })).toEqual({
      mentions: ['bob'],
      tags: ['ops'],
      links: ['faq'],
      unresolvedLinks: ['Nope'],
    });
  });
});
