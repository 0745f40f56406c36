/**
 * Renders a profile as NetworkManager keyfiles (`.nmconnection`, one per SSID) with an
 * `[802-1x]` section, for /etc/NetworkManager/system-connections (mode 0600, root) or
 * `nmcli connection load`.
 *
 *   method             eap=    phase2
 *   peap-mschapv2      peap;   phase2-auth=mschapv2
 *   ttls-pap           ttls;   phase2-auth=pap
 *   ttls-mschapv2      ttls;   phase2-auth=mschapv2
 *   ttls-eap-mschapv2  ttls;   phase2-autheap=mschapv2
 *   tls                tls;    client-cert + private-key (PKCS#12: both point at the bundle)
 *   server names → domain-suffix-match (or domain-match), `;`-separated
 *
 * Secrets: by default the password is agent-owned (`password-flags=1`: the user's secret agent
 * keeps it, nothing on disk). Only when a password is handed in explicitly is it written
 * (`password-flags=0`, system-owned, root-only file) — for connections that must work before
 * anyone logs in. NetworkManager has no Passpoint support: Passpoint data is not rendered.
 */
import { EapError } from '../eap-error.js';
import { type EapMethod, type EapProfile, assertServerValidation, innerIdentityFor, profileSlug } from '../model.js';
import { certificateFiles } from './certificate-files.js';
import type { RenderedFile } from './rendered-file.js';
import { seededUuid } from './seeded-uuid.js';

export interface NetworkManagerOptions {
  /** Absolute paths the certificate/key files will have on the target machine. */
  files: { caCertPath: string; clientCertPath?: string; privateKeyPath?: string };
  /** The user name as typed; the profile's suffix rules apply. */
  identity?: string;
  /** Store this password in the keyfile (system-owned). Default: agent-owned, not stored. */
  password?: string;
  /** Store the private-key passphrase in the keyfile (system-owned). Default: agent-owned. */
  privateKeyPassphrase?: string;
  serverNameMatch?: 'suffix' | 'exact';
  /** Seed for the connections' UUIDs (default: the profile ID), so a re-render replaces, not duplicates. */
  uuidSeed?: string;
}

const EAP: Record<EapMethod, string> = { 'peap-mschapv2': 'peap;', 'ttls-pap': 'ttls;', 'ttls-mschapv2': 'ttls;', 'ttls-eap-mschapv2': 'ttls;', tls: 'tls;' };
const PHASE2: Record<EapMethod, [string, string] | undefined> = {
  'peap-mschapv2': ['phase2-auth', 'mschapv2'],
  'ttls-pap': ['phase2-auth', 'pap'],
  'ttls-mschapv2': ['phase2-auth', 'mschapv2'],
  'ttls-eap-mschapv2': ['phase2-autheap', 'mschapv2'],
  tls: undefined,
};

/** A GKeyFile value: backslash escapes for \, newline, tab, CR and a leading space. */
export function keyfileValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/^ /, '\\s');
}

/** An SSID as NetworkManager writes it: plain text when printable, else a `;`-terminated byte list. */
export function keyfileSsid(ssid: string): string {
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(ssid) && !/[;\\]/.test(ssid) ? ssid : `${[...Buffer.from(ssid, 'utf8')].join(';')};`;
}

export function renderNetworkManager(profile: EapProfile, options: NetworkManagerOptions): RenderedFile[] {
  assertServerValidation(profile);
  if (profile.ssids.length === 0) throw new EapError('EAP_PROFILE_NO_NETWORKS', `The profile “${profile.name}” has no SSID; NetworkManager cannot use Passpoint-only profiles.`);
  const tls = profile.method === 'tls';
  const identity = innerIdentityFor(profile, options.identity) ?? (tls ? profile.outerIdentity : undefined);
  const { files } = options;
  // NetworkManager refuses an 802.1X connection without an identity ("802-1x.identity: property is missing").
  if (identity === undefined) throw new EapError('EAP_RENDER_INPUT_MISSING', 'NetworkManager needs the user name (identity) for this network: give one.');
  if (tls && files.privateKeyPath === undefined) throw new EapError('EAP_RENDER_INPUT_MISSING', 'EAP-TLS needs files.privateKeyPath (the PEM key or the PKCS#12 bundle).');
  const pkcs12 = profile.clientCertificate?.format === 'pkcs12' || (tls && files.clientCertPath === undefined);
  const seed = options.uuidSeed ?? profile.id;

  const keyfiles = profile.ssids.map((ssid): RenderedFile => {
    const id = profile.ssids.length > 1 ? `${profile.name} (${ssid})` : profile.name;
    const dot1x: Array<[string, string]> = [['eap', EAP[profile.method]]];
    dot1x.push(['identity', identity]);
    if (!tls && profile.outerIdentity !== undefined) dot1x.push(['anonymous-identity', profile.outerIdentity]);
    if (profile.serverValidation.caCertificates.length > 0) dot1x.push(['ca-cert', files.caCertPath]);
    const names = profile.serverValidation.serverNames.map((n) => n.replace(/^\*\./, ''));
    if (names.length > 0) dot1x.push([options.serverNameMatch === 'exact' ? 'domain-match' : 'domain-suffix-match', names.join(';')]);
    if (tls) {
      dot1x.push(['client-cert', pkcs12 ? files.privateKeyPath! : files.clientCertPath!]);
      dot1x.push(['private-key', files.privateKeyPath!]);
      if (options.privateKeyPassphrase !== undefined) {
        dot1x.push(['private-key-password', options.privateKeyPassphrase], ['private-key-password-flags', '0']);
      } else dot1x.push(['private-key-password-flags', '1']);
    } else if (options.password !== undefined) {
      dot1x.push(['password', options.password], ['password-flags', '0']);
    } else dot1x.push(['password-flags', '1']);
    const phase2 = PHASE2[profile.method];
    if (phase2) dot1x.push(phase2);

    const sections: Array<[string, Array<[string, string]>]> = [
      ['connection', [['id', id], ['uuid', seededUuid(seed, `networkmanager:${ssid}`)], ['type', 'wifi']]],
      ['wifi', [['mode', 'infrastructure'], ['ssid', keyfileSsid(ssid)]]],
      ['wifi-security', [['key-mgmt', 'wpa-eap']]],
      ['802-1x', dot1x],
      ['ipv4', [['method', 'auto']]],
      ['ipv6', [['addr-gen-mode', 'default'], ['method', 'auto']]],
    ];
    const content = sections.map(([name, entries]) => `[${name}]\n${entries.map(([k, v]) => `${k}=${k === 'ssid' ? v : keyfileValue(v)}`).join('\n')}\n`).join('\n');
    const suffix = profile.ssids.length > 1 ? `-${ssid.replace(/[^A-Za-z0-9]+/g, '-')}` : '';
    return {
      name: `roamdesk-${profileSlug(profile)}${suffix}.nmconnection`,
      content,
      role: 'profile',
      secret: tls ? options.privateKeyPassphrase !== undefined : options.password !== undefined,
    };
  });
  return [...keyfiles, ...certificateFiles(profile, files)];
}
