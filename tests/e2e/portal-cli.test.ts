/**
 * `roamdesk portal …` as IT and support use it: the real built CLI in a child process.
 *
 *  - `portal parse` explains real captures (../shared/fixtures/wispr and ../shared/fixtures/capport,
 *    read in place): saved pages, raw HTTP exchanges and responses, RFC 8908 JSON bodies; an
 *    unusable file exits 2 with the reader's stable code.
 *  - `portal probe` / `portal login` run against the demo world's current association, in a
 *    second process after `connect` (the association survives between runs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { demoWorld, freshHome, root, runCli } from './harness.js';

const fixtures = path.resolve(root, '..', 'shared', 'fixtures');
const wispr = (name: string) => path.join(fixtures, 'wispr', name);
const capport = (name: string) => path.join(fixtures, 'capport', name);

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

function parseJson(file: string): { status: number | null; json: Record<string, unknown> } {
  const result = runCli(['portal', 'parse', file, '--json'], home.dir);
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown> };
}

describe('roamdesk portal parse', () => {
  test('a raw HTTP exchange (request, then a 302 whose body carries a WISPr 2.0 Redirect)', () => {
    const { status, json } = parseJson(wispr('coovachilli_wispr2-redirect-100_eapmsg_http-exchange.txt'));
    expect(status).toBe(0);
    expect(json).toEqual({
      kind: 'wispr',
      source: 'http-response',
      httpStatus: 302,
      messageType: 100,
      messageName: 'Redirect',
      responseCode: 0,
      loginUrl: 'https://coova/www/login.chi?res=wispr&uamip=10.1.0.1&uamport=3990&...',
      abortLoginUrl: 'http://10.1.0.1:3990/abort',
      locationName: 'My_HotSpot',
    });
  });

  test('an HTTP exchange with an EAP success reply keeps LogoffURL and MaxSessionTime', () => {
    const { status, json } = parseJson(wispr('coovachilli_eap-121-50-success_http-exchange.txt'));
    expect(status).toBe(0);
    expect(json).toEqual({
      kind: 'wispr',
      source: 'http-response',
      httpStatus: 302,
      messageType: 121,
      messageName: 'EAPAuthenticationReply',
      responseCode: 50,
      logoffUrl: 'http://10.1.0.1:3990/logoff',
      maxSessionTime: 0,
    });
  });

  test('a live login page (TrueMove): Redirect between </head> and <body>', () => {
    const { status, json } = parseJson(wispr('truemove-th_redirect-100_login-page.html'));
    expect(status).toBe(0);
    expect(json).toMatchObject({
      kind: 'wispr',
      source: 'page',
      messageType: 100,
      responseCode: 0,
      loginUrl: 'https://portal.trueinternet.co.th/wifiauthen/authen.do',
      abortLoginUrl: 'https://portal.trueinternet.co.th/wifiauthen/logout_result.php',
    });
    expect(json).not.toHaveProperty('httpStatus');
  });

  test('a Proxy with raw & in NextURL, and a Proxy with Delay and typographic quotes', () => {
    const truemove = parseJson(wispr('truemove-th_proxy-110-200_302-body.html'));
    expect(truemove.status).toBe(0);
    expect(truemove.json).toMatchObject({
      kind: 'wispr',
      messageType: 110,
      messageName: 'Proxy',
      responseCode: 200,
      nextUrl: 'https://portal.trueinternet.co.th/wifiauthen/login.do?wlanuserip=10.66.96.111&Wifi=&nasip=202.176.86.202&wlanparameter=c8-3a-35-ce-3e-8a',
    });
    expect(truemove.json).not.toHaveProperty('delay');

    const acme = parseJson(wispr('spec-acmewisp_proxy-110-200_delay5_smart-quotes.xml'));
    expect(acme.json).toEqual({ kind: 'wispr', source: 'page', messageType: 110, messageName: 'Proxy', responseCode: 200, nextUrl: 'http://www.acmewisp.com/proxypoll', delay: 5 });
  });

  test('authentication replies: pending poll with Delay, rejection with ReplyMessage, a mismatched element warned about', () => {
    expect(parseJson(wispr('wispr-swift_authpoll-140-201-pending_delay5.xml')).json).toEqual({
      kind: 'wispr',
      source: 'page',
      messageType: 140,
      messageName: 'AuthenticationPollReply',
      responseCode: 201,
      logoffUrl: 'http://www.acmewisp.com/logoff/',
      loginResultsUrl: 'http://service.wi2.ne.jp/wi2net/RLogin/1/',
      delay: 5,
      replyMessage: 'Authentication Pending',
    });
    expect(parseJson(wispr('spec-acmewisp_authreply-120-100-login-failed.xml')).json).toMatchObject({
      messageType: 120,
      responseCode: 100,
      loginResultsUrl: 'http://www.acmewisp.com/loginresults/',
      replyMessage: 'Invalid Password',
    });
    expect(parseJson(wispr('truemove-th_logoffreply-with-mt120-rc255_meta-refresh.html')).json).toMatchObject({
      messageType: 120,
      messageName: 'AuthenticationReply',
      responseCode: 255,
      replyMessage: 'Authentication Failed',
      warnings: ['message type 120 arrived in a <LogoffReply> element'],
    });
  });

  test('text mode reads as lines', () => {
    const result = runCli(['portal', 'parse', wispr('wi2-jp_redirect-100_login-page.html')], home.dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      ['WISPr Redirect (message type 100, response code 0)', '  login URL: https://service.wi2.ne.jp/wi2net/RLogin/1/?SSID=xxxxxxxxxxxxxxxxxxxxxxxxxx', '  location:  wi2', ''].join('\n'),
    );
    const api = runCli(['portal', 'parse', capport('rfc8908_example-2_captive-false_http-response.txt')], home.dir);
    expect(api.status).toBe(0);
    expect(api.stdout.split('\n')).toEqual([
      'RFC 8908 captive-portal API: not captive (from an HTTP 200 response)',
      '  user portal URL:    https://example.org/portal.html',
      '  venue info URL:     https://flight.example.com/entertainment',
      '  seconds remaining:  326',
      '  can extend session: yes',
      '',
    ]);
  });

  test('RFC 8908: raw HTTP responses and JSON bodies', () => {
    expect(parseJson(capport('rfc8908_example-1_captive-true_http-response.txt')).json).toEqual({
      kind: 'capport',
      source: 'http-response',
      httpStatus: 200,
      captive: true,
      userPortalUrl: 'https://example.org/portal.html',
      canExtendSession: false,
    });
    expect(parseJson(capport('rfc8908_example-2_captive-false_http-response.txt')).json).toEqual({
      kind: 'capport',
      source: 'http-response',
      httpStatus: 200,
      captive: false,
      userPortalUrl: 'https://example.org/portal.html',
      venueInfoUrl: 'https://flight.example.com/entertainment',
      secondsRemaining: 326,
      canExtendSession: true,
    });
    const all = parseJson(capport('chromeos-shill_capport_parse-success_all-fields.json'));
    expect(all.status).toBe(0);
    expect(all.json).toEqual({
      kind: 'capport',
      source: 'json',
      captive: false,
      userPortalUrl: 'https://example.org/portal.html',
      venueInfoUrl: 'https://flight.example.com/entertainment',
      secondsRemaining: 326,
      bytesRemaining: 65536,
      canExtendSession: true,
    });
    // While captive, the session counts describe nothing and are dropped (shill's rule).
    expect(parseJson(capport('chromeos-shill_capport_captive-true_remaining-fields-ignored.json')).json).toEqual({
      kind: 'capport',
      source: 'json',
      captive: true,
      userPortalUrl: 'https://example.org/portal.html',
      canExtendSession: false,
    });
  });

  test.each([
    ['wispr/mikrotik-routeros_xml-WISPAccessGatewayParam.xsd', 'WISPR_NOT_FOUND'],
    ['wispr/negative_unknown-messagetype-999_no-wrapper.xml', 'WISPR_UNKNOWN_MESSAGE'],
    ['wispr/negative_redirect-100_invalid-loginurl-space.xml', 'WISPR_MALFORMED'],
    ['capport/chromeos-shill_capport_reject_missing-captive.json', 'CAPPORT_CAPTIVE_MISSING'],
    ['capport/chromeos-shill_capport_reject_captive-without-portal-url.json', 'CAPPORT_PORTAL_URL_MISSING'],
    ['capport/mikrotik-routeros7_hotspot-api.json.tmpl', 'CAPPORT_NOT_JSON'],
  ])('%s is refused with %s, exit 2', (name, code) => {
    const file = path.join(fixtures, name);
    const json = runCli(['portal', 'parse', file, '--json'], home.dir);
    expect(json.status).toBe(2);
    const error = (JSON.parse(json.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);

    const text = runCli(['portal', 'parse', file], home.dir);
    expect(text.status).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`roamdesk: ${code}: `);
  });

  test('an RFC 8908 answer served with the wrong media type is refused for it', () => {
    const original = readFileSync(capport('rfc8908_example-1_captive-true_http-response.txt'), 'utf8');
    const file = path.join(home.dir, 'api-response.txt');
    writeFileSync(file, original.replace('Content-Type: application/captive+json', 'Content-Type: application/json'));
    const result = runCli(['portal', 'parse', file, '--json'], home.dir);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('CAPPORT_CONTENT_TYPE');
  });

  test('a missing file or a folder is bad input (exit 2), not a crash', () => {
    const missing = runCli(['portal', 'parse', path.join(home.dir, 'nope.html'), '--json'], home.dir);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('no such file') });
    const folder = runCli(['portal', 'parse', home.dir, '--json'], home.dir);
    expect(folder.status).toBe(2);
    expect(JSON.parse(folder.stdout).error.code).toBe('INVALID_REQUEST');
    const none = runCli(['portal', 'parse'], home.dir);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain("missing required argument 'file'");
  });
});

interface DemoAccessPoint {
  ssid: string;
  bssid: string;
  security: string;
  passphrase?: string;
  portal?: { kind: 'wispr' | 'capport' | 'click-through' | 'open'; loginHost: string; wispr?: { rejectAlways?: boolean; locationName?: string }; capport?: { canExtendSession?: boolean } } | null;
  truth?: { successProbability?: number; uplink?: string };
}
interface DemoWorld {
  sites: Array<{ id: string; accessPoints: DemoAccessPoint[] }>;
  device: { track: Array<{ siteId: string; position: { x: number; y: number }; atSeconds: number }> };
}

/** The demo world as it is now (it grows): access points are found by what they are, not by hard-coded BSSIDs. */
function demo(): DemoWorld {
  return JSON.parse(readFileSync(demoWorld, 'utf8')) as DemoWorld;
}

