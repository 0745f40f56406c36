/**
 * eap-config import: every file in ../shared/fixtures/8021x/eap-config (read as it is, the
 * schema included), then the variants real producers write (CAT, letswifi, geteduroam's
 * Apple test data) and the inputs that must be refused with a clear, element-naming error.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { type EapConfigImport, importEapConfig, importEapConfigBytes } from '../../main/engine/eap/eap-config-import.js';
import { EapError } from '../../main/engine/eap/eap-error.js';
import { UNVALIDATED_SERVER_WARNING } from '../../main/engine/eap/model.js';
import { EAP_CONFIG_DIR, EVA_FILE, eapConfig, evaCaPem, evaXml } from './support/eap-fixtures.js';

function errorOf(run: () => unknown): EapError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EapError);
    return error as EapError;
  }
  throw new Error('expected an EapError');
}

type Expected = { check: (result: EapConfigImport) => void } | { code: string; messageIncludes: string[] };

const table: Record<string, Expected> = {
  [EVA_FILE]: {
    check: ({ profile, skipped, secrets, warnings }) => {
      expect(profile).toMatchObject({
        id: 'edu.nl',
        name: 'eduroam Visitor Access (eVA)',
        method: 'peap-mschapv2',
        outerIdentity: 'anonymous@edu.nl',
        innerIdentityRules: { suffix: 'edu.nl', hint: true },
        ssids: ['eduroam'],
        passpoint: { homeDomain: 'edu.nl', roamingConsortiumOis: ['001BC50460', '004096'], naiRealms: [] },
        provider: { displayName: 'eduroam Visitor Access (eVA)', description: 'eVA', helpdesk: { emails: [], webAddresses: [], phones: [] } },
      });
      expect(profile.innerIdentity).toBeUndefined();
      expect(profile.serverValidation.serverNames).toEqual(['edu.nl']);
      expect(profile.serverValidation.caCertificates).toEqual([evaCaPem()]);
      expect(new X509Certificate(profile.serverValidation.caCertificates[0]!).subject).toContain('CN=Test test');
      expect(profile.serverValidation.unvalidatedAllowed).toBeUndefined();
      expect(skipped).toEqual([
        { position: 2, description: 'EAP-TTLS with EAP-MSCHAPv2', reason: 'a method listed earlier is used' },
        { position: 3, description: 'EAP-TTLS with PAP', reason: 'a method listed earlier is used' },
      ]);
      expect(secrets).toEqual({});
      expect(warnings).toEqual([]);
    },
  },
  'geant-cat-eap-metadata.xsd': { code: 'EAP_CONFIG_MALFORMED', messageIncludes: ['<xs:schema>', 'EAPIdentityProviderList'] },
};

describe('every eap-config fixture', () => {
  test('the table covers exactly the files in the folder', () => {
    expect(Object.keys(table).sort()).toEqual(readdirSync(EAP_CONFIG_DIR).sort());
  });

  test.each(Object.keys(table))('%s', (name) => {
    const expected = table[name]!;
    const bytes = readFileSync(path.join(EAP_CONFIG_DIR, name));
    if ('check' in expected) expected.check(importEapConfigBytes(bytes));
    else {
      const error = errorOf(() => importEapConfigBytes(bytes));
      expect(error.code).toBe(expected.code);
      for (const part of expected.messageIncludes) expect(error.message).toContain(part);
    }
  });
});

describe('methods', () => {
  test.each([
    [{ outer: 25, inner: { eap: 26 } }, 'peap-mschapv2'],
    [{ outer: 21, inner: { nonEap: 1 } }, 'ttls-pap'],
    [{ outer: 21, inner: { nonEap: 3 } }, 'ttls-mschapv2'],
    [{ outer: 21, inner: { eap: 26 } }, 'ttls-eap-mschapv2'],
    [{ outer: 13 }, 'tls'],
  ] as const)('%o → %s', (method, expected) => {
    expect(importEapConfig(eapConfig({ methods: [method] })).profile.method).toBe(expected);
  });

  test('the first supported method wins; unsupported ones before it are reported with the reason', () => {
    const result = importEapConfig(eapConfig({ methods: [{ outer: 43 }, { outer: 21, inner: { nonEap: 2 } }, { outer: 21, inner: { nonEap: 1 } }, { outer: 25, inner: { eap: 26 } }] }));
    expect(result.profile.method).toBe('ttls-pap');
    expect(result.skipped).toEqual([
      { position: 1, description: 'EAP-FAST', reason: 'EAP-FAST is not supported' },
      { position: 2, description: 'EAP-TTLS with MSCHAP', reason: 'EAP-TTLS with MSCHAP is not supported' },
      { position: 4, description: 'PEAP with EAP-MSCHAPv2', reason: 'a method listed earlier is used' },
    ]);
  });

  test('only unsupported methods → EAP_CONFIG_UNSUPPORTED naming each one', () => {
    const error = errorOf(() => importEapConfig(eapConfig({ methods: [{ outer: 52 }, { outer: 25, inner: { eap: 6 } }] })));
    expect(error.code).toBe('EAP_CONFIG_UNSUPPORTED');
    expect(error.message).toContain('AuthenticationMethod[1] EAP-pwd (EAP-pwd is not supported)');
    expect(error.message).toContain('AuthenticationMethod[2] PEAP with EAP-GTC');
    expect(error.hint).toContain('EAP-TLS');
  });

  test('the chosen method’s own server credentials are used, not the first method’s', () => {
    const result = importEapConfig(eapConfig({ methods: [{ outer: 43, serverIds: ['fast.example.org'] }, { outer: 21, inner: { nonEap: 1 }, serverIds: ['ttls.example.org', 'ttls2.example.org'] }] }));
    expect(result.profile.serverValidation.serverNames).toEqual(['ttls.example.org', 'ttls2.example.org']);
  });
});

describe('EAP-TLS with a PKCS#12 client certificate (letswifi / geteduroam Apple test data shape)', () => {
  const client = `<ClientSideCredential>
          <OuterIdentity>anon@example.org</OuterIdentity>
          <ClientCertificate format="PKCS12" encoding="base64">MIIB
            AAAA</ClientCertificate>
          <Passphrase>pkcs12</Passphrase>
        </ClientSideCredential>`;
  const xml = eapConfig({
    id: 'example.org',
    idAsElement: true,
    methods: [{ outer: 13, client }],
    validUntil: '2024-08-24T10:00:00Z',
    networks: '<IEEE80211><ConsortiumOID>5a03ba0000</ConsortiumOID></IEEE80211><IEEE80211><ConsortiumOID>5a03ba0800</ConsortiumOID></IEEE80211><IEEE80211><ConsortiumOID>001bc50460</ConsortiumOID></IEEE80211>',
    providerInfo: `<ProviderInfo>
      <DisplayName lang="nl">Voorbeeld</DisplayName><DisplayName lang="en">Example</DisplayName>
      <Helpdesk><EmailAdress>help@example.org</EmailAdress><WebAddress>https://help.example.org</WebAddress><Phone>+31 30 000 0000</Phone></Helpdesk>
    </ProviderInfo>`,
  });

  test('the bundle goes into the model, its passphrase into secrets (by reference)', () => {
    const result = importEapConfig(xml);
    expect(result.profile.clientCertificate).toEqual({ format: 'pkcs12', pkcs12: 'MIIBAAAA', passphraseRef: 'eap/example.org/client-certificate-passphrase' });
    expect(result.secrets).toEqual({ 'eap/example.org/client-certificate-passphrase': 'pkcs12' });
    expect(JSON.stringify(result.profile)).not.toContain('"pkcs12"}');
    expect(result.profile.validUntil).toBe('2024-08-24T10:00:00.000Z');
  });

  test('<ID> as an element, RCOI-only applicability, localized names and misspelled EmailAdress are accepted', () => {
    const { profile } = importEapConfig(xml);
    expect(profile.id).toBe('example.org');
    expect(profile.ssids).toEqual([]);
    expect(profile.passpoint).toEqual({ homeDomain: 'example.org', roamingConsortiumOis: ['5A03BA0000', '5A03BA0800', '001BC50460'], naiRealms: [] });
    expect(profile.name).toBe('Example');
    expect(importEapConfig(xml, { lang: 'nl' }).profile.name).toBe('Voorbeeld');
    expect(profile.provider.helpdesk).toEqual({ emails: ['help@example.org'], webAddresses: ['https://help.example.org'], phones: ['+31 30 000 0000'] });
  });

  test('EAP-TLS without a client certificate imports, with a warning that one must be installed', () => {
    const result = importEapConfig(eapConfig({ methods: [{ outer: 13 }] }));
    expect(result.profile.clientCertificate).toBeUndefined();
    expect(result.warnings.join(' ')).toContain('carries no client certificate');
  });

  test('a user password in the file is returned as a secret, never in the profile', () => {
    const result = importEapConfig(eapConfig({ methods: [{ outer: 21, inner: { nonEap: 1 }, client: '<ClientSideCredential><UserName>jdoe@example.org</UserName><Password>s3cret&amp;</Password></ClientSideCredential>' }] }));
    expect(result.profile.innerIdentity).toBe('jdoe@example.org');
    expect(result.passwordRef).toBe('eap/example.org/password');
    expect(result.secrets).toEqual({ 'eap/example.org/password': 's3cret&' });
    expect(JSON.stringify(result.profile)).not.toContain('s3cret');
  });
});

describe('server validation is mandatory', () => {
  test.each([
    ['no ServerID', { outer: 25, inner: { eap: 26 }, serverIds: [] }, 'has no server name'],
    ['no CA', { outer: 25, inner: { eap: 26 }, ca: [] }, 'has no CA certificate'],
  ] as const)('%s → EAP_SERVER_VALIDATION_MISSING', (_label, method, missing) => {
    const error = errorOf(() => importEapConfig(eapConfig({ methods: [method] })));
    expect(error.code).toBe('EAP_SERVER_VALIDATION_MISSING');
    expect(error.message).toContain('Example Org');
    expect(error.message).toContain(missing);
    expect(error.hint).toContain('CA certificate');
  });

  test('managed policy allowUnvalidatedServer: imported, flagged, with the loud warning', () => {
    const result = importEapConfig(eapConfig({ methods: [{ outer: 25, inner: { eap: 26 }, ca: [], serverIds: [] }] }), { allowUnvalidatedServer: true });
    expect(result.profile.serverValidation).toEqual({ caCertificates: [], serverNames: [], unvalidatedAllowed: true });
    expect(result.warnings[0]).toBe(UNVALIDATED_SERVER_WARNING);
    expect(result.warnings[0]).toMatch(/^WARNING: server validation is OFF/);
  });

  test('the policy does not mark a profile that does validate', () => {
    const result = importEapConfig(evaXml(), { allowUnvalidatedServer: true });
    expect(result.profile.serverValidation.unvalidatedAllowed).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });
});

describe('malformed input names the element', () => {
  const eva = evaXml();
  test.each([
    ['not XML at all', 'hello', 'EAP_CONFIG_MALFORMED', 'not well-formed XML'],
    ['an unclosed element', eva.replace('</ProviderInfo>', ''), 'EAP_CONFIG_MALFORMED', 'does not close'],
    ['a DOCTYPE with an external entity', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><EAPIdentityProviderList/>`, 'EAP_CONFIG_MALFORMED', 'DOCTYPE'],
    ['an unknown entity', eva.replace('<Description>eVA</Description>', '<Description>&e;</Description>'), 'EAP_CONFIG_MALFORMED', 'unknown entity &e;'],
    ['a CA that is not base64', eva.replace(/<CA format="X.509" encoding="base64">[^<]+<\/CA>/, '<CA format="X.509" encoding="base64">not base64!</CA>'), 'EAP_CONFIG_MALFORMED', 'AuthenticationMethod[1]/ServerSideCredential/CA[1]> is not base64'],
    ['a CA that is base64 but no certificate', eva.replace(/<CA format="X.509" encoding="base64">[^<]+<\/CA>/, '<CA format="X.509" encoding="base64">AAAA</CA>'), 'EAP_CONFIG_MALFORMED', 'CA[1]> is not an X.509 certificate'],
    ['a CA in PEM format', eva.replace('<CA format="X.509" encoding="base64">', '<CA format="PEM" encoding="base64">'), 'EAP_CONFIG_UNSUPPORTED', 'has format "PEM"'],
    ['a Type that is not a number', eva.replace('<Type>25</Type>', '<Type>PEAP</Type>'), 'EAP_CONFIG_MALFORMED', 'AuthenticationMethod[1]/EAPMethod/Type> is "PEAP"'],
    ['an AuthenticationMethod without EAPMethod', eva.replace(/<EAPMethod>\s*<Type>25<\/Type>\s*<\/EAPMethod>/, ''), 'EAP_CONFIG_MALFORMED', 'AuthenticationMethod[1]> has no <EAPMethod>'],
    ['no ID', eva.replace(' ID="edu.nl"', ''), 'EAP_CONFIG_MALFORMED', 'has no ID attribute'],
    ['no CredentialApplicability', eva.replace(/<CredentialApplicability>[\s\S]*<\/CredentialApplicability>/, ''), 'EAP_CONFIG_MALFORMED', 'no <CredentialApplicability>'],
    ['a bad ConsortiumOID', eva.replace('<ConsortiumOID>004096</ConsortiumOID>', '<ConsortiumOID>00409</ConsortiumOID>'), 'EAP_CONFIG_MALFORMED', 'IEEE80211[3]/ConsortiumOID> "00409"'],
    ['an SSID longer than 32 bytes', eva.replace('<SSID>eduroam</SSID>', `<SSID>${'x'.repeat(33)}</SSID>`), 'EAP_CONFIG_MALFORMED', 'longer than 32 bytes'],
    ['a bad InnerIdentityHint', eva.replace('<InnerIdentityHint>true</InnerIdentityHint>', '<InnerIdentityHint>yes</InnerIdentityHint>'), 'EAP_CONFIG_MALFORMED', 'InnerIdentityHint> is "yes"'],
    ['a bad ValidUntil', eva.replace('<AuthenticationMethods>', '<ValidUntil>someday</ValidUntil><AuthenticationMethods>'), 'EAP_CONFIG_MALFORMED', 'ValidUntil> is "someday"'],
    ['no providers', '<EAPIdentityProviderList/>', 'EAP_CONFIG_MALFORMED', 'has no <EAPIdentityProvider>'],
    ['no networks at all', eva.replace(/<CredentialApplicability>[\s\S]*<\/CredentialApplicability>/, '<CredentialApplicability/>'), 'EAP_PROFILE_NO_NETWORKS', 'no SSID'],
  ])('%s → %s', (_label, xml, code, message) => {
    const error = errorOf(() => importEapConfig(xml));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  test('malformed input reports the line', () => {
    const error = errorOf(() => importEapConfig(evaXml().replace('<Type>25</Type>', '<Type>PEAP</Type>')));
    expect(error.message).toMatch(/\(line 7\)/);
  });
});

describe('encodings and leniency', () => {
  test('UTF-16LE with BOM (as Windows tools save it) imports like UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(evaXml().replace(/^\uFEFF/, ''), 'utf16le')]);
    expect(importEapConfigBytes(utf16).profile.id).toBe('edu.nl');
  });

  test('invalid UTF-8 bytes → EAP_CONFIG_MALFORMED', () => {
    expect(errorOf(() => importEapConfigBytes(Buffer.from([0x3c, 0xc3, 0x28]))).code).toBe('EAP_CONFIG_MALFORMED');
  });

  test('CDATA, comments and character references are read', () => {
    const xml = evaXml().replace('<Description>eVA</Description>', '<!-- c --><Description><![CDATA[e<V>A]]> &#x263A;</Description>');
    expect(importEapConfig(xml).profile.provider.description).toBe('e<V>A ☺');
  });

  test('several providers: the first is imported and the rest reported', () => {
    const eva = evaXml();
    const provider = /<EAPIdentityProvider [\s\S]*<\/EAPIdentityProvider>/.exec(eva)![0];
    const two = eva.replace(provider, `${provider}\n${provider.replace('ID="edu.nl"', 'ID="other.nl"')}`);
    const result = importEapConfig(two);
    expect(result.profile.id).toBe('edu.nl');
    expect(result.warnings).toContain('The file describes 2 identity providers; only the first (edu.nl) was imported.');
  });
});
