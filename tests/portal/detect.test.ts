/**
 * Portal detection against real servers on loopback: a forwarding proxy sends every plain
 * http probe (any host, port 80 included) to one test server that answers by Host and
 * path, so the real probe URLs are used as they are. Gateway pages are the captures.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { defaultProbes, detectPortal, WELL_KNOWN_PROBES, type DetectOptions } from '../../main/engine/portal/detect.js';
import { ManualClock } from '../support/manual-clock.js';
import { closeAll, forwardingProxy, httpServer, httpsServer, type SeenRequest } from './support/loopback.js';
import { createTestCa, type TestCa } from './support/test-pki.js';
import { fixture, parseJavaHeaderDump, parseRawHttpResponse } from './support/fixtures.js';

type Answer = { status?: number; headers?: Record<string, string>; body?: string } | 'hang' | 'cut';

let ca: TestCa;
let apiCert: { keyPem: string; certPem: string };
beforeAll(async () => {
  ca = await createTestCa();
  apiCert = await ca.issue(['api.hotspot.test']);
}, 30_000);
afterAll(() => ca.dispose());
afterEach(closeAll);

const OWN = 'http://check.roamdesk.test/generate_204';

async function network(routes: Record<string, Answer>) {
  const serve = (req: SeenRequest, res: import('node:http').ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const answer = routes[`${host}${req.url}`] ?? routes[`${host}${req.url.split('?')[0]}`];
    if (answer === 'hang') return;
    if (answer === 'cut') return void res.socket?.destroy();
    if (!answer) return void res.writeHead(404).end('not here');
    res.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body ?? '');
  };
  const server = await httpServer(serve);
  const api = await httpsServer(apiCert, serve);
  const proxy = await forwardingProxy({ toPort: server.port });
  const http = new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem });
  const clock = new ManualClock();
  return {
    seen: server.seen,
    apiPort: api.port,
    options: (extra: Partial<DetectOptions> = {}): DetectOptions => ({ http, clock, probes: defaultProbes(OWN), probeTimeoutMs: 2000, ...extra }),
  };
}

describe('portal detection', () => {
  test('the default probe set: Roamdesk’s own endpoint first, then Google, Apple, Microsoft with their answers', () => {
    expect(defaultProbes(OWN).map((p) => [p.name, p.url])).toEqual([
      ['roamdesk', OWN],
      ['google', 'http://connectivitycheck.gstatic.com/generate_204'],
      ['apple', 'http://captive.apple.com/hotspot-detect.html'],
      ['microsoft', 'http://www.msftconnecttest.com/connecttest.txt'],
    ]);
    expect(WELL_KNOWN_PROBES.map((p) => p.expect)).toEqual([{ status: 204 }, { status: 200, body: 'Success', match: 'title' }, { status: 200, body: 'Microsoft Connect Test', match: 'exact' }]);
  });

  test('204 from the first probe: online, nothing else asked', async () => {
    const net = await network({ 'check.roamdesk.test/generate_204': { status: 204 } });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'online', probe: 'roamdesk' });
    expect(net.seen.map((r) => r.headers.host)).toEqual(['check.roamdesk.test']);
  });

  test('own endpoint cut and Google timing out: Apple’s Success page decides; then Microsoft’s exact text', async () => {
    const apple = { body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>' };
    const net = await network({ 'check.roamdesk.test/generate_204': 'cut', 'connectivitycheck.gstatic.com/generate_204': 'hang', 'captive.apple.com/hotspot-detect.html': apple });
    const result = await detectPortal(net.options({ probeTimeoutMs: 300 }));
    expect(result.state).toBe('online');
    expect(result.attempts.map((a) => [a.probe, a.outcome])).toEqual([
      ['roamdesk', 'unreachable'],
      ['google', 'timeout'],
      ['apple', 'online'],
    ]);
    const ms = await network({ 'www.msftconnecttest.com/connecttest.txt': { body: 'Microsoft Connect Test' } });
    expect(await detectPortal(ms.options({ probes: WELL_KNOWN_PROBES.slice(2) }))).toMatchObject({ state: 'online', probe: 'microsoft' });
  });

  test('302 to a login page carrying WISPr (Wi2 capture): captive, portal URL and the Redirect message', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { status: 302, headers: { location: '/wi2net/Login/1/?SSID=x' } },
      'check.roamdesk.test/wi2net/Login/1/': { body: fixture('wispr', 'wi2-jp_redirect-100_login-page.html') },
    });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({
      state: 'captive',
      via: 'wispr',
      originatingUrl: OWN,
      portalUrl: 'http://check.roamdesk.test/wi2net/Login/1/?SSID=x',
      wispr: { messageType: 100, loginUrl: 'https://service.wi2.ne.jp/wi2net/RLogin/1/?SSID=xxxxxxxxxxxxxxxxxxxxxxxxxx' },
    });
    if (result.state !== 'captive') throw new Error('unreachable');
    expect(result.hops.map((h) => h.status)).toEqual([302, 200]);
  });

  test('CoovaChilli 302 whose body is the WISPr Redirect: read from the 302 itself, Location not fetched', async () => {
    const coova = parseRawHttpResponse(fixture('wispr', 'coovachilli_wispr2-redirect-100_eapmsg_http-exchange.txt'));
    const net = await network({ 'check.roamdesk.test/generate_204': { status: coova.status, headers: { location: coova.headers.location!, 'content-type': coova.headers['content-type']! }, body: coova.body } });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'wispr', portalUrl: 'https://coova/www/login.chi?res=notyet&uamip=10.1.0.1&uamport=3990...', wispr: { messageType: 100, versionHigh: '2.0' } });
    expect(net.seen).toHaveLength(1);
  });

  test('TrueMove: a 302 whose body is a Proxy 110 message (headers and body from the capture)', async () => {
    const headers = parseJavaHeaderDump(fixture('wispr', 'truemove-th_proxy-110-200_302-headers.txt'));
    const net = await network({ 'check.roamdesk.test/generate_204': { status: headers.status, headers: { location: headers.headers.location! }, body: fixture('wispr', 'truemove-th_proxy-110-200_302-body.html') } });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'wispr', wispr: { messageType: 110, responseCode: 200 } });
    if (result.state !== 'captive') throw new Error('unreachable');
    expect(result.portalUrl).toBe(headers.headers.location);
  });

  test('302 → META refresh page → the TrueMove login page: three hops, WISPr found at the end', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://portal.true.test/wifiauthen/login.do?x=1' } },
      'portal.true.test/wifiauthen/login.do': { body: '<html><META HTTP-EQUIV="Refresh" CONTENT="0;url=http://portal.true.test/wifiauthen/page.php?a=1&amp;b=2"></html>' },
      'portal.true.test/wifiauthen/page.php': { body: fixture('wispr', 'truemove-th_redirect-100_login-page.html') },
    });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'wispr', portalUrl: 'http://portal.true.test/wifiauthen/page.php?a=1&b=2', wispr: { loginUrl: 'https://portal.trueinternet.co.th/wifiauthen/authen.do' } });
    if (result.state !== 'captive') throw new Error('unreachable');
    expect(result.hops.map((h) => h.url)).toEqual([OWN, 'http://portal.true.test/wifiauthen/login.do?x=1', 'http://portal.true.test/wifiauthen/page.php?a=1&b=2']);
  });

  test('HTTP 511 with a META refresh to the portal', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { status: 511, body: '<html><head><meta http-equiv="refresh" content="0; url=https://login.hotspot.test/"></head></html>' },
    });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'http-511', portalUrl: 'https://login.hotspot.test/' });
  });

  test('200 with another page: captive, the probe URL is the portal; a tiny body is inconclusive', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { body: 'ok' },
      'connectivitycheck.gstatic.com/generate_204': { body: '<html><form action="/accept">Accept the terms</form></html>' },
    });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'content', portalUrl: 'http://connectivitycheck.gstatic.com/generate_204', originatingUrl: 'http://connectivitycheck.gstatic.com/generate_204' });
    expect(result.attempts.map((a) => a.outcome)).toEqual(['inconclusive', 'captive']);
  });

  test('302 to a page without WISPr: captive through the redirect, portal page reached', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://portal.test/' } },
      'portal.test/': { body: '<html>Sign in</html>' },
    });
    expect(await detectPortal(net.options())).toMatchObject({ state: 'captive', via: 'redirect', portalUrl: 'http://portal.test/' });
  });

  test('a redirect loop is cut off; the network still counts as captive', async () => {
    const net = await network({
      'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://a.test/' } },
      'a.test/': { status: 302, headers: { location: 'http://b.test/' } },
      'b.test/': { status: 302, headers: { location: 'http://a.test/' } },
    });
    const result = await detectPortal(net.options());
    expect(result).toMatchObject({ state: 'captive', via: 'redirect', portalUrl: 'http://a.test/' });
    expect(result.attempts[0]!.detail).toContain('loop');
    expect(net.seen.length).toBeLessThanOrEqual(4);
  });

  test('too many redirects are bounded by maxRedirects', async () => {
    const routes: Record<string, Answer> = { 'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://hop.test/1' } } };
    for (let i = 1; i < 20; i += 1) routes[`hop.test/${i}`] = { status: 302, headers: { location: `http://hop.test/${i + 1}` } };
    const net = await network(routes);
    const result = await detectPortal(net.options({ maxRedirects: 3 }));
    expect(result.state).toBe('captive');
    expect(net.seen).toHaveLength(4);
  });

  test('every probe times out → no internet (timeout), bounded by the probe timeout', async () => {
    const net = await network({ 'check.roamdesk.test/generate_204': 'hang', 'connectivitycheck.gstatic.com/generate_204': 'hang', 'captive.apple.com/hotspot-detect.html': 'hang', 'www.msftconnecttest.com/connecttest.txt': 'hang' });
    const started = Date.now();
    const result = await detectPortal(net.options({ probeTimeoutMs: 150 }));
    expect(result).toMatchObject({ state: 'no-internet', reason: 'timeout' });
    expect(result.attempts).toHaveLength(4);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('every connection cut → no internet (unreachable); only odd answers → inconclusive', async () => {
    const cut = await network({ 'check.roamdesk.test/generate_204': 'cut', 'connectivitycheck.gstatic.com/generate_204': 'cut', 'captive.apple.com/hotspot-detect.html': 'cut', 'www.msftconnecttest.com/connecttest.txt': 'cut' });
    expect(await detectPortal(cut.options())).toMatchObject({ state: 'no-internet', reason: 'unreachable' });
    const odd = await network({});
    const result = await detectPortal(odd.options());
    expect(result).toMatchObject({ state: 'no-internet', reason: 'inconclusive' });
    expect(result.attempts.map((a) => a.status)).toEqual([404, 404, 404, 404]);
  });

  test('no proxy and nothing listening: a DNS-style failure is "unreachable"', async () => {
    const result = await detectPortal({ http: new NodeHttpClient(), clock: new ManualClock(), probes: [{ name: 'x', url: 'http://no-such-host.invalid/generate_204', expect: { status: 204 } }], probeTimeoutMs: 3000 });
    expect(result).toMatchObject({ state: 'no-internet', reason: 'unreachable' });
    expect(result.attempts[0]!.detail).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});

describe('portal detection with an RFC 8908 API', () => {
  const example1 = parseRawHttpResponse(fixture('capport', 'rfc8908_example-1_captive-true_http-response.txt'));
  const example2 = parseRawHttpResponse(fixture('capport', 'rfc8908_example-2_captive-false_http-response.txt'));

  test('API says captive and the probe is redirected: the API’s user-portal-url is the portal', async () => {
    const net = await network({
      'api.hotspot.test/capport': { status: 200, headers: example1.headers, body: example1.body },
      'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://portal.test/' } },
      'portal.test/': { body: '<html>Sign in</html>' },
    });
    const apiUrl = `https://api.hotspot.test:${net.apiPort}/capport`;
    const result = await detectPortal(net.options({ capportApiUrl: apiUrl }));
    expect(result).toMatchObject({ state: 'captive', via: 'redirect', portalUrl: 'https://example.org/portal.html', capportApiUrl: apiUrl, capport: { state: { captive: true } } });
  });

  test('API says captive but the probe passes: captive (the API can force a portal)', async () => {
    const net = await network({ 'api.hotspot.test/capport': { status: 200, headers: example1.headers, body: example1.body }, 'check.roamdesk.test/generate_204': { status: 204 } });
    expect(await detectPortal(net.options({ capportApiUrl: `https://api.hotspot.test:${net.apiPort}/capport` }))).toMatchObject({ state: 'captive', via: 'capport', portalUrl: 'https://example.org/portal.html' });
  });

  test('API says not captive: the probe still decides, and the session budget is reported', async () => {
    const net = await network({ 'api.hotspot.test/capport': { status: 200, headers: example2.headers, body: example2.body }, 'check.roamdesk.test/generate_204': { status: 204 } });
    const result = await detectPortal(net.options({ capportApiUrl: `https://api.hotspot.test:${net.apiPort}/capport` }));
    expect(result).toMatchObject({ state: 'online', capport: { secondsLeft: 326, canExtend: true, expiringSoon: false, venueInfoUrl: 'https://flight.example.com/entertainment' } });
    const blocked = await network({ 'api.hotspot.test/capport': { status: 200, headers: example2.headers, body: example2.body }, 'check.roamdesk.test/generate_204': { status: 302, headers: { location: 'http://p.test/' } } });
    expect(await detectPortal(blocked.options({ capportApiUrl: `https://api.hotspot.test:${blocked.apiPort}/capport` }))).toMatchObject({ state: 'captive', via: 'redirect' });
  });

  test('an http API URL is not used (and not fetched); the probes still run', async () => {
    const net = await network({ 'api.hotspot.test/capport': { status: 200, headers: example1.headers, body: example1.body }, 'check.roamdesk.test/generate_204': { status: 204 } });
    const result = await detectPortal(net.options({ capportApiUrl: 'http://api.hotspot.test/capport' }));
    expect(result).toMatchObject({ state: 'online', capportError: { code: 'CAPPORT_API_URL_NOT_HTTPS' } });
    expect(net.seen.map((r) => r.headers.host)).toEqual(['check.roamdesk.test']);
  });
});
