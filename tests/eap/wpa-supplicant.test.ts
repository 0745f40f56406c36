/**
 * The wpa_supplicant renderer, line by line. (That what it writes really authenticates
 * against FreeRADIUS is proven by radius-rendered.test.ts, with eapol_test.)
 */
import { describe, expect, test } from 'vitest';
import { importEapConfig } from '../../main/engine/eap/eap-config-import.js';
import { EapError } from '../../main/engine/eap/eap-error.js';
import { type EapMethod, type EapProfile } from '../../main/engine/eap/model.js';
import { renderWpaSupplicant, wpaString } from '../../main/engine/eap/render/wpa-supplicant.js';
import { evaCaPem, evaXml } from './support/eap-fixtures.js';
import { FAKE_KEY_PEM, FAKE_P12_BASE64, corpProfile } from './support/profiles.js';

const files = { caCertPath: '/etc/roamdesk/eap/ca.pem' };
const configOf = (rendered: ReturnType<typeof renderWpaSupplicant>) => String(rendered.find((f) => f.role === 'profile')!.content);
const blockLines = (config: string, kind: 'network' | 'cred') =>
  [...config.matchAll(new RegExp(`${kind}=\\{\\n([\\s\\S]*?)\\n\\}`, 'g'))].map((m) => m[1]!.split('\n').map((line) => line.replace(/^\t/, '')));

function errorOf(run: () => unknown): EapError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EapError);
    return error as EapError;
  }
  throw new Error('expected an EapError');
}

describe('the real eVA eap-config, rendered', () => {
  test('exact output: PEAP network block and the Passpoint cred block', () => {
    const { profile } = importEapConfig(evaXml());
    const rendered = renderWpaSupplicant(profile, { files: { caCertPath: '/etc/roamdesk/edu-nl-ca.pem' }, identity: 'jdoe', password: 'pw' });
    expect(configOf(rendered)).toBe(`# eduroam Visitor Access (eVA) (edu.nl) - written by Roamdesk.
# Keep this file private (mode 0600): it may hold a password or key passphrase.
interworking=1
hs20=1
network={
	ssid="eduroam"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="jdoe@edu.nl"
	anonymous_identity="anonymous@edu.nl"
	password="pw"
	ca_cert="/etc/roamdesk/edu-nl-ca.pem"
	domain_suffix_match="edu.nl"
	phase1="peapver=0"
	phase2="auth=MSCHAPV2"
}

cred={
	realm="edu.nl"
	domain="edu.nl"
	username="jdoe@edu.nl"
	password="pw"
	ca_cert="/etc/roamdesk/edu-nl-ca.pem"
	domain_suffix_match="edu.nl"
	roaming_consortiums="001bc50460,004096"
	eap=PEAP
	phase1="peapver=0"
	phase2="auth=MSCHAPV2"
}
`);
    expect(rendered.map(({ name, role, secret }) => ({ name, role, secret }))).toEqual([
      { name: 'roamdesk-edu-nl.conf', role: 'profile', secret: true },
      { name: 'edu-nl-ca.pem', role: 'ca-certificate', secret: false },
    ]);
    expect(rendered[1]!.content).toBe(evaCaPem());
  });
});

