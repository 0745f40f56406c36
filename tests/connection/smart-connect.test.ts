/**
 * SmartConnect end to end inside the engine, on real parts: the simulated radio, HTTP
 * through the loopback uplink, and a real SQLite cache that learns from every attempt.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { AttemptsRepository } from '../../main/engine/cache/attempts-repository.js';
import { BlocklistRepository } from '../../main/engine/cache/blocklist-repository.js';
import { ObservationsRepository } from '../../main/engine/cache/observations-repository.js';
import { WorldSpec, type WorldInput } from '../../main/engine/wifi/simulated/world-schema.js';
import { type EngineRig, startEngineRig } from '../support/engine-rig.js';
import { tempDir } from '../support/temp-dir.js';

const LOUD_BROKEN = '02:00:00:00:0a:01';
const QUIET_GOOD = '02:00:00:00:0a:02';
const STAFF = '02:00:00:00:0a:03';
const PRIVATE = '02:00:00:00:0a:04';

type Ap = WorldInput['sites'][number]['accessPoints'][number];
const ap = (bssid: string, x: number, extra: Partial<Ap> & { successProbability?: number } = {}): Ap => {
  const { successProbability = 1, ...rest } = extra;
  return {
    ssid: 'Gate',
    bssid,
    provider: 'gatenet',
    band: '5GHz',
    channel: 36,
    standard: '802.11ax',
    security: 'open',
    signal: { position: { x, y: 0 }, fadingDb: 0 },
    truth: { successProbability, throughputMbps: 50, uplink: 'ok', associationMs: 0 },
    ...rest,
  };
};

function gateWorld(): WorldSpec {
  return WorldSpec.parse({
    name: 'Gate world',
    seed: 3,
    providers: [{ id: 'gatenet', name: 'GateNet' }],
    sites: [
      {
        id: 'gate',
        name: 'Gate B12',
        kind: 'airport',
        location: { lat: 50.05, lon: 8.57 },
        accessPoints: [
          ap(LOUD_BROKEN, 1, { successProbability: 0 }),
          ap(QUIET_GOOD, 9, { channel: 44 }),
          ap(STAFF, 2, { ssid: 'Staff', provider: undefined, channel: 100, security: 'wpa2-enterprise' }),
          ap(PRIVATE, 2, { ssid: 'Private', provider: undefined, channel: 149, security: 'wpa2-personal', passphrase: 'not-known-here' }),
        ],
      },
    ],
    device: { track: [{ siteId: 'gate', position: { x: 0, y: 0 }, atSeconds: 0 }] },
  });
}

const rigs: EngineRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});
async function rig(options: { autoConnect?: boolean; world?: WorldSpec } = {}): Promise<EngineRig> {
  const started = await startEngineRig({ dir: tempDir(), world: options.world ?? gateWorld(), autoConnect: options.autoConnect ?? false });
  rigs.push(started);
  return started;
}

describe('SmartConnect', () => {
  test('ranks what can be joined and says why the rest cannot', async () => {
    const { engine } = await rig();
    const result = await engine.handlers['selection.rank']({});
    expect(result.ranked.map((n) => n.bssid).sort()).toEqual([LOUD_BROKEN, QUIET_GOOD].sort());
    const skipped = Object.fromEntries(result.skipped.map((n) => [n.bssid, n.code]));
    expect(skipped[STAFF]).toBe('ENTERPRISE_PROFILE_MISSING');
    expect(skipped[PRIVATE]).toBe('NO_CREDENTIALS');
    // With no history the louder access point leads, and the explanation says so term by term.
    expect(result.ranked[0]!.bssid).toBe(LOUD_BROKEN);
    expect(result.ranked[0]!.terms.map((t) => t.name)).toContain('signal');
    expect(result.explanation.join('\n')).toContain(LOUD_BROKEN);
    expect(result.decision.action).toBe('connect');
  });

  test('connectBest tries the next access point when the best-ranked one fails, and the cache learns', async () => {
    const { engine, db } = await rig();
    const state = await engine.handlers['connection.connectBest']({});
    expect(state.phase).toBe('online');
    expect(state.network?.bssid).toBe(QUIET_GOOD);

    const attempts = new AttemptsRepository(db);
    expect(attempts.lastFor(LOUD_BROKEN)?.outcome).toBe('failed');
    expect(attempts.lastFor(QUIET_GOOD)?.outcome).toBe('online');
    const observations = new ObservationsRepository(db);
    expect(observations.history(LOUD_BROKEN)).toMatchObject({ attempts: 1, successes: 0, consecutiveFailures: 1 });
    expect(observations.history(QUIET_GOOD)).toMatchObject({ attempts: 1, successes: 1, consecutiveFailures: 0 });

    // What it learnt moves the quiet, working access point above the loud, broken one.
    const after = await engine.handlers['selection.rank']({});
    const order = after.ranked.map((n) => n.bssid);
    expect(order.indexOf(QUIET_GOOD)).toBeLessThan(order.indexOf(LOUD_BROKEN));
    const broken = after.ranked.find((n) => n.bssid === LOUD_BROKEN)!;
    const good = after.ranked.find((n) => n.bssid === QUIET_GOOD)!;
    expect(good.successRate).toBeGreaterThan(broken.successRate);
  });

  test('four failures in a row blocklist the access point, and the ranking skips it', async () => {
    const { engine, db } = await rig();
    for (let i = 1; i <= 3; i++) {
      expect((await engine.handlers['connection.connect']({ target: LOUD_BROKEN })).phase).toBe('failed');
      expect(new BlocklistRepository(db).get(LOUD_BROKEN)).toBeNull();
    }
    expect((await engine.handlers['connection.connect']({ target: LOUD_BROKEN })).phase).toBe('failed');
    const block = new BlocklistRepository(db).get(LOUD_BROKEN);
    expect(block).toMatchObject({ bssid: LOUD_BROKEN, streak: 1 });

    const result = await engine.handlers['selection.rank']({});
    expect(result.ranked.map((n) => n.bssid)).toEqual([QUIET_GOOD]);
    expect(result.skipped.find((n) => n.bssid === LOUD_BROKEN)?.code).toBe('BLOCKLISTED');
  });

  test('with autoConnect, a lost link is replaced by the best network in view; without it, the device stays off', async () => {
    const twoSites = (): WorldSpec => {
      const world = gateWorld();
      world.sites.push({ ...world.sites[0]!, id: 'lounge', name: 'Lounge', accessPoints: [{ ...world.sites[0]!.accessPoints[1]!, ssid: 'Lounge', bssid: '02:00:00:00:0b:01' }] });
      return WorldSpec.parse(world);
    };
    for (const autoConnect of [true, false]) {
      const { engine } = await rig({ autoConnect, world: twoSites() });
      expect((await engine.handlers['connection.connect']({ target: QUIET_GOOD })).phase).toBe('online');
      await engine.handlers['simulation.moveTo']({ siteId: 'lounge' });
      const state = await engine.handlers['connection.get']({});
      if (autoConnect) {
        expect(state.phase).toBe('online');
        expect(state.network?.bssid).toBe('02:00:00:00:0b:01');
      } else {
        expect(state.phase).toBe('failed');
        expect(state.error?.code).toBe('NETWORK_OUT_OF_RANGE');
      }
    }
  });
});
