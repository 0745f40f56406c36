/**
 * The WISPr smart client against real servers on loopback: an https sign-in server for
 * login.provider.test (certificate from a CA made for the test) and an http hotspot
 * gateway (gw.hotspot.test), both reached through a forwarding proxy the way the
 * simulated world's gateway carries traffic. Real NodeHttpClient, no mocks; time is a
 * ManualClock so Delay seconds pass at once but are still measured.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { isAllowedHost, checkLoginUrl } from '../../main/engine/portal/login-url-policy.js';
import { parseWispr, type WisprMessage } from '../../main/engine/portal/wispr-parse.js';
import { wisprLogin, wisprLogoff, type WisprLoginOptions, type WisprLoginResult } from '../../main/engine/portal/wispr-client.js';
import { PortalError } from '../../main/engine/portal/portal-error.js';
import { ManualClock } from '../support/manual-clock.js';
import { closeAll, forwardingProxy, httpServer, httpsServer, type SeenRequest } from './support/loopback.js';
import { createTestCa, type TestCa } from './support/test-pki.js';
import { fixture } from './support/fixtures.js';

const PASSWORD = 'S3cret&pa ss/wörd';

type Answer = { status?: number; headers?: Record<string, string>; body?: string };
type Route = (req: SeenRequest) => Answer;

let ca: TestCa;
let otherCa: TestCa;
let goodCert: { keyPem: string; certPem: string };
let wrongCert: { keyPem: string; certPem: string };
beforeAll(async () => {
  ca = await createTestCa();
  otherCa = await createTestCa('Impostor CA');
  goodCert = await ca.issue(['login.provider.test', 'evil.example.test', 'provider.test.evil.example']);
  wrongCert = await otherCa.issue(['login.provider.test']);
}, 30_000);
afterAll(async () => {
  await ca.dispose();
  await otherCa.dispose();
});
afterEach(closeAll);

interface Rig {
  login: string; // https origin of the sign-in server
  gw: string; // http origin of the hotspot gateway
  routes: Map<string, Route>;
  loginSeen: SeenRequest[];
  gwSeen: SeenRequest[];
  proxy: { connects: string[]; forwarded: string[] };
  clock: ManualClock;
  sleeps: number[];
  logs: Array<[string, string, unknown]>;
  logger: Logger;
  options(message: WisprMessage, extra?: Partial<WisprLoginOptions>): WisprLoginOptions;
}

let rig: Rig;

function respond(routes: Map<string, Route>): (req: SeenRequest, res: import('node:http').ServerResponse) => void {
  return (req, res) => {
    const route = routes.get(`${req.method} ${req.url.split('?')[0]}`);
    if (!route) return void res.writeHead(404).end('no route');
    const answer = route(req);
    res.writeHead(answer.status ?? 200, { 'content-type': 'text/html', ...answer.headers }).end(answer.body ?? '');
  };
}

async function makeRig(cert = goodCert): Promise<Rig> {
  const routes = new Map<string, Route>();
  const login = await httpsServer(cert, respond(routes));
  const gw = await httpServer(respond(routes));
  const proxy = await forwardingProxy();
  const http = new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem });
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 9), true);
  const sleeps: number[] = [];
  const sleep = clock.sleep.bind(clock);
  clock.sleep = (ms, signal) => {
    sleeps.push(ms);
    return sleep(ms, signal);
  };
  const logs: Array<[string, string, unknown]> = [];
  const logger: Logger = {
    error: (m, f) => logs.push(['error', m, f]),
    warn: (m, f) => logs.push(['warn', m, f]),
    info: (m, f) => logs.push(['info', m, f]),
    debug: (m, f) => logs.push(['debug', m, f]),
  };
  const r: Rig = {
    login: `https://login.provider.test:${login.port}`,
    gw: `http://gw.hotspot.test:${gw.port}`,
    routes,
    loginSeen: login.seen,
    gwSeen: gw.seen,
    proxy,
    clock,
    sleeps,
    logs,
    logger,
    options: (message, extra = {}) => ({
      http,
      clock,
      logger,
      message,
      originatingUrl: 'http://connectivitycheck.gstatic.com/generate_204',
      credentials: { username: 'ann@example.com', password: PASSWORD, realmPrefix: 'IPASS/' },
      allowedDomains: ['provider.test'],
      ...extra,
    }),
  };
  return r;
}

beforeEach(async () => {
  rig = await makeRig();
});

const wispr = (inner: string) => `<html><!--\n<?xml version="1.0" encoding="UTF-8"?>\n<WISPAccessGatewayParam>${inner}</WISPAccessGatewayParam>\n--></html>`;
const redirect = (loginUrl: string, abort?: string) =>
  parseWispr(wispr(`<Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL>${loginUrl}</LoginURL>${abort ? `<AbortLoginURL>${abort}</AbortLoginURL>` : ''}<LocationName>Cafe</LocationName></Redirect>`));
const authReply = (code: number, more = '') => wispr(`<AuthenticationReply><MessageType>120</MessageType><ResponseCode>${code}</ResponseCode>${more}</AuthenticationReply>`);
const pollReply = (code: number, more = '') => wispr(`<AuthenticationPollReply><MessageType>140</MessageType><ResponseCode>${code}</ResponseCode>${more}</AuthenticationPollReply>`);

/** Nothing the client produced — result, logs — contains the password, raw or encoded. */
function expectNoPassword(result: unknown): void {
  const dump = JSON.stringify({ result, logs: rig.logs });
  for (const form of [PASSWORD, encodeURIComponent(PASSWORD), new URLSearchParams({ p: PASSWORD }).toString().slice(2)]) expect(dump).not.toContain(form);
}

