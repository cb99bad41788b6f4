import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  trays: [] as unknown[],
  // Filled in below (node:events is not available inside vi.hoisted).
  Tray: undefined as unknown,
  Menu: { buildFromTemplate: vi.fn((template: unknown[]) => ({ items: template })) },
  nativeImage: { createFromPath: vi.fn((file: string) => ({ file })) },
}));
vi.mock('electron', () => electron);

class FakeTray extends EventEmitter {
  menu: { items: { id?: string; label?: string; type?: string; click?: () => void }[] } | null = null;
  tooltip = '';
  constructor(readonly image: unknown) {
    super();
    electron.trays.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeTray['menu']) {
    this.menu = menu;
  }
}
electron.Tray = FakeTray;

import { createTray, trayMenuTemplate } from './tray';

beforeEach(() => {
  electron.trays.length = 0;
});

describe('tray', () => {
  it('has Open Baton, Write update and Quit', () => {
    const actions = { open: vi.fn(), writeUpdate: vi.fn(), quit: vi.fn() };
    const items = trayMenuTemplate(actions);
    expect(items.map((item) => item.label ?? item.type)).toEqual(['Open Baton', 'Write update', 'separator', 'Quit']);
  });

  it('each item runs its action; clicking the icon opens the window', () => {
    const actions = { open: vi.fn(), writeUpdate: vi.fn(), quit: vi.fn() };
    createTray('/icons/tray.png', actions);
    const tray = electron.trays[0] as FakeTray;
    expect(electron.nativeImage.createFromPath).toHaveBeenCalledWith('/icons/tray.png');
    expect(tray.tooltip).toBe('Baton');
    const click = (id: string) => tray.menu!.items.find((item) => item.id === id)!.click!();
    click('open');
    expect(actions.open).toHaveBeenCalledOnce();
    click('write-update');
    expect(actions.writeUpdate).toHaveBeenCalledOnce();
    click('quit');
    expect(actions.quit).toHaveBeenCalledOnce();
    tray.emit('click');
    expect(actions.open).toHaveBeenCalledTimes(2);
  });
});