/** The most reliable access point matching `accept` at `siteId`, with its site. */
function pick(world: DemoWorld, accept: (ap: DemoAccessPoint) => boolean, siteId?: string): { site: string; ap: DemoAccessPoint } | undefined {
  const found = world.sites
    .filter((site) => siteId === undefined || site.id === siteId)
    .flatMap((site) => site.accessPoints.filter((ap) => accept(ap) && (ap.truth?.uplink ?? 'ok') === 'ok').map((ap) => ({ site: site.id, ap })));
  return found.sort((a, b) => (b.ap.truth?.successProbability ?? 1) - (a.ap.truth?.successProbability ?? 1))[0];
}

/** The demo world with the device parked at `siteId` from the start, in the test's home. */
function worldAt(world: DemoWorld, siteId: string): string {
  const file = path.join(home.dir, `demo-at-${siteId}.json`);
  writeFileSync(file, JSON.stringify({ ...world, device: { ...world.device, track: [{ siteId, position: { x: 0, y: 0 }, atSeconds: 0 }] } }));
  return file;
}

/**
 * `roamdesk connect … --json`. A portal that needs a person answers `sign-in-required`;
 * the command must then exit (status 1: not online) rather than wait for the person.
 */
async function connectUntilAnswered(args: string[]): Promise<{ status: number | null; state: { phase: string; network: { bssid: string } | null } }> {
  const started = Date.now();
  const result = runCli(['connect', ...args, '--json'], home.dir);
  expect(Date.now() - started, 'connect returns once the portal needs the person').toBeLessThan(20_000);
  return { status: result.status, state: JSON.parse(result.stdout) };
}

