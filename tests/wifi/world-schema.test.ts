import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { RoamdeskError } from '../../main/engine/errors.js';
import { loadWorld, parseWorld } from '../../main/engine/wifi/simulated/world-loader.js';
import type { WorldInput } from '../../main/engine/wifi/simulated/world-schema.js';
import { smallWorldInput } from '../support/small-world.js';
import { tempDir } from '../support/temp-dir.js';

const demoFile = fileURLToPath(new URL('../../assets/worlds/demo.json', import.meta.url));

function worldError(mutate: (world: WorldInput) => void): RoamdeskError {
  const world = smallWorldInput();
  mutate(world);
  try {
    parseWorld(JSON.stringify(world), 'test-world.json');
  } catch (error) {
    if (error instanceof RoamdeskError) return error;
    throw error;
  }
  throw new Error('the world was accepted');
}

const lobbyAp = (world: WorldInput, index: number) => world.sites[0]!.accessPoints[index]!;

describe('the demo world', () => {
  test('loads, and has the sites and access points the demo needs', async () => {
    const world = await loadWorld(demoFile);
    const kinds = world.sites.map((site) => site.kind);
    for (const kind of ['airport', 'hotel', 'cafe', 'office', 'home'] as const) expect(kinds).toContain(kind);

    // The airport: several access points of one provider, one of them nearly useless.
    const airport = world.sites.find((site) => site.kind === 'airport')!;
    const byProvider = new Map<string, number>();
    for (const ap of airport.accessPoints) if (ap.provider) byProvider.set(ap.provider, (byProvider.get(ap.provider) ?? 0) + 1);
    const [mainProvider, count] = [...byProvider.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(world.providers.map((p) => p.id)).toContain(mainProvider);
    const providerAps = airport.accessPoints.filter((ap) => ap.provider === mainProvider);
    expect(providerAps.filter((ap) => ap.truth.successProbability < 0.1)).toHaveLength(1);
    expect(providerAps.filter((ap) => ap.truth.successProbability >= 0.9).length).toBeGreaterThanOrEqual(2);

    const office = world.sites.find((site) => site.kind === 'office')!;
    expect(office.accessPoints.some((ap) => ap.security === 'wpa2-enterprise' || ap.security === 'wpa3-enterprise')).toBe(true);

    // Every BSSID is unique and the track only visits known sites.
    const bssids = world.sites.flatMap((site) => site.accessPoints.map((ap) => ap.bssid));
    expect(new Set(bssids).size).toBe(bssids.length);
    const siteIds = new Set(world.sites.map((site) => site.id));
    for (const point of world.device.track) expect(siteIds.has(point.siteId)).toBe(true);
  });
});

describe('parseWorld', () => {
  test('accepts the small world and fills in the defaults', () => {
    const input = smallWorldInput();
    delete input.seed;
    const street = input.sites[1]!.accessPoints[0]!;
    delete street.channelWidthMhz;
    street.signal = { position: { x: 1, y: 1 } };
    const world = parseWorld(JSON.stringify(input));
    expect(world.seed).toBe(1);
    const parsed = world.sites[1]!.accessPoints[0]!;
    expect(parsed.channelWidthMhz).toBe(20);
    expect(parsed.signal).toEqual({ position: { x: 1, y: 1 }, referenceDbm: -30, pathLossExponent: 3, fadingDb: 2 });
    expect(world.device.knownNetworks).toEqual([]);
  });

  test('normalises BSSIDs to lower-case colon form', () => {
    const world = parseWorld(JSON.stringify((() => {
      const input = smallWorldInput();
      lobbyAp(input, 0).bssid = '02-00-00-0A-BB-CC';
      return input;
    })()));
    expect(world.sites[0]!.accessPoints[0]!.bssid).toBe('02:00:00:0a:bb:cc');
  });

  test('a duplicate BSSID is refused, naming where', () => {
    const error = worldError((world) => {
      lobbyAp(world, 1).bssid = lobbyAp(world, 0).bssid.toUpperCase();
    });
    expect(error.code).toBe('WORLD_INVALID');
    expect(error.message).toContain('test-world.json');
    expect(error.message).toContain('sites.0.accessPoints.1.bssid');
    expect(error.message).toMatch(/used twice/);
  });

  test('an access point of an unknown provider is refused', () => {
    const error = worldError((world) => {
      lobbyAp(world, 2).provider = 'nobody';
    });
    expect(error.code).toBe('WORLD_INVALID');
    expect(error.message).toContain('sites.0.accessPoints.2.provider');
    expect(error.message).toContain('"nobody"');
  });

  test('a malformed BSSID is refused', () => {
    const error = worldError((world) => {
      lobbyAp(world, 3).bssid = '02:00:00:00:01';
    });
    expect(error.code).toBe('WORLD_INVALID');
    expect(error.message).toContain('sites.0.accessPoints.3.bssid');
    expect(error.message).toContain('"02:00:00:00:01" is not a BSSID');
  });

  test('a track point at a site that does not exist is refused', () => {
    const error = worldError((world) => {
      world.device.track.push({ siteId: 'atlantis', position: { x: 0, y: 0 }, atSeconds: 60 });
    });
    expect(error.code).toBe('WORLD_INVALID');
    expect(error.message).toContain('device.track.1.siteId');
    expect(error.message).toContain('"atlantis"');
  });

  test('track points out of time order are refused', () => {
    const error = worldError((world) => {
      world.device.track = [
        { siteId: 'lobby', position: { x: 0, y: 0 }, atSeconds: 100 },
        { siteId: 'street', position: { x: 0, y: 0 }, atSeconds: 50 },
      ];
    });
    expect(error.message).toContain('device.track.1.atSeconds');
  });

  test('personal security without a passphrase is refused, and open security with one', () => {
    const missing = worldError((world) => {
      delete lobbyAp(world, 4).passphrase;
    });
    expect(missing.code).toBe('WORLD_INVALID');
    expect(missing.message).toContain('sites.0.accessPoints.4.passphrase');
    expect(missing.message).toMatch(/wpa2-personal access points need a passphrase/);

    const extra = worldError((world) => {
      lobbyAp(world, 0).passphrase = 'not-for-open';
    });
    expect(extra.message).toContain('sites.0.accessPoints.0.passphrase');
    expect(extra.message).toMatch(/open access points take no passphrase/);
  });

  test.each([
    ['2.4GHz', 36],
    ['5GHz', 6],
    ['6GHz', 240],
    ['6GHz', 6],
  ] as const)('channel outside its band is refused (%s channel %i)', (band, channel) => {
    const error = worldError((world) => {
      Object.assign(lobbyAp(world, 0), { band, channel });
    });
    expect(error.code).toBe('WORLD_INVALID');
    expect(error.message).toContain('sites.0.accessPoints.0.channel');
    expect(error.message).toContain(`channel ${channel} is not in the ${band} band`);
  });

  test('an unknown field is refused rather than ignored', () => {
    const error = worldError((world) => {
      Object.assign(lobbyAp(world, 0), { sigal: {} });
    });
    expect(error.message).toContain('sites.0.accessPoints.0');
    expect(error.message).toContain('sigal');
  });

  test('many problems are summarised, not all listed', () => {
    const error = worldError((world) => {
      for (const ap of world.sites[0]!.accessPoints) ap.channel = 999;
    });
    expect(error.message).toMatch(/\(and \d+ more\)\.$/);
  });

  test('text that is not JSON is WORLD_INVALID', () => {
    expect(() => parseWorld('{ "name": "half', 'broken.json')).toThrow(expect.objectContaining({ code: 'WORLD_INVALID', message: expect.stringContaining('broken.json is not JSON') }));
  });
});

describe('loadWorld', () => {
  test('a missing file is WORLD_NOT_FOUND, naming the file', async () => {
    const missing = path.join(tempDir(), 'nowhere.json');
    await expect(loadWorld(missing)).rejects.toMatchObject({ code: 'WORLD_NOT_FOUND', message: expect.stringContaining(missing) });
    await expect(loadWorld(missing)).rejects.toMatchObject({ message: expect.stringContaining('ENOENT') });
  });

  test('an invalid file is WORLD_INVALID, naming the file and the field', async () => {
    const file = path.join(tempDir(), 'bad.json');
    const world = smallWorldInput();
    world.sites[0]!.accessPoints[0]!.bssid = 'zz';
    writeFileSync(file, JSON.stringify(world));
    await expect(loadWorld(file)).rejects.toMatchObject({ code: 'WORLD_INVALID', message: expect.stringMatching(/bad\.json.*sites\.0\.accessPoints\.0\.bssid/) });
  });

  test('a non-JSON file is WORLD_INVALID', async () => {
    const file = path.join(tempDir(), 'not-json.json');
    writeFileSync(file, 'sites:\n  - airport\n');
    await expect(loadWorld(file)).rejects.toMatchObject({ code: 'WORLD_INVALID', message: expect.stringContaining('is not JSON') });
  });
});
