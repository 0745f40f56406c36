/**
 * Renders a profile as an Apple configuration profile (`.mobileconfig`, XML plist) for macOS
 * (and iOS): certificate payloads for the CAs (and the PKCS#12 identity for EAP-TLS), one
 * `com.apple.wifi.managed` payload per SSID and one Passpoint payload.
 *
 * Keys follow apple/device-management `com.apple.wifi.managed.yaml`:
 * - EAPClientConfiguration: AcceptEAPTypes, OuterIdentity, TTLSInnerAuthentication,
 *   TLSTrustedServerNames (the server names), PayloadCertificateAnchorUUID (the UUIDs of the CA
 *   payloads in this profile), TLSAllowTrustExceptions=false (no "trust anyway?" dialog);
 * - EAP-TLS: PayloadCertificateUUID → the `com.apple.security.pkcs12` payload;
 * - Passpoint: IsHotspot, DomainName, RoamingConsortiumOIs (upper case), NAIRealmNames,
 *   ServiceProviderRoamingEnabled, DisplayedOperatorName.
 *
 * Secrets: `UserPassword` is never written (macOS asks at first join and keeps it in the
 * keychain). The PKCS#12 passphrase is written only when handed in (`pkcs12Passphrase`);
 * otherwise macOS asks for it while installing.
 *
 * UUIDs are derived from `seed` (default: the profile ID), so the same profile renders the
 * same identifiers and re-installing replaces the installed copy.
 */
import { X509Certificate } from 'node:crypto';

import { EapError } from '../eap-error.js';
import { type EapProfile, assertServerValidation, innerIdentityFor, pemToDer, profileSlug } from '../model.js';
import { type PlistValue, plistDocument } from './plist-writer.js';
import type { RenderedFile } from './rendered-file.js';
import { seededUuid } from './seeded-uuid.js';

export interface AppleMobileconfigOptions {
  /** Seed for the payload UUIDs (default: the profile ID). */
  seed?: string;
  /** Reverse-DNS prefix of the payload identifiers (default `com.roamdesk.eap`). */
  identifierPrefix?: string;
  /** `System` (default; device-wide, needs an admin to approve) or `User`. */
  scope?: 'System' | 'User';
  /** The user name as typed; the profile's suffix rules apply. Omitted → macOS asks. */
  identity?: string;
  /** Written into the PKCS#12 payload's `Password` only when given. */
  pkcs12Passphrase?: string;
  /** Organisation shown in System Settings (default: the provider's display name). */
  organization?: string;
}

const TTLS_INNER: Partial<Record<EapProfile['method'], string>> = { 'ttls-pap': 'PAP', 'ttls-mschapv2': 'MSCHAPv2', 'ttls-eap-mschapv2': 'EAP' };

