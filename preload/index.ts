/**
 * The sandboxed preload: exposes `window.roamdesk` (the RoamdeskBridge) and nothing else.
 * Only channels derived from the contract can be invoked, payloads are validated here as
 * well as in main, raw ipcRenderer never crosses the bridge, and event listeners receive
 * the payload without Electron's event object. Built as one CommonJS file (sandboxed
 * preloads cannot be ESM).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { type CallOutcome, type ErrorInfo, type EventName, type MethodName, type RoamdeskBridge, events, ipcChannel, isEventName, isMethodName, methods } from './contract.js';

/**
 * Failures reject with a plain `{code, message, hint}` object, not an Error: contextBridge
 * copies an Error into the page with its message only, and the UI needs the stable code
 * (e.g. CREDENTIALS_REQUIRED opens the password field). Plain objects cross intact.
 */
function failure(code: string, message: string, hint?: string): ErrorInfo {
  return hint === undefined ? { code, message } : { code, message, hint };
}

const bridge: RoamdeskBridge = {
  async invoke(method, request) {
    if (!isMethodName(method)) throw failure('UNKNOWN_METHOD', `There is no method "${String(method)}".`);
    const parsed = methods[method as MethodName].request.safeParse(request);
    if (!parsed.success) throw failure('INVALID_REQUEST', parsed.error.issues.map((issue) => issue.message).join('; '));
    const outcome = (await ipcRenderer.invoke(ipcChannel.invoke(method), parsed.data)) as CallOutcome<MethodName>;
    if (!outcome.ok) throw failure(outcome.error.code, outcome.error.message, outcome.error.hint);
    const response = methods[method as MethodName].response.safeParse(outcome.value);
    if (!response.success) throw failure('INVALID_RESPONSE', 'The engine answered with something the UI does not understand.');
    return response.data as never;
  },
  on(event, listener) {
    if (!isEventName(event)) throw failure('UNKNOWN_EVENT', `There is no event "${String(event)}".`);
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
