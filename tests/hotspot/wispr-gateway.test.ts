import { afterEach, describe, expect, test } from 'vitest';
import { type Hotspot, type HotspotConfigInput, startHotspot } from '../../tools/hotspot-in-a-box/index.js';
import { fetchVia, openTunnel, startStandIn, viaProxy, viaTunnel, wisprBlock, wisprField } from './proxy-client.js';

const LOGIN_HOST = 'login.skyway.example';
const CREDENTIALS = { username: 'ROAM/alice', password: 'p@ss word&1' };

let hotspot: Hotspot | undefined;
let standIn: Awaited<ReturnType<typeof startStandIn>> | undefined;

afterEach(async () => {
  await hotspot?.close();
  await standIn?.close();
  hotspot = standIn = undefined;
});

async function start(extra: Partial<HotspotConfigInput> = {}) {
  hotspot = await startHotspot({ kind: 'wispr', loginHost: LOGIN_HOST, credentials: CREDENTIALS, ...extra });
  standIn = await startStandIn();
  return { hotspot, standIn };
}

function login(h: Hotspot, loginUrl: string, username = CREDENTIALS.username, password = CREDENTIALS.password) {
  return fetchVia(h.proxyUrl, h.caPem, loginUrl, { form: { UserName: username, Password: password, button: 'Login', FNAME: '0' } });
}

async function interceptedLoginUrl(h: Hotspot, probe: string): Promise<string> {
  const reply = await viaProxy(h.proxyUrl, probe);
  expect(reply.status).toBe(302);
  const loginUrl = wisprField(reply.body, 'LoginURL');
  expect(loginUrl).toBeDefined();
  return loginUrl!;
}

describe('WISPr interception', () => {
  test('a plain HTTP request to any other host gets a 302 carrying a 2.0-style Redirect in an HTML comment; nothing reaches the target', async () => {
    const { hotspot, standIn } = await start();
    const reply = await viaProxy(hotspot.proxyUrl, `${standIn.url}/generate_204`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`http://${LOGIN_HOST}/?res=notyet&userurl=${encodeURIComponent(`${standIn.url}/generate_204`)}`);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    // The block sits inside a comment, after the visible HTML (CoovaChilli's 302 body).
    expect(reply.body).toMatch(/^<HTML><BODY><H2>Browser error!<\/H2>[\s\S]*<!--\s*<\?xml version="1.0" encoding="UTF-8"\?>\s*<WISPAccessGatewayParam[\s\S]*<\/WISPAccessGatewayParam>\s*-->\s*<\/HTML>/);
    expect(wisprField(reply.body, 'MessageType')).toBe('100');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('0');
    expect(wisprField(reply.body, 'AccessProcedure')).toBe('1.0');
    expect(wisprField(reply.body, 'VersionHigh')).toBe('2.0');
    expect(wisprField(reply.body, 'VersionLow')).toBe('1.0');
    expect(wisprField(reply.body, 'LoginURL')).toBe(`https://${LOGIN_HOST}/login`);
    expect(wisprField(reply.body, 'AbortLoginURL')).toBe(`https://${LOGIN_HOST}/abort`);
    expect(wisprBlock(reply.body)).toContain('xsi:noNamespaceSchemaLocation="http://www.wballiance.net/wispr_2_0.xsd"');
    expect(standIn.hits()).toBe(0);
    expect(hotspot.stats().intercepts).toBe(1);
    expect(hotspot.signedIn()).toBe(false);
  });

  test('1.0 style: no VersionHigh/VersionLow, the acmewisp schema location', async () => {
    const { hotspot } = await start({ wispr: { version: '1.0' } });
    const reply = await viaProxy(hotspot.proxyUrl, 'http://127.0.0.1:9/');
    expect(wisprField(reply.body, 'MessageType')).toBe('100');
    expect(wisprField(reply.body, 'VersionHigh')).toBeUndefined();
    expect(wisprBlock(reply.body)).toContain('"http://www.acmewisp.com/WISPAccessGatewayParam.xsd"');
  });

  test('the entry page (plain HTTP) carries the block in <head> and a form posting to LoginURL', async () => {
    const { hotspot } = await start();
    const reply = await viaProxy(hotspot.proxyUrl, `http://${LOGIN_HOST}/?res=notyet`);
    expect(reply.status).toBe(200);
    const head = /<head>([\s\S]*)<\/head>/.exec(reply.body)?.[1] ?? '';
    expect(wisprField(head, 'MessageType')).toBe('100');
    expect(reply.body).toContain(`<form method="post" action="https://${LOGIN_HOST}/login">`);
    expect(reply.body).toContain('name="UserName"');
    // Own pages are not interceptions.
    expect(hotspot.stats().intercepts).toBe(0);
  });

  test('HTTPS tunnels to other hosts are destroyed before sign-in', async () => {
    const { hotspot, standIn } = await start();
    // A loopback target the proxy could reach: it is still cut, not tunnelled.
    expect(await openTunnel(hotspot.proxyUrl, '127.0.0.1', Number(new URL(standIn.url).port))).toEqual({ kind: 'destroyed' });
    expect(standIn.hits()).toBe(0);
    expect(hotspot.stats().tunnelsRefused).toBe(1);
  });
});

