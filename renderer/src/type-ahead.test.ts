import { afterEach, describe, expect, it } from 'vitest';
import { startTypeAhead } from './type-ahead';

function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): boolean {
  return target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}

describe('startTypeAhead', () => {
  afterEach(() => document.body.replaceChildren());

  it('takes characters, Backspace and Enter, and keeps them from the page', () => {
    const typing = startTypeAhead();
    let reached = 0;
    document.addEventListener('keydown', () => reached++);
    for (const key of ['N', 'o', 't', 'Backspace', 'w']) expect(press(document.body, key)).toBe(false);
    expect(press(document.body, 'Enter')).toBe(false);
    expect(reached).toBe(0);
    for (const key of ['T', 'x', 'Backspace', 'o']) press(document.body, key);
    expect(typing.finish()).toEqual({ text: 'Now', enter: true, next: 'To' });
  });

  it('lets shortcuts, keys for editable fields and keys after finish through', () => {
    const typing = startTypeAhead();
    const input = document.body.appendChild(document.createElement('input'));
    expect(press(document.body, 'k', { ctrlKey: true })).toBe(true);
    expect(press(document.body, 'Escape')).toBe(true);
    expect(press(input, 'a')).toBe(true);
    expect(typing.finish()).toEqual({ text: '', enter: false, next: '' });
    expect(press(document.body, 'b')).toBe(true);
    expect(typing.finish()).toEqual({ text: '', enter: false, next: '' });
  });
});
