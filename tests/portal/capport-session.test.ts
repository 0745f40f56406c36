/** The RFC 8908 session helper against a real https API on loopback (test CA), on a ManualClock. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { CapportSessionWatcher, describeSession, fetchCapportSession } from '../../main/engine/portal/capport-session.js';
import { PortalError } from '../../main/engine/portal/portal-error.js';
import { ManualClock } from '../support/manual-clock.js';
import { closeAll, forwardingProxy, httpsServer } from './support/loopback.js';
import { createTestCa, type TestCa } from './support/test-pki.js';
import { fixture, parseRawHttpResponse } from './support/fixtures.js';

let ca: TestCa;
let otherCa: TestCa;
let cert: { keyPem: string; certPem: string };
let wrongCert: { keyPem: string; certPem: string };
beforeAll(async () => {
  ca = await createTestCa();
  otherCa = await createTestCa('Other CA');
  cert = await ca.issue(['api.hotspot.test']);
  wrongCert = await otherCa.issue(['api.hotspot.test']);
}, 30_000);
afterAll(async () => {
  await ca.dispose();
  await otherCa.dispose();
});
afterEach(closeAll);

const example2 = () => parseRawHttpResponse(fixture('capport', 'rfc8908_example-2_captive-false_http-response.txt'));

async function api(answer: () => { status: number; headers: Record<string, string>; body: string }, tls = cert) {
  const server = await httpsServer(tls, (_req, res) => {
    const a = answer();
    res.writeHead(a.status, a.headers).end(a.body);
  });
  const proxy = await forwardingProxy();
  return { url: `https://api.hotspot.test:${server.port}/capport/X54PD39JV`, seen: server.seen, http: new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem }) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PortalError);
    return (error as PortalError).portalCode;
  }
  throw new Error('expected a PortalError');
}

describe('RFC 8908 session', () => {
  test('fetches with the captive+json Accept header and turns seconds-remaining into an expiry', async () => {
    const server = await api(example2);
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
    const session = await fetchCapportSession({ http: server.http, clock, apiUrl: server.url });
    expect(server.seen[0]!.headers.accept).toBe('application/captive+json');
    expect(session).toMatchObject({
      apiUrl: server.url,
      fetchedAt: Date.UTC(2026, 0, 15, 9, 0, 0),
      expiresAt: Date.UTC(2026, 0, 15, 9, 0, 0) + 326_000,
      secondsLeft: 326,
      expiringSoon: false,
      expired: false,
      canExtend: true,
      userPortalUrl: 'https://example.org/portal.html',
      venueInfoUrl: 'https://flight.example.com/entertainment',
    });
  });

  test('the warning comes on under five minutes left, and expiry at zero', () => {
    const state = { captive: false, canExtendSession: false, secondsRemaining: 600, ignoredKeys: [] };
    const t0 = 1_000_000;
    expect(describeSession('https://a/', state, t0, t0 + 299_000)).toMatchObject({ secondsLeft: 301, expiringSoon: false, canExtend: false });
    expect(describeSession('https://a/', state, t0, t0 + 301_000)).toMatchObject({ secondsLeft: 299, expiringSoon: true, expired: false });
    expect(describeSession('https://a/', state, t0, t0 + 700_000)).toMatchObject({ secondsLeft: 0, expiringSoon: true, expired: true });
    expect(describeSession('https://a/', state, t0, t0 + 500_000, 60)).toMatchObject({ secondsLeft: 100, expiringSoon: false });
    const open = describeSession('https://a/', { captive: false, canExtendSession: true, ignoredKeys: [] }, t0, t0 + 1e9);
    expect(open).toEqual({ apiUrl: 'https://a/', state: { captive: false, canExtendSession: true, ignoredKeys: [] }, fetchedAt: t0, expiringSoon: false, expired: false, canExtend: true });
  });

  test('the watcher keeps the last good answer when the API fails, re-aged and marked stale', async () => {
    let healthy = true;
    const server = await api(() => (healthy ? example2() : { status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' }));
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
    const watcher = new CapportSessionWatcher({ http: server.http, clock, apiUrl: server.url });
    expect(await watcher.refresh()).toMatchObject({ stale: false, session: { secondsLeft: 326, expiringSoon: false } });
    clock.advance(60_000);
    healthy = false;
    const after = await watcher.refresh();
    expect(after).toMatchObject({ stale: true, error: { code: 'CAPPORT_HTTP_STATUS' }, session: { secondsLeft: 266, expiringSoon: true } });
    expect(watcher.current()?.secondsLeft).toBe(266);
  });

  test('a first failure leaves no session', async () => {
    const server = await api(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"captive":false}' }));
    const watcher = new CapportSessionWatcher({ http: server.http, clock: new ManualClock(), apiUrl: server.url });
    expect(await watcher.refresh()).toEqual({ stale: true, error: { code: 'CAPPORT_CONTENT_TYPE', message: 'The network’s captive-portal API answered as "application/json" instead of application/captive+json.' } });
    expect(watcher.current()).toBeUndefined();
  });

  test('refusals: an http API URL (never fetched), an untrusted certificate, an unreachable API', async () => {
    const server = await api(example2);
    const clock = new ManualClock();
    expect(await codeOf(fetchCapportSession({ http: server.http, clock, apiUrl: server.url.replace('https:', 'http:') }))).toBe('CAPPORT_API_URL_NOT_HTTPS');
    expect(server.seen).toHaveLength(0);

    const impostor = await api(example2, wrongCert);
    const error = await fetchCapportSession({ http: impostor.http, clock, apiUrl: impostor.url }).catch((e: unknown) => e as PortalError);
    expect(error).toMatchObject({ portalCode: 'CAPPORT_UNREACHABLE', message: expect.stringContaining('certificate is not trusted') });
    expect(impostor.seen).toHaveLength(0);

    expect(await codeOf(fetchCapportSession({ http: server.http, clock, apiUrl: 'https://api.hotspot.test:1/capport' }))).toBe('CAPPORT_UNREACHABLE');
  });
});
