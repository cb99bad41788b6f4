import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/api/contract';
import { startRendererHarness } from '../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../test/support/renderer-harness';
import { useAppStore } from './index';

/** The open page closes when it is no longer there: another space, or gone from the list. */
describe('page selection follows the space and the list', () => {
  let harness: RendererHarness;
  let profile: Profile;
  beforeEach(async () => {
    harness = startRendererHarness();
    profile = await harness.onboard();
    useAppStore.getState().setProfile(profile);
  });
  afterEach(() => harness.dispose());

  it('a refreshed list without the selected page closes it; one with it keeps it', async () => {
    const page = await useAppStore.getState().createPageFrom(null, 'Kept');
    await useAppStore.getState().refreshPages();
    expect(useAppStore.getState().selectedPageId).toBe(page.id);

    useAppStore.getState().selectPage('gone-elsewhere');
    await useAppStore.getState().refreshPages();
    expect(useAppStore.getState().selectedPageId).toBeNull();
  });

  it('an answer to a list asked for before the selection does not close it', async () => {
    const pending = useAppStore.getState().refreshPages();
    const page = await useAppStore.getState().createPageFrom(null, 'Just made');
    await pending;
    expect(useAppStore.getState().selectedPageId).toBe(page.id);
  });

  it('another space (joined or left a team) closes the open page', () => {
    useAppStore.getState().selectPage('some-page');
    useAppStore.getState().setProfile({ ...profile, member: { ...profile.member, name: 'Renamed' } });
    expect(useAppStore.getState().selectedPageId).toBe('some-page');
    useAppStore.getState().setProfile({ ...profile, spaceId: 'another-space' });
    expect(useAppStore.getState().selectedPageId).toBeNull();
  });
});
