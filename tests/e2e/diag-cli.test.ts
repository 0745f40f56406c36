/**
 * `roamdesk diag` as support uses it: the real built CLI in child processes, against the
 * demo world. A failed connect in one process, then `diag` in the next explains it by
 * layer; after a good connect every layer is ok. `--ping-seconds 1` keeps the gateway ping
 * series (to the simulated gateway on loopback) short.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { demoWorld, freshHome, runCli } from './harness.js';

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

interface Layer {
  layer: string;
  status: string;
  code: string;
  owner: string | null;
}

function diag(json = true) {
  return runCli(['diag', '--world', demoWorld, '--ping-seconds', '1', ...(json ? ['--json'] : [])], home.dir);
}

describe('roamdesk diag', () => {
  test('after the broken access point refused the device: association failed, the venue’s', () => {
    const connect = runCli(['connect', '02:5c:01:00:00:03', '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(connect.stdout).error.code).toBe('ASSOCIATION_REJECTED');

    const result = diag();
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.timeline.failingLayer).toBe('association');
    expect(report.timeline.verdict).toMatchObject({ code: 'ASSOCIATION_REJECTED', owner: 'venue' });
    expect(report.timeline.verdict.nextStep).toEqual(expect.any(String));
    const layers = report.timeline.layers as Layer[];
    expect(layers.map((l) => l.layer)).toEqual(['association', '802.1x', 'ip', 'dns', 'portal', 'internet']);
    expect(layers.find((l) => l.layer === 'association')).toMatchObject({ status: 'failed', owner: 'venue' });
    expect(layers.filter((l) => ['ip', 'dns', 'portal', 'internet'].includes(l.layer)).every((l) => l.status === 'not-reached')).toBe(true);
    expect(report.checklist.items.find((i: { id: string }) => i.id === 'connection').value).toContain('ASSOCIATION_REJECTED');

    const text = diag(false);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^>> Association .*FAILED .*ASSOCIATION_REJECTED/m);
    expect(text.stdout).toContain('Verdict: ASSOCIATION_REJECTED');
  });

  test('online on SkyFi: every layer ok, the gateway ping series and traceroute ran', () => {
    const connect = runCli(['connect', '02:5c:01:00:00:01', '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(connect.stdout).phase).toBe('online');

    const result = diag();
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.timeline.failingLayer).toBeNull();
    expect(report.timeline.verdict.code).toBe('ALL_OK');
    for (const layer of report.timeline.layers as Layer[]) expect(['ok', 'not-applicable']).toContain(layer.status);
    const ping = report.probes.find((p: { kind: string }) => p.kind === 'gateway-ping');
    // ping may be missing on a machine: then it says so rather than failing.
    expect(['ok', 'not-available']).toContain(ping.status);
    if (ping.status === 'ok') expect(ping.data).toMatchObject({ address: '127.0.0.1', loss: 0 });
    expect(report.checklist.link).toMatchObject({ ssid: 'SkyFi', bssid: '02:5c:01:00:00:01' });
    expect(report.probes.find((p: { kind: string }) => p.kind === 'dns')).toMatchObject({ status: 'not-available' });

    const text = diag(false);
    expect(text.stdout).toContain('Verdict: ALL_OK');
    expect(text.stdout).not.toContain('>>');
  });

  test('a bad --ping-seconds is refused with a stable code', () => {
    const result = runCli(['diag', '--world', demoWorld, '--ping-seconds', '0', '--json'], home.dir);
    expect(result.status).not.toBe(0);
    expect(JSON.parse(result.stdout).error.code).toBe('DIAGNOSTICS_INVALID_OPTIONS');
  });
});
