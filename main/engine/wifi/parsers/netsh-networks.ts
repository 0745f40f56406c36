/**
 * `netsh wlan show networks mode=bssid` → the scan model.
 *
 * Handles Windows 7/8 (no `Band`), Windows 10/11 (`Band`, `Bss Load` sub-blocks, QoS lines)
 * and localised output through label tables with value-shape fallbacks, CRLF/LF, NBSP,
 * decimal commas (`2,4 GHz`), hidden networks (`SSID 5 :`), SSIDs netsh prints as hex
 * because the console cannot show them, blank-line-free edited captures, and the
 * Windows 11 24H2 Location gate (a hint text and "Access is denied." instead of a list),
 * which becomes `permission`, never an empty list.
 */
import type { Security } from '../../../../preload/contract.js';
import { windowsPercentToDbm } from '../signal-scale.js';
import { netshKeys } from './netsh-labels.js';
import { type Observation, bandFromText, collect, excerpt, securityFromText, ssidFields, ssidFieldsFromHex, standardFromText } from './observation.js';
import { type WifiParseResult, failure, success, windowsPermission } from './parse-result.js';
import { isCommentLine, labelValue, lines, normaliseMac, parseInteger } from './text.js';

const SSID_HEADER = /^\s*SSID\s+\d+\s*:(.*)$/;
const BSSID_HEADER = /^\s*BSSID\s+\d+\s*:\s*(.*?)\s*$/;

/** Text that only the 24H2+ Location gate prints; the settings URI is the same in every language. */
export function netshLocationDenied(text: string): string | undefined {
  if (/ms-settings:privacy-location/i.test(text)) return 'netsh printed the Location settings hint (ms-settings:privacy-location) instead of networks';
  if (/location permission/i.test(text) && /access is denied|error 5\b/i.test(text)) return 'netsh said it needs location permission';
  return undefined;
}

/** The "radio is off" and "no adapter" sentences netsh prints instead of a list. */
export function netshRadioOff(text: string): boolean {
  return /powered down|ausgeschaltet|désactivée|desactivada|disattivat/i.test(text);
}

/**
 * An SSID as netsh printed it. netsh prints an SSID it cannot show in the console as the hex
 * of its bytes (🧊 → `F09FA78A`), which looks exactly like an SSID made of hex digits. When
 * the hex decodes to valid UTF-8 with non-ASCII characters, that is what it was.
 */
export function netshSsid(value: string, warnings: string[]): { ssid: string; ssidHex: string } {
  if (/^(?:[0-9A-F]{2}){2,32}$/.test(value)) {
    const bytes = Buffer.from(value, 'hex');
    try {
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      if (/[^\x00-\x7f]/.test(decoded) && !/[\x00-\x1f]/.test(decoded)) {
        warnings.push(`SSID "${value}" read as the hex netsh prints for names the console cannot show ("${decoded}")`);
        return ssidFieldsFromHex(value);
      }
    } catch {
      // not UTF-8: a name made of hex digits after all
    }
  }
  return ssidFields(value);
}

interface SsidBlock {
  ssid: { ssid: string; ssidHex: string };
  bssids: number;
  authentication?: string;
  encryption?: string;
}

interface BssidBlock {
  bssid: string | null;
  signalPercent?: number;
  radioType?: string;
  band?: string;
  channel?: number | undefined;
  propertyIndent?: number;
}

function securityOf(block: SsidBlock, warnings: string[]): Security | null {
  const auth = block.authentication ?? '';
  const fromAuth = securityFromText(auth);
  if (fromAuth === 'open' && block.encryption && /wep/i.test(block.encryption)) return 'wep';
  if (fromAuth) return fromAuth;
  if (auth) warnings.push(`unknown authentication "${auth}"`);
  return null;
}

