/**
 * Windows policy from the registry: `reg query /s` output and `.reg` exports read into the
 * same tree and mapped to settings by the same code; the reg.exe source's exact argv,
 * absent key, failure, and polling for live changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { resolveSettings } from '../../main/engine/policy/index.js';
import type { CommandOptions, CommandResult, CommandRunner } from '../../main/engine/ports/command-runner.js';
import { RegistryPolicySource } from '../../main/platform/policy-sources/registry-source.js';
import { decodeRegFile, parseRegExport, parseRegQueryOutput, registryPolicyValues } from '../../main/platform/policy-sources/registry-text.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const HKLM_ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk';
const HKCU_ROOT = 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Roamdesk';

// As reg.exe prints it: a blank line, the key, four-space-separated values, a blank line per key.
const REG_QUERY_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk',
  '    relayUrl    REG_SZ    https://relay.example.com',
  '    autoConnect    REG_DWORD    0x0',
  '    retentionMonths    REG_DWORD    0x6',
  '    managedByCaption    REG_SZ    Call IT    on 4357',
  '    managedByUrl    REG_SZ    ',
  '    selectionPolicy    REG_MULTI_SZ    {"weights":\\0{"successRate":40}}',
  '    SwitchLocked    REG_QWORD    0x1',
  '    binaryThing    REG_BINARY    0A0B',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk\\preferredSsids',
  '    2    REG_SZ    Café Guest',
  '    1    REG_SZ    CorpWiFi',
  '    10    REG_SZ    Tenth',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk\\preferredSsids\\deeper',
  '    1    REG_SZ    ignored',
  '',
].join('\r\n');

describe('reg query /s output', () => {
  test('values, lists from subkeys in numeric order, types mapped, names matched case-insensitively', () => {
    const values = registryPolicyValues(parseRegQueryOutput(REG_QUERY_OUTPUT), 'HKLM\\SOFTWARE\\Policies\\Roamdesk');
    expect(values).toEqual({
      relayUrl: 'https://relay.example.com',
      autoConnect: 0,
      retentionMonths: 6,
      managedByCaption: 'Call IT    on 4357',
      managedByUrl: '',
      selectionPolicy: ['{"weights":', '{"successRate":40}}'],
      switchLocked: 1,
      binaryThing: Uint8Array.from([10, 11]),
      preferredSsids: ['CorpWiFi', 'Café Guest', 'Tenth'],
    });
  });

  test('mapped through the settings schema: good values applied, the binary one rejected', () => {
    const effective = resolveSettings({ managed: [{ origin: 'HKLM', scope: 'machine', status: 'ok', values: registryPolicyValues(parseRegQueryOutput(REG_QUERY_OUTPUT), HKLM_ROOT) }] });
    expect(effective.values).toMatchObject({ relayUrl: 'https://relay.example.com', autoConnect: false, switchLocked: true, retentionMonths: 6, selectionPolicy: { weights: { successRate: 40 } }, preferredSsids: ['CorpWiFi', 'Café Guest', 'Tenth'] });
    expect(effective.rejected.map((item) => item.message)).toEqual(['policy value rejected: binaryThing: unknown setting']);
  });
});

describe('.reg export', () => {
  test('the committed UTF-16LE export (BOM, CRLF, hex(7) continued over lines, escapes) reads like reg query', () => {
    const tree = parseRegExport(decodeRegFile(readFileSync(path.join(fixtures, 'roamdesk-policy.reg'))));
    expect(registryPolicyValues(tree, HKLM_ROOT)).toEqual({
      relayUrl: 'https://relay.example.com',
      autoConnect: 0,
      switchLocked: 1,
      remoteLogConsent: 'auto-approve-managed',
      retentionMonths: 6,
      managedByOrganization: 'Example Corp IT',
      managedByCaption: 'Call "IT" on 4357 \\ ext',
      selectionPolicy: ['{"weights":', '{"successRate":40}}'],
      logLevel: 'loud',
      preferredSsids: ['CorpWiFi', 'Café Guest'],
    });
    expect(registryPolicyValues(tree, HKCU_ROOT)).toEqual({ autoConnect: 1, redactionLevel: 'strict' });
  });

  test('HKLM beats HKCU; the bad value is rejected and named', () => {
    const tree = parseRegExport(decodeRegFile(readFileSync(path.join(fixtures, 'roamdesk-policy.reg'))));
    const effective = resolveSettings({
      managed: [
        { origin: 'HKLM\\SOFTWARE\\Policies\\Roamdesk', scope: 'machine', status: 'ok', values: registryPolicyValues(tree, HKLM_ROOT) },
        { origin: 'HKCU\\SOFTWARE\\Policies\\Roamdesk', scope: 'user', status: 'ok', values: registryPolicyValues(tree, HKCU_ROOT) },
      ],
    });
    expect(effective.entries.autoConnect).toMatchObject({ value: false, locked: true, scope: 'machine' });
    expect(effective.entries.redactionLevel).toMatchObject({ value: 'strict', locked: true, scope: 'user' });
    expect(effective.entries.logLevel).toMatchObject({ value: 'info', source: 'default', locked: false });
    expect(effective.rejected.map((item) => item.message)).toEqual([expect.stringMatching(/^policy value rejected: logLevel: /)]);
  });

  test('REGEDIT4, hex(b) qword, hex(2) expand string, @ default, deletions skipped', () => {
    const text = [
      'REGEDIT4',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk]',
      '@="ignored default"',
      '"retentionMonths"=hex(b):0c,00,00,00,00,00,00,00',
      '"relayUrl"=hex(2):68,00,74,00,74,00,70,00,73,00,3a,00,2f,00,2f,00,72,00,00,00',
      '"logLevel"=-',
      '',
      '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk\\preferredSsids]',
    ].join('\n');
    expect(registryPolicyValues(parseRegExport(text), HKLM_ROOT)).toEqual({ retentionMonths: 12, relayUrl: 'https://r' });
  });
});

class FakeRunner implements CommandRunner {
  calls: Array<{ file: string; args: readonly string[] }> = [];
  constructor(public reply: (args: readonly string[]) => CommandResult) {}
  async run(file: string, args: readonly string[], _options: CommandOptions): Promise<CommandResult> {
    this.calls.push({ file, args });
    return this.reply(args);
  }
}
const ok = (stdout: string): CommandResult => ({ stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), exitCode: 0 });
const notFound: CommandResult = { stdout: Buffer.alloc(0), stderr: Buffer.from('ERROR: The system was unable to find the specified registry key or value.\r\n'), exitCode: 1 };

describe('RegistryPolicySource (reg.exe through the CommandRunner port)', () => {
  test('runs `reg query <hive>\\SOFTWARE\\Policies\\Roamdesk /s` as argv and maps the output', async () => {
    const runner = new FakeRunner(() => ok(REG_QUERY_OUTPUT));
    const snapshot = await new RegistryPolicySource({ runner, hive: 'HKLM' }).read();
    expect(runner.calls).toEqual([{ file: 'reg', args: ['query', 'HKLM\\SOFTWARE\\Policies\\Roamdesk', '/s'] }]);
    expect(snapshot).toMatchObject({ origin: 'HKLM\\SOFTWARE\\Policies\\Roamdesk', scope: 'machine', status: 'ok', values: { relayUrl: 'https://relay.example.com' } });
    const user = await new RegistryPolicySource({ runner, hive: 'HKCU' }).read();
    expect(runner.calls[1]!.args).toEqual(['query', 'HKCU\\SOFTWARE\\Policies\\Roamdesk', '/s']);
    expect(user).toMatchObject({ scope: 'user', status: 'absent', values: {} }); // the output names HKLM only
  });

  test('no key: absent; reg.exe blocked: error with its message', async () => {
    expect(await new RegistryPolicySource({ runner: new FakeRunner(() => notFound), hive: 'HKLM' }).read()).toMatchObject({ status: 'absent', values: {} });
    const blocked: CommandResult = { stdout: Buffer.alloc(0), stderr: Buffer.from('ERROR: Registry editing has been disabled by your administrator.\r\n'), exitCode: 1 };
    expect(await new RegistryPolicySource({ runner: new FakeRunner(() => blocked), hive: 'HKLM' }).read()).toMatchObject({ status: 'error', error: expect.stringContaining('disabled by your administrator') });
  });

  test('polls and reports a change when the key changes', async () => {
    let text = REG_QUERY_OUTPUT;
    const runner = new FakeRunner(() => ok(text));
    const source = new RegistryPolicySource({ runner, hive: 'HKLM', pollMs: 20 });
    let changes = 0;
    const stop = source.watch(() => changes++);
    try {
      await new Promise((resolve) => setTimeout(resolve, 70));
      expect(changes).toBe(0);
      text = text.replace('0x6', '0x3');
      await expect.poll(() => changes, { timeout: 2000 }).toBe(1);
      expect((await source.read()).values.retentionMonths).toBe(3);
    } finally {
      stop();
    }
  });
});
