import { afterEach, describe, expect, test } from 'vitest';
import type { ConnectionState } from '../../preload/contract.js';
import { AttemptsRepository } from '../../main/engine/cache/attempts-repository.js';
import { ssidToHex } from '../../main/engine/wifi/bss.js';
import { pskSecretKey } from '../../main/engine/wifi/network-scanner.js';
import { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { type EngineRig, type EngineRigOptions, startEngineRig } from '../support/engine-rig.js';
import { ManualClock } from '../support/manual-clock.js';
import { BSSID, PSK_PASSPHRASE, smallWorldInput } from '../support/small-world.js';
import { tempDir } from '../support/temp-dir.js';

const rigs: EngineRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0).reverse()) await rig.close();
});

async function rig(options: Partial<EngineRigOptions> = {}): Promise<EngineRig> {
  const started = await startEngineRig({ dir: options.dir ?? tempDir(), ...options });
  rigs.push(started);
  return started;
}

/** Phases in order, with repeats (timeline updates within a phase) collapsed. */
function phases(changes: ConnectionState[]): string[] {
  return changes.map((state) => state.phase).filter((phase, i, all) => phase !== all[i - 1]);
}

describe('connect', () => {
  test('a good access point goes online through associate and verify, and the attempt is recorded', async () => {
    const { engine, driver, db, changes } = await rig();
    const state = await engine.handlers['connection.connect']({ target: BSSID.good });

    expect(state.phase).toBe('online');
    expect(state.error).toBeNull();
    expect(state.network).toEqual({ ssid: 'Lobby', bssid: BSSID.good, band: '5GHz', security: 'open', provider: { id: 'lobbynet', name: 'LobbyNet' } });
    expect(state.timeline.map(({ stage, status }) => ({ stage, status }))).toEqual([
      { stage: 'associate', status: 'succeeded' },
      { stage: 'verify', status: 'succeeded' },
    ]);
    expect(state.timeline[0]!.detail).toContain(BSSID.good);
    expect(state.timeline[1]!.detail).toBe('the internet answered');
    expect((await driver.currentLink())?.bssid).toBe(BSSID.good);

    const row = new AttemptsRepository(db).lastFor(BSSID.good)!;
    expect(row).toMatchObject({ id: state.attemptId, outcome: 'online', errorCode: null, ssid: 'Lobby', ssidHex: ssidToHex('Lobby'), providerId: 'lobbynet' });
    expect(row.timeToOnlineMs).toEqual(expect.any(Number));
    expect(row.timeToOnlineMs).toBeGreaterThanOrEqual(0);
    expect(row.endedAt).not.toBeNull();
    expect(row.stages.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);

    expect(phases(changes)).toEqual(['connecting', 'online']);
    expect(changes[0]).toMatchObject({ phase: 'connecting', timeline: [], attemptId: state.attemptId });
    expect(await engine.handlers['connection.get']({})).toEqual(state);
  });

  test('time to online counts the association time on the clock', async () => {
    const input = smallWorldInput();
    input.sites[0]!.accessPoints[0]!.truth.associationMs = 1234;
    const { engine, db } = await rig({ world: WorldSpec.parse(input), clock: new ManualClock(0, true) });
    const state = await engine.handlers['connection.connect']({ target: BSSID.good });
    expect(state.phase).toBe('online');
    expect(state.timeline[0]!.durationMs).toBe(1234);
    expect(new AttemptsRepository(db).lastFor(BSSID.good)!.timeToOnlineMs).toBe(1234);
  });

  test('an SSID picks its strongest access point', async () => {
    const { engine } = await rig();
    const state = await engine.handlers['connection.connect']({ target: 'Lobby' });
    expect(state.network?.bssid).toBe(BSSID.good); // 2 m away, not the one at 40 m
  });

  test('an access point whose uplink is down fails with NO_INTERNET and is left', async () => {
    const { engine, driver, db } = await rig();
    const state = await engine.handlers['connection.connect']({ target: BSSID.deadUplink });
    expect(state.phase).toBe('failed');
    expect(state.error?.code).toBe('NO_INTERNET');
    expect(state.timeline.map(({ stage, status }) => ({ stage, status }))).toEqual([
      { stage: 'associate', status: 'succeeded' },
      { stage: 'verify', status: 'failed' },
    ]);
    expect(await driver.currentLink()).toBeNull();
    expect(new AttemptsRepository(db).lastFor(BSSID.deadUplink)).toMatchObject({ outcome: 'failed', errorCode: 'NO_INTERNET', timeToOnlineMs: null });
  });

  test('an access point that turns devices away fails with ASSOCIATION_REJECTED', async () => {
    const { engine, driver, db } = await rig();
    const state = await engine.handlers['connection.connect']({ target: 'Broken' });
    expect(state.phase).toBe('failed');
    expect(state.error).toMatchObject({ code: 'ASSOCIATION_REJECTED', hint: expect.any(String) });
    expect(state.timeline.map(({ stage, status }) => `${stage}:${status}`)).toEqual(['associate:failed']);
    expect(await driver.currentLink()).toBeNull();
    expect(new AttemptsRepository(db).lastFor(BSSID.broken)).toMatchObject({ outcome: 'failed', errorCode: 'ASSOCIATION_REJECTED' });
  });

  test('an enterprise network fails with EAP_PROFILE_MISSING', async () => {
    const { engine } = await rig();
    const state = await engine.handlers['connection.connect']({ target: 'Staff' });
    expect(state).toMatchObject({ phase: 'failed', error: { code: 'EAP_PROFILE_MISSING' } });
  });

  test('an unknown target throws NETWORK_NOT_FOUND and starts no attempt', async () => {
    const { engine, db, changes } = await rig();
    await expect(engine.handlers['connection.connect']({ target: 'Nowhere' })).rejects.toMatchObject({ code: 'NETWORK_NOT_FOUND', hint: expect.stringContaining('Lobby') });
    await expect(engine.handlers['connection.connect']({ target: BSSID.street })).rejects.toMatchObject({ code: 'NETWORK_NOT_FOUND' });
    expect(new AttemptsRepository(db).recent(10)).toEqual([]);
    expect(changes).toEqual([]);
  });

  test('a passphrase is saved under wifi-psk:<ssidHex> only once it worked', async () => {
    const { engine, secrets } = await rig();
    const key = pskSecretKey(ssidToHex('Private'));
    expect(key).toBe(`wifi-psk:${ssidToHex('Private')}`);

    await expect(engine.handlers['connection.connect']({ target: 'Private' })).rejects.toMatchObject({ code: 'CREDENTIALS_REQUIRED' });

    const wrong = await engine.handlers['connection.connect']({ target: 'Private', passphrase: 'not the password' });
    expect(wrong).toMatchObject({ phase: 'failed', error: { code: 'CREDENTIALS_REJECTED' } });
    expect(await secrets.get(key)).toBeUndefined();

    const right = await engine.handlers['connection.connect']({ target: 'Private', passphrase: PSK_PASSPHRASE });
    expect(right.phase).toBe('online');
    expect(await secrets.get(key)).toBe(PSK_PASSPHRASE);

    // The saved passphrase is used next time, and the scan no longer asks for one.
    await engine.handlers['connection.disconnect']({});
    expect((await engine.handlers['connection.connect']({ target: 'Private' })).phase).toBe('online');
    const view = (await engine.handlers['wifi.scan']({})).networks.find((n) => n.ssid === 'Private')!;
    expect(view.needsPassphrase).toBe(false);
  });

  test('a new connect cancels the one in flight', async () => {
    const clock = new ManualClock(0);
    const { engine, db, driver } = await rig({ clock });
    const first = engine.handlers['connection.connect']({ target: 'Slow' });
    await clock.whenSleeping();
    const second = await engine.handlers['connection.connect']({ target: BSSID.good });

    const firstState = await first;
    expect(firstState.timeline.map(({ stage, status }) => `${stage}:${status}`)).toEqual(['associate:cancelled']);
    expect(second.phase).toBe('online');
    expect(second.network?.bssid).toBe(BSSID.good);
    const attempts = new AttemptsRepository(db);
    expect(attempts.lastFor(BSSID.slow)).toMatchObject({ outcome: 'cancelled', errorCode: 'CANCELLED', timeToOnlineMs: null });
    expect(attempts.lastFor(BSSID.good)).toMatchObject({ outcome: 'online' });
    expect((await driver.currentLink())?.bssid).toBe(BSSID.good);
    expect(clock.pendingSleeps).toBe(0);
  });

  test('disconnect cancels an attempt in flight and leaves the radio idle', async () => {
    const clock = new ManualClock(0);
    const { engine, db, driver } = await rig({ clock });
    const pending = engine.handlers['connection.connect']({ target: 'Slow' });
    await clock.whenSleeping();
    const state = await engine.handlers['connection.disconnect']({});
    await pending;
    expect(state).toMatchObject({ phase: 'idle', network: null, error: null });
    expect(new AttemptsRepository(db).lastFor(BSSID.slow)).toMatchObject({ outcome: 'cancelled' });
    expect(await driver.currentLink()).toBeNull();
  });
});

