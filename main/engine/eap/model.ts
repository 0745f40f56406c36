/**
 * The one model of an enterprise (802.1X) Wi-Fi profile, whatever it came from (eap-config,
 * MDM policy, a support agent) and whatever it is written to (Windows WLAN profile, Apple
 * configuration profile, NetworkManager keyfile, wpa_supplicant).
 *
 * What it holds: the EAP method, the outer (anonymous) and inner identity, how the sign-in
 * server is recognised (CA certificates + accepted server names), the client certificate for
 * EAP-TLS, the SSIDs, Passpoint identifiers, and the provider's display and helpdesk details.
 *
 * What it never holds: passwords or key passphrases. Those are secrets kept by the OS or the
 * secret store; the model carries a *reference* (`passphraseRef`) and renderers take the secret
 * value separately, only where the target format needs it.
 *
 * Server validation is mandatory: `checkEapProfile()` refuses a profile without CA
 * certificates and server names (EAP_SERVER_VALIDATION_MISSING) unless managed policy sets
 * `allowUnvalidatedServer`, and then the result carries a loud warning.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

import { EapError } from './eap-error.js';

/**
 * The supported method combinations:
 *  - `peap-mschapv2`      PEAP (EAP type 25) with EAP-MSCHAPv2 (26) inside
 *  - `ttls-pap`           EAP-TTLS (21) with PAP
 *  - `ttls-mschapv2`      EAP-TTLS with (non-EAP) MSCHAPv2
 *  - `ttls-eap-mschapv2`  EAP-TTLS with EAP-MSCHAPv2
 *  - `tls`                EAP-TLS (13): client certificate, no password
 */
export const eapMethods = ['peap-mschapv2', 'ttls-pap', 'ttls-mschapv2', 'ttls-eap-mschapv2', 'tls'] as const;
export const eapMethodSchema = z.enum(eapMethods);
export type EapMethod = z.infer<typeof eapMethodSchema>;

/** The outer EAP type number (IANA) of a method. */
export function outerEapType(method: EapMethod): 13 | 21 | 25 {
  return method === 'tls' ? 13 : method === 'peap-mschapv2' ? 25 : 21;
}

/** Whether the method authenticates with a password (everything but EAP-TLS). */
export function usesPassword(method: EapMethod): boolean {
  return method !== 'tls';
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/;
const pemCertificateSchema = z.string().regex(PEM_CERTIFICATE, 'must be one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)');
const base64Schema = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
/** A Passpoint roaming consortium OI: 3 or 5 octets, upper-case hex. */
export const roamingConsortiumOiSchema = z.string().regex(/^(?:[0-9A-F]{6}|[0-9A-F]{10})$/, 'must be 6 or 10 upper-case hex digits');
const nonEmpty = z.string().min(1);

export const serverValidationSchema = z.object({
  /** Trusted root (or issuing) CA certificates, PEM, one per entry. */
  caCertificates: z.array(pemCertificateSchema),
  /** Accepted names of the sign-in server's certificate (e.g. `radius.example.org`). */
  serverNames: z.array(nonEmpty),
  /** Set only by `checkEapProfile` when managed policy allowed a profile without validation. */
  unvalidatedAllowed: z.literal(true).optional(),
});

export const clientCertificateSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('pkcs12'),
    /** The PKCS#12 bundle (certificate + key), base64. */
    pkcs12: base64Schema,
    /** Where the bundle's passphrase is kept (secret store key); never the passphrase itself. */
    passphraseRef: nonEmpty.optional(),
  }),
  z.object({
    format: z.literal('pem'),
    certificate: pemCertificateSchema,
    /** The private key, PEM (may be encrypted; then `passphraseRef` says where its passphrase is). */
    privateKey: z.string().regex(/^-----BEGIN (?:[A-Z ]+ )?PRIVATE KEY-----/, 'must be a PEM private key'),
    passphraseRef: nonEmpty.optional(),
  }),
]);

export const passpointSchema = z.object({
  /** Home service provider FQDN (eap-config: the EAPIdentityProvider ID). */
  homeDomain: nonEmpty,
  roamingConsortiumOis: z.array(roamingConsortiumOiSchema),
  naiRealms: z.array(nonEmpty),
});

export const helpdeskSchema = z.object({
  emails: z.array(nonEmpty),
  webAddresses: z.array(nonEmpty),
  phones: z.array(nonEmpty),
});

export const providerInfoSchema = z.object({
  displayName: nonEmpty.optional(),
  description: nonEmpty.optional(),
  termsOfUse: nonEmpty.optional(),
  logo: z.object({ mime: nonEmpty, base64: base64Schema }).optional(),
  helpdesk: helpdeskSchema,
});