describe('roamdesk portal probe / login', () => {
  test('with no network there is nothing to probe or sign in to', () => {
    for (const command of ['probe', 'login']) {
      const result = runCli(['portal', command, '--world', demoWorld, '--json'], home.dir);
      expect(result.status).not.toBe(0);
      expect(JSON.parse(result.stdout).error.code).toBe('NOT_CONNECTED');
    }
  });

  test('a network without a portal: probe says online, login just verifies', () => {
    const world = demo();
    const found = pick(world, (ap) => !ap.portal && (ap.security === 'open' || ap.passphrase !== undefined), world.device.track[0]!.siteId);
    expect(found, 'the demo world has a network without a portal where the device starts').toBeDefined();
    const { ap } = found!;
    const connect = runCli(['connect', ap.bssid, ...(ap.passphrase ? ['--passphrase-stdin'] : []), '--world', demoWorld, '--json'], home.dir, ap.passphrase ? `${ap.passphrase}\n` : undefined);
    expect(JSON.parse(connect.stdout).phase).toBe('online');

    const probe = runCli(['portal', 'probe', '--world', demoWorld, '--json'], home.dir);
    expect(probe.status).toBe(0);
    const result = JSON.parse(probe.stdout);
    expect(result.state).toBe('online');
    expect(result).not.toHaveProperty('wispr');
    expect(result).not.toHaveProperty('capport');
    expect(result.detail).toEqual(expect.any(String));

    const text = runCli(['portal', 'probe', '--world', demoWorld], home.dir);
    expect(text.stdout).toMatch(/^online: /);

    const login = runCli(['portal', 'login', '--world', demoWorld, '--json'], home.dir);
    expect(login.status).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ phase: 'online', network: { bssid: ap.bssid } });
  });

  test('a WISPr hotspot: probe shows the gateway\'s Redirect, login signs in', () => {
    const world = demo();
    const found = pick(world, (ap) => ap.portal?.kind === 'wispr' && !ap.portal.wispr?.rejectAlways, world.device.track[0]!.siteId);
    expect(found, 'the demo world has a WISPr hotspot where the device starts').toBeDefined();
    const { ap } = found!;
    const connect = runCli(['connect', ap.bssid, '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(connect.stdout).network.bssid).toBe(ap.bssid);

    // Each CLI process runs its own gateway, which starts with no session: a new process
    // meets the portal again, as a device does after the venue forgot it.
    const probe = runCli(['portal', 'probe', '--world', demoWorld, '--json'], home.dir);
    expect(probe.status).toBe(0);
    const result = JSON.parse(probe.stdout);
    expect(result.state).toBe('captive');
    expect(result.via).toBe('wispr');
    expect(result.wispr).toMatchObject({ messageType: 100, responseCode: 0, loginUrl: `https://${ap.portal!.loginHost}/login` });
    if (ap.portal!.wispr?.locationName) expect(result.wispr.locationName).toBe(ap.portal!.wispr.locationName);
    const text = runCli(['portal', 'probe', '--world', demoWorld], home.dir);
    expect(text.stdout).toContain(`login URL:       https://${ap.portal!.loginHost}/login`);

    const login = runCli(['portal', 'login', '--world', demoWorld, '--json'], home.dir);
    expect(login.status).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ phase: 'online', network: { bssid: ap.bssid } });
  });

  test('a click-through portal: connect needs a person, probe in another process says captive', async () => {
    const world = demo();
    const found = pick(world, (ap) => ap.portal?.kind === 'click-through');
    expect(found, 'the demo world has a click-through portal').toBeDefined();
    const { site, ap } = found!;
    const file = worldAt(world, site);
    const connect = await connectUntilAnswered([ap.bssid, '--world', file]);
    expect(connect.state.phase).toBe('sign-in-required');
    expect(connect.status).toBe(1);
    expect(connect.state.network?.bssid).toBe(ap.bssid);

    const probe = runCli(['portal', 'probe', '--world', file, '--json'], home.dir);
    expect(probe.status).toBe(0);
    const result = JSON.parse(probe.stdout);
    expect(result).toMatchObject({ state: 'captive', via: 'redirect' });
    expect(new URL(result.portalUrl).hostname).toBe(ap.portal!.loginHost);
    expect(result).not.toHaveProperty('wispr');
  });

  test('an RFC 8908 network: probe reports the API\'s answer', async () => {
    const world = demo();
    const found = pick(world, (ap) => ap.portal?.kind === 'capport');
    expect(found, 'the demo world has an RFC 8908 network').toBeDefined();
    const { site, ap } = found!;
    const file = worldAt(world, site);
    const connect = await connectUntilAnswered([ap.bssid, '--world', file]);
    expect(connect.state.network?.bssid).toBe(ap.bssid);

    const probe = runCli(['portal', 'probe', '--world', file, '--json'], home.dir);
    expect(probe.status).toBe(0);
    const result = JSON.parse(probe.stdout);
    expect(result.state).toBe('captive');
    expect(result.portalUrl).toBe(`https://${ap.portal!.loginHost}/portal`);
    expect(result.capport).toMatchObject({ captive: true, userPortalUrl: `https://${ap.portal!.loginHost}/portal`, canExtendSession: ap.portal!.capport?.canExtendSession ?? false });
    // While captive, session counts describe nothing (RFC 8908 reading, as in `portal parse`).
    expect(result.capport).not.toHaveProperty('secondsRemaining');
  });
});
