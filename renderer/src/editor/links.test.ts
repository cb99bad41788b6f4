import { describe, expect, it } from 'vitest';
import { normalizeHref, pageIdOfLink, pageLink } from './links';

describe('links', () => {
  it.each([
    ['https://example.com/a?b=c', 'https://example.com/a?b=c'],
    ['  example.com/docs ', 'https://example.com/docs'],
    ['localhost:3000/x', 'https://localhost:3000/x'],
    ['ada@example.com', 'mailto:ada@example.com'],
    ['mailto:ada@example.com', 'mailto:ada@example.com'],
    ['baton://page/abc', 'baton://page/abc'],
    ['javascript:alert(1)', null],
    ['JavaScript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['data:text/html,hi', null],
    ['', null],
    ['two words', null],
    ['/relative', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeHref(input)).toBe(expected);
  });

  it('round-trips page links', () => {
    expect(pageLink('a b')).toBe('baton://page/a%20b');
    expect(pageIdOfLink(pageLink('a b'))).toBe('a b');
    expect(pageIdOfLink('https://example.com')).toBeNull();
  });
});
