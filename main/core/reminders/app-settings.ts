/**
 * Settings of this device only (never synced), in the local `settings` table: whether Baton
 * starts at login (off by default). The Core only stores it; the Electron shell applies it
 * (`app.setLoginItemSettings`) at start and on every change.
 */
import type { LocalAppSettings } from '../../../shared/api/handoff-api';
import type { Disposable } from '../lifecycle';
import type { LocalSettings } from '../storage/local-settings';

const LAUNCH_AT_LOGIN_KEY = 'app.launchAtLogin';

export class AppSettings {
  private readonly listeners = new Set<(settings: LocalAppSettings) => void>();

  constructor(private readonly settings: LocalSettings) {}

  get(): LocalAppSettings {
    return { launchAtLogin: this.settings.get(LAUNCH_AT_LOGIN_KEY) === 'true' };
  }

  set(patch: Partial<LocalAppSettings>): LocalAppSettings {
    const before = this.get();
    if (patch.launchAtLogin !== undefined) this.settings.set(LAUNCH_AT_LOGIN_KEY, String(patch.launchAtLogin));
    const after = this.get();
    if (after.launchAtLogin !== before.launchAtLogin) for (const listener of [...this.listeners]) listener(after);
    return after;
  }

  onChange(listener: (settings: LocalAppSettings) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
