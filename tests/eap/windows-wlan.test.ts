/**
 * Windows WLAN profile XML. No WLAN-profile XSD is available here, so the schema's rules are
 * checked explicitly: http:// namespaces, xs:sequence element order, PeapExtensionsV2 last,
 * Hotspot2 children in schema order — and the structure is compared with Microsoft's own 2018
 * samples in ../shared/fixtures/8021x/windows (read as they are).
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { importEapConfig } from '../../main/engine/eap/eap-config-import.js';
import { type EapMethod } from '../../main/engine/eap/model.js';
import { WLAN_NS, renderWindowsWlan, windowsThumbprint } from '../../main/engine/eap/render/windows-wlan.js';
import { type XmlElement, childNamed, parseXml } from '../../main/engine/eap/xml-reader.js';
import { evaCaPem, evaXml, fixture8021x } from './support/eap-fixtures.js';
import { corpProfile } from './support/profiles.js';

/** Follows a path of local names from `root`. */
function at(root: XmlElement, ...names: string[]): XmlElement {
  let element = root;
  for (const name of names) {
    const next = childNamed(element, name);
    if (!next) throw new Error(`no <${name}> under <${element.name}> (path ${names.join('/')})`);
    element = next;
  }
  return element;
}
const childNames = (element: XmlElement) => element.children.map((c) => c.localName);
const all = (element: XmlElement): XmlElement[] => [element, ...element.children.flatMap(all)];
const profiles = (files: ReturnType<typeof renderWindowsWlan>) => files.filter((f) => f.role === 'profile').map((f) => parseXml(String(f.content)));
const eapType = (root: XmlElement) => at(root, 'MSM', 'security', 'OneX', 'EAPConfig', 'EapHostConfig');

