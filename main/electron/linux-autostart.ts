/**
 * "Launch at login" on Linux, where Electron has no login items: an XDG autostart entry
 * (`$XDG_CONFIG_HOME/autostart/baton.desktop`, https://specifications.freedesktop.org/autostart-spec/)
 * that desktop sessions (GNOME, KDE, Xfce, …) start at login. Plain Node, no `electron` import,
 * so it is tested for real on a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AUTOSTART_FILE_NAME = 'baton.desktop';
/** Marks an entry as ours: a file without it is the user's own and is never removed. */
const MARKER = 'X-Baton-Autostart=true';

export interface AutostartTarget {
  /** The program to run: the AppImage itself (`$APPIMAGE`, its mount path changes every run) or the installed binary. */
  exec: string;
  /** Arguments before ours (the app folder when Electron runs an unpackaged app). */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export function autostartPath(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart', AUTOSTART_FILE_NAME);
}

/** One argument of an Exec line, quoted as the Desktop Entry spec asks (and `%` doubled). */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[\w@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(target: Pick<AutostartTarget, 'exec' | 'args'>, extraArgs: readonly string[]): string {
  const exec = [target.exec, ...(target.args ?? []), ...extraArgs].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Baton',
    'Comment=Start Baton in the tray at login, for end-of-day handoff reminders',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    MARKER,
    '',
  ].join('\n');
}

/**
 * Writes or removes the entry. Returns what it did; never throws (a read-only home or a missing
 * config dir must not break the settings screen): failures come back as `{ ok: false }`.
 */
export function applyLinuxAutostart(
  enabled: boolean,
  target: AutostartTarget,
  extraArgs: readonly string[],
): { ok: true; file: string; action: 'written' | 'removed' | 'unchanged' } | { ok: false; file: string; error: string } {
  const file = autostartPath(target.env, target.home);
  try {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (!enabled) {
      if (current === null || !current.includes(MARKER)) return { ok: true, file, action: 'unchanged' };
      fs.rmSync(file);
      return { ok: true, file, action: 'removed' };
    }
    const wanted = desktopEntry(target, extraArgs);
    if (current === wanted) return { ok: true, file, action: 'unchanged' };
    if (current !== null && !current.includes(MARKER)) return { ok: true, file, action: 'unchanged' }; // the user's own entry
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename: a session starting meanwhile never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, wanted, { mode: 0o644 });
    fs.renameSync(tmp, file);
    return { ok: true, file, action: 'written' };
  } catch (error) {
    return { ok: false, file, error: error instanceof Error ? error.message : String(error) };
  }
}
