/**
 * `roamdesk usage export` end to end in the demo world: sessions made by real CLI runs
 * (connect in one process, disconnect in another) come out as CSV and JSON, filtered by time.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { demoWorld, freshHome, runCli } from './harness.js';

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

test('a SkyFi session from connect to disconnect is in the report, as CSV and JSON, within --from/--to', () => {
  const before = new Date().toISOString();
  expect(runCli(['connect', '02:5c:01:00:00:01', '--world', demoWorld], home.dir).status).toBe(0);
  expect(runCli(['disconnect', '--world', demoWorld], home.dir).status).toBe(0);

  const json = runCli(['usage', 'export', '--format', 'json'], home.dir);
  expect(json.status).toBe(0);
  const { sessions } = JSON.parse(json.stdout) as { sessions: Array<Record<string, unknown>> };
  expect(sessions).toHaveLength(1);
  expect(sessions[0]).toMatchObject({ ssid: 'SkyFi', bssid: '02:5c:01:00:00:01', provider: 'skyfi', mac: '02:5c:ff:00:00:01', ip: '127.0.0.1' });
  expect(Date.parse(sessions[0]!.start as string)).toBeGreaterThanOrEqual(Date.parse(before));
  expect(Date.parse(sessions[0]!.end as string)).toBeGreaterThanOrEqual(Date.parse(sessions[0]!.start as string));
  // The WISPr sign-in and the probes crossed the interface before the session; the numbers are counts, not blanks.
  expect(typeof sessions[0]!.bytesUp).toBe('number');

  const csv = runCli(['usage', 'export'], home.dir);
  const lines = csv.stdout.trim().split('\r\n');
  expect(lines[0]).toBe('start,end,ssid,bssid,provider,mac,ip,bytes_up,bytes_down');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(',SkyFi,02:5c:01:00:00:01,skyfi,02:5c:ff:00:00:01,127.0.0.1,');

  expect(JSON.parse(runCli(['usage', 'export', '--json', '--from', '2099-01-01'], home.dir).stdout).sessions).toEqual([]);
  const bad = runCli(['usage', 'export', '--from', 'yesterday-ish'], home.dir);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('INVALID_REQUEST');
});
