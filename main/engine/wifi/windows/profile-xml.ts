/**
 * The WLAN profile XML netsh `add profile` (and WlanSetProfile) take for a personal or
 * open network. The SSID goes in as the hex of its bytes (so any bytes work) and as an
 * escaped name; element order follows the WLANProfile schema (Windows rejects other
 * orders). The passphrase is XML-escaped and only ever lands in this string.
 */
import type { Security } from '../../../../preload/contract.js';
import { type Bss, ssidFromHex } from '../bss.js';
import { RoamdeskError } from '../../errors.js';
import type { AssociateRequest } from '../../ports/wifi-driver.js';
import { WifiError } from '../wifi-error.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);
}

/** A profile name: the SSID as shown, without control characters, marked as Roamdesk's. */
export function profileNameFor(ssidHex: string): string {
  const shown = ssidFromHex(ssidHex).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return `${shown || `hidden-${ssidHex.slice(0, 12)}`} (Roamdesk)`.slice(0, 255);
}

const AUTH: Partial<Record<Security, { authentication: string; encryption: string }>> = {
  open: { authentication: 'open', encryption: 'none' },
  owe: { authentication: 'OWE', encryption: 'AES' },
  'wpa2-personal': { authentication: 'WPA2PSK', encryption: 'AES' },
  'wpa3-personal': { authentication: 'WPA3SAE', encryption: 'AES' },
};

export interface ProfileRequest {
  profileName: string;
  ssidHex: string;
  security: Security;
  passphrase?: string;
  hidden?: boolean;
}

export function wlanProfileXml(request: ProfileRequest): string {
  const auth = AUTH[request.security];
  if (!auth) throw new WifiError('WIFI_SECURITY_UNSUPPORTED', `Roamdesk cannot build a Windows profile for ${request.security} networks.`);
  const personal = request.security === 'wpa2-personal' || request.security === 'wpa3-personal';
  if (personal && (request.passphrase === undefined || request.passphrase.length < 8 || request.passphrase.length > 63)) {
    throw new WifiError('WIFI_SECURITY_UNSUPPORTED', 'A WPA passphrase has 8 to 63 characters.');
  }
  const sharedKey = personal
    ? [
        '      <sharedKey>',
        '        <keyType>passPhrase</keyType>',
        '        <protected>false</protected>',
        `        <keyMaterial>${escapeXml(request.passphrase!)}</keyMaterial>`,
        '      </sharedKey>',
      ]
    : [];
  return [
    '<?xml version="1.0"?>',
    '<WLANProfile xmlns="http://www.microsoft.com/networking/WLAN/profile/v1">',
    `  <name>${escapeXml(request.profileName)}</name>`,
    '  <SSIDConfig>',
    '    <SSID>',
    `      <hex>${request.ssidHex.toUpperCase()}</hex>`,
    `      <name>${escapeXml(ssidFromHex(request.ssidHex))}</name>`,
    '    </SSID>',
    `    <nonBroadcast>${request.hidden ? 'true' : 'false'}</nonBroadcast>`,
    '  </SSIDConfig>',
    '  <connectionType>ESS</connectionType>',
    '  <connectionMode>manual</connectionMode>',
    '  <MSM>',
    '    <security>',
    '      <authEncryption>',
    `        <authentication>${auth.authentication}</authentication>`,
    `        <encryption>${auth.encryption}</encryption>`,
    '        <useOneX>false</useOneX>',
    '      </authEncryption>',
    ...sharedKey,
    '    </security>',
    '  </MSM>',
    '</WLANProfile>',
    '',
  ].join('\r\n');
}

/**
 * What joining `bss` needs on Windows, whichever API sends it: refuses what cannot work
 * (802.1X without an installed profile, a personal network without its password) and
 * returns the profile name and XML to install. The XML holds the password: never log it.
 */
export function profileForAssociation(bss: Bss, request: AssociateRequest): { ssidHex: string; profileName: string; xml: string } {
  const ssidHex = request.ssidHex || bss.ssidHex;
  if (bss.security === 'wpa2-enterprise' || bss.security === 'wpa3-enterprise') {
    throw new RoamdeskError('EAP_PROFILE_MISSING', `${bss.ssid} uses 802.1X, and Roamdesk has no enterprise profile for it.`, { hint: 'Install the network profile from your organisation, then connect again.' });
  }
  const personal = bss.security === 'wpa2-personal' || bss.security === 'wpa3-personal';
  if (personal && request.passphrase === undefined) throw new RoamdeskError('CREDENTIALS_REQUIRED', `${bss.ssid} needs a password.`, { hint: 'Enter the network password and connect again.' });
  const profileName = profileNameFor(ssidHex);
  const xml = wlanProfileXml({ profileName, ssidHex, security: bss.security, hidden: ssidHex === '', ...(personal ? { passphrase: request.passphrase! } : {}) });
  return { ssidHex, profileName, xml };
}

/**
 * The access point a join asks for, from the last scan or a fresh one: Windows joins by
 * profile and SSID, so the BSS must still be in its list to know the security to write.
 */
export async function associationTarget(cached: readonly Bss[] | undefined, scan: () => Promise<Bss[]>, bssid: string): Promise<Bss> {
  const known = cached?.find((bss) => bss.bssid === bssid) ?? (await scan()).find((bss) => bss.bssid === bssid);
  if (!known) throw new RoamdeskError('NETWORK_OUT_OF_RANGE', `The access point ${bssid} is not in Windows' network list any more.`, { hint: 'Scan again and pick a network that is listed.' });
  return known;
}
