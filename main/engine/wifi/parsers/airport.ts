/**
 * macOS `airport` (removed in macOS 14.4; still met on older Macs and in support captures):
 *
 * - `airport -s` / `--scan`: a right-aligned SSID column, then `BSSID RSSI CHANNEL HT CC
 *   SECURITY`. Rows are read from the right (RSSI, channel, HT, CC are fixed shapes), so a
 *   non-ASCII SSID that shifts the columns does not matter. Channel `9,-1`/`1,+1` means a
 *   40 MHz channel. An empty BSSID column (macOS 12+ without Location) → `permission`.
 * - `airport -s -x` / `--scan --xml`: a plist with `SSID` bytes, `BSSID`, `RSSI`,
 *   `CHANNEL`, `CHANNEL_FLAGS` (band and width bits), RSN/WPA IEs.
 * - `airport -I` / `--getinfo`: `key: value` lines (`agrCtlRSSI`, `agrCtlNoise`, `BSSID`
 *   with un-padded octets, `SSID`, `link auth`, `channel: 149,80`).
 */
import type { Band, PhyStandard, Security } from '../../../../preload/contract.js';
import { type Observation, collect, excerpt, securityFromText, ssidFields, ssidFieldsFromHex, standardFromText } from './observation.js';
import { type LinkInfo, type WifiParseResult, emptyLink, failure, macosPermission, success } from './parse-result.js';
import { type PlistValue, parsePlist } from './plist.js';
import { isCommentLine, lines, normaliseMac } from './text.js';

const HEADER = /^\s*SSID\s+BSSID\s+RSSI\s+CHANNEL\s+HT\s+CC\s+SECURITY/;
const ROW = /^(.*)\s(-\d{1,3})\s+(\d{1,3})(?:,([+-]?\d+))?\s+([YN])\s+(\S+)\s?(.*)$/;
const MAC_AT_END = /^(.*?)\s*((?:[0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2})\s*$/;

/** `airport`'s security column: `NONE`, `WEP`, `WPA2(PSK/AES/AES)`, `WPA(802.1x/…)`, `WPA3(SAE/…)`, `RSN(…)`. */
export function airportSecurity(text: string): Security | undefined {
  const value = text.trim().toUpperCase();
  if (value === '' || value === 'NONE') return 'open';
  if (/OWE/.test(value)) return 'owe';
  const enterprise = /802\.1X/.test(value);
  if (/WPA3|SAE/.test(value)) return enterprise ? 'wpa3-enterprise' : 'wpa3-personal';
  if (/WPA|RSN/.test(value)) return enterprise ? 'wpa2-enterprise' : 'wpa2-personal';
  if (/WEP/.test(value)) return 'wep';
  return undefined;
}

/** `44`, `149,80` (width), `9,-1`/`1,+1` (40 MHz secondary above/below). */
export function airportChannel(primary: number, extra: string | undefined): { channel: number; channelWidthMhz: number | null; band: Band } {
  const band: Band = primary <= 14 ? '2.4GHz' : '5GHz';
  if (extra === undefined) return { channel: primary, channelWidthMhz: null, band };
  if (/^[+-]1$/.test(extra)) return { channel: primary, channelWidthMhz: 40, band };
  const width = Number(extra);
  return { channel: primary, channelWidthMhz: [20, 40, 80, 160, 320].includes(width) ? width : null, band };
}

function parseScanText(text: string): WifiParseResult {
  const warnings: string[] = [];
  const observations: Observation[] = [];
  let sawHeader = false;
  for (const line of lines(text)) {
    if (line.trim() === '' || isCommentLine(line)) continue;
    if (HEADER.test(line)) {
      sawHeader = true;
      continue;
    }
    const row = ROW.exec(line);
    if (!row) {
      if (sawHeader) warnings.push(`line not understood: "${excerpt(line, 60)}"`);
      continue;
    }
    const left = row[1]!;
    const macMatch = MAC_AT_END.exec(left);
    const bssid = macMatch ? (normaliseMac(macMatch[2]!) ?? null) : null;
    // The SSID column is right-aligned: leading spaces are padding (an SSID's own leading spaces are lost).
    const ssid = (macMatch ? macMatch[1]! : left).trimStart().replace(/\s+$/, '');
    const channel = airportChannel(Number(row[3]), row[4]);
    const ht = row[5] === 'Y';
    const standard: PhyStandard = ht ? '802.11n' : channel.band === '2.4GHz' ? '802.11g' : '802.11a';
    const security = airportSecurity(row[7] ?? '');
    if (!security) warnings.push(`unknown security "${row[7]}"`);
    observations.push({ ...ssidFields(ssid), bssid, signalDbm: Number(row[2]), ...channel, standard, security: security ?? null });
  }
  if (!sawHeader && observations.length === 0) return failure('airport-scan', `no "SSID BSSID RSSI CHANNEL HT CC SECURITY" header and no scan rows (starts "${excerpt(text, 60)}")`);
  const { networks, incomplete } = collect(observations);
  const noBssid = incomplete.filter((partial) => partial.missing.includes('bssid')).length;
  const permission = noBssid > 0 ? macosPermission(`${noBssid} of ${observations.length} networks have an empty BSSID column (macOS 12+ hides BSSIDs without Location permission)`) : null;
  if (incomplete.length > noBssid) warnings.push(`${incomplete.length - noBssid} rows are missing more than their BSSID`);
  return success('airport-scan', { networks, incomplete, permission, warnings });
}

// CHANNEL_FLAGS bits of Apple80211 (APPLE80211_C_FLAG_*).
const FLAG_20MHZ = 0x2;
const FLAG_40MHZ = 0x4;
const FLAG_2GHZ = 0x8;
const FLAG_5GHZ = 0x10;
const FLAG_80MHZ = 0x400;
const FLAG_160MHZ = 0x800;
const FLAG_6GHZ = 0x2000;

function dict(value: PlistValue | undefined): { [key: string]: PlistValue } | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? value : undefined;
}

