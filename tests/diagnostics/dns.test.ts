/** DNS probe against a DNS server on 127.0.0.1 that the test controls. */
import { afterEach, describe, expect, test } from 'vitest';
import { isPrivateAddress, probeDns } from '../../main/engine/diagnostics/probes/dns.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import { type TestDnsServer, startDnsServer } from './support/dns-server.js';

let server: TestDnsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const publicNames = ['connectivitycheck.gstatic.com', 'captive.apple.com'];
const records = { 'connectivitycheck.gstatic.com': ['142.250.185.99'], 'captive.apple.com': ['17.253.53.207'], 'login.skyfi.example': ['203.0.113.10'] };

describe('DNS probe', () => {
  test('names resolve, the canary does not: ok', async () => {
    server = await startDnsServer(records);
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, portalHost: 'login.skyfi.example', canaryName: 'nx-canary.roamdesk.app', timeoutMs: 1000 });
    expect(result).toMatchObject({ kind: 'dns', status: 'ok', code: 'DNS_OK' });
    expect(result.data!.lookups.map((l) => [l.name, l.role, l.outcome, l.addresses])).toEqual([
      ['login.skyfi.example', 'portal', 'resolved', ['203.0.113.10']],
      ['connectivitycheck.gstatic.com', 'public', 'resolved', ['142.250.185.99']],
      ['captive.apple.com', 'public', 'resolved', ['17.253.53.207']],
      ['nx-canary.roamdesk.app', 'canary', 'not-found', []],
    ]);
    expect(server.queries).toContain('nx-canary.roamdesk.app');
  });

  test('a resolver that answers every name (NXDOMAIN rewriting / portal DNS): hijacked', async () => {
    server = await startDnsServer({}, { wildcard: '10.1.0.1' });
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, canaryName: 'nx-canary.roamdesk.app', timeoutMs: 1000 });
    expect(result).toMatchObject({ status: 'warning', code: 'DNS_HIJACKED' });
    expect(result.summary).toContain('nx-canary.roamdesk.app');
  });

  test('public names answered with private addresses: hijacked', async () => {
    server = await startDnsServer({ 'connectivitycheck.gstatic.com': ['192.168.1.1'], 'captive.apple.com': ['17.253.53.207'] });
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, canaryName: null, timeoutMs: 1000 });
    expect(result.code).toBe('DNS_HIJACKED');
  });

  test('a server that never answers: timeout, bounded', async () => {
    server = await startDnsServer(records, { silent: [...publicNames, 'login.skyfi.example'] });
    const started = Date.now();
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, portalHost: 'login.skyfi.example', canaryName: null, timeoutMs: 300 });
    expect(result).toMatchObject({ status: 'failed', code: 'DNS_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('nothing resolves: failed with each error', async () => {
    server = await startDnsServer({});
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, canaryName: null, timeoutMs: 1000 });
    expect(result).toMatchObject({ status: 'failed', code: 'DNS_FAILED' });
    expect(result.summary).toContain('ENOTFOUND');
  });

  test('only the portal host is missing: a warning', async () => {
    server = await startDnsServer({ 'connectivitycheck.gstatic.com': ['142.250.185.99'], 'captive.apple.com': ['17.253.53.207'] });
    const result = await probeDns({ clock: systemClock, servers: [server.address], publicNames, portalHost: 'login.skyfi.example', canaryName: null, timeoutMs: 1000 });
    expect(result).toMatchObject({ status: 'warning', code: 'DNS_PORTAL_UNRESOLVED' });
  });

  test('private address ranges', () => {
    expect(['10.0.0.1', '172.16.5.4', '192.168.0.1', '127.0.0.1', '169.254.1.1', '100.64.0.1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '100.128.0.1', 'fe80::1'].some(isPrivateAddress)).toBe(false);
  });
});
