/**
 * Sign-in without typing, end to end inside the engine: the demo world's captive hotspots
 * (hotspot-in-a-box on loopback, behind the simulated gateway) and the connection manager's
 * sign-in stage over real HTTP and HTTPS with certificate validation. Each flow and each
 * refusal is checked against what the gateway itself counted.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../../main/engine/ports/clock.js';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { type EngineRig, startEngineRig } from '../support/engine-rig.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

const demo = WorldSpec.parse(JSON.parse(readFileSync(new URL('../../assets/worlds/demo.json', import.meta.url), 'utf8')));
const bssidOf = (ssid: string) => demo.sites.flatMap((s) => s.accessPoints).find((a) => a.ssid === ssid)!.bssid;
const SKYFI = '02:5c:01:00:00:01';
const HOTEL = bssidOf('StayBright-Guest');
const CITYWAVE = bssidOf('CityWave');
const BEANBAR = bssidOf('BeanBar Free WiFi');
const ACME_GUEST = bssidOf('Acme-Guest');

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The demo world with its portals; provider logins seeded as the host does. */
async function demoRig(options: { realClock?: boolean } = {}): Promise<EngineRig> {
  const secrets = new MemorySecretStore();
  rig = await startEngineRig({
    dir: tempDir('roamdesk-portal-'),
    world: demo,
    secrets,
    portals: true,
    clock: options.realClock ? systemClock : new ManualClock(undefined, true),
    personSignIn: { timeoutMs: 20_000, probeEveryMs: 150 },
  });
  for (const login of demo.device.providerLogins) await rig.engine.handlers['portal.credentials.set']({ providerId: login.provider, username: login.username, password: login.password });
  return rig;
}

const stages = (rig: EngineRig) => rig.engine.connection.state().timeline.map((s) => `${s.stage}:${s.status}`);
const hotspot = (rig: EngineRig, bssid: string) => rig.portals!.hotspots.get(bssid)!;

