/** runDiagnostics: steps with progress, a report that parses and survives JSON, bounded probes. */
import { describe, expect, test } from 'vitest';
import { DiagnosticsReport, runDiagnostics, type DiagnosticsProgress } from '../../main/engine/diagnostics/run-diagnostics.js';
import type { HttpClient } from '../../main/engine/ports/http.js';
import { fixedClock, scriptedRunner } from './support/fakes.js';
import { startDnsServer } from './support/dns-server.js';
import { systemClock } from '../../main/engine/ports/clock.js';

const PING = `PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.
64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1.0 ms
64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=1.2 ms

--- 10.0.0.1 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1001ms
`;

const app = { version: '0.1.0', host: 'node', platform: 'linux', wifiDriver: 'test', simulated: false };

describe('runDiagnostics', () => {
  test('runs every step with progress and returns a JSON-safe report', async () => {
    const dns = await startDnsServer({ 'connectivitycheck.gstatic.com': ['142.250.185.99'] });
    try {
      const http: HttpClient = { request: async (request) => ({ status: 204, headers: { date: new Date(Date.now() - 600_000).toUTCString() }, body: '', url: request.url }) };
      const runner = scriptedRunner({ ip: { stdout: 'default via 10.0.0.1 dev wlan0 proto dhcp metric 600\n' }, ping: { stdout: PING }, traceroute: 'missing' });
      const progress: DiagnosticsProgress[] = [];
      const report = await runDiagnostics(
        { commands: runner, http, clock: systemClock, platform: 'linux' },
        {
          sources: { app, connection: null, link: null, provider: null, managed: false, last8021x: null, lastPortalExchange: { method: 'GET', url: 'https://login.example/x?token=abc123', status: 302, outcome: 'captive via redirect', at: null } },
          pingSeconds: 2,
          dns: { servers: [dns.address], publicNames: ['connectivitycheck.gstatic.com'], canaryName: null, timeoutMs: 500 },
          timeReferenceUrl: 'http://time.example/',
          certificates: [{ role: 'radius', unavailable: 'no profile' }],
        },
        (p) => progress.push(p),
      );
      expect(progress.filter((p) => p.state === 'done').map((p) => `${p.step}/${p.total} ${p.name}`)).toEqual(['1/6 dns', '2/6 gateway-ping', '3/6 traceroute', '4/6 clock-skew', '5/6 certificates', '6/6 timeline']);
      expect(runner.calls.map((c) => [c.file, ...c.args].join(' '))).toEqual(['ip -4 route show default', 'ping -n -c 2 -i 1 -W 1 10.0.0.1', 'traceroute -n -q 1 -w 1 -m 15 1.1.1.1']);
      expect(report.probes.map((p) => `${p.kind}:${p.status}:${p.code}`)).toEqual(['dns:ok:DNS_OK', 'gateway-ping:ok:PING_OK', 'traceroute:not-available:TOOL_MISSING', 'clock-skew:failed:CLOCK_WRONG', 'certificate:not-available:NO_CERTIFICATE_SOURCE']);
      expect(DiagnosticsReport.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
      expect(JSON.stringify(report)).not.toContain('abc123');
      expect(report.timeline.verdict.code).toBe('NOT_CONNECTED');
      expect(report.checklist.items.map((i) => i.id)).toEqual(['app', 'os', 'connection', 'link', 'provider', 'managed', 'last-8021x', 'last-portal-exchange', 'dns', 'gateway-ping', 'traceroute', 'clock-skew', 'certificate-radius']);
    } finally {
      await dns.close();
    }
  });

  test('bad options and cancellation are errors with stable codes', async () => {
    const deps = { commands: scriptedRunner({}), http: { request: async () => Promise.reject(new Error('x')) }, clock: fixedClock(0), platform: 'linux' as const };
    const sources = { app, connection: null, link: null, provider: null, managed: null, last8021x: null, lastPortalExchange: null };
    await expect(runDiagnostics(deps, { sources, pingSeconds: 0 })).rejects.toMatchObject({ code: 'DIAGNOSTICS_INVALID_OPTIONS' });
    const controller = new AbortController();
    controller.abort();
    await expect(runDiagnostics(deps, { sources, pingSeconds: 1, signal: controller.signal })).rejects.toMatchObject({ code: 'DIAGNOSTICS_CANCELLED' });
  });
});
