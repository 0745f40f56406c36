/**
 * Renders a profile as a wpa_supplicant configuration (wpa_supplicant 2.10 syntax, the format
 * `eapol_test -c` reads): one `network={…}` block per SSID (or one wired block), and for
 * Passpoint a `cred={…}` block with `interworking=1` / `hs20=1`.
 *
 * Mapping (reference: wpa_supplicant.conf and README-HS20 of wpasupplicant 2.10):
 *   method             eap=      phase1                 phase2
 *   peap-mschapv2      PEAP      "peapver=0"            "auth=MSCHAPV2"
 *   ttls-pap           TTLS                             "auth=PAP"
 *   ttls-mschapv2      TTLS                             "auth=MSCHAPV2"
 *   ttls-eap-mschapv2  TTLS                             "autheap=MSCHAPV2"
 *   tls                TLS
 *   server names  → domain_suffix_match="a;b" (default; label-wise suffix, also matches the exact
 *                   name) or domain_match="a;b" (exact) — checked against the server
 *                   certificate's dNSName SANs, or its CN when it has none
 *   CA certificates → ca_cert="<files.caCertPath>" (all CAs in one PEM file, returned as a file)
 *   outer identity → anonymous_identity (PEAP/TTLS); EAP-TLS sends `identity` only
 *   client cert     → PEM: client_cert + private_key (+ private_key_passwd);
 *                     PKCS#12: private_key=<.p12> (+ private_key_passwd), never client_cert
 *
 * Strings are written quoted, or as hex when they hold a `"`, a backslash or anything outside
 * printable ASCII (wpa_supplicant reads both forms for every string field).
 */
import { EapError } from '../eap-error.js';
import { type EapMethod, type EapProfile, assertServerValidation, innerIdentityFor, profileSlug } from '../model.js';
import { certificateFiles } from './certificate-files.js';
import type { RenderedFile } from './rendered-file.js';

export interface WpaSupplicantFiles {
  /** Absolute path where the CA certificate file (returned with role `ca-certificate`) will be written. */
  caCertPath: string;
  /** Absolute path of the client certificate (PEM) — EAP-TLS with a PEM certificate only. */
  clientCertPath?: string;
  /** Absolute path of the private key (PEM) or of the PKCS#12 bundle — EAP-TLS only. */
  privateKeyPath?: string;
}

export interface WpaSupplicantOptions {
  /** Where the certificate and key files live on the machine that runs wpa_supplicant. */
  files: WpaSupplicantFiles;
  /** The user name as typed; the profile's suffix rules apply. Default: the profile's inner identity. */
  identity?: string;
  /** The PEAP/TTLS password, written as `password="…"`. Omit to have wpa_supplicant ask for it. */
  password?: string;
  /** Passphrase of the private key / PKCS#12 bundle, written as `private_key_passwd`. */
  privateKeyPassphrase?: string;
  /** `suffix` (default): domain_suffix_match; `exact`: domain_match. */
  serverNameMatch?: 'suffix' | 'exact';
  /** Wired 802.1X (and eapol_test): one block with key_mgmt=IEEE8021X, eapol_flags=0, ap_scan=0. */
  wired?: boolean;
  /** Allow TLS 1.3 (off by default in wpa_supplicant 2.10): phase1 "tls_disable_tlsv1_3=0". */
  tls13?: boolean;
  /** Write the Passpoint cred block when the profile has Passpoint data (default true). */
  passpoint?: boolean;
}

const PHASE2: Record<EapMethod, string | undefined> = {
  'peap-mschapv2': 'auth=MSCHAPV2',
  'ttls-pap': 'auth=PAP',
  'ttls-mschapv2': 'auth=MSCHAPV2',
  'ttls-eap-mschapv2': 'autheap=MSCHAPV2',
  tls: undefined,
};
const EAP_NAME: Record<EapMethod, string> = { 'peap-mschapv2': 'PEAP', 'ttls-pap': 'TTLS', 'ttls-mschapv2': 'TTLS', 'ttls-eap-mschapv2': 'TTLS', tls: 'TLS' };

/** A wpa_supplicant string value: `"text"` when safe, otherwise hex of the UTF-8 bytes. */
export function wpaString(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value) ? `"${value}"` : Buffer.from(value, 'utf8').toString('hex');
}

/**
 * Renders the wpa_supplicant configuration for `profile`.
 *
 * Returns the config file (role `profile`, named `roamdesk-<id>.conf`; `secret` when it holds a
 * password or key passphrase — write it 0600), the CA bundle to write at `files.caCertPath`
 * (role `ca-certificate`, named after that path), and for EAP-TLS the client certificate and key
 * files the profile carries (to write at `files.clientCertPath` / `files.privateKeyPath`).
 *
 * Throws EAP_SERVER_VALIDATION_MISSING for an unchecked profile without server validation,
 * EAP_RENDER_INPUT_MISSING when EAP-TLS has no key path or there is no identity to send,
 * EAP_PROFILE_NO_NETWORKS when there is neither an SSID nor Passpoint data and `wired` is off.
 */
