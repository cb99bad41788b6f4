import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLinuxAutostart, autostartPath, desktopEntry, quoteExecArg } from './linux-autostart';

describe('Linux autostart entry', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-autostart-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(autostartPath({}, '/home/ada')).toBe('/home/ada/.config/autostart/baton.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/autostart/baton.desktop');
    // The spec ignores a relative XDG_CONFIG_HOME.
    expect(autostartPath({ XDG_CONFIG_HOME: 'cfg' }, '/home/ada')).toBe('/home/ada/.config/autostart/baton.desktop');
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/opt/Baton/baton')).toBe('/opt/Baton/baton');
    expect(quoteExecArg('/home/ada/Apps/Baton 1.0.AppImage')).toBe('"/home/ada/Apps/Baton 1.0.AppImage"');
    expect(quoteExecArg('/tmp/a"b$c`d\\e')).toBe('"/tmp/a\\"b\\$c\\`d\\\\e"');
    expect(quoteExecArg('/tmp/100%')).toBe('/tmp/100%%');
    expect(desktopEntry({ exec: '/opt/Baton/baton' }, ['--hidden'])).toContain('\nExec=/opt/Baton/baton --hidden\n');
  });

  it('writes the entry when enabled, leaves it as it is when unchanged, removes it when disabled', () => {
    const target = { exec: '/home/ada/Baton.AppImage', env: {}, home };
    const file = path.join(home, '.config/autostart/baton.desktop');
    expect(applyLinuxAutostart(true, target, ['--hidden'])).toEqual({ ok: true, file, action: 'written' });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Baton\n/);
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec=/home/ada/Baton.AppImage --hidden');
    expect(applyLinuxAutostart(true, target, ['--hidden']).ok && fs.readdirSync(path.dirname(file))).toEqual(['baton.desktop']);
    expect(applyLinuxAutostart(true, target, ['--hidden'])).toMatchObject({ action: 'unchanged' });
    // Moved AppImage: the entry follows it.
    expect(applyLinuxAutostart(true, { ...target, exec: '/opt/Baton.AppImage' }, ['--hidden'])).toMatchObject({ action: 'written' });
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec=/opt/Baton.AppImage --hidden');
    expect(applyLinuxAutostart(false, target, ['--hidden'])).toMatchObject({ action: 'removed' });
    expect(fs.existsSync(file)).toBe(false);
    expect(applyLinuxAutostart(false, target, ['--hidden'])).toMatchObject({ action: 'unchanged' });
  });

  it("never overwrites or removes an entry the user wrote", () => {
    const file = path.join(home, '.config/autostart/baton.desktop');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '[Desktop Entry]\nType=Application\nExec=my-wrapper baton\n');
    const target = { exec: '/opt/Baton/baton', env: {}, home };
    expect(applyLinuxAutostart(true, target, ['--hidden'])).toMatchObject({ action: 'unchanged' });
    expect(applyLinuxAutostart(false, target, ['--hidden'])).toMatchObject({ action: 'unchanged' });
    expect(fs.readFileSync(file, 'utf8')).toContain('my-wrapper');
  });

  it('reports a failure instead of throwing (a config dir that cannot be written)', () => {
    fs.writeFileSync(path.join(home, '.config'), 'not a directory');
    const result = applyLinuxAutostart(true, { exec: '/opt/Baton/baton', env: {}, home }, ['--hidden']);
    expect(result.ok).toBe(false);
  });
});
