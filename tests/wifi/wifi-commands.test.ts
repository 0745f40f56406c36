/** `roamdesk wifi parse` in-process (the end-to-end run through bin/roamdesk.mjs is tests/e2e/wifi-cli.test.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { registerWifiCommands } from '../../main/host/wifi-commands.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const capture = (file: string) => path.join(root, '..', 'shared', 'fixtures', 'wifi-cli', file);

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  try {
    const program = new Command().exitOverride();
    registerWifiCommands(program);
    await program.parseAsync(['node', 'roamdesk', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('roamdesk wifi parse', () => {
  test('--json prints the scan model', async () => {
    const result = await run(['wifi', 'parse', '--source', 'netsh-networks', capture('win-netsh-networks-bssid-de-heatmapper.txt'), '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.networks).toHaveLength(9);
    expect(json.networks[0]).toMatchObject({ bssid: 'fe:dc:ba:09:87:01', band: '2.4GHz', signalDbm: -93.5 });
  });

  test('text output names the permission gate and the settings page', async () => {
    const result = await run(['wifi', 'parse', '--source', 'netsh-networks', capture('win-netsh-networks-bssid-location-denied-win11-24h2-heatmapper.txt')]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/PERMISSION NEEDED \(WIFI_LOCATION_PERMISSION_REQUIRED\)/);
    expect(result.stdout).toContain('ms-settings:privacy-location');
  });

  test('the wrong source, a missing file, an unknown source: exit 2 with a code', async () => {
    const wrong = await run(['wifi', 'parse', '--source', 'iw-scan', capture('win-netsh-interfaces-en-heatmapper.txt')]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/WIFI_OUTPUT_UNPARSEABLE/);
    const missing = await run(['wifi', 'parse', '--source', 'nmcli', '/nonexistent/capture.txt', '--json']);
    expect(missing.exitCode).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('WIFI_CAPTURE_NOT_FOUND');
    const unknown = await run(['wifi', 'parse', '--source', 'ipconfig', capture('win-netsh-interfaces-en-heatmapper.txt')]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/INVALID_REQUEST/);
  });
});
