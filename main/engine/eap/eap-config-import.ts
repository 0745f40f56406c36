/**
 * Imports an eap-config file (`EAPIdentityProviderList`, GEANT CAT / geteduroam / letswifi;
 * schema: GEANT CAT devices/eap_config/eap-metadata.xsd) into the one 802.1X model.
 *
 * - No XML namespace (as the schema); element names are matched case-sensitively, with the
 *   leniencies real producers need: `<ID>` as a child element instead of the attribute,
 *   `EmailAdress`, `lang` children, CA/ClientCertificate without format/encoding attributes.
 * - `AuthenticationMethods` are ordered by preference: the first supported one is used, the
 *   others are reported in `skipped` with the reason.
 * - Secrets in the file (`Password`, PKCS#12 `Passphrase`) leave the model: they are returned
 *   in `secrets`, keyed by the reference the model carries.
 * - Malformed input → EAP_CONFIG_MALFORMED naming the element; nothing usable → EAP_CONFIG_UNSUPPORTED;
 *   no server validation → EAP_SERVER_VALIDATION_MISSING (unless policy allows). Nothing is
 *   installed by importing: the result is data.
 */
import { X509Certificate } from 'node:crypto';

import { EapError } from './eap-error.js';
import { type CheckedEapProfile, type EapMethod, type EapProfile, type EapProfilePolicy, checkEapProfile, derToPem } from './model.js';
import { type XmlElement, XmlSyntaxError, childNamed, childrenNamed, decodeXmlBytes, parseXml } from './xml-reader.js';

export interface SkippedMethod {
  /** 1-based position among AuthenticationMethods. */
  position: number;
  description: string;
  reason: string;
}

export interface EapConfigImport extends CheckedEapProfile {
  /** Methods in the file that were not used (unsupported, or after the chosen one). */
  skipped: SkippedMethod[];
  /** Secret values from the file, keyed by the reference stored in the profile. */
  secrets: Record<string, string>;
  /** A user password the file carries (rare: letswifi/CAT do not; some MDM exports do). */
  passwordRef?: string;
}

export interface EapConfigImportOptions extends EapProfilePolicy {
  /** Preferred language for display strings (`lang` attributes); default: the file's first. */
  lang?: string;
}

const EAP_TYPE_NAMES: Record<number, string> = { 4: 'EAP-MD5', 6: 'EAP-GTC', 13: 'EAP-TLS', 17: 'LEAP', 18: 'EAP-SIM', 21: 'EAP-TTLS', 23: 'EAP-AKA', 25: 'PEAP', 26: 'EAP-MSCHAPv2', 43: 'EAP-FAST', 50: "EAP-AKA'", 52: 'EAP-pwd', 55: 'TEAP' };
const NON_EAP_NAMES: Record<number, string> = { 1: 'PAP', 2: 'MSCHAP', 3: 'MSCHAPv2' };

/** Reads eap-config bytes (UTF-8 with or without BOM, or UTF-16 with BOM). */
export function importEapConfigBytes(bytes: Uint8Array, options: EapConfigImportOptions = {}): EapConfigImport {
  let text: string;
  try {
    text = decodeXmlBytes(bytes);
  } catch (cause) {
    throw new EapError('EAP_CONFIG_MALFORMED', 'The eap-config file is not UTF-8 or UTF-16 text.', { cause });
  }
  return importEapConfig(text, options);
}