function numbers(value: PlistValue | undefined): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

/** RSN/WPA IE dicts of the plist: AKM selectors 1 = 802.1X, 2 = PSK, 8 = SAE, 18 = OWE, 12/13 = Suite B. */
function plistSecurity(entry: { [key: string]: PlistValue }): Security {
  const rsn = dict(entry.RSN_IE);
  const wpa = dict(entry.WPA_IE);
  const rsnAkms = numbers(rsn?.IE_KEY_RSN_AUTHSELS);
  const wpaAkms = numbers(wpa?.IE_KEY_WPA_AUTHSELS);
  if (rsnAkms.includes(18)) return 'owe';
  if (rsnAkms.some((akm) => akm === 8 || akm === 24)) return 'wpa3-personal';
  if (rsnAkms.some((akm) => akm === 12 || akm === 13)) return 'wpa3-enterprise';
  if (rsnAkms.some((akm) => akm === 1 || akm === 3 || akm === 5) || wpaAkms.includes(1)) return 'wpa2-enterprise';
  if (rsn || wpa) return 'wpa2-personal';
  const capabilities = typeof entry.CAPABILITIES === 'number' ? entry.CAPABILITIES : 0;
  return capabilities & 0x10 ? 'wep' : 'open';
}

function parseScanXml(text: string): WifiParseResult {
  const warnings: string[] = [];
  const { value: plist, truncated } = parsePlist(text);
  if (!Array.isArray(plist)) return failure('airport-scan', 'the XML is not an airport scan plist (an array of dicts)');
  if (truncated) warnings.push(`the plist is cut off: read the ${plist.length} complete networks before the cut`);
  const observations: Observation[] = [];
  for (const item of plist) {
    const entry = dict(item);
    if (!entry) continue;
    const flags = typeof entry.CHANNEL_FLAGS === 'number' ? entry.CHANNEL_FLAGS : 0;
    const channel = typeof entry.CHANNEL === 'number' ? entry.CHANNEL : null;
    const band: Band | null = flags & FLAG_6GHZ ? '6GHz' : flags & FLAG_5GHZ ? '5GHz' : flags & FLAG_2GHZ ? '2.4GHz' : null;
    const width = flags & FLAG_160MHZ ? 160 : flags & FLAG_80MHZ ? 80 : flags & FLAG_40MHZ ? 40 : flags & FLAG_20MHZ ? 20 : null;
    const ssidBytes = entry.SSID instanceof Uint8Array ? entry.SSID : undefined;
    const ssid = ssidBytes ? ssidFieldsFromHex(Buffer.from(ssidBytes).toString('hex')) : typeof entry.SSID_STR === 'string' ? ssidFields(entry.SSID_STR) : null;
    const standard: PhyStandard | null = entry.HE_CAP || entry.HE_CAPS ? '802.11ax' : entry.VHT_CAPS ? '802.11ac' : entry.HT_CAPS_IE ? '802.11n' : null;
    observations.push({
      ...(ssid ?? {}),
      bssid: typeof entry.BSSID === 'string' ? (normaliseMac(entry.BSSID) ?? null) : null,
      signalDbm: typeof entry.RSSI === 'number' ? entry.RSSI : null,
      channel,
      band,
      channelWidthMhz: width,
      standard,
      security: plistSecurity(entry),
    });
  }
  const { networks, incomplete } = collect(observations);
  const noBssid = incomplete.filter((partial) => partial.missing.includes('bssid')).length;
  const permission = noBssid > 0 ? macosPermission(`${noBssid} of ${observations.length} networks have no BSSID`) : null;
  return success('airport-scan', { networks, incomplete, permission, warnings });
}

