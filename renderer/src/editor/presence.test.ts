import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, initials, memberColor, peopleOnPage } from './presence';

describe('presence helpers', () => {
  it('gives each member one stable colour from the palette', () => {
    expect(memberColor('m-1')).toBe(memberColor('m-1'));
    expect(PRESENCE_COLORS).toContain(memberColor('whatever'));
    const colours = new Set(Array.from({ length: 50 }, (_, i) => memberColor(`member-${i}`)));
    expect(colours.size).toBeGreaterThan(5);
  });

  it('makes initials', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace ')).toBe('G');
    expect(initials('Jean Paul Sartre')).toBe('JS');
    expect(initials('')).toBe('?');
  });

  it('lists other people once each, without me, sorted', () => {
    const ada = { name: 'Ada', color: '#000', memberId: 'a' };
    const bo = { name: 'Bo', color: '#111', memberId: 'b' };
    const me = { name: 'Me', color: '#222', memberId: 'me' };
    const states: [number, unknown][] = [
      [1, { user: bo, cursor: null }],
      [2, { user: ada }],
      [3, { user: { ...bo, name: 'Bo (second window)' } }],
      [4, { user: me }],
      [5, {}],
      [6, null],
      [7, { user: { name: 'no id' } }],
    ];
    expect(peopleOnPage(states, 'me')).toEqual([ada, bo]);
  });
});
