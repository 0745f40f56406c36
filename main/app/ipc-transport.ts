/**
 * The contract over Electron IPC: one `handle` per method, derived from the contract map.
 * Each call checks the sender frame first, then validates and dispatches exactly as the
 * WebSocket transport does. Engine events go to every window of ours.
 */
import { type BrowserWindow, ipcMain } from 'electron';
import { ipcChannel, methodNames } from '../../preload/contract.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/ports/logger.js';
import { dispatch } from '../rpc/dispatch.js';
import { isTrustedSender } from './security/sender-validation.js';

export function registerIpcTransport(engine: Engine, logger: Logger, windows: () => BrowserWindow[]): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel.invoke(method), async (event, request: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        logger.warn('ipc call from an untrusted frame refused', { method, url: event.senderFrame?.url });
        return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'This window may not use Roamdesk.' } };
      }
      return dispatch(engine.handlers, method, request, logger);
    });
  }
  const unsubscribe = engine.events.onAny((event, payload) => {
    for (const window of windows()) if (!window.isDestroyed()) window.webContents.send(ipcChannel.event, { event, payload });
  });
  return () => {
    unsubscribe();
    for (const method of methodNames) ipcMain.removeHandler(ipcChannel.invoke(method));
  };
}