export function renderWpaSupplicant(profile: EapProfile, options: WpaSupplicantOptions): RenderedFile[] {
  assertServerValidation(profile);
  const { files } = options;
  const tls = profile.method === 'tls';
  const identity = innerIdentityFor(profile, options.identity) ?? (tls ? profile.outerIdentity : undefined);
  if (tls && identity === undefined) throw new EapError('EAP_RENDER_INPUT_MISSING', 'EAP-TLS needs an identity to send: give one, or use a profile with an outer identity.');
  if (tls && files.privateKeyPath === undefined) throw new EapError('EAP_RENDER_INPUT_MISSING', 'EAP-TLS needs files.privateKeyPath (the PEM key or the PKCS#12 bundle).');
  const pem = profile.clientCertificate?.format === 'pem';
  if (tls && pem && files.clientCertPath === undefined) throw new EapError('EAP_RENDER_INPUT_MISSING', 'EAP-TLS with a PEM certificate needs files.clientCertPath.');

  const hasCa = profile.serverValidation.caCertificates.length > 0;
  const serverNames = profile.serverValidation.serverNames.map((name) => name.replace(/^\*\./, ''));
  const matchKey = options.serverNameMatch === 'exact' ? 'domain_match' : 'domain_suffix_match';
  const phase1 = [profile.method === 'peap-mschapv2' ? 'peapver=0' : undefined, options.tls13 ? 'tls_disable_tlsv1_3=0' : undefined].filter(Boolean).join(' ');
  const phase2 = PHASE2[profile.method];

  const credentialLines = (kind: 'network' | 'cred'): string[] => {
    const lines: string[] = [];
    if (hasCa) lines.push(`ca_cert=${wpaString(files.caCertPath)}`);
    if (serverNames.length > 0) lines.push(`${kind === 'cred' ? 'domain_suffix_match' : matchKey}=${wpaString(serverNames.join(';'))}`);
    if (tls) {
      if (profile.clientCertificate?.format !== 'pkcs12' && files.clientCertPath !== undefined) lines.push(`client_cert=${wpaString(files.clientCertPath)}`);
      lines.push(`private_key=${wpaString(files.privateKeyPath!)}`);
      if (options.privateKeyPassphrase !== undefined) lines.push(`private_key_passwd=${wpaString(options.privateKeyPassphrase)}`);
    }
    return lines;
  };

  const networkBlock = (ssid: string | undefined): string => {
    const lines: string[] = [];
    if (ssid !== undefined) lines.push(`ssid=${wpaString(ssid)}`);
    lines.push(options.wired ? 'key_mgmt=IEEE8021X' : 'key_mgmt=WPA-EAP');
    if (options.wired) lines.push('eapol_flags=0');
    lines.push(`eap=${EAP_NAME[profile.method]}`);
    if (identity !== undefined) lines.push(`identity=${wpaString(identity)}`);
    if (!tls && profile.outerIdentity !== undefined) lines.push(`anonymous_identity=${wpaString(profile.outerIdentity)}`);
    if (!tls && options.password !== undefined) lines.push(`password=${wpaString(options.password)}`);
    lines.push(...credentialLines('network'));
    if (phase1) lines.push(`phase1=${wpaString(phase1)}`);
    if (phase2) lines.push(`phase2=${wpaString(phase2)}`);
    return `network={\n${lines.map((line) => `\t${line}`).join('\n')}\n}\n`;
  };

  const passpoint = options.passpoint !== false && !options.wired ? profile.passpoint : undefined;
  const credBlock = (): string => {
    const p = passpoint!;
    const realm = p.naiRealms[0] ?? profile.outerIdentity?.split('@')[1] ?? p.homeDomain;
    const lines = [`realm=${wpaString(realm)}`, `domain=${wpaString(p.homeDomain)}`];
    if (identity !== undefined) lines.push(`username=${wpaString(identity)}`);
    if (!tls && options.password !== undefined) lines.push(`password=${wpaString(options.password)}`);
    lines.push(...credentialLines('cred'));
    if (p.roamingConsortiumOis.length > 0) lines.push(`roaming_consortiums=${wpaString(p.roamingConsortiumOis.map((oi) => oi.toLowerCase()).join(','))}`);
    lines.push(`eap=${EAP_NAME[profile.method]}`);
    if (phase1) lines.push(`phase1=${wpaString(phase1)}`);
    if (phase2) lines.push(`phase2=${wpaString(phase2)}`);
    return `cred={\n${lines.map((line) => `\t${line}`).join('\n')}\n}\n`;
  };

  const networks = options.wired ? [networkBlock(undefined)] : profile.ssids.map((ssid) => networkBlock(ssid));
  if (networks.length === 0 && !passpoint) throw new EapError('EAP_PROFILE_NO_NETWORKS', `The profile “${profile.name}” has no SSID to write a wpa_supplicant network block for.`);

  const header = [
    `# ${oneLine(profile.name)} (${oneLine(profile.id)}) - written by Roamdesk.`,
    '# Keep this file private (mode 0600): it may hold a password or key passphrase.',
    ...(profile.serverValidation.unvalidatedAllowed ? ['# WARNING: server validation is OFF for this profile (managed policy).'] : []),
  ];
  const globals = [...(options.wired ? ['ap_scan=0'] : []), ...(passpoint ? ['interworking=1', 'hs20=1'] : [])];
  const content = [header.join('\n'), ...(globals.length ? [globals.join('\n')] : []), ...networks, ...(passpoint ? [credBlock()] : [])].join('\n');

  const result: RenderedFile[] = [
    { name: `roamdesk-${profileSlug(profile)}.conf`, content, role: 'profile', secret: (!tls && options.password !== undefined) || (tls && options.privateKeyPassphrase !== undefined) },
  ];
  result.push(...certificateFiles(profile, files));
  return result;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
