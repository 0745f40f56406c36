/**
 * Renders a profile as Windows WLAN profile XML (`WLANProfile`, for `netsh wlan add profile` /
 * WlanSetProfile): one profile per SSID, plus one Hotspot 2.0 profile when the profile has
 * Passpoint data. EAP user credentials, when given, go into separate EapHost user-data XML
 * (for WlanSetProfileEapXmlUserData), never into the profile.
 *
 * Rules this follows (research §A.1, geteduroam ProfileXml.cs/UserDataXml.cs, MS docs 2018):
 * - namespaces are the http:// ones (`http://www.microsoft.com/networking/WLAN/profile/v1` …);
 * - element order is the schemas' xs:sequence: WLANProfile = name, SSIDConfig, Hotspot2?,
 *   connectionType, connectionMode, autoSwitch, MSM; Hotspot2 = DomainName, NAIRealm,
 *   Network3GPP, RoamingConsortium; PEAP's PeapExtensionsV2 last inside PeapExtensions;
 * - server validation: ServerNames (`;`-separated) + TrustedRootCA SHA-1 thumbprints of the
 *   root CAs ("AB CD …"), user prompts disabled so a mismatch is a hard failure;
 * - EAP-TTLS is Microsoft's (AuthorId 311, Windows 8+), with `EapTtls` directly under Config;
 * - PEAP's anonymous identity is the local part only (Windows appends the realm).
 */
import { X509Certificate, createHash } from 'node:crypto';

import { EapError } from '../eap-error.js';
import { type EapProfile, assertServerValidation, innerIdentityFor, pemToDer, profileSlug } from '../model.js';
import { type XmlNode, el, textEl, xmlDocument } from '../xml-writer.js';
import type { RenderedFile } from './rendered-file.js';

export const WLAN_NS = {
  profile: 'http://www.microsoft.com/networking/WLAN/profile/v1',
  oneX: 'http://www.microsoft.com/networking/OneX/v1',
  eapHostConfig: 'http://www.microsoft.com/provisioning/EapHostConfig',
  eapCommon: 'http://www.microsoft.com/provisioning/EapCommon',
  baseEapConfig: 'http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1',
  msPeap: 'http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1',
  msPeapV2: 'http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2',
  msPeapV3: 'http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV3',
  msChapV2: 'http://www.microsoft.com/provisioning/MsChapV2ConnectionPropertiesV1',
  eapTls: 'http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1',
  eapTlsV2: 'http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2',
  eapTtls: 'http://www.microsoft.com/provisioning/EapTtlsConnectionPropertiesV1',
  userCredentials: 'http://www.microsoft.com/provisioning/EapHostUserCredentials',
  baseEapUserMethod: 'http://www.microsoft.com/provisioning/BaseEapMethodUserCredentials',
  baseEapUser: 'http://www.microsoft.com/provisioning/BaseEapUserPropertiesV1',
  msPeapUser: 'http://www.microsoft.com/provisioning/MsPeapUserPropertiesV1',
  msChapV2User: 'http://www.microsoft.com/provisioning/MsChapV2UserPropertiesV1',
  eapTtlsUser: 'http://www.microsoft.com/provisioning/EapTtlsUserPropertiesV1',
} as const;

export interface WindowsWlanOptions {
  /** When given, EapHost user-data XML files are rendered next to the profiles (PEAP/TTLS only). */
  credentials?: { identity: string; password: string };
  /** `auto` (default) or `manual` connection mode. */
  connectionMode?: 'auto' | 'manual';
}

/** SHA-1 thumbprint of a certificate as Windows profiles write it: upper-case hex pairs separated by spaces. */
export function windowsThumbprint(pem: string): string {
  return createHash('sha1')
    .update(pemToDer(pem))
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}

/** Thumbprints of the CAs to list as trusted roots: the self-signed ones, or all when none is. */
function rootThumbprints(profile: EapProfile): string[] {
  const cas = profile.serverValidation.caCertificates;
  const roots = cas.filter((pem) => {
    const cert = new X509Certificate(pem);
    return cert.subject === cert.issuer && cert.checkIssued(cert);
  });
  return (roots.length > 0 ? roots : cas).map(windowsThumbprint);
}

const eapMethod = (type: number, authorId: number) =>
  el(
    'EapMethod',
    undefined,
    textEl('eapCommon:Type', type),
    textEl('eapCommon:VendorId', 0),
    textEl('eapCommon:VendorType', 0),
    textEl('eapCommon:AuthorId', authorId),
  );

