/**
 * The start-up choice of Wi-Fi driver: Native Wifi first on Windows (a loader that resolves
 * and a handle that opens), netsh when the API is unavailable, the platform's own driver
 * elsewhere, none for an unknown platform, and a simulated world over all of them. The
 * loader is injected, so nothing native is touched here.
 */
import { describe, expect, test, vi } from 'vitest';
import { RoamdeskError } from '../../main/engine/errors.js';
import { chooseWifiDriver } from '../../main/engine/wifi/select-driver.js';
import type { WlanApi } from '../../main/engine/wifi/windows/native/wlan-api.js';
import { ManualClock, RecordingRunner } from './recording-runner.js';

function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void entries.push({ level, message, ...(fields ? { fields } : {}) });
  return { entries, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
}

function fakeApi(openHandle: () => unknown = () => ({})): WlanApi & { closed: number } {
  const api = { closed: 0, openHandle, closeHandle: () => void api.closed++ };
  return api as unknown as WlanApi & { closed: number };
}

const base = () => ({ runner: new RecordingRunner(() => ({})), clock: new ManualClock() });

describe('chooseWifiDriver', () => {
  test('win32: the Native Wifi driver when wlanapi loads and a handle opens (and is closed again)', async () => {
    const { entries, logger } = recordingLogger();
    const api = fakeApi();
    const load = vi.fn(async () => api);
    const driver = await chooseWifiDriver('win32', { ...base(), loadWlanApi: load, logger });
    expect(driver.name).toBe('wlanapi');
    expect(load).toHaveBeenCalledOnce();
    expect(api.closed).toBe(1);
    expect(entries).toEqual([{ level: 'info', message: 'wifi driver chosen', fields: { driver: 'wlanapi', why: expect.stringMatching(/Native Wifi API/) } }]);
  });

  test('win32: netsh when the loader throws WIFI_DRIVER_UNAVAILABLE, with the reason logged', async () => {
    const { entries, logger } = recordingLogger();
    const load = async (): Promise<WlanApi> => {
      throw new RoamdeskError('WIFI_DRIVER_UNAVAILABLE', 'wlanapi.dll could not be loaded (is the WLAN AutoConfig feature installed?).');
    };
    const runner = new RecordingRunner(() => ({}));
    const driver = await chooseWifiDriver('win32', { runner, clock: new ManualClock(), loadWlanApi: load, logger });
    expect(driver.name).toBe('netsh');
    expect(runner.calls).toEqual([]);
    expect(entries).toEqual([{ level: 'info', message: 'wifi driver chosen', fields: { driver: 'netsh', why: expect.stringContaining('wlanapi.dll could not be loaded') } }]);
  });

  test('win32: netsh, logged as a warning, when the API loads but no handle opens or the loader fails unexpectedly', async () => {
    const { entries, logger } = recordingLogger();
    const stopped = fakeApi(() => {
      throw new Error('WlanOpenHandle failed with 1062 (the service has not been started)');
    });
    expect((await chooseWifiDriver('win32', { ...base(), loadWlanApi: async () => stopped, logger })).name).toBe('netsh');
    expect((await chooseWifiDriver('win32', { ...base(), loadWlanApi: async () => Promise.reject(new Error("Cannot find module 'koffi'")), logger })).name).toBe('netsh');
    expect(entries.map((entry) => [entry.level, entry.fields?.driver, entry.fields?.why])).toEqual([
      ['warn', 'netsh', expect.stringContaining('1062')],
      ['warn', 'netsh', expect.stringContaining('koffi')],
    ]);
  });

  test('win32 without an injected loader, on a machine that is not Windows: the real loadWlanApi refuses, netsh is chosen', async () => {
    expect((await chooseWifiDriver('win32', base())).name).toBe('netsh');
  });

  test.each([
    ['darwin', 'corewlan'],
    ['linux', 'nmcli'],
  ])('%s → %s, and the Native Wifi loader is never asked', async (platform, name) => {
    const load = vi.fn(async () => fakeApi());
    const { entries, logger } = recordingLogger();
    expect((await chooseWifiDriver(platform, { ...base(), loadWlanApi: load, logger })).name).toBe(name);
    expect(load).not.toHaveBeenCalled();
    expect(entries[0]?.fields).toMatchObject({ driver: name });
  });

  test('an unknown platform has no driver: WIFI_DRIVER_UNAVAILABLE', async () => {
    await expect(chooseWifiDriver('freebsd', base())).rejects.toMatchObject({ code: 'WIFI_DRIVER_UNAVAILABLE' });
  });

  test('a simulated world wins on every platform, and nothing native is loaded', async () => {
    const simulated = { name: 'simulated' } as never;
    const load = vi.fn(async () => fakeApi());
    for (const platform of ['win32', 'darwin', 'linux', 'freebsd']) {
      expect(await chooseWifiDriver(platform, { ...base(), loadWlanApi: load, simulated: () => simulated })).toBe(simulated);
    }
    expect(load).not.toHaveBeenCalled();
  });
});
