/**
 * Traceroute: argv per platform, readers on real output (Linux traceroute 2.1.2 on this
 * machine; Windows tracert from Microsoft's documentation format), and a real trace to
 * 127.0.0.1 when traceroute is installed.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseUnixTraceroute, parseWindowsTracert, probeTraceroute, tracerouteCommand } from '../../main/engine/diagnostics/probes/traceroute.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { fixedClock, scriptedRunner } from './support/fakes.js';

const LINUX_LOOPBACK = `traceroute to 127.0.0.1 (127.0.0.1), 5 hops max, 60 byte packets
 1  127.0.0.1  0.035 ms
`;
const LINUX_NO_ANSWER = `traceroute to 192.0.2.77 (192.0.2.77), 4 hops max, 60 byte packets
 1  *
 2  *
 3  *
 4  *
`;
const LINUX_THREE_QUERIES = `traceroute to 1.1.1.1 (1.1.1.1), 30 hops max, 60 byte packets
 1  192.168.1.1  1.123 ms  0.987 ms  1.002 ms
 2  * * *
 3  100.64.0.1  9.876 ms  10.101 ms  9.5 ms
 4  1.1.1.1  12.2 ms  12.5 ms  12.1 ms
`;
const WINDOWS = `
Tracing route to 8.8.8.8 over a maximum of 30 hops

  1    <1 ms    <1 ms    <1 ms  192.168.1.1
  2     *        *        *     Request timed out.
  3    10 ms     9 ms    11 ms  10.0.0.1
  4    14 ms    13 ms    14 ms  8.8.8.8

Trace complete.
`;

describe('traceroute', () => {
  test('argv per platform', () => {
    expect(tracerouteCommand('linux', { address: '1.1.1.1', maxHops: 15, waitMs: 1000 })).toEqual({ file: 'traceroute', args: ['-n', '-q', '1', '-w', '1', '-m', '15', '1.1.1.1'] });
    expect(tracerouteCommand('darwin', { address: '1.1.1.1', maxHops: 15, waitMs: 1000 }).file).toBe('traceroute');
    expect(tracerouteCommand('win32', { address: '1.1.1.1', maxHops: 15, waitMs: 1000 })).toEqual({ file: 'tracert', args: ['-d', '-h', '15', '-w', '1000', '1.1.1.1'] });
  });
  test('Linux output', () => {
    expect(parseUnixTraceroute(LINUX_LOOPBACK)).toEqual([{ hop: 1, address: '127.0.0.1', rttsMs: [0.035] }]);
    expect(parseUnixTraceroute(LINUX_NO_ANSWER).map((h) => h.address)).toEqual([null, null, null, null]);
    expect(parseUnixTraceroute(LINUX_THREE_QUERIES)).toEqual([
      { hop: 1, address: '192.168.1.1', rttsMs: [1.123, 0.987, 1.002] },
      { hop: 2, address: null, rttsMs: [] },
      { hop: 3, address: '100.64.0.1', rttsMs: [9.876, 10.101, 9.5] },
      { hop: 4, address: '1.1.1.1', rttsMs: [12.2, 12.5, 12.1] },
    ]);
  });
  test('Windows output', () => {
    expect(parseWindowsTracert(WINDOWS)).toEqual([
      { hop: 1, address: '192.168.1.1', rttsMs: [1, 1, 1] },
      { hop: 2, address: null, rttsMs: [] },
      { hop: 3, address: '10.0.0.1', rttsMs: [10, 9, 11] },
      { hop: 4, address: '8.8.8.8', rttsMs: [14, 13, 14] },
    ]);
  });
  test('verdicts: reached, no answer, tool missing', async () => {
    const clock = fixedClock(0);
    expect(await probeTraceroute({ runner: scriptedRunner({ tracert: { stdout: WINDOWS } }), clock, platform: 'win32', address: '8.8.8.8' })).toMatchObject({ status: 'ok', code: 'ROUTE_OK', data: { reached: true } });
    expect(await probeTraceroute({ runner: scriptedRunner({ traceroute: { stdout: LINUX_NO_ANSWER } }), clock, platform: 'linux', address: '192.0.2.77' })).toMatchObject({ status: 'failed', code: 'ROUTE_NO_ANSWER' });
    expect(await probeTraceroute({ runner: scriptedRunner({}), clock, platform: 'linux', address: '1.1.1.1' })).toMatchObject({ status: 'not-available', code: 'TOOL_MISSING' });
  });
});

const hasTraceroute = spawnSync('traceroute', ['--version']).error === undefined;
describe.runIf(hasTraceroute)('real traceroute', () => {
  test('to 127.0.0.1', async () => {
    const result = await probeTraceroute({ runner: new ExecFileRunner(), clock: systemClock, platform: 'linux', address: '127.0.0.1', maxHops: 3 });
    expect(result).toMatchObject({ status: 'ok', data: { reached: true, hops: [{ hop: 1, address: '127.0.0.1' }] } });
  });
});
