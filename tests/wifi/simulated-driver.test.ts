import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { type Bss, bandOfFrequency, channelOfFrequency, frequencyOfChannel, ssidToHex } from '../../main/engine/wifi/bss.js';
import { SCAN_FLOOR_DBM, meanSignalDbm, sampledSignalDbm } from '../../main/engine/wifi/simulated/signal-model.js';
import { SimulatedDriver } from '../../main/engine/wifi/simulated/simulated-driver.js';
import { FileSimulationState, MemorySimulationState } from '../../main/engine/wifi/simulated/simulation-state.js';
import { loadWorld } from '../../main/engine/wifi/simulated/world-loader.js';
import { type WorldInput, WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { ManualClock } from '../support/manual-clock.js';
import { BSSID, PSK_PASSPHRASE, smallWorld, smallWorldInput } from '../support/small-world.js';
import { tempDir } from '../support/temp-dir.js';

const demoFile = fileURLToPath(new URL('../../assets/worlds/demo.json', import.meta.url));

function driverOn(world = smallWorld(), clock = new ManualClock(undefined, true)) {
  return new SimulatedDriver({ world, clock, state: new MemorySimulationState() });
}

/** A world with one open access point of the given success probability, in a site of its own. */
function lotteryWorld(successProbability: number, seed = 11): WorldSpec {
  return WorldSpec.parse({
    name: 'lottery',
    seed,
    sites: [
      {
        id: 'booth',
        name: 'Booth',
        kind: 'other',
        location: { lat: 0, lon: 0 },
        accessPoints: [
          {
            ssid: 'Lottery',
            bssid: '02:00:00:00:0f:01',
            band: '2.4GHz',
            channel: 1,
            standard: '802.11n',
            security: 'open',
            signal: { position: { x: 1, y: 0 } },
            truth: { successProbability, throughputMbps: 10, associationMs: 0 },
          },
        ],
      },
    ],
    device: { track: [{ siteId: 'booth', position: { x: 0, y: 0 }, atSeconds: 0 }] },
  } satisfies WorldInput);
}

describe('scan', () => {
  test('reports only the current site, strongest first, with consistent radio fields', async () => {
    const world = smallWorld();
    const driver = driverOn(world);
    const bsses = await driver.scan();
    const lobby = world.sites.find((site) => site.id === 'lobby')!;

    expect(new Set(bsses.map((b) => b.bssid))).toEqual(new Set(lobby.accessPoints.map((ap) => ap.bssid)));
    expect(bsses.map((b) => b.bssid)).not.toContain(BSSID.street);
    const signals = bsses.map((b) => b.signalDbm);
    expect(signals).toEqual([...signals].sort((a, b) => b - a));
    // With no fading, the nearest access point (2 m away) is the loudest.
    expect(bsses[0]!.bssid).toBe(BSSID.good);

    for (const bss of bsses) {
      const ap = lobby.accessPoints.find((candidate) => candidate.bssid === bss.bssid)!;
      expect(bss).toEqual({
        ssidHex: ssidToHex(ap.ssid),
        ssid: ap.ssid,
        bssid: ap.bssid,
        signalDbm: expect.any(Number),
        frequencyMhz: frequencyOfChannel(ap.band, ap.channel),
        channel: ap.channel,
        band: ap.band,
        standard: ap.standard,
        security: ap.security,
        channelWidthMhz: ap.channelWidthMhz,
      });
      expect(bandOfFrequency(bss.frequencyMhz)).toBe(bss.band);
      expect(channelOfFrequency(bss.frequencyMhz)).toBe(bss.channel);
      expect(Number.isInteger(bss.signalDbm)).toBe(true);
      expect(bss.signalDbm).toBeGreaterThanOrEqual(SCAN_FLOOR_DBM);
      expect(bss.signalDbm).toBeLessThanOrEqual(-20);
    }
  });

  test('an access point too far away to hear is not reported', async () => {
    const input = smallWorldInput();
    input.sites[0]!.accessPoints[1]!.signal = { position: { x: 3000, y: 0 }, fadingDb: 0 };
    const bsses = await driverOn(WorldSpec.parse(input)).scan();
    expect(bsses.map((b) => b.bssid)).not.toContain(BSSID.goodFar);
    expect(bsses.map((b) => b.bssid)).toContain(BSSID.good);
  });

  test('every band of the demo world scans with matching frequency and channel', async () => {
    const world = await loadWorld(demoFile);
    const driver = driverOn(world);
    const seen: Bss[] = [];
    for (const site of world.sites) {
      driver.moveTo(site.id);
      seen.push(...(await driver.scan()));
    }
    expect(new Set(seen.map((b) => b.band))).toEqual(new Set(['2.4GHz', '5GHz', '6GHz']));
    for (const bss of seen) {
      expect(bandOfFrequency(bss.frequencyMhz)).toBe(bss.band);
      expect(channelOfFrequency(bss.frequencyMhz)).toBe(bss.channel);
    }
  });
});

describe('signal model', () => {
  test('signal falls with distance by the path-loss exponent', () => {
    const ap = smallWorld().sites[0]!.accessPoints[0]!; // at (2, 0), exponent 3, -30 dBm at 1 m
    const near = meanSignalDbm(ap, { x: 7, y: 0 }); // 5 m
    const far = meanSignalDbm(ap, { x: 52, y: 0 }); // 50 m
    expect(near).toBeGreaterThan(far);
    expect(near - far).toBeCloseTo(30, 6); // one decade of distance × 10 × exponent 3
    expect(meanSignalDbm(ap, { x: 2, y: 0 })).toBe(-30); // distances under 1 m count as 1 m
  });

  test('fading is seeded: same seed and scan index give the same sample, and it varies between scans', () => {
    const ap = { ...smallWorld().sites[0]!.accessPoints[0]!, signal: { position: { x: 0, y: 0 }, referenceDbm: -30, pathLossExponent: 3, fadingDb: 6 } };
    const at = { x: 10, y: 0 };
    const samples = Array.from({ length: 20 }, (_, index) => sampledSignalDbm(42, ap, at, index));
    expect(Array.from({ length: 20 }, (_, index) => sampledSignalDbm(42, ap, at, index))).toEqual(samples);
    expect(new Set(samples).size).toBeGreaterThan(3);
    expect(samples.map((_, index) => sampledSignalDbm(43, ap, at, index))).not.toEqual(samples);
  });

  test('two drivers on the same world give equal scans, scan after scan', async () => {
    const world = await loadWorld(demoFile);
    const a = driverOn(world, new ManualClock(0));
    const b = driverOn(world, new ManualClock(0));
    const scansA: Bss[][] = [];
    const scansB: Bss[][] = [];
    for (let i = 0; i < 5; i++) {
      scansA.push(await a.scan());
      scansB.push(await b.scan());
    }
    expect(scansA).toEqual(scansB);
    expect(scansA[0]!.length).toBeGreaterThan(0);
    // Fading changes with the scan index, so later scans differ from the first somewhere.
    expect(scansA.slice(1).some((scan) => JSON.stringify(scan) !== JSON.stringify(scansA[0]))).toBe(true);
  });
});

describe('position', () => {
  test('moveTo changes what is in range and tells listeners; an unknown site is SITE_NOT_FOUND', async () => {
    const driver = driverOn();
    let moves = 0;
    const unsubscribe = driver.onPositionChange(() => moves++);
    driver.moveTo('street');
    expect(driver.position()).toEqual({ siteId: 'street', x: 0, y: 0 });
    expect((await driver.scan()).map((b) => b.bssid)).toEqual([BSSID.street]);
    expect(moves).toBe(1);

    expect(() => driver.moveTo('mars')).toThrow(expect.objectContaining({ code: 'SITE_NOT_FOUND', hint: expect.stringContaining('lobby') }));
    expect(driver.position().siteId).toBe('street');
    unsubscribe();
    driver.moveTo('lobby');
    expect(moves).toBe(1);
    expect((await driver.scan()).map((b) => b.bssid)).toContain(BSSID.good);
  });

  test('follows the track on the clock, in transit between sites', async () => {
    const input = smallWorldInput();
    input.device.track = [
      { siteId: 'lobby', position: { x: 0, y: 0 }, atSeconds: 0 },
      { siteId: 'lobby', position: { x: 10, y: 20 }, atSeconds: 100 },
      { siteId: 'street', position: { x: 4, y: 4 }, atSeconds: 200 },
      { siteId: 'street', position: { x: 8, y: 4 }, atSeconds: 300 },
    ];
    const clock = new ManualClock(1_000_000);
    const driver = driverOn(WorldSpec.parse(input), clock);

    expect(driver.position()).toEqual({ siteId: 'lobby', x: 0, y: 0 });
    clock.advance(50_000);
    expect(driver.position()).toEqual({ siteId: 'lobby', x: 5, y: 10 });
    clock.advance(50_000);
    expect(driver.position()).toEqual({ siteId: 'lobby', x: 10, y: 20 });

    clock.advance(50_000); // 150 s: between the lobby and the street
    expect(driver.position().siteId).toBeNull();
    expect(await driver.scan()).toEqual([]);

    clock.advance(75_000); // 225 s: a quarter of the way along the street
    expect(driver.position()).toEqual({ siteId: 'street', x: 5, y: 4 });
    expect((await driver.scan()).map((b) => b.bssid)).toEqual([BSSID.street]);

    clock.advance(1_000_000); // long after the track ends: stays at its last point
    expect(driver.position()).toEqual({ siteId: 'street', x: 8, y: 4 });
  });

  test('a move by request overrides the track', () => {
    const input = smallWorldInput();
    input.device.track = [
      { siteId: 'lobby', position: { x: 0, y: 0 }, atSeconds: 0 },
      { siteId: 'street', position: { x: 0, y: 0 }, atSeconds: 10 },
    ];
    const clock = new ManualClock(0);
    const driver = driverOn(WorldSpec.parse(input), clock);
    driver.moveTo('lobby');
    clock.advance(60_000);
    expect(driver.position().siteId).toBe('lobby');
  });
});

describe('associate', () => {
  test('an open access point in range links, and the link is reported until disassociation', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1), true);
    const driver = driverOn(smallWorld(), clock);
    const link = await driver.associate({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby') });
    expect(link).toEqual({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby'), associatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await driver.currentLink()).toEqual(link);
    expect(driver.associatedAccessPoint()?.bssid).toBe(BSSID.good);
    await driver.disassociate();
    expect(await driver.currentLink()).toBeNull();
    expect(driver.associatedAccessPoint()).toBeUndefined();
  });

  test('association takes the access point’s association time on the clock', async () => {
    const clock = new ManualClock(0);
    const driver = driverOn(smallWorld(), clock);
    const pending = driver.associate({ bssid: BSSID.slow, ssidHex: ssidToHex('Slow') });
    await clock.whenSleeping();
    expect(await driver.currentLink()).toBeNull();
    clock.advance(4999);
    expect(clock.pendingSleeps).toBe(1);
    clock.advance(1);
    await expect(pending).resolves.toMatchObject({ bssid: BSSID.slow, associatedAt: new Date(5000).toISOString() });
  });

  test('an aborted association leaves no link', async () => {
    const clock = new ManualClock(0);
    const driver = driverOn(smallWorld(), clock);
    const controller = new AbortController();
    const pending = driver.associate({ bssid: BSSID.slow, ssidHex: ssidToHex('Slow'), signal: controller.signal });
    await clock.whenSleeping();
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await driver.currentLink()).toBeNull();
  });

  test('enterprise needs a profile', async () => {
    await expect(driverOn().associate({ bssid: BSSID.enterprise, ssidHex: ssidToHex('Staff') })).rejects.toMatchObject({ code: 'EAP_PROFILE_MISSING' });
  });

  test('personal security needs the right passphrase', async () => {
    const driver = driverOn();
    const ssidHex = ssidToHex('Private');
    await expect(driver.associate({ bssid: BSSID.psk, ssidHex })).rejects.toMatchObject({ code: 'CREDENTIALS_REQUIRED' });
    await expect(driver.associate({ bssid: BSSID.psk, ssidHex, passphrase: 'wrong horse battery' })).rejects.toMatchObject({ code: 'CREDENTIALS_REJECTED' });
    expect(await driver.currentLink()).toBeNull();
    await expect(driver.associate({ bssid: BSSID.psk, ssidHex, passphrase: PSK_PASSPHRASE })).resolves.toMatchObject({ bssid: BSSID.psk });
  });

  test('success probability 0 is always rejected, 1 always links', async () => {
    const never = driverOn(lotteryWorld(0));
    const always = driverOn(lotteryWorld(1));
    for (let i = 0; i < 25; i++) {
      await expect(never.associate({ bssid: '02:00:00:00:0f:01', ssidHex: ssidToHex('Lottery') })).rejects.toMatchObject({ code: 'ASSOCIATION_REJECTED' });
      await expect(always.associate({ bssid: '02:00:00:00:0f:01', ssidHex: ssidToHex('Lottery') })).resolves.toMatchObject({ bssid: '02:00:00:00:0f:01' });
    }
    expect(await never.currentLink()).toBeNull();
  });

  test('an access point at another site, or unknown, is out of range', async () => {
    const driver = driverOn();
    await expect(driver.associate({ bssid: BSSID.street, ssidHex: ssidToHex('Street') })).rejects.toMatchObject({ code: 'NETWORK_OUT_OF_RANGE' });
    await expect(driver.associate({ bssid: '02:99:99:99:99:99', ssidHex: '00' })).rejects.toMatchObject({ code: 'NETWORK_OUT_OF_RANGE' });
    expect(await driver.currentLink()).toBeNull();
  });

  test('over many attempts, the success rate approximates the access point’s probability', async () => {
    const outcomes = async (world: WorldSpec) => {
      const driver = driverOn(world);
      const results: boolean[] = [];
      for (let i = 0; i < 400; i++) {
        try {
          await driver.associate({ bssid: '02:00:00:00:0f:01', ssidHex: ssidToHex('Lottery') });
          results.push(true);
          await driver.disassociate();
        } catch (error) {
          expect(error).toMatchObject({ code: 'ASSOCIATION_REJECTED' });
          results.push(false);
        }
      }
      return results;
    };
    for (const p of [0.3, 0.8]) {
      const results = await outcomes(lotteryWorld(p));
      const rate = results.filter(Boolean).length / results.length;
      expect(Math.abs(rate - p)).toBeLessThanOrEqual(0.08);
      // The luck is seeded: the same world replays the same outcomes.
      expect(await outcomes(lotteryWorld(p))).toEqual(results);
    }
  });

  test('the link is lost when the device walks out of range', async () => {
    const clock = new ManualClock(0);
    const driver = driverOn(smallWorld(), clock);
    await driver.associate({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby') });
    driver.moveTo('street');
    expect(await driver.currentLink()).toBeNull();
    driver.moveTo('lobby');
    // Coming back does not re-associate by itself.
    expect(await driver.currentLink()).toBeNull();
  });

  test('the link is lost when the signal gets too weak at the same site', async () => {
    const input = smallWorldInput();
    input.device.track = [
      { siteId: 'lobby', position: { x: 0, y: 0 }, atSeconds: 0 },
      { siteId: 'lobby', position: { x: 5000, y: 0 }, atSeconds: 100 },
    ];
    const clock = new ManualClock(0);
    const driver = driverOn(WorldSpec.parse(input), clock);
    await driver.associate({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby') });
    clock.advance(1_000);
    expect(await driver.currentLink()).not.toBeNull();
    clock.advance(99_000);
    expect(await driver.currentLink()).toBeNull();
  });
});

describe('simulation state', () => {
  test('FileSimulationState carries the link and the move to a new driver', async () => {
    const file = path.join(tempDir(), 'sim', 'state.json');
    const world = smallWorld();
    const clock = new ManualClock(0, true);
    const first = new SimulatedDriver({ world, clock, state: new FileSimulationState(file) });
    const link = await first.associate({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby') });

    const second = new SimulatedDriver({ world, clock, state: new FileSimulationState(file) });
    expect(await second.currentLink()).toEqual(link);
    expect(second.associatedAccessPoint()?.bssid).toBe(BSSID.good);

    second.moveTo('street');
    const third = new SimulatedDriver({ world, clock, state: new FileSimulationState(file) });
    expect(third.position().siteId).toBe('street');
    expect(await third.currentLink()).toBeNull();
  });

  test('the attempt counter persists, so a restarted driver does not replay the same luck', async () => {
    const file = path.join(tempDir(), 'state.json');
    const world = lotteryWorld(0.5, 3);
    const clock = new ManualClock(0, true);
    const run = async (driver: SimulatedDriver, n: number) => {
      const results: boolean[] = [];
      for (let i = 0; i < n; i++) results.push(await driver.associate({ bssid: '02:00:00:00:0f:01', ssidHex: '00' }).then(() => true, () => false));
      return results;
    };
    const continuous = await run(driverOn(world), 40);
    const firstHalf = await run(new SimulatedDriver({ world, clock, state: new FileSimulationState(file) }), 20);
    const secondHalf = await run(new SimulatedDriver({ world, clock, state: new FileSimulationState(file) }), 20);
    expect([...firstHalf, ...secondHalf]).toEqual(continuous);
  });

  test('a damaged state file, or one from another world, starts the radio fresh', async () => {
    const file = path.join(tempDir(), 'state.json');
    writeFileSync(file, '{ not json');
    const driver = new SimulatedDriver({ world: smallWorld(), clock: new ManualClock(0), state: new FileSimulationState(file) });
    expect(await driver.currentLink()).toBeNull();
    expect(driver.position().siteId).toBe('lobby');

    writeFileSync(file, JSON.stringify({ startedAt: 0, link: { bssid: '02:99:99:99:99:99', ssidHex: '00', associatedAt: 'x' }, override: null, attempts: {}, scans: 0 }));
    const other = new SimulatedDriver({ world: smallWorld(), clock: new ManualClock(0), state: new FileSimulationState(file) });
    expect(await other.currentLink()).toBeNull();
    expect(new FileSimulationState(file).load()?.link).toBeNull();
  });
});