function peapConfig(profile: EapProfile, thumbprints: string[], serverNames: string): XmlNode {
  const outer = profile.outerIdentity;
  const anonymousUser = outer === undefined ? undefined : (outer.split('@')[0] ?? '');
  return el(
    'Config',
    { 'xmlns:baseEap': WLAN_NS.baseEapConfig, 'xmlns:msPeap': WLAN_NS.msPeap, 'xmlns:msPeapV2': WLAN_NS.msPeapV2, 'xmlns:msPeapV3': WLAN_NS.msPeapV3, 'xmlns:msChapV2': WLAN_NS.msChapV2 },
    el(
      'baseEap:Eap',
      undefined,
      textEl('baseEap:Type', 25),
      el(
        'msPeap:EapType',
        undefined,
        el(
          'msPeap:ServerValidation',
          undefined,
          textEl('msPeap:DisableUserPromptForServerValidation', true),
          textEl('msPeap:ServerNames', serverNames),
          ...thumbprints.map((t) => textEl('msPeap:TrustedRootCA', t)),
        ),
        textEl('msPeap:FastReconnect', true),
        textEl('msPeap:InnerEapOptional', false),
        el('baseEap:Eap', undefined, textEl('baseEap:Type', 26), el('msChapV2:EapType', undefined, textEl('msChapV2:UseWinLogonCredentials', false))),
        textEl('msPeap:EnableQuarantineChecks', false),
        textEl('msPeap:RequireCryptoBinding', false),
        el(
          'msPeap:PeapExtensions',
          undefined,
          textEl('msPeapV2:PerformServerValidation', true),
          textEl('msPeapV2:AcceptServerName', true),
          el(
            'msPeapV2:IdentityPrivacy',
            undefined,
            textEl('msPeapV2:EnableIdentityPrivacy', anonymousUser !== undefined),
            anonymousUser !== undefined && textEl('msPeapV2:AnonymousUserName', anonymousUser),
          ),
          // Must be last: some drivers reject the profile otherwise (ERROR_BAD_PROFILE, 1206).
          el('msPeapV2:PeapExtensionsV2', undefined, textEl('msPeapV3:AllowPromptingWhenServerCANotFound', false)),
        ),
      ),
    ),
  );
}

function tlsConfig(thumbprints: string[], serverNames: string): XmlNode {
  return el(
    'Config',
    { 'xmlns:baseEap': WLAN_NS.baseEapConfig, 'xmlns:eapTls': WLAN_NS.eapTls, 'xmlns:eapTlsV2': WLAN_NS.eapTlsV2 },
    el(
      'baseEap:Eap',
      undefined,
      textEl('baseEap:Type', 13),
      el(
        'eapTls:EapType',
        undefined,
        el('eapTls:CredentialsSource', undefined, el('eapTls:CertificateStore', undefined, textEl('eapTls:SimpleCertSelection', true))),
        el(
          'eapTls:ServerValidation',
          undefined,
          textEl('eapTls:DisableUserPromptForServerValidation', true),
          textEl('eapTls:ServerNames', serverNames),
          ...thumbprints.map((t) => textEl('eapTls:TrustedRootCA', t)),
        ),
        textEl('eapTls:DifferentUsername', false),
        textEl('eapTlsV2:PerformServerValidation', true),
        textEl('eapTlsV2:AcceptServerName', true),
      ),
    ),
  );
}

function ttlsConfig(profile: EapProfile, thumbprints: string[], serverNames: string): XmlNode {
  const phase2 =
    profile.method === 'ttls-pap'
      ? el('PAPAuthentication', undefined)
      : profile.method === 'ttls-mschapv2'
        ? el('MSCHAPv2Authentication', undefined, textEl('UseWinlogonCredentials', false))
        : el(
            'EapHostConfig',
            { xmlns: WLAN_NS.eapHostConfig, 'xmlns:eapCommon': WLAN_NS.eapCommon },
            eapMethod(26, 0),
            el(
              'Config',
              { 'xmlns:baseEap': WLAN_NS.baseEapConfig, 'xmlns:msChapV2': WLAN_NS.msChapV2 },
              el('baseEap:Eap', undefined, textEl('baseEap:Type', 26), el('msChapV2:EapType', undefined, textEl('msChapV2:UseWinLogonCredentials', false))),
            ),
          );
  return el(
    'Config',
    undefined,
    el(
      'EapTtls',
      { xmlns: WLAN_NS.eapTtls },
      el('ServerValidation', undefined, textEl('ServerNames', serverNames), ...thumbprints.map((t) => textEl('TrustedRootCAHash', t)), textEl('DisablePrompt', true)),
      el('Phase2Authentication', undefined, phase2),
      el(
        'Phase1Identity',
        undefined,
        textEl('IdentityPrivacy', profile.outerIdentity !== undefined),
        profile.outerIdentity !== undefined && textEl('AnonymousIdentity', profile.outerIdentity),
      ),
    ),
  );
}