describe('disconnect', () => {
  test('goes through disconnecting to idle and drops the link', async () => {
    const { engine, driver, changes } = await rig();
    await engine.handlers['connection.connect']({ target: BSSID.good });
    changes.length = 0;
    const state = await engine.handlers['connection.disconnect']({});
    expect(state).toMatchObject({ phase: 'idle', network: null, attemptId: null, timeline: [], error: null });
    expect(phases(changes)).toEqual(['disconnecting', 'idle']);
    expect(await driver.currentLink()).toBeNull();
    expect(driver.associatedAccessPoint()).toBeUndefined();
  });

  test('when already idle, emits nothing but idle', async () => {
    const { engine, changes } = await rig();
    expect((await engine.handlers['connection.disconnect']({})).phase).toBe('idle');
    expect(phases(changes)).toEqual(['idle']);
  });
});

describe('restore and link loss', () => {
  test('a restarted engine on the same radio state and cache reports online', async () => {
    const dir = tempDir();
    const first = await rig({ dir });
    const online = await first.engine.handlers['connection.connect']({ target: BSSID.good });
    expect(online.phase).toBe('online');
    await first.close();
    rigs.splice(rigs.indexOf(first), 1);

    const second = await rig({ dir });
    const restored = await second.engine.handlers['connection.get']({});
    expect(restored).toMatchObject({ phase: 'online', attemptId: online.attemptId, network: { bssid: BSSID.good, ssid: 'Lobby', provider: { id: 'lobbynet' } } });
    expect(restored.timeline.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
  });

  test('a restored link whose last attempt did not reach online is not reported online', async () => {
    const dir = tempDir();
    const first = await rig({ dir });
    await first.driver.associate({ bssid: BSSID.good, ssidHex: ssidToHex('Lobby') });
    await first.close();
    rigs.splice(rigs.indexOf(first), 1);
    const second = await rig({ dir });
    expect(await second.engine.handlers['connection.get']({})).toMatchObject({ phase: 'idle', network: { bssid: BSSID.good } });
  });

  test('moving away while online fails the connection with NETWORK_OUT_OF_RANGE', async () => {
    const { engine, driver } = await rig();
    await engine.handlers['connection.connect']({ target: BSSID.good });
    driver.moveTo('street');
    await engine.connection.checkLink();
    expect(engine.connection.state()).toMatchObject({ phase: 'failed', error: { code: 'NETWORK_OUT_OF_RANGE' }, network: { bssid: BSSID.good } });
  });

  test('simulation.moveTo notices the lost link and publishes the new scan', async () => {
    const { engine } = await rig();
    const scans: string[][] = [];
    const moves: Array<string | null> = [];
    engine.events.on('networks.changed', (result) => scans.push(result.networks.map((n) => n.bssid)));
    engine.events.on('simulation.changed', (state) => moves.push(state.currentSiteId));
    await engine.handlers['connection.connect']({ target: BSSID.good });
    const simulation = await engine.handlers['simulation.moveTo']({ siteId: 'street' });
    expect(simulation).toMatchObject({ worldName: 'Test world', currentSiteId: 'street' });
    expect(moves).toEqual(['street']);
    expect(scans.at(-1)).toEqual([BSSID.street]);
    expect((await engine.handlers['connection.get']({})).error?.code).toBe('NETWORK_OUT_OF_RANGE');
    await expect(engine.handlers['simulation.moveTo']({ siteId: 'mars' })).rejects.toMatchObject({ code: 'SITE_NOT_FOUND' });
  });

  test('a new attempt that starts while checkLink looks at the radio is not failed as "out of range"', async () => {
    const { engine, driver, changes } = await rig();
    await engine.handlers['connection.connect']({ target: BSSID.good });
    driver.moveTo('street');
    // The radio answers slowly, so the user's next connect begins while checkLink waits for it.
    const currentLink = driver.currentLink.bind(driver);
    driver.currentLink = async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return currentLink();
    };
    const checking = engine.connection.checkLink();
    const next = await engine.handlers['connection.connect']({ target: BSSID.street });
    await checking;
    expect(next.phase).toBe('online');
    const attempt = next.attemptId;
    expect(changes.filter((state) => state.attemptId === attempt).map((state) => state.phase)).not.toContain('failed');
    expect(engine.connection.state()).toMatchObject({ phase: 'online', network: { bssid: BSSID.street } });
  });

  test('checkLink leaves a healthy connection alone', async () => {
    const { engine } = await rig();
    await engine.handlers['connection.connect']({ target: BSSID.good });
    await engine.connection.checkLink();
    expect(engine.connection.state().phase).toBe('online');
  });
});

