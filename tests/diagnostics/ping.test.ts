/**
 * The gateway ping series: the argv per platform (as data), the output readers on real
 * captures, and a real `ping 127.0.0.1` through the execFile runner when ping is installed.
 *
 * Captures: Linux from iputils-ping 20221126 on this machine (Debian 12); macOS from a
 * terminal session published on fuzzyblog.io (BSD ping, 33.3 % loss); Windows from
 * Microsoft's Azure virtual-network quickstart docs (MicrosoftDocs, `time<1ms` replies)
 * and a German Windows console.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parsePing, parseUnixPing, parseWindowsPing, pingCommand, pingStats, probeGatewayPing } from '../../main/engine/diagnostics/probes/ping.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { fixedClock, scriptedRunner } from './support/fakes.js';

const LINUX_OK = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.094 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.103 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.044 ms

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 410ms
rtt min/avg/max/mdev = 0.044/0.080/0.103/0.025 ms
`;

const LINUX_ALL_LOST = `PING 192.0.2.77 (192.0.2.77) 56(84) bytes of data.

--- 192.0.2.77 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 408ms

`;

const MACOS_PARTIAL = ` PING web1.fuzzyblog.io (138.68.246.223): 56 data bytes
 64 bytes from 138.68.246.223: icmp_seq=0 ttl=47 time=64.005 ms
 64 bytes from 138.68.246.223: icmp_seq=1 ttl=47 time=111.340 ms
 ^C
 --- web1.fuzzyblog.io ping statistics ---
 3 packets transmitted, 2 packets received, 33.3% packet loss
 round-trip min/avg/max/stddev = 64.005/87.672/111.340/23.668 ms
`.replace(/^ /gm, '');

const WINDOWS_OK = `
Pinging myVm1.0v0zze1s0uiedpvtxz5z0r0cxg.bx.internal.cloudapp.net [10.1.0.4] with 32 bytes of data:
Reply from 10.1.0.4: bytes=32 time=1ms TTL=128
Reply from 10.1.0.4: bytes=32 time<1ms TTL=128
Reply from 10.1.0.4: bytes=32 time<1ms TTL=128
Reply from 10.1.0.4: bytes=32 time<1ms TTL=128

Ping statistics for 10.1.0.4:
    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),
Approximate round trip times in milli-seconds:
    Minimum = 0ms, Maximum = 1ms, Average = 0ms
`;

const WINDOWS_GERMAN_LOSS = `
Ping wird ausgeführt für 192.168.178.1 mit 32 Bytes Daten:
Antwort von 192.168.178.1: Bytes=32 Zeit=3ms TTL=64
Zeitüberschreitung der Anforderung.
Antwort von 192.168.178.1: Bytes=32 Zeit=5ms TTL=64
Antwort von 192.168.178.1: Bytes=32 Zeit=4ms TTL=64

Ping-Statistik für 192.168.178.1:
    Pakete: Gesendet = 4, Empfangen = 3, Verloren = 1
    (25% Verlust),
Ca. Zeitangaben in Millisek.:
    Minimum = 3ms, Maximum = 5ms, Mittelwert = 4ms
`;

describe('ping commands are argument arrays, per platform', () => {
  const plan = { address: '192.168.1.1', count: 30, intervalSeconds: 1, replyTimeoutMs: 1000 };
  test.each([
    ['linux', { file: 'ping', args: ['-n', '-c', '30', '-i', '1', '-W', '1', '192.168.1.1'] }],
    ['darwin', { file: 'ping', args: ['-n', '-c', '30', '-i', '1', '-W', '1000', '192.168.1.1'] }],
    ['win32', { file: 'ping', args: ['-n', '30', '-w', '1000', '192.168.1.1'] }],
  ] as const)('%s', (platform, expected) => {
    expect(pingCommand(platform, plan)).toEqual(expected);
  });
});

describe('reading ping output', () => {
  test('iputils, all answered', () => {
    expect(parseUnixPing(LINUX_OK)).toEqual({ transmitted: 3, received: 3, rttsMs: [0.094, 0.103, 0.044] });
    expect(pingStats(parseUnixPing(LINUX_OK)!)).toEqual({ transmitted: 3, received: 3, loss: 0, minMs: 0.044, avgMs: 0.08, maxMs: 0.103, jitterMs: 0.034 });
  });
  test('iputils, nothing answered', () => {
    expect(pingStats(parseUnixPing(LINUX_ALL_LOST)!)).toMatchObject({ transmitted: 3, received: 0, loss: 1, avgMs: null, jitterMs: null });
  });
  test('macOS, one lost of three', () => {
    const stats = pingStats(parsePing('darwin', MACOS_PARTIAL)!);
    expect(stats).toMatchObject({ transmitted: 3, received: 2, loss: 0.333, minMs: 64.005, maxMs: 111.34 });
    expect(stats.jitterMs).toBeCloseTo(47.335, 3);
  });
  test('Windows (English), `time<1ms` counts as a reply', () => {
    expect(parseWindowsPing(WINDOWS_OK)).toEqual({ transmitted: 4, received: 4, rttsMs: [1, 1, 1, 1] });
  });
  test('Windows (German), words differ, numbers do not', () => {
    expect(parseWindowsPing(WINDOWS_GERMAN_LOSS)).toEqual({ transmitted: 4, received: 3, rttsMs: [3, 5, 4] });
  });
  test('not ping output', () => {
    expect(parseUnixPing('ping: socket: Operation not permitted')).toBeUndefined();
    expect(parseWindowsPing('')).toBeUndefined();
  });
});

describe('the probe', () => {
  const clock = fixedClock(Date.parse('2026-03-01T10:00:00Z'));
  test('no ping tool: not available, not a failure', async () => {
    const result = await probeGatewayPing({ runner: scriptedRunner({ ping: 'missing' }), clock, platform: 'linux', address: '10.0.0.1', seconds: 2 });
    expect(result).toMatchObject({ kind: 'gateway-ping', status: 'not-available', code: 'TOOL_MISSING' });
  });
  test('no gateway: not available with the reason', async () => {
    const result = await probeGatewayPing({ runner: scriptedRunner({}), clock, platform: 'linux', address: null, seconds: 2 });
    expect(result).toMatchObject({ status: 'not-available', code: 'NO_GATEWAY' });
  });
  test('all lost: the gateway is unreachable', async () => {
    const result = await probeGatewayPing({ runner: scriptedRunner({ ping: { stdout: LINUX_ALL_LOST, exitCode: 1 } }), clock, platform: 'linux', address: '192.0.2.77', seconds: 3 });
    expect(result).toMatchObject({ status: 'failed', code: 'GATEWAY_UNREACHABLE', data: { loss: 1, received: 0 } });
  });
  test('some lost: a warning with loss and jitter', async () => {
    const runner = scriptedRunner({ ping: { stdout: MACOS_PARTIAL } });
    const result = await probeGatewayPing({ runner, clock, platform: 'darwin', address: '138.68.246.223', seconds: 3 });
    expect(result).toMatchObject({ status: 'warning', code: 'PING_LOSS' });
    expect(runner.calls[0]).toEqual({ file: 'ping', args: ['-n', '-c', '3', '-i', '1', '-W', '1000', '138.68.246.223'] });
  });
  test('a ping that hangs is cut at its budget', async () => {
    const result = await probeGatewayPing({ runner: scriptedRunner({ ping: 'hang' }), clock: systemClock, platform: 'linux', address: '10.0.0.1', seconds: 0.2, intervalSeconds: 0.2, replyTimeoutMs: 100 });
    expect(result.status).toBe('timeout');
  }, 15_000);
});

const hasPing = spawnSync('ping', ['-V']).error === undefined;
describe.runIf(hasPing)('real ping of 127.0.0.1', () => {
  test('a short series through the execFile runner', async () => {
    const result = await probeGatewayPing({ runner: new ExecFileRunner(), clock: systemClock, platform: 'linux', address: '127.0.0.1', seconds: 1, intervalSeconds: 0.2 });
    expect(result).toMatchObject({ status: 'ok', code: 'PING_OK', data: { address: '127.0.0.1', transmitted: 5, received: 5, loss: 0 } });
    expect(result.data!.avgMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeGreaterThan(500);
  });
});