export function importEapConfig(xml: string, options: EapConfigImportOptions = {}): EapConfigImport {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (cause) {
    if (cause instanceof XmlSyntaxError) throw new EapError('EAP_CONFIG_MALFORMED', `The eap-config file is not well-formed XML: ${cause.message}.`, { cause });
    throw cause;
  }
  if (root.localName !== 'EAPIdentityProviderList') {
    throw new EapError('EAP_CONFIG_MALFORMED', `The eap-config file's root element is <${root.name}>, not <EAPIdentityProviderList>.`);
  }
  const providers = childrenNamed(root, 'EAPIdentityProvider');
  const provider = providers[0];
  if (!provider) throw malformed('EAPIdentityProviderList', 'has no <EAPIdentityProvider>', root);
  const warnings: string[] = [];
  if (providers.length > 1) warnings.push(`The file describes ${providers.length} identity providers; only the first (${providerId(provider) ?? 'without ID'}) was imported.`);

  const id = providerId(provider);
  if (!id) throw malformed('EAPIdentityProvider', 'has no ID attribute (the realm)', provider);
  const lang = options.lang ?? provider.attributes.lang;

  const methodsElement = childNamed(provider, 'AuthenticationMethods');
  if (!methodsElement) throw malformed('EAPIdentityProvider', 'has no <AuthenticationMethods>', provider);
  const methodElements = childrenNamed(methodsElement, 'AuthenticationMethod');
  if (methodElements.length === 0) throw malformed('AuthenticationMethods', 'has no <AuthenticationMethod>', methodsElement);

  const skipped: SkippedMethod[] = [];
  let chosen: { element: XmlElement; method: EapMethod; position: number } | undefined;
  for (const [index, element] of methodElements.entries()) {
    const position = index + 1;
    const read = readMethod(element, position);
    if (chosen) {
      skipped.push({ position, description: read.description, reason: 'a method listed earlier is used' });
    } else if ('method' in read) {
      chosen = { element, method: read.method, position };
      if (read.warning) warnings.push(read.warning);
    } else skipped.push({ position, description: read.description, reason: read.reason });
  }
  if (!chosen) {
    throw new EapError(
      'EAP_CONFIG_UNSUPPORTED',
      `None of the sign-in methods in the eap-config file is supported: ${skipped.map((s) => `AuthenticationMethod[${s.position}] ${s.description} (${s.reason})`).join('; ')}.`,
      { hint: 'Roamdesk supports PEAP with EAP-MSCHAPv2, EAP-TTLS with PAP, MSCHAPv2 or EAP-MSCHAPv2, and EAP-TLS.' },
    );
  }

  const where = `AuthenticationMethod[${chosen.position}]`;
  const server = childNamed(chosen.element, 'ServerSideCredential');
  const caCertificates = server ? childrenNamed(server, 'CA').map((ca, i) => readCa(ca, `${where}/ServerSideCredential/CA[${i + 1}]`)) : [];
  const serverNames = server ? childrenNamed(server, 'ServerID').map((s) => s.text.trim()).filter((s) => s !== '') : [];

  const secrets: Record<string, string> = {};
  const client = childNamed(chosen.element, 'ClientSideCredential');
  const value = (parent: XmlElement | undefined, name: string) => {
    const text = parent && childNamed(parent, name)?.text.trim();
    return text ? text : undefined;
  };
  const outerIdentity = value(client, 'OuterIdentity');
  const userName = value(client, 'UserName');
  const prefix = value(client, 'InnerIdentityPrefix');
  const suffix = value(client, 'InnerIdentitySuffix');
  const hintText = value(client, 'InnerIdentityHint');
  if (hintText !== undefined && !['true', 'false', '1', '0'].includes(hintText)) throw malformed(`${where}/ClientSideCredential/InnerIdentityHint`, `is "${hintText}", not true or false`, client!);
  const hint = hintText === 'true' || hintText === '1';

  let passwordRef: string | undefined;
  const password = client && childNamed(client, 'Password')?.text;
  if (password) {
    passwordRef = `eap/${id}/password`;
    secrets[passwordRef] = password;
  }

  let clientCertificate: EapProfile['clientCertificate'];
  const certificateElement = client && childNamed(client, 'ClientCertificate');
  if (chosen.method === 'tls' && certificateElement) {
    const format = certificateElement.attributes.format;
    const encoding = certificateElement.attributes.encoding;
    if (format !== undefined && format.toUpperCase() !== 'PKCS12') throw unsupported(`${where}/ClientSideCredential/ClientCertificate`, `has format "${format}"; only PKCS12 is supported`);
    if (encoding !== undefined && encoding !== 'base64') throw unsupported(`${where}/ClientSideCredential/ClientCertificate`, `has encoding "${encoding}"; only base64 is supported`);
    const pkcs12 = certificateElement.text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(pkcs12)) throw malformed(`${where}/ClientSideCredential/ClientCertificate`, 'is not base64', certificateElement);
    const passphrase = client && childNamed(client, 'Passphrase')?.text;
    const passphraseRef = passphrase !== undefined ? `eap/${id}/client-certificate-passphrase` : undefined;
    if (passphraseRef !== undefined && passphrase !== undefined) secrets[passphraseRef] = passphrase;
    clientCertificate = passphraseRef === undefined ? { format: 'pkcs12', pkcs12 } : { format: 'pkcs12', pkcs12, passphraseRef };
  } else if (chosen.method === 'tls') {
    warnings.push('The profile uses EAP-TLS but carries no client certificate: one must be installed separately (e.g. by MDM) before it can connect.');
  }

  const { ssids, ois } = readApplicability(provider, warnings);
  const providerInfo = readProviderInfo(provider, lang);
  const validUntilText = value(provider, 'ValidUntil');
  let validUntil: string | undefined;
  if (validUntilText !== undefined) {
    const time = Date.parse(validUntilText);
    if (Number.isNaN(time)) throw malformed('EAPIdentityProvider/ValidUntil', `is "${validUntilText}", not a date and time`, provider);
    validUntil = new Date(time).toISOString();
  }

  const candidate: EapProfile = {
    id,
    name: providerInfo.displayName ?? id,
    method: chosen.method,
    ...(outerIdentity !== undefined ? { outerIdentity } : {}),
    ...(userName !== undefined ? { innerIdentity: userName } : {}),
    ...(prefix !== undefined || suffix !== undefined || hintText !== undefined
      ? { innerIdentityRules: { ...(prefix !== undefined ? { prefix } : {}), ...(suffix !== undefined ? { suffix } : {}), hint } }
      : {}),
    serverValidation: { caCertificates, serverNames },
    ...(clientCertificate ? { clientCertificate } : {}),
    ssids,
    ...(ois.length > 0 ? { passpoint: { homeDomain: id, roamingConsortiumOis: ois, naiRealms: [] } } : {}),
    provider: providerInfo,
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
  const checked = checkEapProfile(candidate, options);
  return { profile: checked.profile, warnings: [...checked.warnings, ...warnings], skipped, secrets, ...(passwordRef !== undefined ? { passwordRef } : {}) };
}

