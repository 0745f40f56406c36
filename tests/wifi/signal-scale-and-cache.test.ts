import { describe, expect, test } from 'vitest';
import { ScanCache } from '../../main/engine/wifi/scan-cache.js';
import { dbmToNetworkManagerPercent, dbmToWindowsPercent, networkManagerPercentToDbm, windowsPercentToDbm } from '../../main/engine/wifi/signal-scale.js';
import { ManualClock } from './recording-runner.js';

describe('signal scales', () => {
  test.each([
    [0, -100],
    [42, -79],
    [43, -78.5],
    [100, -50],
    [130, -50],
    [-5, -100],
  ])('Windows %i%% → %f dBm (0 → −100, 100 → −50, linear)', (percent, dbm) => expect(windowsPercentToDbm(percent)).toBe(dbm));

  test.each([
    [0, -100],
    [15, -91],
    [87, -47.8],
    [100, -40],
  ])('NetworkManager %i%% → %f dBm (0 → −100, 100 → −40, linear)', (percent, dbm) => expect(networkManagerPercentToDbm(percent)).toBe(dbm));

  test('the inverses round-trip on whole percentages', () => {
    for (let percent = 0; percent <= 100; percent++) {
      expect(dbmToWindowsPercent(windowsPercentToDbm(percent))).toBe(percent);
      expect(dbmToNetworkManagerPercent(networkManagerPercentToDbm(percent))).toBe(percent);
    }
    expect(dbmToWindowsPercent(-30)).toBe(100);
    expect(dbmToNetworkManagerPercent(-120)).toBe(0);
  });
});

describe('ScanCache', () => {
  test('an active scan at most every interval, the cache in between, reuse within reuseMs', async () => {
    const clock = new ManualClock(0);
    const cache = new ScanCache<string>({ clock, activeIntervalMs: 30_000, reuseMs: 2_000 });
    const modes: string[] = [];
    const scan = async (mode: string) => (modes.push(mode), `${mode}@${clock.now()}`);
    expect(await cache.get(scan)).toBe('active@0');
    clock.time = 1_000;
    expect(await cache.get(scan)).toBe('active@0'); // reused, nothing run
    clock.time = 5_000;
    expect(await cache.get(scan)).toBe('cached@5000');
    clock.time = 30_000;
    expect(await cache.get(scan)).toBe('active@30000');
    clock.time = 31_000;
    expect(await cache.get(scan, { force: true })).toBe('active@31000');
    expect(modes).toEqual(['active', 'cached', 'active', 'active']);
  });

  test('callers that arrive during a scan share it; a failed scan is not cached', async () => {
    const clock = new ManualClock(0);
    const cache = new ScanCache<number>({ clock, reuseMs: 0 });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = cache.get(async () => (await gate, ++runs));
    const second = cache.get(async () => ++runs);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    await expect(cache.get(async () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    expect(cache.peek()?.value).toBe(1);
    cache.invalidate();
    expect(cache.peek()).toBeUndefined();
  });
});
