/**
 * The tray icon: Baton keeps running there while its window is closed, so it can keep
 * syncing and remind at the end of the workday. Its tooltip (and on macOS its title beside
 * the icon) says how many updates are unread and how many handoffs wait for me.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  open(): void;
  writeUpdate(): void;
  writeHandoff(): void;
  quit(): void;
}

export interface TrayStatus {
  unread: number;
  /** Handoffs addressed to me that I have not acknowledged. */
  handoffs: number;
}

export function trayMenuTemplate(actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'open', label: 'Open Baton', click: () => actions.open() },
    { id: 'write-update', label: 'Write update', click: () => actions.writeUpdate() },
    { id: 'write-handoff', label: 'Write handoff', click: () => actions.writeHandoff() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

/** "Baton — 3 unread · 1 handoff for you", or "Baton" when there is nothing. */
export function trayTooltip(status: TrayStatus): string {
  const parts: string[] = [];
  if (status.unread > 0) parts.push(`${status.unread} unread`);
  if (status.handoffs > 0) parts.push(`${status.handoffs} ${status.handoffs === 1 ? 'handoff' : 'handoffs'} for you`);
  return parts.length ? `Baton — ${parts.join(' · ')}` : 'Baton';
}

/** The short count shown beside the icon in the macOS menu bar ('' hides it). */
export function trayTitle(status: TrayStatus): string {
  const total = status.unread + status.handoffs;
  return total > 0 ? String(total) : '';
}

/** Tooltip everywhere; the title beside the icon only on macOS (elsewhere Electron ignores it). */
export function showTrayStatus(tray: Pick<Tray, 'setToolTip' | 'setTitle'>, status: TrayStatus, platform: NodeJS.Platform): void {
  tray.setToolTip(trayTooltip(status));
  if (platform === 'darwin') tray.setTitle(trayTitle(status));
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