describe('WISPr login', () => {
  test('correct realm-prefixed credentials → 120/50 with LogoffURL, then traffic passes to the loopback target', async () => {
    const { hotspot, standIn } = await start();
    const loginUrl = await interceptedLoginUrl(hotspot, `${standIn.url}/`);
    const reply = await login(hotspot, loginUrl);
    expect(reply.status).toBe(200);
    expect(wisprField(reply.body, 'MessageType')).toBe('120');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('50');
    expect(wisprField(reply.body, 'LogoffURL')).toBe(`https://${LOGIN_HOST}/logoff`);
    expect(hotspot.signedIn()).toBe(true);
    const through = await viaProxy(hotspot.proxyUrl, `${standIn.url}/after`);
    expect(through.status).toBe(200);
    expect(through.body).toBe('stand-in internet\n');
    expect(standIn.hits()).toBe(1);
    expect(hotspot.stats()).toMatchObject({ loginAttempts: 1, logins: 1, rejects: 0, insecureCredentialPosts: 0, offDomainCredentialPosts: 0 });
  });

  test('the username is compared exactly: the bare user without its realm prefix is rejected with 120/100', async () => {
    const { hotspot } = await start();
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`, 'alice');
    expect(wisprField(reply.body, 'MessageType')).toBe('120');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('100');
    expect(hotspot.signedIn()).toBe(false);
    expect((await viaProxy(hotspot.proxyUrl, 'http://127.0.0.1:9/')).status).toBe(302);
    expect(hotspot.stats().rejects).toBe(1);
  });

  test('a wrong password is rejected (120/100) and interception continues', async () => {
    const { hotspot } = await start();
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`, CREDENTIALS.username, 'nope');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('100');
    expect(wisprField(reply.body, 'LogoffURL')).toBeUndefined();
    expect(hotspot.signedIn()).toBe(false);
  });

  test('pending: 120/201 with LoginResultsURL and Delay; polls answer 140/201 until the third, which answers 140/50', async () => {
    const { hotspot } = await start({ wispr: { pendingPolls: 3, delaySeconds: 4 } });
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`);
    expect(wisprField(reply.body, 'MessageType')).toBe('120');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('201');
    expect(wisprField(reply.body, 'Delay')).toBe('4');
    const resultsUrl = wisprField(reply.body, 'LoginResultsURL')!;
    expect(resultsUrl).toMatch(new RegExp(`^https://${LOGIN_HOST.replace(/\./g, '\\.')}/results\\?session=[\\w-]+&res=poll$`));
    // The raw block escapes the & in the URL.
    expect(wisprBlock(reply.body)).toContain('&amp;res=poll');
    expect(hotspot.signedIn()).toBe(false);

    const codes: string[] = [];
    for (let poll = 1; poll <= 3; poll++) {
      const answer = await fetchVia(hotspot.proxyUrl, hotspot.caPem, resultsUrl);
      expect(wisprField(answer.body, 'MessageType')).toBe('140');
      codes.push(wisprField(answer.body, 'ResponseCode')!);
      if (poll < 3) expect(wisprField(answer.body, 'LoginResultsURL')).toBe(resultsUrl);
      else expect(wisprField(answer.body, 'LogoffURL')).toBe(`https://${LOGIN_HOST}/logoff`);
    }
    expect(codes).toEqual(['201', '201', '50']);
    expect(hotspot.signedIn()).toBe(true);
    expect(hotspot.stats()).toMatchObject({ pendingReplies: 1, polls: 3, logins: 1, pollsWithCredentials: 0 });
  });

  test('a poll that resends credentials is counted (clients must never do that)', async () => {
    const { hotspot } = await start({ wispr: { pendingPolls: 1 } });
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`);
    const resultsUrl = wisprField(reply.body, 'LoginResultsURL')!;
    await fetchVia(hotspot.proxyUrl, hotspot.caPem, `${resultsUrl}&UserName=x&Password=y`);
    expect(hotspot.stats().pollsWithCredentials).toBe(1);
  });

  test('proxy-first: interceptions answer 110/200 with NextURL and Delay; NextURL serves the 100 Redirect', async () => {
    const { hotspot, standIn } = await start({ wispr: { proxyFirst: true, delaySeconds: 5 } });
    const reply = await viaProxy(hotspot.proxyUrl, `${standIn.url}/`);
    expect(reply.status).toBe(302);
    expect(wisprBlock(reply.body)).toMatch(/<Proxy>/);
    expect(wisprField(reply.body, 'MessageType')).toBe('110');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('200');
    expect(wisprField(reply.body, 'Delay')).toBe('5');
    expect(wisprField(reply.body, 'LoginURL')).toBeUndefined();
    const nextUrl = wisprField(reply.body, 'NextURL')!;
    expect(nextUrl).toBe(`http://${LOGIN_HOST}/wispr/redirect?res=notyet&from=proxy`);
    const next = await viaProxy(hotspot.proxyUrl, nextUrl);
    expect(wisprField(next.body, 'MessageType')).toBe('100');
    expect(wisprField(next.body, 'LoginURL')).toBe(`https://${LOGIN_HOST}/login`);
    expect(hotspot.stats().proxyReplies).toBe(1);
  });

  test('rejectAlways answers 120/100 even for the right credentials', async () => {
    const { hotspot } = await start({ wispr: { rejectAlways: true } });
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`);
    expect(wisprField(reply.body, 'ResponseCode')).toBe('100');
    expect(hotspot.signedIn()).toBe(false);
  });

  test('radiusError answers 120/102', async () => {
    const { hotspot } = await start({ wispr: { radiusError: true } });
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`);
    expect(wisprField(reply.body, 'MessageType')).toBe('120');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('102');
    expect(hotspot.stats().radiusErrors).toBe(1);
    expect(hotspot.signedIn()).toBe(false);
  });

  test('abort while pending answers 150/151 and ends the pending login; a later poll answers 140/255', async () => {
    const { hotspot } = await start({ wispr: { pendingPolls: 2 } });
    const reply = await login(hotspot, `https://${LOGIN_HOST}/login`);
    const resultsUrl = wisprField(reply.body, 'LoginResultsURL')!;
    const abort = await fetchVia(hotspot.proxyUrl, hotspot.caPem, `https://${LOGIN_HOST}/abort`);
    expect(wisprBlock(abort.body)).toMatch(/<AbortLoginReply>/);
    expect(wisprField(abort.body, 'MessageType')).toBe('150');
    expect(wisprField(abort.body, 'ResponseCode')).toBe('151');
    const poll = await fetchVia(hotspot.proxyUrl, hotspot.caPem, resultsUrl);
    expect(wisprField(poll.body, 'ResponseCode')).toBe('255');
    expect(hotspot.signedIn()).toBe(false);
    expect(hotspot.stats().aborts).toBe(1);
  });

  test('abort after success is a NAK: 150/50 with LogoffURL (CoovaChilli)', async () => {
    const { hotspot } = await start();
    await login(hotspot, `https://${LOGIN_HOST}/login`);
    const abort = await fetchVia(hotspot.proxyUrl, hotspot.caPem, `https://${LOGIN_HOST}/abort`);
    expect(wisprField(abort.body, 'ResponseCode')).toBe('50');
    expect(wisprField(abort.body, 'LogoffURL')).toBe(`https://${LOGIN_HOST}/logoff`);
    expect(hotspot.signedIn()).toBe(true);
  });

  test('without abort support there is no AbortLoginURL and /abort is 404', async () => {
    const { hotspot } = await start({ wispr: { abort: false } });
    const reply = await viaProxy(hotspot.proxyUrl, 'http://127.0.0.1:9/');
    expect(wisprField(reply.body, 'AbortLoginURL')).toBeUndefined();
    expect((await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/abort`, hotspot.caPem)).status).toBe(404);
  });

  test('logoff answers 130/150 and the gateway intercepts again', async () => {
    const { hotspot, standIn } = await start();
    const success = await login(hotspot, `https://${LOGIN_HOST}/login`);
    expect((await viaProxy(hotspot.proxyUrl, `${standIn.url}/`)).status).toBe(200);
    const logoff = await fetchVia(hotspot.proxyUrl, hotspot.caPem, wisprField(success.body, 'LogoffURL')!);
    expect(wisprBlock(logoff.body)).toMatch(/<LogoffReply>/);
    expect(wisprField(logoff.body, 'MessageType')).toBe('130');
    expect(wisprField(logoff.body, 'ResponseCode')).toBe('150');
    expect(hotspot.signedIn()).toBe(false);
    const again = await viaProxy(hotspot.proxyUrl, `${standIn.url}/`);
    expect(again.status).toBe(302);
    expect(wisprField(again.body, 'MessageType')).toBe('100');
    expect(standIn.hits()).toBe(1);
    expect(hotspot.stats().logoffs).toBe(1);
  });

  test('without logoff support the success reply has no LogoffURL', async () => {
    const { hotspot } = await start({ wispr: { logoff: false } });
    const success = await login(hotspot, `https://${LOGIN_HOST}/login`);
    expect(wisprField(success.body, 'ResponseCode')).toBe('50');
    expect(wisprField(success.body, 'LogoffURL')).toBeUndefined();
  });
});
