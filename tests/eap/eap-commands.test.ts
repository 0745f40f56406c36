/**
 * `roamdesk eap render` in-process: a commander program with only the eap commands
 * registered, parsed with real arguments; stdout/stderr and the exit code are captured.
 * (tests/e2e/eap-cli.test.ts runs the built CLI once cli.ts registers these commands.)
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { registerEapCommands } from '../../main/host/eap-commands.js';
import { EAP_CONFIG_DIR, EVA_FILE, eapConfig } from './support/eap-fixtures.js';

const EVA = path.join(EAP_CONFIG_DIR, EVA_FILE);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-eap-cli-'));
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const program = new Command().name('roamdesk').exitOverride();
  registerEapCommands(program);
  await program.parseAsync(['eap', 'render', ...args], { from: 'user' });
  vi.restoreAllMocks();
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

describe('roamdesk eap render', () => {
  test('wpa_supplicant to stdout, with the CA under --cert-dir', async () => {
    const result = await run('--from', EVA, '--format', 'wpa_supplicant', '--identity', 'jdoe', '--cert-dir', '/etc/wifi');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('eduroam Visitor Access (eVA) (edu.nl): peap-mschapv2, wpa_supplicant');
    expect(result.stdout).toContain('==> roamdesk-edu-nl.conf (profile) <==');
    expect(result.stdout).toContain('\tidentity="jdoe@edu.nl"\n');
    expect(result.stdout).toContain('\tca_cert="/etc/wifi/edu-nl-ca.pem"\n');
    expect(result.stdout).toContain('==> edu-nl-ca.pem (ca-certificate) <==\n-----BEGIN CERTIFICATE-----');
    expect(result.stdout).toContain('skipped AuthenticationMethod 2 (EAP-TTLS with EAP-MSCHAPv2): a method listed earlier is used');
  });

  test('windows --out writes the profiles; --json lists them', async () => {
    const out = path.join(dir, 'out');
    const result = await run('--from', EVA, '--format', 'windows', '--out', out, '--json');
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as { profile: { id: string; method: string }; files: Array<{ name: string; path: string; role: string }> };
    expect(json.profile).toMatchObject({ id: 'edu.nl', method: 'peap-mschapv2' });
    expect(json.files.map((f) => [f.name, f.role])).toEqual([
      ['roamdesk-edu-nl-1.xml', 'profile'],
      ['roamdesk-edu-nl-2.xml', 'profile'],
    ]);
    expect(readFileSync(path.join(out, 'roamdesk-edu-nl-1.xml'), 'utf8')).toContain('<WLANProfile xmlns="http://www.microsoft.com/networking/WLAN/profile/v1">');
    expect(statSync(path.join(out, 'roamdesk-edu-nl-1.xml')).mode & 0o777).toBe(0o644);
  });

  test('apple and networkmanager render too', async () => {
    expect((await run('--from', EVA, '--format', 'apple')).stdout).toContain('<string>com.apple.wifi.managed</string>');
    const nm = await run('--from', EVA, '--format', 'networkmanager', '--identity', 'jdoe', '--json');
    expect(nm.exitCode).toBe(0);
    expect((JSON.parse(nm.stdout) as { files: Array<{ content: string }> }).files[0]!.content).toContain('[802-1x]\neap=peap;\nidentity=jdoe@edu.nl\n');
  });

  test('EAP-TLS with a PKCS#12 bundle: written 0600 with --out', async () => {
    const file = path.join(dir, 'tls.xml');
    writeFileSync(file, eapConfig({ methods: [{ outer: 13, client: '<ClientSideCredential><OuterIdentity>a@example.org</OuterIdentity><ClientCertificate format="PKCS12" encoding="base64">AAAA</ClientCertificate></ClientSideCredential>' }] }));
    const out = path.join(dir, 'out');
    const result = await run('--from', file, '--format', 'wpa_supplicant', '--out', out, '--cert-dir', out);
    expect(result.exitCode).toBe(0);
    expect(statSync(path.join(out, 'example-org-client.p12')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(out, 'roamdesk-example-org.conf'), 'utf8')).toContain(`\tprivate_key="${path.join(out, 'example-org-client.p12')}"\n`);
  });

  test.each([
    ['a missing file', ['--from', '/nonexistent.xml', '--format', 'windows'], 'INVALID_REQUEST'],
    ['an unknown format', ['--from', EVA, '--format', 'android'], 'INVALID_REQUEST'],
    ['a file that is not eap-config', ['--from', path.join(EAP_CONFIG_DIR, 'geant-cat-eap-metadata.xsd'), '--format', 'windows'], 'EAP_CONFIG_MALFORMED'],
  ])('%s → exit 2 with the code', async (_label, args, code) => {
    const result = await run(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^roamdesk: ${code}: `));
    expect(result.stdout).toBe('');
  });

  test('no server validation → exit 2, EAP_SERVER_VALIDATION_MISSING in JSON, nothing written', async () => {
    const file = path.join(dir, 'open.xml');
    writeFileSync(file, eapConfig({ methods: [{ outer: 21, inner: { nonEap: 1 }, ca: [], serverIds: [] }] }));
    const out = path.join(dir, 'never');
    const result = await run('--from', file, '--format', 'wpa_supplicant', '--out', out, '--json');
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'EAP_SERVER_VALIDATION_MISSING' } });
    expect(() => statSync(out)).toThrow();
  });
});
