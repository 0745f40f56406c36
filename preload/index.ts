/**
 * The sandboxed preload: exposes `window.roamdesk` (the RoamdeskBridge) and nothing else.
 * Only channels derived from the contract can be invoked, payloads are validated here as
 * well as in main, raw ipcRenderer never crosses the bridge, and event listeners receive
 * the payload without Electron's event object. Built as one CommonJS file (sandboxed
 * preloads cannot be ESM).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { type CallOutcome, type EventName, type MethodName, type RoamdeskBridge, events, ipcChannel, isEventName, isMethodName, methods } from './contract.js';

class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const bridge: RoamdeskBridge = {
  async invoke(method, request) {
    if (!isMethodName(method)) throw new BridgeError('UNKNOWN_METHOD', `There is no method "${String(method)}".`);
    const parsed = methods[method as MethodName].request.safeParse(request);
    if (!parsed.success) throw new BridgeError('INVALID_REQUEST', parsed.error.issues.map((issue) => issue.message).join('; '));
    const outcome = (await ipcRenderer.invoke(ipcChannel.invoke(method), parsed.data)) as CallOutcome<MethodName>;
    if (!outcome.ok) throw new BridgeError(outcome.error.code, outcome.error.message, outcome.error.hint);
    return outcome.value as never;
  },
  on(event, listener) {
    if (!isEventName(event)) throw new BridgeError('UNKNOWN_EVENT', `There is no event "${String(event)}".`);
    const handler = (_event: unknown, frame: { event: EventName; payload: unknown }) => {
      if (frame?.event !== event) return;
      const payload = events[event as EventName].safeParse(frame.payload);
      if (payload.success) listener(payload.data as never);
    };
    ipcRenderer.on(ipcChannel.event, handler);
    return () => void ipcRenderer.removeListener(ipcChannel.event, handler);
  },
};

contextBridge.exposeInMainWorld('roamdesk', bridge);
