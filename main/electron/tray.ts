/**
 * The tray icon: Baton keeps running there while its window is closed, so it can keep
 * syncing and remind at the end of the workday.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  open(): void;
  writeUpdate(): void;
  quit(): void;
}

export function trayMenuTemplate(actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'open', label: 'Open Baton', click: () => actions.open() },
    { id: 'write-update', label: 'Write update', click: () => actions.writeUpdate() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

export function createTray(iconPath: string, actions: TrayActions): Tray {
  const image = nativeImage.createFromPath(iconPath);
  const tray = new Tray(image);
  tray.setToolTip('Baton');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  // Windows and most Linux trays: a plain click opens the window (macOS shows the menu).
  tray.on('click', () => actions.open());
  return tray;
}
