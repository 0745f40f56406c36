/**
 * NetworkManager keyfiles: exact output for the real eVA profile, then every method run through
 * NetworkManager's own validation — `nmcli --offline connection modify … < keyfile` reads a
 * keyfile on stdin, applies NM's checks (e.g. "802-1x.phase2-auth, 802-1x.phase2-autheap:
 * exactly one property must be set") and prints the normalised keyfile, with no daemon.
 *
 * Needs nmcli ≥ 1.40 (Debian package network-manager): a missing nmcli FAILS these tests.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { importEapConfig } from '../../main/engine/eap/eap-config-import.js';
import { EapError } from '../../main/engine/eap/eap-error.js';
import type { EapMethod } from '../../main/engine/eap/model.js';
import { keyfileSsid, keyfileValue, renderNetworkManager } from '../../main/engine/eap/render/networkmanager.js';
import { evaXml } from './support/eap-fixtures.js';
import { FAKE_P12_BASE64, corpProfile } from './support/profiles.js';

const files = { caCertPath: '/etc/roamdesk/eap/ca.pem' };

/** NetworkManager's verdict on a keyfile: its normalised form, or its error. */
function nmcliCheck(keyfile: string): { ok: boolean; output: string } {
  const result = spawnSync('nmcli', ['--offline', 'connection', 'modify', 'connection.id', 'checked'], { input: keyfile, encoding: 'utf8' });
  if (result.error) throw new Error(`nmcli is not installed (apt-get install -y network-manager): ${result.error.message}`);
  return { ok: result.status === 0, output: result.status === 0 ? result.stdout : result.stderr };
}

