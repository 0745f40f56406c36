/**
 * Apple configuration profiles: read back as a plist and checked against Apple's own schema
 * (../shared/fixtures/8021x/apple/…com.apple.wifi.managed.yaml, read as it is): every key we
 * write exists there, anchors point at certificate payloads in the same profile, no password.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { importEapConfig } from '../../main/engine/eap/eap-config-import.js';
import { EapError } from '../../main/engine/eap/eap-error.js';
import { pemToDer } from '../../main/engine/eap/model.js';
import { renderAppleMobileconfig } from '../../main/engine/eap/render/apple-mobileconfig.js';
import { evaCaPem, evaXml, fixture8021x } from './support/eap-fixtures.js';
import { type Plist, readPlist } from './support/plist.js';
import { FAKE_KEY_PEM, FAKE_P12_BASE64, corpProfile } from './support/profiles.js';

type Dict = Record<string, Plist>;
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function render(...args: Parameters<typeof renderAppleMobileconfig>): { root: Dict; payloads: Dict[]; text: string } {
  const [file] = renderAppleMobileconfig(...args);
  const text = String(file!.content);
  const root = readPlist(text) as Dict;
  return { root, payloads: root.PayloadContent as Dict[], text };
}

/** Keys the Apple schema defines for the Wi-Fi payload (top level and EAPClientConfiguration). */
const appleKeys = new Set([...fixture8021x('apple/apple-device-management-com.apple.wifi.managed.yaml').matchAll(/- key: (\w+)/g)].map((m) => m[1]!));
const COMMON_PAYLOAD_KEYS = new Set(['PayloadType', 'PayloadVersion', 'PayloadIdentifier', 'PayloadUUID', 'PayloadDisplayName', 'PayloadDescription', 'PayloadOrganization']);

describe('the real eVA eap-config as a .mobileconfig', () => {
  const { root, payloads, text } = render(importEapConfig(evaXml()).profile, { seed: 'test' });
  const [ca, wifi, passpoint] = payloads;

  test('outer profile: Configuration, System scope, stable identifier', () => {
    expect(root).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1, PayloadIdentifier: 'com.roamdesk.eap.edu-nl', PayloadDisplayName: 'eduroam Visitor Access (eVA)', PayloadScope: 'System', PayloadRemovalDisallowed: false });
    expect(payloads.map((p) => p.PayloadType)).toEqual(['com.apple.security.root', 'com.apple.wifi.managed', 'com.apple.wifi.managed']);
  });

  test('the CA is a root payload with the DER bytes, and the Wi-Fi payloads anchor to its UUID', () => {
    expect(Buffer.compare(ca!.PayloadContent as Buffer, pemToDer(evaCaPem()))).toBe(0);
    expect(new X509Certificate(ca!.PayloadContent as Buffer).subject).toContain('CN=Test test');
    for (const payload of [wifi!, passpoint!]) {
      const eap = payload.EAPClientConfiguration as Dict;
      expect(eap.PayloadCertificateAnchorUUID).toEqual([ca!.PayloadUUID]);
      expect(eap).toMatchObject({ AcceptEAPTypes: [25], OuterIdentity: 'anonymous@edu.nl', TLSTrustedServerNames: ['edu.nl'], TLSAllowTrustExceptions: false });
      expect(eap.UserPassword).toBeUndefined();
    }
  });

  test('SSID payload and Passpoint payload', () => {
    expect(wifi).toMatchObject({ SSID_STR: 'eduroam', EncryptionType: 'WPA2', AutoJoin: true, HIDDEN_NETWORK: false });
    expect(passpoint).toMatchObject({ IsHotspot: true, DomainName: 'edu.nl', RoamingConsortiumOIs: ['001BC50460', '004096'], ServiceProviderRoamingEnabled: true, DisplayedOperatorName: 'eduroam Visitor Access (eVA)' });
    expect(passpoint!.SSID_STR).toBeUndefined();
    expect(passpoint!.NAIRealmNames).toBeUndefined();
  });

  test('every Wi-Fi key written is in Apple’s schema', () => {
    for (const payload of [wifi!, passpoint!]) {
      for (const key of [...Object.keys(payload), ...Object.keys(payload.EAPClientConfiguration as Dict)]) {
        if (!COMMON_PAYLOAD_KEYS.has(key)) expect(appleKeys, key).toContain(key);
      }
    }
    expect(appleKeys.size).toBeGreaterThan(30);
  });

  test('UUIDs: well-formed, distinct, stable for a seed, different for another seed', () => {
    const uuids = [root.PayloadUUID, ...payloads.map((p) => p.PayloadUUID)] as string[];
    for (const uuid of uuids) expect(uuid).toMatch(UUID);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(render(importEapConfig(evaXml()).profile, { seed: 'test' }).text).toBe(text);
    expect(render(importEapConfig(evaXml()).profile, { seed: 'other' }).root.PayloadUUID).not.toBe(root.PayloadUUID);
  });
});