function providerId(provider: XmlElement): string | undefined {
  const id = provider.attributes.ID ?? childNamed(provider, 'ID')?.text;
  return id?.trim() || undefined;
}

function malformed(element: string, problem: string, at: XmlElement): EapError {
  return new EapError('EAP_CONFIG_MALFORMED', `The eap-config file is not valid: <${element}> ${problem} (line ${at.line}).`);
}

function unsupported(element: string, problem: string): EapError {
  return new EapError('EAP_CONFIG_UNSUPPORTED', `The eap-config file cannot be used: <${element}> ${problem}.`);
}

function readType(method: XmlElement | undefined, where: string): number | undefined {
  if (!method) return undefined;
  const typeElement = childNamed(method, 'Type');
  const text = typeElement?.text.trim();
  if (!text || !/^\d+$/.test(text)) throw malformed(`${where}/Type`, text ? `is "${text}", not a number` : 'is missing', typeElement ?? method);
  return Number(text);
}

type MethodRead = { method: EapMethod; description: string; warning?: string } | { description: string; reason: string };

function readMethod(element: XmlElement, position: number): MethodRead {
  const where = `AuthenticationMethod[${position}]`;
  const eapMethod = childNamed(element, 'EAPMethod');
  if (!eapMethod) throw malformed(where, 'has no <EAPMethod>', element);
  const outer = readType(eapMethod, `${where}/EAPMethod`)!;
  const inners = childrenNamed(element, 'InnerAuthenticationMethod').map((inner, i) => {
    const innerWhere = `${where}/InnerAuthenticationMethod[${i + 1}]`;
    const eap = readType(childNamed(inner, 'EAPMethod'), `${innerWhere}/EAPMethod`);
    const nonEap = readType(childNamed(inner, 'NonEAPAuthMethod'), `${innerWhere}/NonEAPAuthMethod`);
    if (eap === undefined && nonEap === undefined) throw malformed(innerWhere, 'has neither <EAPMethod> nor <NonEAPAuthMethod>', inner);
    return eap !== undefined ? { kind: 'eap' as const, type: eap } : { kind: 'non-eap' as const, type: nonEap! };
  });
  const outerName = EAP_TYPE_NAMES[outer] ?? `EAP type ${outer}`;
  const inner = inners[0];
  const innerName = inner ? (inner.kind === 'eap' ? (EAP_TYPE_NAMES[inner.type] ?? `EAP type ${inner.type}`) : (NON_EAP_NAMES[inner.type] ?? `non-EAP type ${inner.type}`)) : undefined;
  const description = innerName ? `${outerName} with ${innerName}` : outerName;

  if (outer === 13) return { method: 'tls', description };
  if (outer === 25) {
    if (!inner) return { method: 'peap-mschapv2', description, warning: 'PEAP without an inner method in the file: EAP-MSCHAPv2 is assumed.' };
    if (inner.kind === 'eap' && inner.type === 26) return { method: 'peap-mschapv2', description };
    return { description, reason: `PEAP is supported only with EAP-MSCHAPv2 inside` };
  }
  if (outer === 21) {
    if (!inner) return { description, reason: 'EAP-TTLS needs an inner method and the file gives none' };
    if (inner.kind === 'non-eap' && inner.type === 1) return { method: 'ttls-pap', description };
    if (inner.kind === 'non-eap' && inner.type === 3) return { method: 'ttls-mschapv2', description };
    if (inner.kind === 'eap' && inner.type === 26) return { method: 'ttls-eap-mschapv2', description };
    return { description, reason: `EAP-TTLS with ${innerName} is not supported` };
  }
  return { description, reason: `${outerName} is not supported` };
}