describe('captive sign-in', () => {
  test('WISPr at the airport: signed in with the realm-prefixed login, online, and signed out on disconnect', async () => {
    const r = await demoRig();
    const state = await r.engine.handlers['connection.connect']({ target: SKYFI });
    expect(state.phase).toBe('online');
    expect(stages(r)).toEqual(['associate:succeeded', 'verify:succeeded', 'sign-in:succeeded', 'verify:succeeded']);
    expect(state.portal).toMatchObject({ kind: 'wispr', canLogOff: true });
    expect(hotspot(r, SKYFI).stats()).toMatchObject({ logins: 1, rejects: 0, insecureCredentialPosts: 0, offDomainCredentialPosts: 0 });
    expect(hotspot(r, SKYFI).signedIn()).toBe(true);

    await r.engine.handlers['connection.disconnect']({});
    expect(hotspot(r, SKYFI).stats().logoffs).toBe(1);
    expect(hotspot(r, SKYFI).signedIn()).toBe(false);
  });

  test('pending then success: no saved login fails with a way out; once saved, the result URL is polled until online', async () => {
    const r = await demoRig();
    r.driver.moveTo('hotel');
    const missing = await r.engine.handlers['connection.connect']({ target: HOTEL });
    expect(missing.phase).toBe('failed');
    expect(missing.error).toMatchObject({ code: 'PORTAL_CREDENTIALS_MISSING', hint: expect.stringContaining('Sign-in details') });

    const list = await r.engine.handlers['portal.credentials.set']({ providerId: 'staybright', username: 'guest-4711', password: 'room-4711' });
    expect(list.providers.find((p) => p.providerId === 'staybright')).toEqual({ providerId: 'staybright', name: 'StayBright Hotels', realmPrefix: null, username: 'guest-4711', hasPassword: true });
    expect(JSON.stringify(list)).not.toContain('room-4711');

    const state = await r.engine.handlers['connection.connect']({ target: HOTEL });
    expect(state.phase).toBe('online');
    expect(state.timeline.find((s) => s.stage === 'sign-in')?.detail).toMatch(/after 2 result polls/);
    expect(hotspot(r, HOTEL).stats()).toMatchObject({ logins: 1, polls: 2, pollsWithCredentials: 0 });
  });

  test('a rejected login fails with PORTAL_LOGIN_REJECTED and leaves the access point', async () => {
    const r = await demoRig();
    r.driver.moveTo('cafe');
    const state = await r.engine.handlers['connection.connect']({ target: CITYWAVE });
    expect(state.phase).toBe('failed');
    expect(state.error?.code).toBe('PORTAL_LOGIN_REJECTED');
    expect(state.timeline.map((s) => `${s.stage}:${s.status}`)).toEqual(['associate:succeeded', 'verify:succeeded', 'sign-in:failed']);
    expect(hotspot(r, CITYWAVE).stats().rejects).toBe(1);
    expect(await r.driver.currentLink()).toBeNull();
  });

  test.each([
    ['offDomainLoginUrl', 'PORTAL_LOGIN_HOST_NOT_ALLOWED', 'offDomainCredentialPosts'],
    ['httpOnlyLoginUrl', 'PORTAL_LOGIN_URL_NOT_HTTPS', 'insecureCredentialPosts'],
  ] as const)('a %s is refused (%s) and the password never leaves the device', async (fault, code, counter) => {
    const r = await demoRig();
    hotspot(r, SKYFI).setFaults({ [fault]: true });
    const state = await r.engine.handlers['connection.connect']({ target: SKYFI });
    expect(state.phase).toBe('failed');
    expect(state.error?.code).toBe(code);
    expect(hotspot(r, SKYFI).stats()).toMatchObject({ loginAttempts: 0, [counter]: 0 });
  });

  test('a click-through portal needs the person: the page opens from a loopback bridge, and accepting it brings the device online', async () => {
    const r = await demoRig({ realClock: true });
    r.driver.moveTo('cafe');
    const waiting = await r.engine.handlers['connection.connect']({ target: BEANBAR });
    expect(waiting.phase).toBe('sign-in-required');
    expect(waiting.portal?.kind).toBe('web');
    const openUrl = new URL(waiting.portal!.openUrl!);
    expect(openUrl.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const page = await fetch(openUrl);
    expect(await page.text()).toContain('Accept');
    const accepted = await fetch(new URL('/accept', openUrl), { method: 'POST', body: 'accept=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(accepted.status).toBe(200);

    const after = await r.engine.handlers['portal.recheck']({});
    const final = after.phase === 'online' ? after : await waitFor(r, 'online');
    expect(final.phase).toBe('online');
    expect(final.timeline.map((s) => s.stage)).toEqual(['associate', 'verify', 'sign-in', 'verify']);
  });

  test('an RFC 8908 portal: the API gives the sign-in page; after it, the session budget is shown', async () => {
    const r = await demoRig({ realClock: true });
    r.driver.moveTo('office');
    const waiting = await r.engine.handlers['connection.connect']({ target: ACME_GUEST });
    expect(waiting.phase).toBe('sign-in-required');
    expect(waiting.portal).toMatchObject({ kind: 'capport', canExtend: true });
    const openUrl = new URL(waiting.portal!.openUrl!);
    expect(openUrl.hostname).toBe('127.0.0.1');
    const accepted = await fetch(new URL('/portal', openUrl), { method: 'POST', body: 'accept=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(accepted.status).toBe(200);

    const online = await waitFor(r, 'online');
    expect(online.portal).toMatchObject({ kind: 'capport', bytesRemaining: 500_000_000, canExtend: true, expiringSoon: false });
    expect(online.portal!.secondsRemaining).toBeGreaterThan(3500);
    expect(online.portal!.secondsRemaining).toBeLessThanOrEqual(3600);
  });

  test('an RFC 8908 session close to its end is flagged, and a refresh follows the countdown', async () => {
    const r = await demoRig({ realClock: true });
    r.driver.moveTo('office');
    hotspot(r, ACME_GUEST).setFaults({ sessionExpirySeconds: 240 });
    const waiting = await r.engine.handlers['connection.connect']({ target: ACME_GUEST });
    await fetch(new URL('/portal', waiting.portal!.openUrl!), { method: 'POST', body: 'accept=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const online = await waitFor(r, 'online');
    expect(online.portal).toMatchObject({ kind: 'capport', expiringSoon: true, canExtend: true });
    expect(online.portal!.secondsRemaining).toBeLessThanOrEqual(240);
    expect(Date.parse(online.portal!.expiresAt!)).toBeGreaterThan(Date.now());
    expect(Date.parse(online.portal!.expiresAt!)).toBeLessThanOrEqual(Date.now() + 240_000);
  });

  test('cancelling while the portal waits for the person ends the attempt', async () => {
    const r = await demoRig({ realClock: true });
    r.driver.moveTo('cafe');
    expect((await r.engine.handlers['connection.connect']({ target: BEANBAR })).phase).toBe('sign-in-required');
    const state = await r.engine.handlers['connection.disconnect']({});
    expect(state.phase).toBe('idle');
    expect(await r.driver.currentLink()).toBeNull();
  });
});

async function waitFor(r: EngineRig, phase: string) {
  for (let i = 0; i < 100; i++) {
    const state = r.engine.connection.state();
    if (state.phase === phase) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return r.engine.connection.state();
}
