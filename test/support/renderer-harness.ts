/**
 * Renderer component tests against a real Core (test/support/core-bridge.ts) injected with
 * setBridge: no fake Core. Each test gets a fresh Core on a temp dir and a fresh store.
 */
import { setLogLevel } from '../../shared/log/logger';
import type { Profile, SetupInput } from '../../shared/api/contract';
import { setBridge, api } from '../../renderer/src/platform';
import { resetAppStore } from '../../renderer/src/store';
import type { CoreOptions } from '../../main/core/core';
import type { CoreBridge } from './core-bridge';
import { createCoreBridge } from './core-bridge';

setLogLevel((process.env.BATON_LOG as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'error');

export interface RendererHarness extends CoreBridge {
  /** Creates the profile directly through the API, skipping onboarding. */
  onboard(input?: Partial<SetupInput>): Promise<Profile>;
}

/** `options` go to the Core (e.g. `syncTuning` for fast reconnects in sync tests). */
export function startRendererHarness(options: Partial<CoreOptions> = {}): RendererHarness {
  const core = createCoreBridge(options);
  setBridge(core.bridge);
  resetAppStore();
  return {
    ...core,
    onboard: (input = {}) =>
      api.call('profile.setup', {
        name: 'Ada',
        timeZone: 'Europe/Berlin',
        workdays: [1, 2, 3, 4, 5],
        workStart: '09:00',
        workEnd: '17:00',
        spaceName: 'Test team',
        ...input,
      }),
    dispose() {
      setBridge(null);
      resetAppStore();
      core.dispose();
    },
  };
}
