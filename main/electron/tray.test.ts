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
  title = '';
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
  setTitle(text: string) {
    this.title = text;
  }
}
electron.Tray = FakeTray;

import { createTray, showTrayStatus, trayMenuTemplate, trayTooltip } from './tray';

beforeEach(() => {
  electron.trays.length = 0;
});

describe('tray', () => {
  it('has Open Baton, Write update, Write handoff and Quit', () => {
    const actions = { open: vi.fn(), writeUpdate: vi.fn(), writeHandoff: vi.fn(), quit: vi.fn() };
    const items = trayMenuTemplate(actions);
    expect(items.map((item) => item.label ?? item.type)).toEqual(['Open Baton', 'Write update', 'Write handoff', 'separator', 'Quit']);
  });

  it('each item runs its action; clicking the icon opens the window', () => {
    const actions = { open: vi.fn(), writeUpdate: vi.fn(), writeHandoff: vi.fn(), quit: vi.fn() };
    createTray('/icons/tray.png', actions);
    const tray = electron.trays[0] as FakeTray;
    expect(electron.nativeImage.createFromPath).toHaveBeenCalledWith('/icons/tray.png');
    expect(tray.tooltip).toBe('Baton');
    const click = (id: string) => tray.menu!.items.find((item) => item.id === id)!.click!();
    click('open');
    expect(actions.open).toHaveBeenCalledOnce();
    click('write-update');
    expect(actions.writeUpdate).toHaveBeenCalledOnce();
    click('write-handoff');
    expect(actions.writeHandoff).toHaveBeenCalledOnce();
    click('quit');
    expect(actions.quit).toHaveBeenCalledOnce();
    tray.emit('click');
    expect(actions.open).toHaveBeenCalledTimes(2);
  });
});

describe('tray status', () => {
  const cases = [
    { status: { unread: 0, handoffs: 0 }, tooltip: 'Baton', title: '' },
    { status: { unread: 3, handoffs: 0 }, tooltip: 'Baton — 3 unread', title: '3' },
    { status: { unread: 0, handoffs: 1 }, tooltip: 'Baton — 1 handoff for you', title: '1' },
    { status: { unread: 2, handoffs: 2 }, tooltip: 'Baton — 2 unread · 2 handoffs for you', title: '4' },
  ];
  for (const c of cases) {
    it(`${c.status.unread} unread, ${c.status.handoffs} handoffs → "${c.tooltip}"`, () => {
      expect(trayTooltip(c.status)).toBe(c.tooltip);
      const mac = new FakeTray(null);
      showTrayStatus(mac, c.status, 'darwin');
      expect([mac.tooltip, mac.title]).toEqual([c.tooltip, c.title]);
      // Elsewhere the count is in the tooltip only (Electron ignores titles outside macOS).
      const linux = new FakeTray(null);
      showTrayStatus(linux, c.status, 'linux');
      expect([linux.tooltip, linux.title]).toEqual([c.tooltip, '']);
    });
  }
});