describe('WLANProfile skeleton', () => {
  const files = renderWindowsWlan(importEapConfig(evaXml()).profile);
  const [ssidProfile, passpointProfile] = profiles(files);

  test('one profile per SSID plus one Passpoint profile', () => {
    expect(files.map((f) => [f.name, f.role, f.secret])).toEqual([
      ['roamdesk-edu-nl-1.xml', 'profile', false],
      ['roamdesk-edu-nl-2.xml', 'profile', false],
    ]);
    expect(at(ssidProfile!, 'name').text).toBe('eduroam');
    expect(at(ssidProfile!, 'SSIDConfig', 'SSID', 'hex').text).toBe('656475726F616D');
    expect(at(passpointProfile!, 'name').text).toBe('eduroam Visitor Access (eVA) via Passpoint');
  });

  test('every namespace is an http:// Microsoft one (never the https:// rewrite of the 2019 docs)', () => {
    for (const file of files) {
      const root = parseXml(String(file.content));
      expect(root.namespace).toBe('http://www.microsoft.com/networking/WLAN/profile/v1');
      for (const element of all(root)) expect(element.namespace, element.name).toMatch(/^http:\/\/www\.microsoft\.com\//);
      expect(String(file.content)).not.toContain('https://');
    }
  });

  test('WLANProfile children in schema order; Hotspot2 right after SSIDConfig', () => {
    expect(childNames(ssidProfile!)).toEqual(['name', 'SSIDConfig', 'connectionType', 'connectionMode', 'autoSwitch', 'MSM']);
    expect(childNames(passpointProfile!)).toEqual(['name', 'SSIDConfig', 'Hotspot2', 'connectionType', 'connectionMode', 'autoSwitch', 'MSM']);
    expect(childNames(at(ssidProfile!, 'MSM', 'security'))).toEqual(['authEncryption', 'PMKCacheMode', 'PMKCacheTTL', 'PMKCacheSize', 'preAuthMode', 'OneX']);
    expect(at(ssidProfile!, 'MSM', 'security', 'OneX').namespace).toBe(WLAN_NS.oneX);
    expect(childNames(at(ssidProfile!, 'MSM', 'security', 'authEncryption'))).toEqual(['authentication', 'encryption', 'useOneX']);
    expect(at(ssidProfile!, 'MSM', 'security', 'authEncryption', 'useOneX').text).toBe('true');
  });

  test('Hotspot2: DomainName, NAIRealm, RoamingConsortium in schema order (not the docs example’s order)', () => {
    const withRealms = corpProfile('ttls-pap', { ssids: [], passpoint: { homeDomain: 'corp.example', roamingConsortiumOis: ['5A03BA0000', '004096'], naiRealms: ['corp.example'] } });
    const [root] = profiles(renderWindowsWlan(withRealms));
    const hotspot2 = at(root!, 'Hotspot2');
    expect(childNames(hotspot2)).toEqual(['DomainName', 'NAIRealm', 'RoamingConsortium']);
    expect(at(hotspot2, 'RoamingConsortium').children.map((c) => c.text)).toEqual(['5A03BA0000', '004096']);
    // The Microsoft docs fragment lists Network3GPP before NAIRealm — the order Windows rejects.
    const docs = childNames(parseXml(fixture8021x('windows/msdocs-2018-hotspot2-element-example.fragment.xml')));
    expect(docs.indexOf('Network3GPP')).toBeLessThan(docs.indexOf('NAIRealm'));
    expect(childNames(hotspot2).indexOf('NAIRealm')).toBeLessThan(childNames(hotspot2).indexOf('RoamingConsortium'));
  });
});

describe('PEAP-MSCHAPv2', () => {
  const [root] = profiles(renderWindowsWlan(corpProfile('peap-mschapv2', { serverValidation: { caCertificates: [evaCaPem()], serverNames: ['radius1.corp.example', 'radius2.corp.example'] } })));
  const eapHost = eapType(root!);
  const peap = at(eapHost, 'Config', 'Eap', 'EapType');

  test('EapMethod type 25, Microsoft (AuthorId 0), common namespace', () => {
    expect(at(eapHost, 'EapMethod').children.map((c) => [c.localName, c.text, c.namespace])).toEqual([
      ['Type', '25', WLAN_NS.eapCommon],
      ['VendorId', '0', WLAN_NS.eapCommon],
      ['VendorType', '0', WLAN_NS.eapCommon],
      ['AuthorId', '0', WLAN_NS.eapCommon],
    ]);
  });

  test('same structure as Microsoft’s 2018 PEAP sample, with server validation filled in', () => {
    const sample = parseXml(fixture8021x('windows/msdocs-2018-wpa2-enterprise-peap-mschapv2.WLANProfile.xml'));
    const samplePeap = at(eapType(sample), 'Config', 'Eap', 'EapType');
    expect(childNames(peap)).toEqual(childNames(samplePeap));
    expect(peap.namespace).toBe(samplePeap.namespace);
    expect(at(peap, 'Eap', 'EapType').namespace).toBe(at(samplePeap, 'Eap', 'EapType').namespace);
    expect(at(eapHost, 'Config', 'Eap').namespace).toBe(at(eapType(sample), 'Config', 'Eap').namespace);
  });

  test('server validation: names joined by ";", root CA SHA-1 thumbprint, prompts disabled', () => {
    const validation = at(peap, 'ServerValidation');
    expect(childNames(validation)).toEqual(['DisableUserPromptForServerValidation', 'ServerNames', 'TrustedRootCA']);
    expect(at(validation, 'DisableUserPromptForServerValidation').text).toBe('true');
    expect(at(validation, 'ServerNames').text).toBe('radius1.corp.example;radius2.corp.example');
    const expected = new X509Certificate(evaCaPem()).fingerprint.replace(/:/g, ' ');
    expect(at(validation, 'TrustedRootCA').text).toBe(expected);
    expect(windowsThumbprint(evaCaPem())).toBe('7F DA 6F 4B 89 4B CA 6F A6 DE 1C 29 8F 98 93 F1 DA 9C B3 CB');
  });

  test('PeapExtensions: server validation on, identity privacy with the local part only, PeapExtensionsV2 last', () => {
    const extensions = at(peap, 'PeapExtensions');
    expect(childNames(extensions)).toEqual(['PerformServerValidation', 'AcceptServerName', 'IdentityPrivacy', 'PeapExtensionsV2']);
    expect(extensions.children.map((c) => c.namespace)).toEqual([WLAN_NS.msPeapV2, WLAN_NS.msPeapV2, WLAN_NS.msPeapV2, WLAN_NS.msPeapV2]);
    expect(at(extensions, 'IdentityPrivacy', 'AnonymousUserName').text).toBe('anonymous');
    expect(at(extensions, 'PeapExtensionsV2', 'AllowPromptingWhenServerCANotFound').namespace).toBe(WLAN_NS.msPeapV3);
  });
});

describe('EAP-TTLS (Microsoft, AuthorId 311) and EAP-TLS', () => {
  test.each<[EapMethod, string]>([
    ['ttls-pap', 'PAPAuthentication'],
    ['ttls-mschapv2', 'MSCHAPv2Authentication'],
    ['ttls-eap-mschapv2', 'EapHostConfig'],
  ])('%s → EapTtls directly under Config, Phase2 %s', (method, phase2) => {
    const eapHost = eapType(profiles(renderWindowsWlan(corpProfile(method)))[0]!);
    expect(at(eapHost, 'EapMethod', 'Type').text).toBe('21');
    expect(at(eapHost, 'EapMethod', 'AuthorId').text).toBe('311');
    const ttls = at(eapHost, 'Config', 'EapTtls');
    expect(ttls.namespace).toBe(WLAN_NS.eapTtls);
    expect(childNames(ttls)).toEqual(['ServerValidation', 'Phase2Authentication', 'Phase1Identity']);
    expect(childNames(at(ttls, 'ServerValidation'))).toEqual(['ServerNames', 'TrustedRootCAHash', 'DisablePrompt']);
    expect(childNames(at(ttls, 'Phase2Authentication'))).toEqual([phase2]);
    expect(at(ttls, 'Phase1Identity', 'AnonymousIdentity').text).toBe('anonymous@corp.example');
    if (method === 'ttls-eap-mschapv2') expect(at(ttls, 'Phase2Authentication', 'EapHostConfig', 'EapMethod', 'Type').text).toBe('26');
  });

  test('EAP-TLS: certificate from the store, server validation V1 + V2 flags', () => {
    const eapHost = eapType(profiles(renderWindowsWlan(corpProfile('tls')))[0]!);
    expect(at(eapHost, 'EapMethod', 'Type').text).toBe('13');
    const tls = at(eapHost, 'Config', 'Eap', 'EapType');
    expect(tls.namespace).toBe(WLAN_NS.eapTls);
    expect(childNames(tls)).toEqual(['CredentialsSource', 'ServerValidation', 'DifferentUsername', 'PerformServerValidation', 'AcceptServerName']);
    expect(at(tls, 'PerformServerValidation').namespace).toBe(WLAN_NS.eapTlsV2);
    const sample = at(eapType(parseXml(fixture8021x('windows/msdocs-2018-wpa2-enterprise-eap-tls.WLANProfile.xml'))), 'Config', 'Eap', 'EapType');
    expect(tls.namespace).toBe(sample.namespace);
    expect(childNames(tls).slice(0, 3)).toEqual(childNames(sample));
  });
});

describe('credentials stay out of the profile', () => {
  test('PEAP user data: a separate secret file in the EapHostUserCredentials format', () => {
    const files = renderWindowsWlan(corpProfile('peap-mschapv2'), { credentials: { identity: 'alice', password: 'p<w>"d' } });
    expect(files.map((f) => [f.name, f.role, f.secret])).toEqual([
      ['roamdesk-corp-example-1.xml', 'profile', false],
      ['roamdesk-corp-example-1-userdata.xml', 'user-credentials', true],
    ]);
    expect(String(files[0]!.content)).not.toContain('p&lt;w');
    const user = parseXml(String(files[1]!.content));
    expect(user.namespace).toBe(WLAN_NS.userCredentials);
    const sample = parseXml(fixture8021x('windows/msdocs-eaphost-peap-mschapv2-user-properties.EapHostUserCredentials.xml').trimStart());
    const path = ['Credentials', 'Eap', 'EapType', 'Eap', 'EapType'];
    expect(at(user, ...path).namespace).toBe(at(sample, ...path).namespace);
    expect(at(user, ...path, 'Username').text).toBe('alice');
    expect(at(user, ...path, 'Password').text).toBe('p<w>"d');
    expect(at(user, 'Credentials', 'Eap', 'EapType', 'RoutingIdentity').text).toBe('anonymous@corp.example');
  });

  test('TTLS user data: EapTtls with Username/Password, AuthorId 311 (as the rozmansi example)', () => {
    const files = renderWindowsWlan(corpProfile('ttls-pap'), { credentials: { identity: 'alice', password: 'pw' } });
    const user = parseXml(String(files[1]!.content));
    const sample = parseXml(fixture8021x('windows/rozmansi-WLANSetEAPUserData-Microsoft-EAP-TTLS-Userdata-inner-non-EAP.xml'));
    expect(at(user, 'EapMethod', 'AuthorId').text).toBe(at(sample, 'EapMethod', 'AuthorId').text);
    expect(at(user, 'Credentials', 'EapTtls').namespace).toBe(at(sample, 'Credentials', 'EapTtls').namespace);
    expect(childNames(at(user, 'Credentials', 'EapTtls'))).toEqual(childNames(at(sample, 'Credentials', 'EapTtls')));
  });

  test('EAP-TLS never gets user data (the certificate comes from the store)', () => {
    expect(renderWindowsWlan(corpProfile('tls'), { credentials: { identity: 'a', password: 'b' } }).map((f) => f.role)).toEqual(['profile']);
  });
});
