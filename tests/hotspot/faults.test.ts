import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { type Hotspot, type HotspotConfigInput, HotspotConfigError, startHotspot } from '../../tools/hotspot-in-a-box/index.js';
import { fetchVia, startStandIn, viaProxy, viaTunnel, wisprBlock, wisprField } from './proxy-client.js';

const LOGIN_HOST = 'login.skyway.example';
const CREDENTIALS = { username: 'alice@skyway', password: 'hunter22' };
const FORM = { UserName: CREDENTIALS.username, Password: CREDENTIALS.password };

let hotspot: Hotspot | undefined;
afterEach(async () => {
  await hotspot?.close();
  hotspot = undefined;
});

async function start(extra: Partial<HotspotConfigInput> = {}, now?: () => number) {
  hotspot = await startHotspot({ kind: 'wispr', loginHost: LOGIN_HOST, credentials: CREDENTIALS, ...extra }, now ? { now } : {});
  return hotspot;
}

async function intercept(h: Hotspot) {
  const reply = await viaProxy(h.proxyUrl, 'http://127.0.0.1:9/probe');
  expect(reply.status).toBe(302);
  return reply;
}

describe('faults', () => {
  test('wrongCredentials rejects the right credentials (120/100); switching it off at runtime lets them in', async () => {
    const h = await start({ faults: { wrongCredentials: true } });
    const rejected = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    expect(wisprField(rejected.body, 'ResponseCode')).toBe('100');
    expect(h.signedIn()).toBe(false);
    expect(h.setFaults({ wrongCredentials: false }).wrongCredentials).toBe(false);
    const accepted = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    expect(wisprField(accepted.body, 'ResponseCode')).toBe('50');
    expect(h.signedIn()).toBe(true);
  });

  test('slowResponsesMs delays every portal answer by at least that long', async () => {
    const h = await start();
    const fastStart = Date.now();
    await intercept(h);
    const fast = Date.now() - fastStart;
    h.setFaults({ slowResponsesMs: 400 });
    const slowStart = Date.now();
    await intercept(h);
    const slowLogin = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    const slow = Date.now() - slowStart;
    expect(fast).toBeLessThan(400);
    expect(slow).toBeGreaterThanOrEqual(800);
    expect(wisprField(slowLogin.body, 'ResponseCode')).toBe('50');
  });

  test('httpOnlyLoginUrl: LoginURL is http://, and a client that posts there is counted as leaking credentials', async () => {
    const h = await start({ faults: { httpOnlyLoginUrl: true } });
    const loginUrl = wisprField((await intercept(h)).body, 'LoginURL');
    expect(loginUrl).toBe(`http://${LOGIN_HOST}/login`);
    const reply = await viaProxy(h.proxyUrl, loginUrl!, { form: FORM });
    expect(wisprField(reply.body, 'ResponseCode')).toBe('50');
    expect(h.stats().insecureCredentialPosts).toBe(1);
  });

  test('offDomainLoginUrl: LoginURL moves to evil.example, which is served with a certificate valid for it', async () => {
    const h = await start({ faults: { offDomainLoginUrl: true } });
    const loginUrl = wisprField((await intercept(h)).body, 'LoginURL');
    expect(loginUrl).toBe('https://evil.example/login');
    expect(new X509Certificate(h.caPem).ca).toBe(true);
    const reply = await viaTunnel(h.proxyUrl, loginUrl!, h.caPem, { form: FORM });
    expect(wisprField(reply.body, 'ResponseCode')).toBe('50');
    expect(h.stats().offDomainCredentialPosts).toBe(1);
    expect(h.hostnames).toEqual([LOGIN_HOST, 'evil.example']);
  });

  test('gatewayError answers 120/255', async () => {
    const h = await start({ faults: { gatewayError: true } });
    const reply = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    expect(wisprField(reply.body, 'MessageType')).toBe('120');
    expect(wisprField(reply.body, 'ResponseCode')).toBe('255');
    expect(h.signedIn()).toBe(false);
  });

  test('session expiry: after N seconds signed in the gateway intercepts again (fake clock)', async () => {
    let clock = 1_000_000;
    const h = await start({ faults: { sessionExpirySeconds: 60 } }, () => clock);
    const standIn = await startStandIn();
    try {
      await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
      clock += 59_000;
      expect((await viaProxy(h.proxyUrl, `${standIn.url}/`)).status).toBe(200);
      clock += 1_000;
      const again = await viaProxy(h.proxyUrl, `${standIn.url}/`);
      expect(again.status).toBe(302);
      expect(wisprField(again.body, 'MessageType')).toBe('100');
      expect(standIn.hits()).toBe(1);
      expect(h.stats().expiries).toBe(1);
    } finally {
      await standIn.close();
    }
  });

  test('session expiry on the real clock, switched on at runtime', async () => {
    const h = await start();
    await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    h.setFaults({ sessionExpirySeconds: 0.3 });
    expect(h.signedIn()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(h.signedIn()).toBe(false);
    expect((await viaProxy(h.proxyUrl, 'http://127.0.0.1:9/')).status).toBe(302);
  });

  test('setFaults rejects unknown keys and bad values with HOTSPOT_CONFIG_INVALID; reset() restores the config faults', async () => {
    const h = await start({ faults: { httpOnlyLoginUrl: true } });
    expect(() => h.setFaults({ slowResponsesMs: -1 })).toThrow(HotspotConfigError);
    expect(() => h.setFaults({ nonsense: true } as never)).toThrow(/faults/);
    h.setFaults({ httpOnlyLoginUrl: false, malformedXml: 'lower-case' });
    await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    expect(h.signedIn()).toBe(true);
    h.reset();
    expect(h.signedIn()).toBe(false);
    expect(h.faults()).toMatchObject({ httpOnlyLoginUrl: true, malformedXml: 'none' });
    expect(h.stats().logins).toBe(0);
  });
});

describe('malformed WISPr variants', () => {
  test('raw-ampersand: URLs carry raw & (no &amp;) in the block', async () => {
    const h = await start({ faults: { malformedXml: 'raw-ampersand' } });
    const block = wisprBlock((await intercept(h)).body)!;
    expect(block).toContain(`<LoginURL>https://${LOGIN_HOST}/login?res=wispr&uamip=10.1.0.1&uamport=3990</LoginURL>`);
    expect(block).not.toContain('&amp;');
  });

  test('smart-quotes: the root attributes use typographic quotes', async () => {
    const h = await start({ faults: { malformedXml: 'smart-quotes' } });
    const block = wisprBlock((await intercept(h)).body)!;
    expect(block).toContain('xmlns:xsi=”http://www.w3.org/2001/XMLSchema-instance”');
    expect(wisprField(block, 'MessageType')).toBe('100');
  });

  test('wrapped-values: values and numbers are wrapped in newlines and tabs', async () => {
    const h = await start({ faults: { malformedXml: 'wrapped-values' } });
    const block = wisprBlock((await intercept(h)).body)!;
    expect(block).toContain('<MessageType>\n\t\t100\n\t</MessageType>');
    expect(block).toContain(`<LoginURL>\n\t\thttps://${LOGIN_HOST}/login\n\t</LoginURL>`);
  });

  test('bad-declaration: <?xml version="1.0"> without its closing ?', async () => {
    const h = await start({ faults: { malformedXml: 'bad-declaration' } });
    const { body } = await intercept(h);
    expect(body).toContain('<!--\n<?xml version="1.0">\n<WISPAccessGatewayParam');
  });

  test('lower-case: lower-case element names; replies are bare XML as text/xml (PacketFence)', async () => {
    const h = await start({ faults: { malformedXml: 'lower-case' } });
    const { body } = await intercept(h);
    expect(body).toContain('<wispaccessgatewayparam>');
    expect(body).not.toContain('<MessageType>');
    expect(wisprField(body, 'messagetype')).toBe('100');
    expect(wisprField(body, 'loginurl')).toBe(`https://${LOGIN_HOST}/login`);
    const reply = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    expect(reply.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(reply.body.startsWith('<wispaccessgatewayparam>')).toBe(true);
    expect(wisprField(reply.body, 'responsecode')).toBe('50');
  });

  test('block-in-302-body: the 302 body is the bare comment, and the page at Location has no block', async () => {
    const h = await start({ faults: { malformedXml: 'block-in-302-body' } });
    const reply = await intercept(h);
    expect(reply.body.startsWith('<!--\n<?xml')).toBe(true);
    expect(reply.body).not.toContain('<HTML>');
    expect(wisprField(reply.body, 'LoginURL')).toBe(`https://${LOGIN_HOST}/login`);
    const landing = await viaProxy(h.proxyUrl, reply.headers.location!);
    expect(landing.status).toBe(200);
    expect(wisprBlock(landing.body)).toBeUndefined();
  });

  test('decoy-block: a CaptchaReply 120/201 comment comes first and carrier_data precedes the root', async () => {
    const h = await start({ faults: { malformedXml: 'decoy-block' } });
    const { body } = await intercept(h);
    const decoyAt = body.indexOf('<CaptchaReply>');
    const rootAt = body.indexOf('<WISPAccessGatewayParam');
    expect(decoyAt).toBeGreaterThan(-1);
    expect(decoyAt).toBeLessThan(rootAt);
    expect(body.indexOf('<carrier_data>')).toBeLessThan(rootAt);
    // The first MessageType in the page is the decoy's; the real block still says 100.
    expect(/<MessageType>(\d+)<\/MessageType>/.exec(body)?.[1]).toBe('120');
    expect(wisprField(body, 'MessageType')).toBe('100');
  });

  test('variants apply to replies too: a smart-quoted 140/201 poll reply', async () => {
    const h = await start({ wispr: { pendingPolls: 2 }, faults: { malformedXml: 'smart-quotes' } });
    const reply = await viaTunnel(h.proxyUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
    const poll = await fetchVia(h.proxyUrl, h.caPem, wisprField(reply.body, 'LoginResultsURL')!);
    expect(wisprBlock(poll.body)).toContain('”http://www.w3.org/2001/XMLSchema-instance”');
    expect(wisprField(poll.body, 'MessageType')).toBe('140');
    expect(wisprField(poll.body, 'ResponseCode')).toBe('201');
  });
});