export const eapProfileSchema = z
  .object({
    /** Stable identifier: the provider's realm/ID (e.g. `edu.nl`). */
    id: nonEmpty,
    /** Name shown to people and used for OS profile names. */
    name: nonEmpty,
    method: eapMethodSchema,
    /** Outer (anonymous) identity, sent in clear before the TLS tunnel, e.g. `anonymous@edu.nl`. */
    outerIdentity: nonEmpty.optional(),
    /** Inner identity (the user name) when the profile fixes it; otherwise the user gives it. */
    innerIdentity: nonEmpty.optional(),
    /** What the user name must look like: `<prefix>…@<suffix>`; `hint` = append the suffix for the user. */
    innerIdentityRules: z.object({ prefix: nonEmpty.optional(), suffix: nonEmpty.optional(), hint: z.boolean() }).optional(),
    serverValidation: serverValidationSchema,
    clientCertificate: clientCertificateSchema.optional(),
    ssids: z.array(z.string().min(1).max(32)),
    passpoint: passpointSchema.optional(),
    provider: providerInfoSchema,
    /** When the profile (usually its client certificate) stops being valid, ISO 8601. */
    validUntil: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type EapProfile = z.infer<typeof eapProfileSchema>;
export type ServerValidation = z.infer<typeof serverValidationSchema>;
export type ClientCertificate = z.infer<typeof clientCertificateSchema>;
export type Passpoint = z.infer<typeof passpointSchema>;
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

export interface EapProfilePolicy {
  /** Managed policy only: accept a profile that cannot recognise its sign-in server. */
  allowUnvalidatedServer?: boolean;
}

export interface CheckedEapProfile {
  profile: EapProfile;
  /** Loud warnings a person must see (e.g. server validation switched off by policy). */
  warnings: string[];
}

export const UNVALIDATED_SERVER_WARNING =
  'WARNING: server validation is OFF for this profile (allowed by your organisation’s policy). Any network with the same name can pretend to be your organisation and capture the password sent to it.';

/**
 * Validates a candidate profile (shape, certificates, method/credential consistency) and
 * enforces server validation. Throws EapError with EAP_PROFILE_INVALID,
 * EAP_CERTIFICATE_INVALID, EAP_PROFILE_NO_NETWORKS or EAP_SERVER_VALIDATION_MISSING.
 */
export function checkEapProfile(candidate: unknown, policy: EapProfilePolicy = {}): CheckedEapProfile {
  const parsed = eapProfileSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EapError('EAP_PROFILE_INVALID', `The enterprise Wi-Fi profile is not valid: ${issue.path.join('.') || '(profile)'} ${issue.message}.`);
  }
  const profile = parsed.data;
  for (const [index, pem] of profile.serverValidation.caCertificates.entries()) certificateFromPem(pem, `serverValidation.caCertificates[${index}]`);
  if (profile.clientCertificate?.format === 'pem') certificateFromPem(profile.clientCertificate.certificate, 'clientCertificate.certificate');
  if (profile.method !== 'tls' && profile.clientCertificate) {
    throw new EapError('EAP_PROFILE_INVALID', `A client certificate only belongs to EAP-TLS profiles, and this one uses ${profile.method}.`);
  }
  if (profile.ssids.length === 0 && !profile.passpoint) throw new EapError('EAP_PROFILE_NO_NETWORKS');

  const { caCertificates, serverNames } = profile.serverValidation;
  const missing = [caCertificates.length === 0 ? 'CA certificate' : undefined, serverNames.length === 0 ? 'server name' : undefined].filter((x): x is string => x !== undefined);
  if (missing.length === 0) {
    const { unvalidatedAllowed: _ignored, ...validation } = profile.serverValidation;
    return { profile: { ...profile, serverValidation: validation }, warnings: [] };
  }
  if (!policy.allowUnvalidatedServer) {
    throw new EapError('EAP_SERVER_VALIDATION_MISSING', `The profile “${profile.name}” has no ${missing.join(' and no ')} to recognise its sign-in server, so Roamdesk will not install it.`, {
      hint: 'Ask your organisation’s IT for a profile that includes the RADIUS server’s CA certificate and server name (eduroam CAT and geteduroam profiles do).',
    });
  }
  return { profile: { ...profile, serverValidation: { ...profile.serverValidation, unvalidatedAllowed: true } }, warnings: [UNVALIDATED_SERVER_WARNING] };
}

/** Throws EAP_SERVER_VALIDATION_MISSING unless the profile validates its server or policy allowed it. */
export function assertServerValidation(profile: EapProfile): void {
  const { caCertificates, serverNames, unvalidatedAllowed } = profile.serverValidation;
  if ((caCertificates.length === 0 || serverNames.length === 0) && !unvalidatedAllowed) {
    throw new EapError('EAP_SERVER_VALIDATION_MISSING', `The profile “${profile.name}” cannot recognise its sign-in server; check it with checkEapProfile() first.`);
  }
}

/** Parses one PEM certificate; EAP_CERTIFICATE_INVALID names `where` when it cannot be read. */
export function certificateFromPem(pem: string, where: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new EapError('EAP_CERTIFICATE_INVALID', `The certificate at ${where} cannot be read as X.509.`, { cause });
  }
}

/** DER bytes → PEM text with 64-character lines. */
export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** PEM text → DER bytes (the first block). */
export function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(pem)?.[1];
  if (body === undefined) throw new EapError('EAP_CERTIFICATE_INVALID', 'No PEM block found.');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

/**
 * The inner identity for a user name the person typed, following the profile's rules: with
 * `hint`, a bare name gets `@<suffix>` appended (and `<prefix>` put in front). Without a typed
 * name, the profile's fixed `innerIdentity` (if any).
 */
export function innerIdentityFor(profile: EapProfile, userName?: string): string | undefined {
  if (userName === undefined || userName === '') return profile.innerIdentity;
  const rules = profile.innerIdentityRules;
  if (rules?.suffix && rules.hint && !userName.includes('@')) return `${rules.prefix ?? ''}${userName}@${rules.suffix}`;
  return userName;
}

/** A file-name-safe slug of the profile, e.g. `edu-nl`. */
export function profileSlug(profile: EapProfile): string {
  return (
    profile.id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'profile'
  );
}