describe('methods', () => {
  test.each<[EapMethod, string, string | undefined]>([
    ['peap-mschapv2', 'PEAP', 'auth=MSCHAPV2'],
    ['ttls-pap', 'TTLS', 'auth=PAP'],
    ['ttls-mschapv2', 'TTLS', 'auth=MSCHAPV2'],
    ['ttls-eap-mschapv2', 'TTLS', 'autheap=MSCHAPV2'],
  ])('%s → eap=%s phase2="%s", anonymous_identity, server validation', (method, eap, phase2) => {
    const lines = blockLines(configOf(renderWpaSupplicant(corpProfile(method), { files, identity: 'alice', password: 'secret' })), 'network')[0]!;
    expect(lines).toEqual([
      'ssid="corp-secure"',
      'key_mgmt=WPA-EAP',
      `eap=${eap}`,
      'identity="alice"',
      'anonymous_identity="anonymous@corp.example"',
      'password="secret"',
      'ca_cert="/etc/roamdesk/eap/ca.pem"',
      'domain_suffix_match="radius.corp.example"',
      ...(method === 'peap-mschapv2' ? ['phase1="peapver=0"'] : []),
      `phase2="${phase2}"`,
    ]);
  });

  test('EAP-TLS with PKCS#12: private_key is the bundle, never client_cert; the bundle is returned as a secret file', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pkcs12', pkcs12: FAKE_P12_BASE64, passphraseRef: 'ref' } });
    const rendered = renderWpaSupplicant(profile, { files: { ...files, clientCertPath: '/ignored.pem', privateKeyPath: '/etc/roamdesk/eap/client.p12' }, privateKeyPassphrase: 'p12pass' });
    expect(blockLines(configOf(rendered), 'network')[0]).toEqual([
      'ssid="corp-secure"',
      'key_mgmt=WPA-EAP',
      'eap=TLS',
      'identity="device@corp.example"',
      'ca_cert="/etc/roamdesk/eap/ca.pem"',
      'domain_suffix_match="radius.corp.example"',
      'private_key="/etc/roamdesk/eap/client.p12"',
      'private_key_passwd="p12pass"',
    ]);
    const key = rendered.find((f) => f.role === 'private-key')!;
    expect(key).toMatchObject({ name: 'client.p12', secret: true });
    expect(Buffer.from(key.content as Uint8Array).toString()).toBe('not really pkcs12 but bytes');
    expect(rendered.some((f) => f.role === 'client-certificate')).toBe(false);
  });

  test('EAP-TLS with PEM: client_cert + private_key, both files returned; no anonymous_identity, no password', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pem', certificate: evaCaPem(), privateKey: FAKE_KEY_PEM } });
    const rendered = renderWpaSupplicant(profile, { files: { ...files, clientCertPath: '/etc/roamdesk/eap/client.pem', privateKeyPath: '/etc/roamdesk/eap/client.key' }, identity: 'alice@corp.example', password: 'ignored' });
    const lines = blockLines(configOf(rendered), 'network')[0]!;
    expect(lines).toContain('identity="alice@corp.example"');
    expect(lines).toContain('client_cert="/etc/roamdesk/eap/client.pem"');
    expect(lines).toContain('private_key="/etc/roamdesk/eap/client.key"');
    expect(lines.some((l) => l.startsWith('anonymous_identity') || l.startsWith('password') || l.startsWith('phase'))).toBe(false);
    expect(rendered.filter((f) => f.role !== 'profile').map((f) => [f.name, f.role, f.secret])).toEqual([
      ['ca.pem', 'ca-certificate', false],
      ['client.pem', 'client-certificate', false],
      ['client.key', 'private-key', true],
    ]);
    expect(rendered.find((f) => f.role === 'profile')!.secret).toBe(false);
  });

  test('EAP-TLS without a key path, or with PEM but no certificate path → EAP_RENDER_INPUT_MISSING', () => {
    expect(errorOf(() => renderWpaSupplicant(corpProfile('tls'), { files })).code).toBe('EAP_RENDER_INPUT_MISSING');
    const pem = corpProfile('tls', { clientCertificate: { format: 'pem', certificate: evaCaPem(), privateKey: FAKE_KEY_PEM } });
    expect(errorOf(() => renderWpaSupplicant(pem, { files: { ...files, privateKeyPath: '/k' } })).message).toContain('clientCertPath');
  });

  test('EAP-TLS with a certificate installed separately: paths only, no files', () => {
    const rendered = renderWpaSupplicant(corpProfile('tls'), { files: { ...files, clientCertPath: '/c.pem', privateKeyPath: '/k.pem' } });
    expect(configOf(rendered)).toContain('\tclient_cert="/c.pem"\n\tprivate_key="/k.pem"\n');
    expect(rendered.map((f) => f.role)).toEqual(['profile', 'ca-certificate']);
  });
});