function failed(result: WisprLoginResult): Extract<WisprLoginResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('WISPr login', () => {
  test('100 → POST the five fields to the https LoginURL → 120/50: online, LogoffURL kept', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(50, `<ReplyMessage>Welcome</ReplyMessage><LogoffURL>${rig.gw}/logoff</LogoffURL>`) }));
    const result = await wisprLogin(rig.options(redirect(`${rig.login}/wispr?res=wispr&amp;uamip=10.1.0.1`)));
    expect(result).toEqual({ ok: true, logoffUrl: `${rig.gw}/logoff`, replyMessages: ['Welcome'], polls: 0 });
    expect(rig.loginSeen).toHaveLength(1);
    const post = rig.loginSeen[0]!;
    expect(post.method).toBe('POST');
    expect(post.url).toBe('/wispr?res=wispr&uamip=10.1.0.1');
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(post.headers['user-agent']).toMatch(/^WISPR!/);
    expect(post.body).toBe(
      'UserName=IPASS%2Fann%40example.com&Password=S3cret%26pa+ss%2Fw%C3%B6rd&button=Login&FNAME=0&OriginatingServer=http%3A%2F%2Fconnectivitycheck.gstatic.com%2Fgenerate_204',
    );
    expect(new URLSearchParams(post.body).get('Password')).toBe(PASSWORD);
    expect(rig.proxy.connects).toEqual([`login.provider.test:${new URL(rig.login).port}`]);
    expectNoPassword(result);
  });

  test('without a realm prefix the user name goes as it is', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(50) }));
    const options = rig.options(redirect(`${rig.login}/wispr`));
    await wisprLogin({ ...options, credentials: { username: 'FON_WISPR/bob', password: PASSWORD } });
    expect(new URLSearchParams(rig.loginSeen[0]!.body).get('UserName')).toBe('FON_WISPR/bob');
  });

  test('120/100 (the acmewisp capture): rejected, with the gateway’s words, not retryable, no second POST', async () => {
    rig.routes.set('POST /wispr', () => ({ body: fixture('wispr', 'spec-acmewisp_authreply-120-100-login-failed.xml'), headers: { 'content-type': 'text/xml' } }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error.code).toBe('PORTAL_LOGIN_REJECTED');
    expect(result.error.message).toBe('The hotspot rejected your provider account (WISPr code 100). It said: “Invalid Password”.');
    expect(result.error.hint).toContain('does not retry');
    expect(result).toMatchObject({ replyMessages: ['Invalid Password'], retryable: false, responseCode: 100 });
    expect(rig.loginSeen).toHaveLength(1);
    expectNoPassword(result);
  });

  test.each([
    [102, 'PORTAL_RADIUS_ERROR', true],
    [105, 'PORTAL_NETWORK_ADMIN_ERROR', true],
    [255, 'PORTAL_GATEWAY_ERROR', true],
    [999, 'PORTAL_UNEXPECTED_REPLY', false],
  ] as const)('120/%i → %s (retryable %s)', async (code, expected, retryable) => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(code, '<ReplyMessage>x</ReplyMessage>') }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error.code).toBe(expected);
    expect(result.retryable).toBe(retryable);
    expect(result.responseCode).toBe(code);
  });

  test('the MikroTik error template, rendered, is a gateway error carrying its text', async () => {
    rig.routes.set('POST /wispr', () => ({ body: fixture('wispr', 'mikrotik-routeros_xml-error.tmpl.html').replace('$(error)', 'no more sessions are allowed').replace('$(hostname)', 'gw') }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error).toMatchObject({ code: 'PORTAL_GATEWAY_ERROR', message: 'The hotspot’s gateway reported an internal error (WISPr code 255). It said: “no more sessions are allowed”.' });
  });

  test('a Redirect with RC 105 is a network administrator error before any POST', async () => {
    const message = parseWispr(wispr(`<Redirect><MessageType>100</MessageType><ResponseCode>105</ResponseCode><LoginURL>${rig.login}/wispr</LoginURL></Redirect>`));
    const result = failed(await wisprLogin(rig.options(message)));
    expect(result.error.code).toBe('PORTAL_NETWORK_ADMIN_ERROR');
    expect(rig.loginSeen).toHaveLength(0);
  });

  test('201 pending: polls LoginResultsURL after Delay seconds, with no credentials, until 50', async () => {
    let polls = 0;
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results?id=7&amp;x=1</LoginResultsURL><Delay>5</Delay>`) }));
    rig.routes.set('GET /results', () => {
      polls += 1;
      // The second poll reply omits LoginResultsURL: the previous one is reused.
      return { body: polls < 3 ? pollReply(201, polls === 1 ? `<Delay>2</Delay><LoginResultsURL>${rig.gw}/results?id=8</LoginResultsURL>` : '<Delay>2</Delay>') : pollReply(50, `<LogoffURL>${rig.gw}/logoff</LogoffURL>`) };
    });
    const result = await wisprLogin(rig.options(redirect(`${rig.login}/wispr`)));
    expect(result).toEqual({ ok: true, logoffUrl: `${rig.gw}/logoff`, replyMessages: [], polls: 3 });
    expect(rig.sleeps).toEqual([5000, 2000, 2000]);
    expect(rig.gwSeen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /results?id=7&x=1', 'GET /results?id=8', 'GET /results?id=8']);
    for (const poll of rig.gwSeen) {
      expect(poll.body).toBe('');
      expect(JSON.stringify(poll.headers)).not.toContain('S3cret');
    }
    expect(rig.loginSeen).toHaveLength(1);
    expectNoPassword(result);
  });

  test('the WISPr-SWIFT 140/201 capture as a poll answer, then a rejection', async () => {
    let polls = 0;
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results</LoginResultsURL>`) }));
    rig.routes.set('GET /results', () => ({ body: (polls += 1) === 1 ? fixture('wispr', 'wispr-swift_authpoll-140-201-pending_delay5.xml').replace('http://service.wi2.ne.jp/wi2net/RLogin/1/', `${rig.gw}/results`) : pollReply(100) }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error.code).toBe('PORTAL_LOGIN_REJECTED');
    expect(rig.sleeps).toEqual([5000]);
  });

  test('pending for ever: gives up after maxPolls, tells the gateway through AbortLoginURL', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results</LoginResultsURL><Delay>1</Delay>`) }));
    rig.routes.set('GET /results', () => ({ body: pollReply(201, '<Delay>1</Delay>') }));
    rig.routes.set('GET /abort', () => ({ body: wispr('<AbortLoginReply><MessageType>150</MessageType><ResponseCode>151</ResponseCode></AbortLoginReply>') }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`, `${rig.gw}/abort`), { maxPolls: 3 })));
    expect(result.error.code).toBe('PORTAL_PENDING_TIMEOUT');
    expect(result.error.message).toBe('The hotspot still had the sign-in pending after 3 checks.');
    expect(rig.gwSeen.map((r) => r.url)).toEqual(['/results', '/results', '/results', '/abort']);
    expect(rig.sleeps).toEqual([1000, 1000, 1000]);
  });

  test('a Delay far too long is shortened to the cap', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results</LoginResultsURL><Delay>86400</Delay>`) }));
    rig.routes.set('GET /results', () => ({ body: pollReply(50) }));
    expect((await wisprLogin(rig.options(redirect(`${rig.login}/wispr`), { maxDelaySeconds: 20 }))).ok).toBe(true);
    expect(rig.sleeps).toEqual([20_000]);
  });

  test('201 without LoginResultsURL is an unexpected reply', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(201) }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error.code).toBe('PORTAL_UNEXPECTED_REPLY');
    expect(result.error.message).toContain('no address to check it');
  });

  test('cancelled while pending: AbortLoginURL answers 150/151 → aborted', async () => {
    const clock = new ManualClock();
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results</LoginResultsURL><Delay>5</Delay>`) }));
    rig.routes.set('GET /abort', () => ({ body: wispr('<AbortLoginReply><MessageType>150</MessageType><ResponseCode>151</ResponseCode></AbortLoginReply>') }));
    const controller = new AbortController();
    const pending = wisprLogin(rig.options(redirect(`${rig.login}/wispr`, `${rig.gw}/abort`), { clock, signal: controller.signal }));
    await clock.whenSleeping();
    controller.abort();
    const result = failed(await pending);
    expect(result.error.code).toBe('PORTAL_LOGIN_ABORTED');
    expect(result.responseCode).toBe(151);
    expect(rig.gwSeen.map((r) => r.url)).toEqual(['/abort']);
  });

  test('cancelled while pending, but the gateway had already let us in (150/50 + LogoffURL)', async () => {
    const clock = new ManualClock();
    rig.routes.set('POST /wispr', () => ({ body: authReply(201, `<LoginResultsURL>${rig.gw}/results</LoginResultsURL><Delay>5</Delay>`) }));
    rig.routes.set('GET /abort', () => ({ body: wispr(`<AbortLoginReply><MessageType>150</MessageType><ResponseCode>50</ResponseCode><LogoffURL>${rig.gw}/logoff</LogoffURL></AbortLoginReply>`) }));
    const controller = new AbortController();
    const pending = wisprLogin(rig.options(redirect(`${rig.login}/wispr`, `${rig.gw}/abort`), { clock, signal: controller.signal }));
    await clock.whenSleeping();
    controller.abort();
    expect(await pending).toEqual({ ok: true, alreadyOnline: true, logoffUrl: `${rig.gw}/logoff`, replyMessages: [], polls: 0 });
  });

  test('Proxy 110/200: waits Delay, follows NextURL (a 302 whose body is the Redirect), then signs in', async () => {
    const proxyMessage = parseWispr(fixture('wispr', 'spec-acmewisp_proxy-110-200_delay5_smart-quotes.xml').replace('http://www.acmewisp.com/proxypoll', `${rig.gw}/proxypoll`));
    rig.routes.set('GET /proxypoll', () => ({ status: 302, headers: { location: `${rig.gw}/elsewhere` }, body: wispr(`<Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL>${rig.login}/wispr</LoginURL></Redirect>`) }));
    rig.routes.set('POST /wispr', () => ({ body: authReply(50) }));
    const result = await wisprLogin(rig.options(proxyMessage));
    expect(result.ok).toBe(true);
    expect(rig.sleeps).toEqual([5000]);
    expect(rig.gwSeen.map((r) => r.url)).toEqual(['/proxypoll']);
  });

  test('Proxy without NextURL (TrueMove has no Delay either) repeats the original URL; a Proxy loop is cut off', async () => {
    const loop = parseWispr(wispr('<Proxy><MessageType>110</MessageType><ResponseCode>200</ResponseCode></Proxy>'));
    rig.routes.set('GET /generate_204', () => ({ body: wispr('<Proxy><MessageType>110</MessageType><ResponseCode>200</ResponseCode></Proxy>') }));
    const result = failed(await wisprLogin(rig.options(loop, { originatingUrl: `${rig.gw}/generate_204`, maxHops: 3 })));
    expect(result.error.code).toBe('PORTAL_PROXY_LOOP');
    expect(rig.gwSeen.map((r) => r.url)).toEqual(['/generate_204', '/generate_204', '/generate_204']);
    expect(rig.sleeps).toEqual([]);
    expect(new URLSearchParams(rig.gwSeen[0]!.body).get('Password')).toBeNull();
  });

  test('a login answer that is a bare 302 is followed with GET (credentials are not re-sent)', async () => {
    rig.routes.set('POST /wispr', () => ({ status: 302, headers: { location: '/result' } }));
    rig.routes.set('GET /result', () => ({ body: authReply(50) }));
    const result = await wisprLogin(rig.options(redirect(`${rig.login}/wispr`)));
    expect(result.ok).toBe(true);
    expect(rig.loginSeen.map((r) => `${r.method} ${r.url} ${r.body.length}`)).toEqual([`POST /wispr ${rig.loginSeen[0]!.body.length}`, 'GET /result 0']);
  });

  test('a login answer with no WISPr at all', async () => {
    rig.routes.set('POST /wispr', () => ({ body: '<html>Thanks!</html>' }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.error).toMatchObject({ code: 'PORTAL_UNEXPECTED_REPLY', message: 'The hotspot answered to the sign-in with HTTP 200 and no WISPr message.' });
  });

  test('a gateway that echoes the password in its ReplyMessage: scrubbed everywhere', async () => {
    rig.routes.set('POST /wispr', (req) => ({ body: authReply(100, `<ReplyMessage>bad password ${new URLSearchParams(req.body).get('Password')!.replace('&', '&amp;')}</ReplyMessage>`) }));
    const result = failed(await wisprLogin(rig.options(redirect(`${rig.login}/wispr`))));
    expect(result.replyMessages).toEqual(['bad password •••']);
    expect(result.error.message).toContain('bad password •••');
    expectNoPassword(result);
  });

  test('a login POST that gets no answer in time: unreachable, retryable, never repeated', async () => {
    rig.routes.set('POST /wispr', () => {
      throw new Error('unused');
    });
    const silent = await httpsServer(goodCert, () => undefined);
    const result = failed(await wisprLogin(rig.options(redirect(`https://login.provider.test:${silent.port}/wispr`), { loginTimeoutMs: 300 })));
    expect(result.error).toMatchObject({ code: 'PORTAL_UNREACHABLE', message: `The sign-in server login.provider.test:${silent.port} did not answer in time.` });
    expect(result.retryable).toBe(true);
    expect(silent.seen).toHaveLength(1);
    expectNoPassword(result);
  });

  test('empty or over-long passwords are refused before anything is sent', async () => {
    const options = rig.options(redirect(`${rig.login}/wispr`));
    expect(failed(await wisprLogin({ ...options, credentials: { username: 'ann', password: '' } })).error.code).toBe('PORTAL_CREDENTIALS_INVALID');
    const long = 'x'.repeat(129);
    const result = failed(await wisprLogin({ ...options, credentials: { username: 'ann', password: long } }));
    expect(result.error.code).toBe('PORTAL_CREDENTIALS_INVALID');
    expect(JSON.stringify(result)).not.toContain(long);
    expect(rig.loginSeen).toHaveLength(0);
  });
});

