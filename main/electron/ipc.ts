/**
 * Electron transport of the API contract (shared/api/contract.ts).
 *
 * Flow: preload `invoke(method, input)` → `ipcRenderer.invoke('baton:invoke', method, input)`
 * → here: sender check → `dispatcher.dispatch(client, method, input)` → `ApiResult` back.
 * Events: the Core calls `client.emit(name, payload)` → `webContents.send('baton:event', name,
 * payload)` → preload hands `payload` to listeners of `name`.
 *
 * Invariants:
 * - Only our own windows showing our own origin, from their top frame, reach the Core. Any
 *   other sender gets an `unauthorized` error value and nothing runs.
 * - One ClientContext per webContents, connected on its first call and disconnected when the
 *   page navigates away, reloads or the webContents is destroyed, so the Core never keeps
 *   subscriptions for a page that is gone.
 * - The dispatcher validates method and input; errors always come back as values.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult } from '../../shared/api/contract';
import { createLogger } from '../../shared/log/logger';
import type { ClientContext, Dispatcher } from '../core/api/dispatcher';

export const INVOKE_CHANNEL = 'baton:invoke';
export const EVENT_CHANNEL = 'baton:event';

const log = createLogger('electron.ipc');

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatcher: Dispatcher;
  /** Whether `url` is one of the app's own origins. */
  isAppUrl(url: string): boolean;
  /** Whether `contents` belongs to a window this shell created. */
  isOwnWebContents(contents: WebContents): boolean;
}

export interface IpcRegistration {
  /** The client of a webContents that has called at least once, if any. */
  clientOf(contents: WebContents): ClientContext | undefined;
  dispose(): void;
}

/** Why a sender is refused, or null when it may call the Core. */
export function senderRejection(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  isAppUrl: (url: string) => boolean,
  isOwnWebContents: (contents: WebContents) => boolean,
): string | null {
  if (!isOwnWebContents(event.sender)) return 'sender is not a Baton window';
  const frame = event.senderFrame;
  if (!frame) return 'sender frame is gone';
  if (frame.parent !== null) return 'sender is a subframe';
  if (!isAppUrl(frame.url)) return 'sender frame is not on the app origin';
  return null;
}

export function registerIpc(options: IpcOptions): IpcRegistration {
  const { ipcMain, dispatcher } = options;
  const clients = new Map<number, { client: ClientContext; detach: () => void }>();

  const drop = (contentsId: number) => {
    const entry = clients.get(contentsId);
    if (!entry) return;
    clients.delete(contentsId);
    entry.detach();
    dispatcher.disconnect(entry.client.id);
  };

  const connect = (contents: WebContents): ClientContext => {
    const existing = clients.get(contents.id);
    if (existing) return existing.client;
    const contentsId = contents.id;
    const client: ClientContext = {
      id: `electron:${contentsId}`,
      emit(event, payload) {
        if (contents.isDestroyed()) return;
        contents.send(EVENT_CHANNEL, event, payload);
      },
    };
    const onNavigate = (details: { isMainFrame: boolean; isSameDocument: boolean }) => {
      // A new document in the top frame means a fresh renderer state: start over.
      if (details.isMainFrame && !details.isSameDocument) drop(contentsId);
    };
    const onDestroyed = () => drop(contentsId);
    contents.on('did-start-navigation', onNavigate);
    contents.once('destroyed', onDestroyed);
    const detach = () => {
      if (contents.isDestroyed()) return;
      contents.removeListener('did-start-navigation', onNavigate);
      contents.removeListener('destroyed', onDestroyed);
    };
    clients.set(contentsId, { client, detach });
    dispatcher.connect(client);
    return client;
  };

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const rejection = senderRejection(event, options.isAppUrl, options.isOwnWebContents);
    if (rejection) {
      log.warn('refused an API call', { reason: rejection, method: typeof method === 'string' ? method.slice(0, 64) : typeof method });
      return { ok: false, error: { code: 'unauthorized', message: `Refused: ${rejection}.` } };
    }
    const client = connect(event.sender);
    try {
      return await dispatcher.dispatch(client, method, input);
    } catch (error) {
      // The dispatcher turns errors into values; this is the last line of defence.
      log.error('dispatcher threw', { method: String(method), error: String(error) });
      return { ok: false, error: { code: 'internal', message: 'Internal error.' } };
    }
  });

  return {
    clientOf: (contents) => clients.get(contents.id)?.client,
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      for (const id of [...clients.keys()]) drop(id);
    },
  };
}