describe('options', () => {
  test('exact server names: domain_match; several names joined with ";"; a leading "*." is dropped', () => {
    const profile = corpProfile('ttls-pap', { serverValidation: { caCertificates: [evaCaPem()], serverNames: ['radius1.corp.example', '*.corp.example'] } });
    expect(configOf(renderWpaSupplicant(profile, { files }))).toContain('\tdomain_suffix_match="radius1.corp.example;corp.example"\n');
    expect(configOf(renderWpaSupplicant(profile, { files, serverNameMatch: 'exact' }))).toContain('\tdomain_match="radius1.corp.example;corp.example"\n');
  });

  test('without a password: no password line, and the file is not secret', () => {
    const rendered = renderWpaSupplicant(corpProfile('peap-mschapv2'), { files, identity: 'alice' });
    expect(configOf(rendered)).not.toMatch(/^\s*password=/m);
    expect(rendered[0]!.secret).toBe(false);
  });

  test('wired / eapol_test: ap_scan=0, one block with key_mgmt=IEEE8021X and eapol_flags=0, no ssid, no cred', () => {
    const profile = corpProfile('ttls-pap', { ssids: ['a', 'b'], passpoint: { homeDomain: 'corp.example', roamingConsortiumOis: ['004096'], naiRealms: [] } });
    const config = configOf(renderWpaSupplicant(profile, { files, wired: true, identity: 'alice', password: 'x' }));
    expect(config).toContain('\nap_scan=0\n');
    expect(config).not.toContain('interworking');
    expect(blockLines(config, 'network')).toHaveLength(1);
    expect(blockLines(config, 'network')[0]!.slice(0, 3)).toEqual(['key_mgmt=IEEE8021X', 'eapol_flags=0', 'eap=TTLS']);
    expect(blockLines(config, 'cred')).toEqual([]);
  });

  test('TLS 1.3: phase1 "tls_disable_tlsv1_3=0", combined with peapver for PEAP', () => {
    expect(configOf(renderWpaSupplicant(corpProfile('peap-mschapv2'), { files, tls13: true }))).toContain('\tphase1="peapver=0 tls_disable_tlsv1_3=0"\n');
    expect(configOf(renderWpaSupplicant(corpProfile('ttls-pap'), { files, tls13: true }))).toContain('\tphase1="tls_disable_tlsv1_3=0"\n');
  });

  test('one network block per SSID', () => {
    const config = configOf(renderWpaSupplicant(corpProfile('ttls-pap', { ssids: ['one', 'two'] }), { files }));
    expect(blockLines(config, 'network').map((lines) => lines[0])).toEqual(['ssid="one"', 'ssid="two"']);
  });

  test('Passpoint only: the cred block alone; passpoint:false then has nothing to write', () => {
    const profile = corpProfile('ttls-pap', { ssids: [], passpoint: { homeDomain: 'corp.example', roamingConsortiumOis: ['5A03BA0000'], naiRealms: ['corp.example'] } });
    const config = configOf(renderWpaSupplicant(profile, { files, identity: 'alice' }));
    expect(blockLines(config, 'network')).toEqual([]);
    expect(blockLines(config, 'cred')[0]).toEqual([
      'realm="corp.example"',
      'domain="corp.example"',
      'username="alice"',
      'ca_cert="/etc/roamdesk/eap/ca.pem"',
      'domain_suffix_match="radius.corp.example"',
      'roaming_consortiums="5a03ba0000"',
      'eap=TTLS',
      'phase2="auth=PAP"',
    ]);
    expect(errorOf(() => renderWpaSupplicant(profile, { files, passpoint: false })).code).toBe('EAP_PROFILE_NO_NETWORKS');
  });
});

describe('quoting', () => {
  test.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['with space', '"with space"'],
    ['q"uote', Buffer.from('q"uote').toString('hex')],
    ['back\\slash', Buffer.from('back\\slash').toString('hex')],
    ['naïve', Buffer.from('naïve', 'utf8').toString('hex')],
    ['new\nline', Buffer.from('new\nline').toString('hex')],
  ])('%j → %s', (value, expected) => {
    expect(wpaString(value)).toBe(expected);
  });

  test('a profile name with a newline cannot inject configuration', () => {
    const profile = corpProfile('ttls-pap', { name: 'Evil\nnetwork={\nssid="x"' });
    const config = configOf(renderWpaSupplicant(profile, { files }));
    expect(blockLines(config, 'network')).toHaveLength(1);
    expect(config.split('\n')[0]).toBe('# Evil network={ ssid="x" (corp.example) - written by Roamdesk.');
  });
});

describe('server validation', () => {
  test('policy-allowed unvalidated profile: no ca_cert, no match, a warning comment', () => {
    const profile = corpProfile('ttls-pap', { serverValidation: { caCertificates: [], serverNames: [] } }, { allowUnvalidatedServer: true });
    const rendered = renderWpaSupplicant(profile, { files });
    expect(configOf(rendered)).toContain('# WARNING: server validation is OFF');
    expect(configOf(rendered)).not.toMatch(/ca_cert|domain_/);
    expect(rendered.map((f) => f.role)).toEqual(['profile']);
  });

  test('a hand-built profile that skipped the check is refused', () => {
    const unchecked: EapProfile = { ...corpProfile('ttls-pap'), serverValidation: { caCertificates: [], serverNames: ['radius.corp.example'] } };
    expect(errorOf(() => renderWpaSupplicant(unchecked, { files })).code).toBe('EAP_SERVER_VALIDATION_MISSING');
  });
});