function readCa(ca: XmlElement, where: string): string {
  const format = ca.attributes.format;
  const encoding = ca.attributes.encoding;
  if (format !== undefined && format !== 'X.509') throw unsupported(where, `has format "${format}"; only X.509 is supported`);
  if (encoding !== undefined && encoding !== 'base64') throw unsupported(where, `has encoding "${encoding}"; only base64 is supported`);
  const base64 = ca.text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw malformed(where, 'is not base64', ca);
  const der = Buffer.from(base64, 'base64');
  try {
    new X509Certificate(der);
  } catch {
    throw malformed(where, 'is not an X.509 certificate', ca);
  }
  return derToPem(der);
}

function readApplicability(provider: XmlElement, warnings: string[]): { ssids: string[]; ois: string[] } {
  const applicability = childNamed(provider, 'CredentialApplicability');
  if (!applicability) throw malformed('EAPIdentityProvider', 'has no <CredentialApplicability>', provider);
  const ssids: string[] = [];
  const ois: string[] = [];
  for (const [index, network] of childrenNamed(applicability, 'IEEE80211').entries()) {
    const where = `CredentialApplicability/IEEE80211[${index + 1}]`;
    const ssid = childNamed(network, 'SSID')?.text;
    const oi = childNamed(network, 'ConsortiumOID')?.text.trim();
    if (ssid !== undefined && ssid !== '') {
      if (Buffer.byteLength(ssid, 'utf8') > 32) throw malformed(`${where}/SSID`, `"${ssid}" is longer than 32 bytes`, network);
      if (!ssids.includes(ssid)) ssids.push(ssid);
    }
    if (oi) {
      if (!/^(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{10})$/.test(oi)) throw malformed(`${where}/ConsortiumOID`, `"${oi}" is not a 3- or 5-octet hex OI`, network);
      if (!ois.includes(oi.toUpperCase())) ois.push(oi.toUpperCase());
    }
    if (ssid && oi) warnings.push(`${where} combines SSID "${ssid}" and OI ${oi}; they are used as separate networks.`);
  }
  if (childrenNamed(applicability, 'IEEE8023').length > 0) warnings.push('Wired (IEEE 802.3) networks in the file are not imported.');
  return { ssids, ois };
}

function localized(elements: XmlElement[], lang: string | undefined): string | undefined {
  const lang0 = (e: XmlElement) => e.attributes.lang ?? childNamed(e, 'lang')?.text.trim();
  const pick = elements.find((e) => lang !== undefined && lang0(e) === lang) ?? elements.find((e) => lang0(e) === undefined || lang0(e) === 'any') ?? elements[0];
  const text = pick?.text.trim();
  return text ? text : undefined;
}

function readProviderInfo(provider: XmlElement, lang: string | undefined): EapProfile['provider'] {
  const info = childNamed(provider, 'ProviderInfo');
  const helpdeskElement = info && childNamed(info, 'Helpdesk');
  const texts = (names: string[]) =>
    helpdeskElement
      ? helpdeskElement.children
          .filter((c) => names.includes(c.localName))
          .map((c) => c.text.trim())
          .filter((t, i, all) => t !== '' && all.indexOf(t) === i)
      : [];
  const helpdesk = { emails: texts(['EmailAddress', 'EmailAdress']), webAddresses: texts(['WebAddress']), phones: texts(['Phone']) };
  if (!info) return { helpdesk };
  const displayName = localized(childrenNamed(info, 'DisplayName'), lang);
  const description = localized(childrenNamed(info, 'Description'), lang);
  const termsOfUse = localized(childrenNamed(info, 'TermsOfUse'), lang);
  const logoElement = childNamed(info, 'ProviderLogo');
  const logoData = logoElement?.text.replace(/\s+/g, '');
  const logo = logoElement && logoData && /^[A-Za-z0-9+/]+={0,2}$/.test(logoData) ? { mime: logoElement.attributes.mime ?? 'application/octet-stream', base64: logoData } : undefined;
  return {
    ...(displayName !== undefined ? { displayName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(termsOfUse !== undefined ? { termsOfUse } : {}),
    ...(logo ? { logo } : {}),
    helpdesk,
  };
}
