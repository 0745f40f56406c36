/**
 * `nmcli -t` (terse) output of `device wifi list` → the scan model.
 *
 * Terse fields are `:`-separated with `\:` and `\\` escaped inside values (BSSIDs and
 * SSIDs). The field list is not in the output, so it is given, or recognised by the
 * number of fields: Roamdesk's own list (`NMCLI_WIFI_FIELDS`), nmcli's default columns
 * (`IN-USE,BSSID,SSID,MODE,CHAN,RATE,SIGNAL,BARS,SECURITY`), or node-wifi's list
 * (`ACTIVE,SSID,BSSID,MODE,CHAN,FREQ,SIGNAL,SECURITY,WPA-FLAGS,RSN-FLAGS`).
 * SIGNAL is NetworkManager's percentage (see signal-scale.ts); `--` is an empty value.
 */
import type { Security } from '../../../../preload/contract.js';
import { networkManagerPercentToDbm } from '../signal-scale.js';
import { type Observation, collect, excerpt, ssidFields, ssidFieldsFromHex } from './observation.js';
import { type LinkInfo, type WifiParseResult, emptyLink, failure, success } from './parse-result.js';
import { isCommentLine, lines, normaliseMac } from './text.js';

/** The fields Roamdesk's Linux driver asks for, in this order. */
export const NMCLI_WIFI_FIELDS = ['IN-USE', 'BSSID', 'SSID-HEX', 'SSID', 'MODE', 'CHAN', 'FREQ', 'SIGNAL', 'SECURITY', 'WPA-FLAGS', 'RSN-FLAGS', 'DEVICE'] as const;
export const NMCLI_DEFAULT_FIELDS = ['IN-USE', 'BSSID', 'SSID', 'MODE', 'CHAN', 'RATE', 'SIGNAL', 'BARS', 'SECURITY'] as const;
export const NODE_WIFI_FIELDS = ['ACTIVE', 'SSID', 'BSSID', 'MODE', 'CHAN', 'FREQ', 'SIGNAL', 'SECURITY', 'WPA-FLAGS', 'RSN-FLAGS'] as const;

/** Splits one terse line at unescaped colons and unescapes `\:` and `\\`. */
export function splitTerse(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\' && i + 1 < line.length) {
      current += line[i + 1];
      i++;
    } else if (char === ':') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields;
}

/**
 * NetworkManager's SECURITY column (`WPA1 WPA2`, `WPA2 WPA3`, `WPA3`, `OWE`, `WEP`,
 * `802.1X`, empty/`--` for open) and, when present, the RSN flags (`pair_ccmp group_ccmp
 * psk sae`, `key_mgmt_owe`, `key_mgmt_802_1x`).
 */
export function nmSecurity(security: string, rsnFlags = ''): Security {
  const value = `${security} ${rsnFlags}`.toUpperCase();
  if (/OWE/.test(value)) return 'owe';
  const enterprise = /802\.1X|802_1X|EAP/.test(value);
  if (/WPA3|SAE/.test(value)) return enterprise ? 'wpa3-enterprise' : 'wpa3-personal';
  if (/WPA|PSK/.test(value)) return enterprise ? 'wpa2-enterprise' : 'wpa2-personal';
  if (/WEP/.test(value)) return 'wep';
  if (enterprise) return 'wpa2-enterprise';
  return 'open';
}

function fieldsFor(count: number): readonly string[] | undefined {
  for (const list of [NMCLI_WIFI_FIELDS, NMCLI_DEFAULT_FIELDS, NODE_WIFI_FIELDS]) if (list.length === count) return list;
  return undefined;
}

function empty(value: string | undefined): boolean {
  return value === undefined || value === '' || value === '--';
}

export interface NmcliOptions {
  /** The `-f` list the output was made with; recognised by field count when absent. */
  fields?: readonly string[];
}