export function parseAirportScan(text: string): WifiParseResult {
  if (/<plist[\s>]/.test(text)) return parseScanXml(text);
  return parseScanText(text);
}

/** `link auth` values: `wpa2-psk`, `wpa3-sae`, `wpa2` (802.1X), `open`, `none`, `owe`. */
function linkAuthSecurity(value: string): Security | null {
  const auth = value.trim().toLowerCase();
  if (auth === '' ) return null;
  if (auth === 'none' || auth === 'open') return 'open';
  if (auth === 'owe') return 'owe';
  if (/sae|wpa3-psk/.test(auth)) return 'wpa3-personal';
  if (/^wpa3/.test(auth)) return 'wpa3-enterprise';
  if (/psk/.test(auth)) return 'wpa2-personal';
  if (/^wpa|802\.1x|leap/.test(auth)) return 'wpa2-enterprise';
  if (/wep|shared/.test(auth)) return 'wep';
  return securityFromText(auth) ?? null;
}

export function parseAirportInfo(text: string): WifiParseResult {
  const warnings: string[] = [];
  const fields = new Map<string, string>();
  for (const line of lines(text)) {
    if (isCommentLine(line)) continue;
    const match = /^\s*([A-Za-z0-9. ]+?):\s?(.*)$/.exec(line);
    if (match) fields.set(match[1]!.trim().toLowerCase(), match[2]!.trim());
  }
  if (!fields.has('agrctlrssi') && !fields.has('state')) {
    if (/airport.*(deprecated|no longer supported)|wireless diagnostics/i.test(text)) return failure('airport-info', 'airport is gone on this macOS (removed in 14.4): use the CoreWLAN helper');
    if (/AirPort: Off/i.test(text)) return success('airport-info', { radioOff: true });
    return failure('airport-info', `no "agrCtlRSSI:" or "state:" lines: this is not output of "airport -I" (starts "${excerpt(text, 60)}")`);
  }
  const link: LinkInfo = emptyLink();
  const state = fields.get('state') ?? '';
  const rssi = Number(fields.get('agrctlrssi'));
  const noise = Number(fields.get('agrctlnoise'));
  link.state = state === 'running' ? 'connected' : state === 'init' ? 'disconnected' : /auth|assoc|scan/.test(state) ? 'connecting' : 'unknown';
  const ssid = fields.get('ssid');
  if (ssid !== undefined && ssid !== '') Object.assign(link, ssidFields(ssid));
  link.bssid = normaliseMac(fields.get('bssid') ?? '') ?? null;
  link.signalDbm = Number.isFinite(rssi) && rssi < 0 ? rssi : null;
  link.noiseDbm = Number.isFinite(noise) && noise < 0 ? noise : null;
  const tx = Number(fields.get('lasttxrate'));
  link.txRateMbps = Number.isFinite(tx) && tx > 0 ? tx : null;
  const channelMatch = /^(\d{1,3})(?:,([+-]?\d+))?$/.exec(fields.get('channel') ?? '');
  if (channelMatch) {
    const channel = airportChannel(Number(channelMatch[1]), channelMatch[2]);
    link.channel = channel.channel;
    link.band = channel.band;
    link.channelWidthMhz = channel.channelWidthMhz;
  }
  link.security = linkAuthSecurity(fields.get('link auth') ?? '');
  const phy = fields.get('phy mode') ?? fields.get('phymode');
  if (phy) link.standard = standardFromText(phy) ?? null;
  let permission = null;
  if (link.state === 'connected' && link.bssid === null) {
    permission = macosPermission(fields.has('bssid') ? 'airport -I printed an empty BSSID (it needs sudo or Location permission on macOS 12+)' : 'airport -I printed no BSSID');
  }
  if (ssid !== undefined && /redacted/i.test(ssid)) {
    link.ssid = null;
    link.ssidHex = null;
    permission = macosPermission('airport -I printed a redacted SSID');
  }
  return success('airport-info', { links: [link], permission, warnings });
}
