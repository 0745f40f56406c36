/**
 * `roamdesk net` through the built CLI (bin/roamdesk.mjs; run `node scripts/build.mjs`
 * first) on this machine's real interfaces: what it prints must agree with /sys/class/net
 * and /proc/net/route read here directly (the route's hex decoded independently of the
 * parser under test). Linux only: that is the one OS these machines run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { freshHome, runCli } from './harness.js';

const home = freshHome();
afterAll(() => home.remove());

/** The default route with the lowest metric, decoded by hand: `010200C0` → 192.0.2.1. */
function defaultRouteHere(): { iface: string; gateway: string } | null {
  const rows = readFileSync('/proc/net/route', 'utf8').trim().split('\n').slice(1).map((row) => row.trim().split(/\s+/));
  const defaults = rows.filter((f) => f[1] === '00000000' && f[7] === '00000000' && (parseInt(f[3]!, 16) & 0x3) === 0x3).sort((a, b) => Number(a[6]) - Number(b[6]));
  const best = defaults[0];
  if (!best) return null;
  const gateway = Buffer.from(best[2]!, 'hex').reverse().join('.');
  return { iface: best[0]!, gateway };
}

describe.runIf(process.platform === 'linux')('roamdesk net', () => {
  test('--json: every interface of /sys/class/net, loopback with its counters, the default gateway of /proc/net/route', () => {
    const before = Number(readFileSync('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    const result = runCli(['net', '--json'], home.dir);
    const after = Number(readFileSync('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    expect(result.status, result.stderr).toBe(0);
    const facts = JSON.parse(result.stdout);
    expect(facts.platform).toBe('linux');
    expect(facts.interfaces.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(readdirSync('/sys/class/net')));

    const lo = facts.interfaces.find((item: { name: string }) => item.name === 'lo');
    expect(lo).toMatchObject({ kind: 'loopback', ipv4: ['127.0.0.1'], counterScope: 'interface' });
    expect(lo.rxBytes).toBeGreaterThanOrEqual(before);
    expect(lo.rxBytes).toBeLessThanOrEqual(after);

    const route = defaultRouteHere();
    expect(facts.defaultInterface).toBe(route?.iface ?? null);
    if (route) {
      const carrier = facts.interfaces.find((item: { name: string }) => item.name === route.iface);
      expect(carrier.gateway).toBe(route.gateway);
      expect(facts.countedInterface).toBe(facts.wifiInterface ?? route.iface);
      expect(carrier.rxBytes).toBeGreaterThan(0);
    }
    const resolv = readFileSync('/etc/resolv.conf', 'utf8').match(/^nameserver\s+(\S+)/m)?.[1];
    if (resolv && !resolv.startsWith('127.0.0.5')) expect(facts.dnsServers[0]).toBe(resolv);
  });

  test('text output names the default route and its gateway; --interface narrows it; an unknown one exits 2', () => {
    const route = defaultRouteHere();
    const text = runCli(['net'], home.dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(route ? `default route ${route.iface} via ${route.gateway}` : 'default route none');
    expect(text.stdout).toMatch(/^lo {2}loopback/m);

    const lo = runCli(['net', '--interface', 'lo'], home.dir);
    expect(lo.status).toBe(0);
    expect(lo.stdout).toMatch(/IPv4 {6}127\.0\.0\.1/);
    expect(lo.stdout).not.toMatch(/^eth0/m);

    const missing = runCli(['net', '--interface', 'no-such-if0', '--json'], home.dir);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('no-such-if0') });
  });
});
