import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_TOASTS } from './ui-slice';
import { VIEWS, isViewId, resetAppStore, useAppStore } from './index';

describe('app store', () => {
  beforeEach(() => resetAppStore());

  it('starts on Today, loading, connecting, with nothing selected', () => {
    const s = useAppStore.getState();
    expect(s.view).toBe('today');
    expect(s.sessionStatus).toBe('loading');
    expect(s.connection).toBe('connecting');
    expect(s.selectedPageId).toBeNull();
    expect(s.toasts).toEqual([]);
  });

  it('navigation slice: navigate and the view list', () => {
    useAppStore.getState().navigate('team');
    expect(useAppStore.getState().view).toBe('team');
    expect(VIEWS.map((v) => v.label)).toEqual(['Today', 'Updates', 'Knowledge base', 'Team', 'Settings']);
    expect(isViewId('knowledge')).toBe(true);
    expect(isViewId('nope')).toBe(false);
  });

  it('ui slice: toasts are added, deduplicated, capped and dismissed', () => {
    const { notify, dismissToast } = useAppStore.getState();
    const first = notify('error', 'Could not save');
    notify('error', 'Could not save');
    expect(useAppStore.getState().toasts).toHaveLength(1);
    expect(useAppStore.getState().toasts[0].id).not.toBe(first);
    for (let i = 0; i < MAX_TOASTS + 2; i++) notify('info', `n${i}`);
    const toasts = useAppStore.getState().toasts;
    expect(toasts).toHaveLength(MAX_TOASTS);
    expect(toasts.at(-1)!.message).toBe(`n${MAX_TOASTS + 1}`);
    dismissToast(toasts[0].id);
    expect(useAppStore.getState().toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('ui slice: connection status', () => {
    useAppStore.getState().setConnection('reconnecting');
    expect(useAppStore.getState().connection).toBe('reconnecting');
  });

  it('pages slice: selection is UI state', () => {
    useAppStore.getState().selectPage('abc');
    expect(useAppStore.getState().selectedPageId).toBe('abc');
    useAppStore.getState().clearFreshPage();
    expect(useAppStore.getState().freshPageId).toBeNull();
  });

  it('resets to the initial state', () => {
    useAppStore.getState().navigate('settings');
    resetAppStore();
    expect(useAppStore.getState().view).toBe('today');
  });
});
