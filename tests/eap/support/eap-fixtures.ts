/**
 * The 802.1X fixtures of ../shared/fixtures/8021x, read in place, and small builders for
 * eap-config variants the real files do not cover (written inline, from the real file's parts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES_8021X = path.resolve(root, '..', 'shared', 'fixtures', '8021x');
export const EAP_CONFIG_DIR = path.join(FIXTURES_8021X, 'eap-config');

export function fixture8021x(relative: string): string {
  return readFileSync(path.join(FIXTURES_8021X, relative), 'utf8');
}

export const EVA_FILE = 'geteduroam-linux-app-test_data-eva-eap.xml';

/** The real geteduroam eVA eap-config (UTF-8 with BOM). */
export function evaXml(): string {
  return fixture8021x(path.join('eap-config', EVA_FILE));
}

/** The base64 DER of the eVA test CA (CN=Test test, valid 2023–2033). */
export function evaCaBase64(): string {
  return /<CA format="X.509" encoding="base64">([^<]+)<\/CA>/.exec(evaXml())![1]!;
}

export function evaCaPem(): string {
  const b64 = evaCaBase64();
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export interface MethodSpec {
  outer: number;
  inner?: { readonly eap?: number; readonly nonEap?: number };
  ca?: readonly string[] | undefined;
  serverIds?: readonly string[];
  client?: string;
}

/** An eap-config with the given methods and applicability, in the shape CAT writes. */
export function eapConfig(options: {
  id?: string;
  idAsElement?: boolean;
  methods: MethodSpec[];
  networks?: string;
  providerInfo?: string;
  validUntil?: string;
}): string {
  const ca = evaCaBase64();
  const method = (m: MethodSpec) => `      <AuthenticationMethod>
        <EAPMethod><Type>${m.outer}</Type></EAPMethod>
        <ServerSideCredential>
${(m.ca ?? [ca]).map((c) => `          <CA format="X.509" encoding="base64">${c}</CA>`).join('\n')}
${(m.serverIds ?? ['radius.example.org']).map((s) => `          <ServerID>${s}</ServerID>`).join('\n')}
        </ServerSideCredential>
        ${m.client ?? '<ClientSideCredential><OuterIdentity>anonymous@example.org</OuterIdentity></ClientSideCredential>'}
${m.inner ? `        <InnerAuthenticationMethod>${m.inner.eap !== undefined ? `<EAPMethod><Type>${m.inner.eap}</Type></EAPMethod>` : `<NonEAPAuthMethod><Type>${m.inner.nonEap}</Type></NonEAPAuthMethod>`}</InnerAuthenticationMethod>` : ''}
      </AuthenticationMethod>`;
  const id = options.id ?? 'example.org';
  return `<?xml version="1.0" encoding="UTF-8"?>
<EAPIdentityProviderList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="eap-metadata.xsd">
  <EAPIdentityProvider ${options.idAsElement ? '' : `ID="${id}" `}namespace="urn:RFC4282:realm" lang="en" version="1">
${options.idAsElement ? `    <ID>${id}</ID>\n` : ''}${options.validUntil ? `    <ValidUntil>${options.validUntil}</ValidUntil>\n` : ''}    <AuthenticationMethods>
${options.methods.map(method).join('\n')}
    </AuthenticationMethods>
    <CredentialApplicability>
${options.networks ?? '      <IEEE80211><SSID>CorpNet</SSID><MinRSNProto>CCMP</MinRSNProto></IEEE80211>'}
    </CredentialApplicability>
${options.providerInfo ?? '    <ProviderInfo><DisplayName>Example Org</DisplayName></ProviderInfo>'}
  </EAPIdentityProvider>
</EAPIdentityProviderList>
`;
}