describe('the engine’s path to the internet', () => {
  test('the gateway refuses traffic while not associated and forwards it while associated', async () => {
    const { engine, http, uplink } = await rig();
    await expect(http.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();
    await engine.handlers['connection.connect']({ target: BSSID.good });
    expect((await http.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).status).toBe(204);
    await engine.handlers['connection.disconnect']({});
    await expect(http.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();
  });
});

describe('the rest of the engine', () => {
  test('app.info, wifi.scan and simulation.get describe this engine', async () => {
    const { engine } = await rig();
    expect(await engine.handlers['app.info']({})).toMatchObject({ name: 'Roamdesk', host: 'node', wifiDriver: 'simulated', simulated: true, version: '0.0.0-test' });
    const scan = await engine.handlers['wifi.scan']({});
    expect(scan.networks.find((n) => n.bssid === BSSID.good)).toMatchObject({ provider: { id: 'lobbynet', name: 'LobbyNet' }, needsPassphrase: false });
    expect(scan.networks.find((n) => n.bssid === BSSID.psk)).toMatchObject({ provider: null, needsPassphrase: true });
    expect(await engine.handlers['simulation.get']({})).toEqual({
      worldName: 'Test world',
      sites: [
        { id: 'lobby', name: 'Hotel lobby', kind: 'hotel' },
        { id: 'street', name: 'Street', kind: 'other' },
      ],
      currentSiteId: 'lobby',
    });
  });
});