describe('WISPr login security', () => {
  test('an http LoginURL is refused: nothing is sent, not even a connection, and no https retry', async () => {
    rig.routes.set('POST /wispr', () => ({ body: authReply(50) }));
    const result = failed(await wisprLogin(rig.options(redirect(`http://login.provider.test:${new URL(rig.gw).port}/wispr`))));
    expect(result.error.code).toBe('PORTAL_LOGIN_URL_NOT_HTTPS');
    expect(result.error.message).toBe('The hotspot asked for your password at login.provider.test over plain HTTP, so Roamdesk did not send it.');
    expect(result.retryable).toBe(false);
    expect(rig.gwSeen).toHaveLength(0);
    expect(rig.loginSeen).toHaveLength(0);
    expect(rig.proxy.connects).toEqual([]);
    expect(rig.proxy.forwarded).toEqual([]);
    expectNoPassword(result);
  });

  test.each([
    'https://evil.example.test:PORT/wispr',
    'https://provider.test.evil.example:PORT/wispr',
    'https://login.provider.test@evil.example.test:PORT/wispr',
  ])('a LoginURL outside the provider’s domains is refused: %s', async (template) => {
    const url = template.replace('PORT', new URL(rig.login).port);
    rig.routes.set('POST /wispr', () => ({ body: authReply(50) }));
    const result = failed(await wisprLogin(rig.options(redirect(url))));
    expect(result.error.code).toBe('PORTAL_LOGIN_HOST_NOT_ALLOWED');
    expect(rig.loginSeen).toHaveLength(0);
    expect(rig.proxy.connects).toEqual([]);
  });

  test('a sign-in server whose certificate is from another CA: stopped before the POST, never retried over http', async () => {
    const impostor = await makeRig(wrongCert);
    impostor.routes.set('POST /wispr', () => ({ body: authReply(50) }));
    const result = failed(await wisprLogin(impostor.options(redirect(`${impostor.login}/wispr`))));
    expect(result.error.code).toBe('PORTAL_TLS_CERTIFICATE_INVALID');
    expect(result.error.message).toBe(`The sign-in server login.provider.test:${new URL(impostor.login).port} did not present a trusted certificate, so Roamdesk stopped.`);
    expect(impostor.loginSeen).toHaveLength(0);
    expect(impostor.proxy.connects).toHaveLength(1);
    expect(impostor.proxy.forwarded).toEqual([]);
    expect(result.retryable).toBe(false);
    rig = impostor;
    expectNoPassword(result);
  });

  test('host matching: exact host or subdomain of an allowed domain, nothing else', () => {
    const allowed = ['provider.test', '.wifi.example.fr', '*.btopenzone.com', 'Telekom.DE.', 'bücher.example', '10.0.0.1'];
    const yes = ['provider.test', 'login.provider.test', 'a.b.provider.test', 'LOGIN.Provider.Test', 'login.provider.test.', 'hotspot.wifi.example.fr', 'wifi.example.fr', 'www.btopenzone.com', 'x.telekom.de', 'xn--bcher-kva.example', 'login.xn--bcher-kva.example', '10.0.0.1'];
    const no = ['evilprovider.test', 'provider.test.evil.example', 'provider.tes', 'example.fr', 'btopenzone.com.evil', 'telekom.de.evil.com', 'bucher.example', '10.0.0.2', '', 'test'];
    for (const host of yes) expect(isAllowedHost(new URL(`https://${host || 'x'}/`).hostname, allowed), host).toBe(true);
    for (const host of no) expect(host === '' ? isAllowedHost('', allowed) : isAllowedHost(new URL(`https://${host}/`).hostname, allowed), host).toBe(false);
    expect(isAllowedHost('provider.test', [])).toBe(false);
    expect(isAllowedHost('anything.test', ['', '.', 'https://provider.test/'])).toBe(false);
  });

  test('checkLoginUrl refuses userinfo, plain http and look-alikes with their own codes', () => {
    const codeOf = (url: string) => {
      try {
        checkLoginUrl(url, ['provider.test']);
        return 'ok';
      } catch (error) {
        return (error as PortalError).portalCode;
      }
    };
    expect(codeOf('https://login.provider.test/w')).toBe('ok');
    expect(codeOf('https://user:pw@login.provider.test/w')).toBe('PORTAL_LOGIN_HOST_NOT_ALLOWED');
    expect(codeOf('http://login.provider.test/w')).toBe('PORTAL_LOGIN_URL_NOT_HTTPS');
    expect(codeOf('https://login.provider.test.evil.example/w')).toBe('PORTAL_LOGIN_HOST_NOT_ALLOWED');
    expect(codeOf('ftp://login.provider.test/w')).toBe('PORTAL_LOGIN_URL_NOT_HTTPS');
  });
});