export function parseNmcliWifiList(text: string, options: NmcliOptions = {}): WifiParseResult {
  const warnings: string[] = [];
  const observations: Observation[] = [];
  const links: LinkInfo[] = [];
  let rows = 0;
  let rejected = 0;
  for (const line of lines(text)) {
    if (line.trim() === '' || isCommentLine(line)) continue;
    const values = splitTerse(line);
    const fields = options.fields ?? fieldsFor(values.length);
    if (!fields || fields.length !== values.length) {
      rejected++;
      continue;
    }
    const get = (name: string) => {
      const index = fields.indexOf(name);
      return index < 0 ? undefined : values[index]!.trim() === '' && name !== 'SSID' ? '' : values[index];
    };
    const bssid = normaliseMac(get('BSSID') ?? '');
    const ssidHex = get('SSID-HEX');
    const ssidText = get('SSID');
    if (!bssid && !ssidHex && ssidText === undefined) {
      rejected++;
      continue;
    }
    rows++;
    const ssid = !empty(ssidHex) ? ssidFieldsFromHex(ssidHex!) : ssidText !== undefined && ssidText !== '--' ? ssidFields(ssidText) : ssidFields('');
    const percent = Number(get('SIGNAL'));
    const frequency = Number(/^(\d+)/.exec(get('FREQ') ?? '')?.[1]);
    const channel = Number(get('CHAN'));
    const observation: Observation = {
      ...ssid,
      bssid: bssid ?? null,
      signalDbm: Number.isFinite(percent) && !empty(get('SIGNAL')) ? networkManagerPercentToDbm(percent) : null,
      frequencyMhz: Number.isFinite(frequency) ? frequency : null,
      channel: Number.isInteger(channel) && channel > 0 ? channel : null,
      security: nmSecurity(empty(get('SECURITY')) ? '' : get('SECURITY')!, get('RSN-FLAGS') ?? ''),
    };
    observations.push(observation);
    const inUse = (get('IN-USE') ?? get('ACTIVE') ?? '').trim();
    if (inUse === '*' || /^(yes|ja|oui|sí|si|是)$/i.test(inUse)) {
      const link = emptyLink(get('DEVICE') ?? null);
      link.state = 'connected';
      const { ssid: name, ssidHex, bssid: linkBssid, signalDbm, frequencyMhz, channel: linkChannel, security } = observation;
      Object.assign(link, { ssid: name ?? null, ssidHex: ssidHex ?? null, bssid: linkBssid ?? null, signalDbm: signalDbm ?? null, frequencyMhz: frequencyMhz ?? null, channel: linkChannel ?? null, security: security ?? null });
      link.signalPercent = Number.isFinite(percent) ? percent : null;
      links.push(link);
    }
  }
  if (rows === 0) {
    if (/Error:|not running|NetworkManager/i.test(text)) return failure('nmcli', `nmcli printed an error: "${excerpt(text, 100)}"`);
    return failure('nmcli', `no terse rows with a known field list (${[NMCLI_WIFI_FIELDS, NMCLI_DEFAULT_FIELDS, NODE_WIFI_FIELDS].map((list) => list.length).join(', ')} fields) were found (starts "${excerpt(text, 60)}")`);
  }
  if (rejected > 0) warnings.push(`${rejected} lines did not have the expected fields`);
  if (!options.fields && observations.some((observation) => observation.frequencyMhz == null)) warnings.push('no FREQ column: band taken from the channel number (6 GHz cannot be told from 2.4 GHz that way)');
  const { networks, incomplete } = collect(observations);
  return success('nmcli', { networks, incomplete, links, warnings });
}

/** `nmcli -t -f DEVICE,TYPE,STATE device` → the Wi-Fi devices, connected first. */
export function parseNmcliDevices(text: string): Array<{ device: string; state: string }> {
  const devices: Array<{ device: string; state: string }> = [];
  for (const line of lines(text)) {
    const [device, type, state] = splitTerse(line);
    if (device && type === 'wifi') devices.push({ device, state: state ?? '' });
  }
  return devices.sort((a, b) => Number(b.state.startsWith('connected')) - Number(a.state.startsWith('connected')));
}