function wlanProfile(profile: EapProfile, name: string, ssid: string, hotspot2: XmlNode | undefined, options: WindowsWlanOptions): string {
  const thumbprints = rootThumbprints(profile);
  const serverNames = profile.serverValidation.serverNames.join(';');
  const config = profile.method === 'tls' ? tlsConfig(thumbprints, serverNames) : profile.method === 'peap-mschapv2' ? peapConfig(profile, thumbprints, serverNames) : ttlsConfig(profile, thumbprints, serverNames);
  const ssidBytes = Buffer.from(ssid, 'utf8');
  const root = el(
    'WLANProfile',
    { xmlns: WLAN_NS.profile },
    textEl('name', name),
    el('SSIDConfig', undefined, el('SSID', undefined, textEl('hex', ssidBytes.toString('hex').toUpperCase()), textEl('name', ssid)), textEl('nonBroadcast', false)),
    hotspot2,
    textEl('connectionType', 'ESS'),
    textEl('connectionMode', options.connectionMode ?? 'auto'),
    textEl('autoSwitch', false),
    el(
      'MSM',
      undefined,
      el(
        'security',
        undefined,
        el('authEncryption', undefined, textEl('authentication', 'WPA2'), textEl('encryption', 'AES'), textEl('useOneX', true)),
        textEl('PMKCacheMode', 'enabled'),
        textEl('PMKCacheTTL', 720),
        textEl('PMKCacheSize', 128),
        textEl('preAuthMode', 'disabled'),
        el(
          'OneX',
          { xmlns: WLAN_NS.oneX },
          textEl('cacheUserData', true),
          textEl('authMode', 'user'),
          el(
            'EAPConfig',
            undefined,
            el(
              'EapHostConfig',
              { xmlns: WLAN_NS.eapHostConfig, 'xmlns:eapCommon': WLAN_NS.eapCommon },
              eapMethod(profile.method === 'tls' ? 13 : profile.method === 'peap-mschapv2' ? 25 : 21, profile.method.startsWith('ttls') ? 311 : 0),
              config,
            ),
          ),
        ),
      ),
    ),
  );
  return xmlDocument(root);
}

function userData(profile: EapProfile, identity: string, password: string): string {
  if (profile.method === 'peap-mschapv2') {
    return xmlDocument(
      el(
        'EapHostUserCredentials',
        { xmlns: WLAN_NS.userCredentials, 'xmlns:eapCommon': WLAN_NS.eapCommon, 'xmlns:baseEap': WLAN_NS.baseEapUserMethod },
        eapMethod(25, 0),
        el(
          'Credentials',
          { 'xmlns:baseEap': WLAN_NS.baseEapUser, 'xmlns:MsPeap': WLAN_NS.msPeapUser, 'xmlns:MsChapV2': WLAN_NS.msChapV2User },
          el(
            'baseEap:Eap',
            undefined,
            textEl('baseEap:Type', 25),
            el(
              'MsPeap:EapType',
              undefined,
              textEl('MsPeap:RoutingIdentity', profile.outerIdentity ?? identity),
              el('baseEap:Eap', undefined, textEl('baseEap:Type', 26), el('MsChapV2:EapType', undefined, textEl('MsChapV2:Username', identity), textEl('MsChapV2:Password', password))),
            ),
          ),
        ),
      ),
    );
  }
  // Microsoft EAP-TTLS (AuthorId 311): upper-camel-case Username/Password, as Windows accepts.
  return xmlDocument(
    el(
      'EapHostUserCredentials',
      { xmlns: WLAN_NS.userCredentials, 'xmlns:eapCommon': WLAN_NS.eapCommon, 'xmlns:baseEap': WLAN_NS.baseEapUserMethod },
      eapMethod(21, 311),
      el('Credentials', undefined, el('EapTtls', { xmlns: WLAN_NS.eapTtlsUser }, textEl('Username', identity), textEl('Password', password))),
    ),
  );
}

/**
 * Renders the WLAN profiles (role `profile`, `<slug>-<n>.xml`) and, with `credentials`, the
 * EapHost user data for each (role `user-credentials`, secret). EAP-TLS gets no user data: the
 * client certificate is chosen from the user's certificate store.
 */
export function renderWindowsWlan(profile: EapProfile, options: WindowsWlanOptions = {}): RenderedFile[] {
  assertServerValidation(profile);
  const slug = profileSlug(profile);
  const profiles: Array<{ name: string; ssid: string; hotspot2?: XmlNode }> = profile.ssids.map((ssid) => ({ name: ssid, ssid }));
  const p = profile.passpoint;
  if (p) {
    profiles.push({
      name: `${profile.name} via Passpoint`,
      ssid: '#Passpoint',
      hotspot2: el(
        'Hotspot2',
        undefined,
        textEl('DomainName', p.homeDomain),
        p.naiRealms.length > 0 && el('NAIRealm', undefined, ...p.naiRealms.map((realm) => textEl('name', realm))),
        p.roamingConsortiumOis.length > 0 && el('RoamingConsortium', undefined, ...p.roamingConsortiumOis.map((oi) => textEl('OUI', oi))),
      ),
    });
  }
  if (profiles.length === 0) throw new EapError('EAP_PROFILE_NO_NETWORKS');
  const credentials = options.credentials;
  return profiles.flatMap(({ name, ssid, hotspot2 }, index): RenderedFile[] => {
    const base = `roamdesk-${slug}-${index + 1}`;
    const files: RenderedFile[] = [{ name: `${base}.xml`, content: wlanProfile(profile, name, ssid, hotspot2, options), role: 'profile', secret: false }];
    if (credentials && profile.method !== 'tls') {
      const identity = innerIdentityFor(profile, credentials.identity) ?? credentials.identity;
      files.push({ name: `${base}-userdata.xml`, content: userData(profile, identity, credentials.password), role: 'user-credentials', secret: true });
    }
    return files;
  });
}
