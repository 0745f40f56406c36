import { afterEach, describe, expect, test } from 'vitest';
import { type Hotspot, type HotspotConfigInput, startHotspot } from '../../tools/hotspot-in-a-box/index.js';
import { openTunnel, startStandIn, viaProxy, viaTunnel, wisprBlock } from './proxy-client.js';

const LOGIN_HOST = 'portal.cafe.example';

let hotspot: Hotspot | undefined;
let standIn: Awaited<ReturnType<typeof startStandIn>> | undefined;
afterEach(async () => {
  await hotspot?.close();
  await standIn?.close();
  hotspot = standIn = undefined;
});

async function start(config: Partial<HotspotConfigInput> & Pick<HotspotConfigInput, 'kind'>) {
  hotspot = await startHotspot({ loginHost: LOGIN_HOST, ...config });
  standIn = await startStandIn();
  return { hotspot, standIn };
}

describe('RFC 8908 (capport)', () => {
  test('the API says captive with an https user-portal-url, as application/captive+json', async () => {
    const { hotspot } = await start({ kind: 'capport', capport: { secondsRemaining: 3600, bytesRemaining: 1_000_000, canExtendSession: true } });
    const reply = await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/api`, hotspot.caPem, { headers: { accept: 'application/captive+json' } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/captive+json');
    expect(JSON.parse(reply.body)).toEqual({
      captive: true,
      'user-portal-url': `https://${LOGIN_HOST}/portal`,
      'venue-info-url': `https://${LOGIN_HOST}/venue`,
      'can-extend-session': true,
    });
    expect(hotspot.stats().apiQueries).toBe(1);
  });

  test('before sign-in HTTP is redirected to the user portal; its Accept form signs in; the API then says not captive', async () => {
    const { hotspot, standIn } = await start({ kind: 'capport', capport: { secondsRemaining: 3600, bytesRemaining: 65536 } });
    const intercepted = await viaProxy(hotspot.proxyUrl, `${standIn.url}/`);
    expect(intercepted.status).toBe(302);
    expect(intercepted.headers.location).toBe(`https://${LOGIN_HOST}/portal`);
    expect(wisprBlock(intercepted.body)).toBeUndefined();
    expect(standIn.hits()).toBe(0);

    const portal = await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/portal`, hotspot.caPem);
    expect(portal.body).toMatch(/<form method="post" action="\/portal">[\s\S]*Accept<\/button>/);
    const accepted = await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/portal`, hotspot.caPem, { form: { accept: 'yes' } });
    expect(accepted.status).toBe(200);
    expect(hotspot.signedIn()).toBe(true);

    const api = JSON.parse((await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/api`, hotspot.caPem)).body);
    expect(api).toMatchObject({ captive: false, 'seconds-remaining': 3600, 'bytes-remaining': 65536, 'can-extend-session': false });
    expect((await viaProxy(hotspot.proxyUrl, `${standIn.url}/`)).status).toBe(200);
    expect(standIn.hits()).toBe(1);
  });

  test('seconds-remaining counts down from the session-expiry fault when one is set', async () => {
    let clock = 5_000_000;
    hotspot = await startHotspot({ kind: 'capport', loginHost: LOGIN_HOST, faults: { sessionExpirySeconds: 120 } }, { now: () => clock });
    await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/portal`, hotspot.caPem, { form: { accept: 'yes' } });
    clock += 20_000;
    const api = JSON.parse((await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/api`, hotspot.caPem)).body);
    expect(api['seconds-remaining']).toBe(100);
    clock += 100_000;
    const expired = JSON.parse((await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/api`, hotspot.caPem)).body);
    expect(expired.captive).toBe(true);
  });

  test('the API is HTTPS only: plain HTTP on the portal host moves to the https user portal', async () => {
    const { hotspot } = await start({ kind: 'capport' });
    const reply = await viaProxy(hotspot.proxyUrl, `http://${LOGIN_HOST}/api`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`https://${LOGIN_HOST}/portal`);
    expect(hotspot.stats().apiQueries).toBe(0);
  });

  test('the wrongCredentials fault makes the portal refuse the Accept (403) and stay captive', async () => {
    const { hotspot } = await start({ kind: 'capport', faults: { wrongCredentials: true } });
    const refused = await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/portal`, hotspot.caPem, { form: { accept: 'yes' } });
    expect(refused.status).toBe(403);
    expect(hotspot.signedIn()).toBe(false);
    expect(hotspot.stats().rejects).toBe(1);
  });
});

describe('click-through and open', () => {
  test('click-through: 302 to the plain entry page; its Accept form POST signs in', async () => {
    const { hotspot, standIn } = await start({ kind: 'click-through' });
    const intercepted = await viaProxy(hotspot.proxyUrl, `${standIn.url}/news`);
    expect(intercepted.status).toBe(302);
    expect(intercepted.headers.location).toBe(`http://${LOGIN_HOST}/?userurl=${encodeURIComponent(`${standIn.url}/news`)}`);
    const page = await viaProxy(hotspot.proxyUrl, intercepted.headers.location!);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="\/accept">[\s\S]*Accept<\/button>/);
    const accepted = await viaProxy(hotspot.proxyUrl, `http://${LOGIN_HOST}/accept`, { form: { accept: 'yes' } });
    expect(accepted.status).toBe(200);
    expect(hotspot.signedIn()).toBe(true);
    expect((await viaProxy(hotspot.proxyUrl, `${standIn.url}/news`)).body).toBe('stand-in internet\n');
  });

  test('open: never intercepts, HTTP and tunnels pass to loopback from the start', async () => {
    const { hotspot, standIn } = await start({ kind: 'open' });
    expect(hotspot.signedIn()).toBe(true);
    const reply = await viaProxy(hotspot.proxyUrl, `${standIn.url}/`);
    expect(reply.status).toBe(200);
    expect(standIn.hits()).toBe(1);
    // A tunnel to the stand-in opens (the stand-in speaks plain HTTP; an open tunnel is what matters).
    const port = Number(new URL(standIn.url).port);
    const tunnel = await openTunnel(hotspot.proxyUrl, '127.0.0.1', port);
    expect(tunnel.kind).toBe('open');
    if (tunnel.kind === 'open') tunnel.socket.destroy();
    expect(hotspot.stats().intercepts).toBe(0);
  });
});
