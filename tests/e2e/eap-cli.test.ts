/**
 * `roamdesk eap render` as IT uses it: the real built CLI in a child process, on the real
 * geteduroam eap-config fixture (../shared/fixtures/8021x/eap-config, read in place).
 * Needs main/host/cli.ts to call registerEapCommands(program).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { freshHome, root, runCli } from './harness.js';

const eapConfigDir = path.resolve(root, '..', 'shared', 'fixtures', '8021x', 'eap-config');
const eva = path.join(eapConfigDir, 'geteduroam-linux-app-test_data-eva-eap.xml');

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

describe('roamdesk eap render', () => {
  test('wpa_supplicant written into --out', () => {
    const out = path.join(home.dir, 'out');
    const result = runCli(['eap', 'render', '--from', eva, '--format', 'wpa_supplicant', '--identity', 'jdoe', '--cert-dir', out, '--out', out, '--json'], home.dir);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { profile: { id: string }; files: Array<{ name: string; path: string }> };
    expect(json.profile.id).toBe('edu.nl');
    const config = readFileSync(path.join(out, 'roamdesk-edu-nl.conf'), 'utf8');
    expect(config).toContain('\teap=PEAP\n');
    expect(config).toContain(`\tca_cert="${path.join(out, 'edu-nl-ca.pem')}"\n`);
    expect(readFileSync(path.join(out, 'edu-nl-ca.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test('the schema file is not an eap-config: exit 2 with EAP_CONFIG_MALFORMED', () => {
    const result = runCli(['eap', 'render', '--from', path.join(eapConfigDir, 'geant-cat-eap-metadata.xsd'), '--format', 'windows'], home.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^roamdesk: EAP_CONFIG_MALFORMED: /);
  });
});