describe('WISPr logoff', () => {
  test('130/150 (the MikroTik logout template as served) is success', async () => {
    rig.routes.set('GET /logoff', () => ({ body: fixture('wispr', 'mikrotik-routeros_xml-logout.tmpl.html') }));
    expect(await wisprLogoff({ http: rig.options(redirect(`${rig.login}/w`)).http, logoffUrl: `${rig.gw}/logoff` })).toEqual({ ok: true });
  });

  test('TrueMove’s LogoffReply carrying 120/255 is a failure', async () => {
    rig.routes.set('GET /logoff', () => ({ body: fixture('wispr', 'truemove-th_logoffreply-with-mt120-rc255_meta-refresh.html') }));
    const result = await wisprLogoff({ http: rig.options(redirect(`${rig.login}/w`)).http, logoffUrl: `${rig.gw}/logoff` });
    expect(result).toEqual({
      ok: false,
      responseCode: 255,
      error: { code: 'PORTAL_LOGOFF_FAILED', message: 'The hotspot answered the sign-out with WISPr message 120, code 255.', hint: 'Disconnecting from the network ends the session too.' },
    });
  });

  test('no LogoffURL known, and a logoff page without WISPr', async () => {
    const http = rig.options(redirect(`${rig.login}/w`)).http;
    expect(await wisprLogoff({ http, logoffUrl: undefined })).toMatchObject({ ok: false, error: { code: 'PORTAL_NO_LOGOFF_URL' } });
    rig.routes.set('GET /logoff', () => ({ body: '<html>bye</html>' }));
    expect(await wisprLogoff({ http, logoffUrl: `${rig.gw}/logoff` })).toMatchObject({ ok: false, error: { code: 'PORTAL_LOGOFF_FAILED', message: 'The hotspot answered the sign-out with HTTP 200 without a WISPr reply.' } });
  });
});
