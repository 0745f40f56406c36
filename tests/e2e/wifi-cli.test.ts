/**
 * `roamdesk wifi parse` through the built CLI (bin/roamdesk.mjs), on real captures from
 * ../shared/fixtures/wifi-cli. Needs `registerWifiCommands` hooked into main/host/cli.ts
 * and a build.
 */
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { freshHome, root, runCli } from './harness.js';

const capture = (file: string) => path.join(root, '..', 'shared', 'fixtures', 'wifi-cli', file);
const home = freshHome();
afterAll(() => home.remove());

describe('roamdesk wifi parse', () => {
  test.each([
    ['netsh-networks', 'win-netsh-networks-bssid-en-win10-schollz.txt', 12, 'a0:3d:6f:66:d8:1e'],
    ['airport-scan', 'mac-airport-s-schollz-01.txt', 36, '00:35:1a:90:56:03'],
    ['nmcli', 'linux-nmcli-t-dev-wifi-list-default-fields-heatmapper.txt', 11, 'fe:dc:ba:09:87:03'],
  ])('--source %s %s --json', (source, file, count, bssid) => {
    const result = runCli(['wifi', 'parse', '--source', source, capture(file), '--json'], home.dir);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.networks).toHaveLength(count);
    expect(json.networks.map((network: { bssid: string }) => network.bssid)).toContain(bssid);
  });

  test('macOS redaction is reported with the settings page', () => {
    const result = runCli(['wifi', 'parse', '--source', 'system-profiler', capture('mac-system_profiler-SPAirPortDataType-json-15.5.json')], home.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/WIFI_LOCATION_PERMISSION_REQUIRED/);
    expect(result.stdout).toContain('Privacy & Security › Location Services');
  });

  test('unparseable input exits 2 with a code and a reason', () => {
    const result = runCli(['wifi', 'parse', '--source', 'wdutil', capture('linux-iw-dev-link-heatmapper.txt')], home.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/WIFI_OUTPUT_UNPARSEABLE: .*not wdutil output/);
  });
});