export function parseNetshNetworks(text: string): WifiParseResult {
  const warnings: string[] = [];
  const denied = netshLocationDenied(text);
  const all = lines(text);
  let interfaceName: string | null = null;
  let sawSsid = false;
  let ssidBlock: SsidBlock | undefined;
  let bssidBlock: BssidBlock | undefined;
  const observations: Observation[] = [];

  const endSsid = () => {
    flush();
    // Without mode=bssid netsh lists networks with no BSSID blocks: keep them, as incomplete.
    if (ssidBlock && ssidBlock.bssids === 0) observations.push({ ...ssidBlock.ssid, bssid: null, signalDbm: null, security: securityOf(ssidBlock, warnings) });
  };

  const flush = () => {
    if (ssidBlock && bssidBlock) {
      const signal = bssidBlock.signalPercent;
      observations.push({
        ...ssidBlock.ssid,
        bssid: bssidBlock.bssid,
        signalDbm: signal === undefined ? null : windowsPercentToDbm(signal),
        channel: bssidBlock.channel ?? null,
        band: bssidBlock.band ? (bandFromText(bssidBlock.band.replace(/ghz/i, '')) ?? null) : null,
        standard: bssidBlock.radioType ? (standardFromText(bssidBlock.radioType) ?? null) : null,
        security: securityOf(ssidBlock, warnings),
      });
    }
    bssidBlock = undefined;
  };

  for (const line of all) {
    if (line.trim() === '' || isCommentLine(line)) continue;
    const ssidMatch = SSID_HEADER.exec(line);
    if (ssidMatch) {
      endSsid();
      sawSsid = true;
      // netsh separates label and name with one space; the name itself may have spaces.
      const name = ssidMatch[1]!.replace(/^ /, '').replace(/\s+$/, '');
      ssidBlock = { ssid: netshSsid(name, warnings), bssids: 0 };
      continue;
    }
    const bssidMatch = BSSID_HEADER.exec(line);
    if (bssidMatch) {
      flush();
      const bssid = normaliseMac(bssidMatch[1]!);
      if (!bssid) warnings.push(`BSSID "${excerpt(bssidMatch[1]!, 40)}" is not a MAC address`);
      bssidBlock = { bssid: bssid ?? null };
      if (ssidBlock) ssidBlock.bssids += 1;
      else warnings.push('a BSSID line came before any SSID line');
      continue;
    }
    const pair = labelValue(line);
    if (!pair) continue;
    const keys = netshKeys(pair.label);
    const value = pair.value;
    if (keys.includes('interfaceName')) {
      interfaceName = value || null;
      continue;
    }
    if (bssidBlock) {
      const shapeSignal = /^\d{1,3}\s*%$/.test(value);
      if (keys.includes('signal') || (keys.length === 0 && shapeSignal && bssidBlock.signalPercent === undefined)) {
        const percent = parseInteger(value);
        if (percent !== undefined && percent >= 0 && percent <= 100) {
          bssidBlock.signalPercent = percent;
          bssidBlock.propertyIndent = pair.indent;
        }
      } else if (keys.includes('radioType') || (keys.length === 0 && /^802\.11/i.test(value))) bssidBlock.radioType = value;
      else if (keys.includes('band') || (keys.length === 0 && /^\d+([.,]\d+)?\s*GHz$/i.test(value))) bssidBlock.band = value;
      else if (keys.includes('channel')) bssidBlock.channel = parseInteger(value);
      else if (
        keys.length === 0 &&
        bssidBlock.channel === undefined &&
        /^\d{1,3}$/.test(value) &&
        bssidBlock.propertyIndent !== undefined &&
        pair.indent === bssidBlock.propertyIndent
      ) {
        // An unknown language's "Channel": a bare number at the BSSID's property indent.
        bssidBlock.channel = parseInteger(value);
      }
      continue;
    }
    if (ssidBlock) {
      if (keys.includes('authentication') || (keys.length === 0 && !ssidBlock.authentication && /^(wpa|wep|owe|open)/i.test(value))) ssidBlock.authentication = value;
      else if (keys.includes('encryption') || keys.includes('cipher')) ssidBlock.encryption = value;
    }
  }
  endSsid();

  const { networks, incomplete } = collect(observations);
  for (const partial of incomplete) warnings.push(`BSS ${partial.bssid ?? '(no BSSID)'} of "${partial.ssid ?? ''}" is missing ${partial.missing.join(', ')}`);
  if (denied) return success('netsh-networks', { networks, incomplete, permission: windowsPermission(denied), warnings });
  if (netshRadioOff(text) && !sawSsid) return success('netsh-networks', { radioOff: true, warnings });
  if (!sawSsid && interfaceName === null) {
    if (/wlansvc|wireless autoconfig|no wireless interface|keine drahtlose|aucune interface/i.test(text)) {
      return failure('netsh-networks', `netsh reports no usable Wi-Fi service or adapter: "${excerpt(text)}"`, warnings);
    }
    return failure('netsh-networks', `no "SSID n :" blocks and no interface line: this is not output of "netsh wlan show networks mode=bssid" (starts "${excerpt(text, 60)}")`, warnings);
  }
  const withMissingBssid = incomplete.filter((partial) => partial.missing.includes('bssid')).length;
  if (withMissingBssid > 0 && withMissingBssid === observations.length) warnings.push('no BSSIDs in the output: was it run without "mode=bssid"?');
  return success('netsh-networks', { networks, incomplete, warnings });
}