/** The [802-1x] entries of a keyfile as a map. */
function section(keyfile: string, name: string): Record<string, string> {
  const body = new RegExp(`\\[${name}\\]\\n([\\s\\S]*?)(?:\\n\\[|$)`).exec(keyfile)?.[1] ?? '';
  return Object.fromEntries(body.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

test('nmcli --offline is here and rejects a broken keyfile (so the checks below can fail)', () => {
  const broken = String(renderNetworkManager(corpProfile('ttls-pap'), { files, identity: 'alice' })[0]!.content).replace('phase2-auth=pap\n', '');
  const verdict = nmcliCheck(broken);
  expect(verdict.ok).toBe(false);
  expect(verdict.output).toContain('802-1x.phase2-auth, 802-1x.phase2-autheap: exactly one property must be set');
});

test('the real eVA eap-config: exact keyfile', () => {
  const { profile } = importEapConfig(evaXml());
  const [keyfile, ca] = renderNetworkManager(profile, { files: { caCertPath: '/etc/roamdesk/edu-nl-ca.pem' }, identity: 'jdoe' });
  expect(keyfile).toMatchObject({ name: 'roamdesk-edu-nl.nmconnection', role: 'profile', secret: false });
  expect(keyfile!.content).toBe(`[connection]
id=eduroam Visitor Access (eVA)
uuid=95f25ff7-49a4-87ac-ae6b-756caa377014
type=wifi

[wifi]
mode=infrastructure
ssid=eduroam

[wifi-security]
key-mgmt=wpa-eap

[802-1x]
eap=peap;
identity=jdoe@edu.nl
anonymous-identity=anonymous@edu.nl
ca-cert=/etc/roamdesk/edu-nl-ca.pem
domain-suffix-match=edu.nl
password-flags=1
phase2-auth=mschapv2

[ipv4]
method=auto

[ipv6]
addr-gen-mode=default
method=auto
`);
  expect(ca).toMatchObject({ name: 'edu-nl-ca.pem', role: 'ca-certificate' });
  expect(nmcliCheck(String(keyfile!.content)).ok).toBe(true);
});

describe('every method passes NetworkManager’s validation', () => {
  test.each<[EapMethod, Record<string, string>]>([
    ['peap-mschapv2', { eap: 'peap;', 'phase2-auth': 'mschapv2' }],
    ['ttls-pap', { eap: 'ttls;', 'phase2-auth': 'pap' }],
    ['ttls-mschapv2', { eap: 'ttls;', 'phase2-auth': 'mschapv2' }],
    ['ttls-eap-mschapv2', { eap: 'ttls;', 'phase2-autheap': 'mschapv2' }],
  ])('%s', (method, expected) => {
    const keyfile = String(renderNetworkManager(corpProfile(method), { files, identity: 'alice' })[0]!.content);
    const verdict = nmcliCheck(keyfile);
    expect(verdict, verdict.output).toMatchObject({ ok: true });
    expect(section(verdict.output, '802-1x')).toEqual({
      ...expected,
      identity: 'alice',
      'anonymous-identity': 'anonymous@corp.example',
      'ca-cert': '/etc/roamdesk/eap/ca.pem',
      'domain-suffix-match': 'radius.corp.example',
      'password-flags': '1',
    });
    expect(section(verdict.output, 'wifi-security')).toEqual({ 'key-mgmt': 'wpa-eap' });
  });

  test('tls with a PKCS#12 bundle: client-cert and private-key both name the bundle', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pkcs12', pkcs12: FAKE_P12_BASE64 } });
    const rendered = renderNetworkManager(profile, { files: { ...files, privateKeyPath: '/etc/roamdesk/eap/client.p12' } });
    const verdict = nmcliCheck(String(rendered[0]!.content));
    expect(verdict, verdict.output).toMatchObject({ ok: true });
    expect(section(verdict.output, '802-1x')).toMatchObject({ eap: 'tls;', identity: 'device@corp.example', 'client-cert': '/etc/roamdesk/eap/client.p12', 'private-key': '/etc/roamdesk/eap/client.p12', 'private-key-password-flags': '1' });
    expect(rendered.map((f) => [f.name, f.role, f.secret])).toEqual([
      ['roamdesk-corp-example.nmconnection', 'profile', false],
      ['ca.pem', 'ca-certificate', false],
      ['client.p12', 'private-key', true],
    ]);
  });

  test('tls with PEM files and a stored key passphrase', () => {
    const rendered = renderNetworkManager(corpProfile('tls'), { files: { ...files, clientCertPath: '/c.pem', privateKeyPath: '/k.pem' }, privateKeyPassphrase: 'kp' });
    const verdict = nmcliCheck(String(rendered[0]!.content));
    expect(verdict, verdict.output).toMatchObject({ ok: true });
    expect(section(String(rendered[0]!.content), '802-1x')).toMatchObject({ 'private-key-password': 'kp', 'private-key-password-flags': '0' });
    // NM drops flags=0 when normalising: it is the default (system-owned).
    expect(section(verdict.output, '802-1x')).toMatchObject({ 'client-cert': '/c.pem', 'private-key': '/k.pem', 'private-key-password': 'kp' });
    expect(section(verdict.output, '802-1x')['private-key-password-flags']).toBeUndefined();
    expect(rendered[0]!.secret).toBe(true);
  });
});

describe('secrets and names', () => {
  test('an explicit password is stored system-owned (flags 0); otherwise it is agent-owned and absent', () => {
    const stored = renderNetworkManager(corpProfile('ttls-pap'), { files, identity: 'alice', password: 'pw' })[0]!;
    expect(section(String(stored.content), '802-1x')).toMatchObject({ password: 'pw', 'password-flags': '0' });
    expect(stored.secret).toBe(true);
    const agent = renderNetworkManager(corpProfile('ttls-pap'), { files, identity: 'alice' })[0]!;
    expect(String(agent.content)).not.toMatch(/^password=/m);
    expect(agent.secret).toBe(false);
  });

  test('an SSID with a semicolon or non-ASCII round-trips through NetworkManager as bytes', () => {
    for (const ssid of ['café;wifi', ' lead', 'a\\b']) {
      const keyfile = String(renderNetworkManager(corpProfile('ttls-pap', { ssids: [ssid] }), { files, identity: 'alice' })[0]!.content);
      const verdict = nmcliCheck(keyfile);
      expect(verdict, verdict.output).toMatchObject({ ok: true });
      // NM writes the SSID back; reading both as bytes must give the same.
      const written = section(verdict.output, 'wifi').ssid!;
      const bytes = /^(\d+;)+$/.test(written) ? Buffer.from(written.split(';').filter(Boolean).map(Number)) : Buffer.from(written.replace(/\\s/, ' ').replace(/\\\\/g, '\\'), 'utf8');
      expect(bytes.toString('utf8')).toBe(ssid);
    }
    expect(keyfileSsid('eduroam')).toBe('eduroam');
    expect(keyfileSsid('a;b')).toBe('97;59;98;');
  });

  test('keyfile values escape backslash, newline and a leading space', () => {
    expect(keyfileValue(' a\\b\nc')).toBe('\\sa\\\\b\\nc');
  });

  test('one keyfile per SSID with distinct, stable UUIDs', () => {
    const profile = corpProfile('ttls-pap', { ssids: ['one', 'two'] });
    const first = renderNetworkManager(profile, { files, identity: 'alice' }).filter((f) => f.role === 'profile');
    const again = renderNetworkManager(profile, { files, identity: 'alice' }).filter((f) => f.role === 'profile');
    expect(first.map((f) => f.name)).toEqual(['roamdesk-corp-example-one.nmconnection', 'roamdesk-corp-example-two.nmconnection']);
    const uuids = first.map((f) => section(String(f.content), 'connection').uuid);
    expect(uuids[0]).not.toBe(uuids[1]);
    expect(uuids).toEqual(again.map((f) => section(String(f.content), 'connection').uuid));
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(section(String(first[0]!.content), 'connection').id).toBe('Corp Secure (one)');
  });

  test('Passpoint-only profiles cannot be written for NetworkManager (it has no Passpoint support)', () => {
    const profile = corpProfile('ttls-pap', { ssids: [], passpoint: { homeDomain: 'corp.example', roamingConsortiumOis: ['004096'], naiRealms: [] } });
    expect(() => renderNetworkManager(profile, { files, identity: 'alice' })).toThrow(EapError);
  });

  test('no identity → EAP_RENDER_INPUT_MISSING (NetworkManager would refuse the keyfile)', () => {
    try {
      renderNetworkManager(corpProfile('ttls-pap'), { files });
      throw new Error('expected an error');
    } catch (error) {
      expect((error as EapError).code).toBe('EAP_RENDER_INPUT_MISSING');
    }
  });
});