export function renderAppleMobileconfig(profile: EapProfile, options: AppleMobileconfigOptions = {}): RenderedFile[] {
  assertServerValidation(profile);
  if (profile.ssids.length === 0 && !profile.passpoint) throw new EapError('EAP_PROFILE_NO_NETWORKS');
  const seed = options.seed ?? profile.id;
  const uuid = (label: string) => seededUuid(seed, `apple:${label}`).toUpperCase();
  const prefix = `${options.identifierPrefix ?? 'com.roamdesk.eap'}.${profileSlug(profile)}`;
  const organization = options.organization ?? profile.provider.displayName ?? profile.name;

  const payloads: Array<Record<string, PlistValue | undefined>> = [];
  const anchorUuids: string[] = [];
  for (const [index, pem] of profile.serverValidation.caCertificates.entries()) {
    const cert = new X509Certificate(pem);
    const selfSigned = cert.subject === cert.issuer && cert.checkIssued(cert);
    const id = uuid(`ca:${index}`);
    anchorUuids.push(id);
    payloads.push({
      PayloadCertificateFileName: `${profileSlug(profile)}-ca-${index + 1}.cer`,
      PayloadContent: pemToDer(pem),
      PayloadDescription: 'Certificate of the authority that signs the network’s sign-in server',
      PayloadDisplayName: commonName(cert) ?? `CA ${index + 1}`,
      PayloadIdentifier: `${prefix}.ca.${index + 1}`,
      PayloadType: selfSigned ? 'com.apple.security.root' : 'com.apple.security.pkcs1',
      PayloadUUID: id,
      PayloadVersion: 1,
    });
  }

  let identityUuid: string | undefined;
  const client = profile.method === 'tls' ? profile.clientCertificate : undefined;
  if (client?.format === 'pem') {
    throw new EapError('EAP_RENDER_INPUT_MISSING', 'Apple profiles carry client identities as PKCS#12: convert the PEM certificate and key to a PKCS#12 bundle first.');
  }
  if (client?.format === 'pkcs12') {
    identityUuid = uuid('identity');
    payloads.push({
      Password: options.pkcs12Passphrase,
      PayloadCertificateFileName: `${profileSlug(profile)}-identity.p12`,
      PayloadContent: Buffer.from(client.pkcs12, 'base64'),
      PayloadDescription: 'Your certificate for this network',
      PayloadDisplayName: `${profile.name} identity`,
      PayloadIdentifier: `${prefix}.identity`,
      PayloadType: 'com.apple.security.pkcs12',
      PayloadUUID: identityUuid,
      PayloadVersion: 1,
    });
  }

  const userName = innerIdentityFor(profile, options.identity) ?? (profile.method === 'tls' ? profile.outerIdentity : undefined);
  const eapClientConfiguration = (): Record<string, PlistValue | undefined> => ({
    AcceptEAPTypes: [profile.method === 'tls' ? 13 : profile.method === 'peap-mschapv2' ? 25 : 21],
    OuterIdentity: profile.method === 'tls' ? undefined : profile.outerIdentity,
    PayloadCertificateAnchorUUID: anchorUuids.length > 0 ? anchorUuids : undefined,
    TLSAllowTrustExceptions: profile.serverValidation.unvalidatedAllowed ? undefined : false,
    TLSTrustedServerNames: profile.serverValidation.serverNames.length > 0 ? profile.serverValidation.serverNames : undefined,
    TTLSInnerAuthentication: TTLS_INNER[profile.method],
    UserName: userName,
  });
  const wifiCommon = (label: string, displayName: string): Record<string, PlistValue | undefined> => ({
    AutoJoin: true,
    EAPClientConfiguration: eapClientConfiguration(),
    EncryptionType: 'WPA2',
    HIDDEN_NETWORK: false,
    PayloadCertificateUUID: identityUuid,
    PayloadDescription: `Enterprise Wi-Fi settings for ${displayName}`,
    PayloadDisplayName: displayName,
    PayloadIdentifier: `${prefix}.wifi.${label}`,
    PayloadType: 'com.apple.wifi.managed',
    PayloadUUID: uuid(`wifi:${label}`),
    PayloadVersion: 1,
    ProxyType: 'None',
  });
  for (const [index, ssid] of profile.ssids.entries()) payloads.push({ ...wifiCommon(`ssid.${index + 1}`, ssid), SSID_STR: ssid });
  const p = profile.passpoint;
  if (p) {
    payloads.push({
      ...wifiCommon('passpoint', `${profile.name} (Passpoint)`),
      DisplayedOperatorName: profile.provider.displayName ?? profile.name,
      DomainName: p.homeDomain,
      IsHotspot: true,
      NAIRealmNames: p.naiRealms.length > 0 ? p.naiRealms : undefined,
      RoamingConsortiumOIs: p.roamingConsortiumOis.length > 0 ? p.roamingConsortiumOis.map((oi) => oi.toUpperCase()) : undefined,
      ServiceProviderRoamingEnabled: true,
    });
  }

  const description = [
    profile.provider.description ?? `Enterprise Wi-Fi for ${profile.name}.`,
    ...(profile.serverValidation.unvalidatedAllowed ? ['WARNING: this profile does not check the network’s sign-in server (allowed by managed policy).'] : []),
    ...helpdeskLines(profile),
  ].join('\n');
  const root: Record<string, PlistValue | undefined> = {
    PayloadContent: payloads as PlistValue[],
    PayloadDescription: description,
    PayloadDisplayName: profile.name,
    PayloadIdentifier: prefix,
    PayloadOrganization: organization,
    PayloadRemovalDisallowed: false,
    PayloadScope: options.scope ?? 'System',
    PayloadType: 'Configuration',
    PayloadUUID: uuid('configuration'),
    PayloadVersion: 1,
    RemovalDate: profile.validUntil !== undefined ? new Date(profile.validUntil) : undefined,
  };
  return [{ name: `roamdesk-${profileSlug(profile)}.mobileconfig`, content: plistDocument(root), role: 'profile', secret: options.pkcs12Passphrase !== undefined }];
}

function commonName(cert: X509Certificate): string | undefined {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
}

function helpdeskLines(profile: EapProfile): string[] {
  const { emails, webAddresses, phones } = profile.provider.helpdesk;
  const parts = [...emails.map((e) => `e-mail ${e}`), ...webAddresses.map((w) => `web ${w}`), ...phones.map((p) => `phone ${p}`)];
  return parts.length > 0 ? [`Help: ${parts.join(', ')}`] : [];
}
