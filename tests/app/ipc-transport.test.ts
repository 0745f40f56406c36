import { afterEach, describe, expect, test } from 'vitest';
import type { BrowserWindow } from 'electron';
import { type AppInfo, type ConnectionState, ipcChannel, methodNames } from '../../preload/contract.js';
import { registerIpcTransport } from '../../main/app/ipc-transport.js';
import type { Engine } from '../../main/engine/engine.js';
import { EventHub } from '../../main/engine/events/event-hub.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { handled } from '../stubs/electron.js';

const info: AppInfo = { name: 'Roamdesk', version: '1.0.0', host: 'electron', platform: 'linux', wifiDriver: 'simulated', simulated: true, dataDir: '/d', logDir: '/l' };
const online: ConnectionState = {
  phase: 'online',
  attemptId: 3,
  network: { ssid: 'Lobby', bssid: '02:00:00:00:01:01', band: '5GHz', security: 'open', provider: null },
  timeline: [],
  error: null,
  since: '2026-01-15T09:00:00.000Z',
  portal: null,
};

const trusted = { senderFrame: { url: 'app://roamdesk/index.html', parent: null } };

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

function setup(windows: BrowserWindow[] = []) {
  const calls: Array<{ method: string; request: unknown }> = [];
  const events = new EventHub();
  const handlers = Object.fromEntries(
    methodNames.map((method) => [
      method,
      async (request: unknown) => {
        calls.push({ method, request });
        return method === 'app.info' ? info : online;
      },
    ]),
  );
  const engine = { handlers, events } as unknown as Engine;
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { error() {}, info() {}, debug() {}, warn: (message, fields) => void warnings.push(fields ? { message, fields } : { message }) };
  unregister = registerIpcTransport(engine, logger, () => windows);
  const invoke = (method: string, event: unknown, request: unknown) => handled.get(ipcChannel.invoke(method as never))!(event, request);
  return { calls, events, warnings, invoke };
}

function fakeWindow(destroyed = false) {
  const sent: Array<[string, unknown]> = [];
  const window = { isDestroyed: () => destroyed, webContents: { send: (channel: string, payload: unknown) => void sent.push([channel, payload]) } };
  return { window: window as unknown as BrowserWindow, sent };
}

describe('registerIpcTransport', () => {
  test('registers one handler per contract method, and removes them again', () => {
    setup();
    for (const method of methodNames) expect(handled.has(`roamdesk:invoke:${method}`)).toBe(true);
    unregister!();
    unregister = undefined;
    for (const method of methodNames) expect(handled.has(`roamdesk:invoke:${method}`)).toBe(false);
  });

  test('a call from our own top frame is dispatched', async () => {
    const { calls, invoke } = setup();
    expect(await invoke('app.info', trusted, {})).toEqual({ ok: true, value: info });
    expect(await invoke('connection.connect', trusted, { target: 'Lobby' })).toEqual({ ok: true, value: online });
    expect(calls).toEqual([
      { method: 'app.info', request: {} },
      { method: 'connection.connect', request: { target: 'Lobby' } },
    ]);
  });

  test('the request is validated as on every transport', async () => {
    const { calls, invoke } = setup();
    expect(await invoke('connection.connect', trusted, { target: 'Lobby', passphrase: 'abc' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(calls).toEqual([]);
  });

  test.each([
    ['another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a subframe of our UI', { senderFrame: { url: 'app://roamdesk/index.html', parent: { url: 'app://roamdesk/index.html' } } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('a call from %s is refused before the engine sees it', async (_label, event) => {
    const { calls, warnings, invoke } = setup();
    expect(await invoke('connection.connect', event, { target: 'Lobby' })).toEqual({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: expect.any(String) } });
    expect(calls).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ fields: expect.objectContaining({ method: 'connection.connect' }) })]);
  });

  test('engine events go to every live window, and stop after unregistering', () => {
    const live = fakeWindow();
    const gone = fakeWindow(true);
    const { events } = setup([live.window, gone.window]);
    events.emit('connection.changed', online);
    expect(live.sent).toEqual([['roamdesk:event', { event: 'connection.changed', payload: online }]]);
    expect(gone.sent).toEqual([]);
    unregister!();
    unregister = undefined;
    events.emit('connection.changed', online);
    expect(live.sent).toHaveLength(1);
  });
});