describe('methods and identities', () => {
  test.each([
    ['ttls-pap', 'PAP'],
    ['ttls-mschapv2', 'MSCHAPv2'],
    ['ttls-eap-mschapv2', 'EAP'],
  ] as const)('%s → TTLSInnerAuthentication %s', (method, inner) => {
    const eap = render(corpProfile(method), { identity: 'alice' }).payloads[1]!.EAPClientConfiguration as Dict;
    expect(eap).toMatchObject({ AcceptEAPTypes: [21], TTLSInnerAuthentication: inner, UserName: 'alice', OuterIdentity: 'anonymous@corp.example' });
  });

  test('EAP-TLS: a PKCS#12 identity payload referenced by PayloadCertificateUUID; its passphrase only when given', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pkcs12', pkcs12: FAKE_P12_BASE64 } });
    const { payloads } = render(profile);
    const identity = payloads.find((p) => p.PayloadType === 'com.apple.security.pkcs12')!;
    const wifi = payloads.find((p) => p.PayloadType === 'com.apple.wifi.managed')!;
    expect(wifi.PayloadCertificateUUID).toBe(identity.PayloadUUID);
    expect((identity.PayloadContent as Buffer).toString()).toBe('not really pkcs12 but bytes');
    expect(identity.Password).toBeUndefined();
    expect((wifi.EAPClientConfiguration as Dict).AcceptEAPTypes).toEqual([13]);
    expect((wifi.EAPClientConfiguration as Dict).OuterIdentity).toBeUndefined();
    const [file] = renderAppleMobileconfig(profile, { pkcs12Passphrase: 'p12' });
    expect(file!.secret).toBe(true);
    expect(((readPlist(String(file!.content)) as Dict).PayloadContent as Dict[]).find((p) => p.PayloadType === 'com.apple.security.pkcs12')!.Password).toBe('p12');
  });

  test('EAP-TLS with PEM files → EAP_RENDER_INPUT_MISSING (Apple wants PKCS#12)', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pem', certificate: evaCaPem(), privateKey: FAKE_KEY_PEM } });
    expect(() => renderAppleMobileconfig(profile)).toThrow(EapError);
  });

  test('helpdesk, expiry and escaping', () => {
    const { root, text } = render(corpProfile('ttls-pap', { name: 'R&D <Wi-Fi>', validUntil: '2030-01-02T03:04:05.000Z' }));
    expect(root.PayloadDisplayName).toBe('R&D <Wi-Fi>');
    expect(text).toContain('<string>R&amp;D &lt;Wi-Fi&gt;</string>');
    expect(root.RemovalDate).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(root.PayloadDescription).toContain('Help: e-mail help@corp.example, phone +1 555 0100');
  });

  test('policy-allowed unvalidated profile: no anchors, no names, trust exceptions left to the OS, warning in the description', () => {
    const profile = corpProfile('ttls-pap', { serverValidation: { caCertificates: [], serverNames: [] } }, { allowUnvalidatedServer: true });
    const { root, payloads } = render(profile);
    const eap = payloads[0]!.EAPClientConfiguration as Dict;
    expect(eap.PayloadCertificateAnchorUUID).toBeUndefined();
    expect(eap.TLSTrustedServerNames).toBeUndefined();
    expect(eap.TLSAllowTrustExceptions).toBeUndefined();
    expect(root.PayloadDescription).toContain('WARNING');
  });
});
