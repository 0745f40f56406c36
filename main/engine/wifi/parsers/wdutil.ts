/**
 * `sudo wdutil info` → the current link. Only the `WIFI` section is read. SSID/BSSID are
 * `<redacted>` on macOS 15 (→ `permission`); `Op Mode : None` and `RSSI : 0 dBm` mean not
 * associated. Channel spellings: `5g44/40` (15.x), `1 (20 MHz, Active)` (12.x).
 */
import type { Band } from '../../../../preload/contract.js';
import { excerpt, securityFromText, ssidFields, standardFromText } from './observation.js';
import { type WifiParseResult, emptyLink, failure, macosPermission, success } from './parse-result.js';
import { labelValue, lines, normaliseMac, parseDecimal } from './text.js';

function channelOf(value: string): { channel: number | null; band: Band | null; channelWidthMhz: number | null } {
  const modern = /^(2|5|6)g(\d{1,3})(?:\/(\d+))?/i.exec(value);
  if (modern) {
    const band: Band = modern[1] === '2' ? '2.4GHz' : modern[1] === '5' ? '5GHz' : '6GHz';
    return { channel: Number(modern[2]), band, channelWidthMhz: modern[3] ? Number(modern[3]) : null };
  }
  const legacy = /^(\d{1,3})\s*(?:\((\d+)\s*MHz)?/i.exec(value);
  if (legacy) {
    const channel = Number(legacy[1]);
    return { channel, band: channel <= 14 ? '2.4GHz' : '5GHz', channelWidthMhz: legacy[2] ? Number(legacy[2]) : null };
  }
  return { channel: null, band: null, channelWidthMhz: null };
}

function absent(value: string | undefined): boolean {
  return value === undefined || value === '' || /^none$/i.test(value);
}

export function parseWdutil(text: string): WifiParseResult {
  const warnings: string[] = [];
  const fields = new Map<string, string>();
  let inWifi = false;
  let sawWifi = false;
  for (const line of lines(text)) {
    const trimmed = line.trim();
    if (/^[A-Z][A-Z0-9 ]{2,}$/.test(trimmed)) {
      inWifi = trimmed === 'WIFI';
      sawWifi ||= inWifi;
      continue;
    }
    if (!inWifi) continue;
    const pair = labelValue(line);
    if (pair && pair.label !== '' && !fields.has(pair.label.toLowerCase())) fields.set(pair.label.toLowerCase(), pair.value);
  }
  if (!sawWifi || fields.size === 0) return failure('wdutil', `no WIFI section with "Key : Value" lines: this is not output of "sudo wdutil info" (starts "${excerpt(text, 60)}")`);

  const link = emptyLink(fields.get('interface name') ?? null);
  const opMode = fields.get('op mode');
  const power = fields.get('power') ?? '';
  const radioOff = /^off/i.test(power);
  link.state = absent(opMode) ? 'disconnected' : /sta/i.test(opMode!) ? 'connected' : 'unknown';
  const ssid = fields.get('ssid');
  const bssid = fields.get('bssid');
  const redacted = [ssid, bssid].some((value) => value !== undefined && /redacted/i.test(value));
  if (!absent(ssid) && !/redacted/i.test(ssid!)) Object.assign(link, ssidFields(ssid!));
  if (!absent(bssid)) link.bssid = normaliseMac(bssid!) ?? null;
  if (link.state === 'connected') {
    const rssi = parseDecimal(fields.get('rssi') ?? '');
    const noise = parseDecimal(fields.get('noise') ?? '');
    link.signalDbm = rssi !== undefined && rssi < 0 ? rssi : null;
    link.noiseDbm = noise !== undefined && noise < 0 ? noise : null;
    link.txRateMbps = parseDecimal(fields.get('tx rate') ?? '') ?? null;
    Object.assign(link, channelOf(fields.get('channel') ?? ''));
    const phy = fields.get('phy mode');
    link.standard = absent(phy) ? null : (standardFromText(phy!) ?? null);
    const security = fields.get('security');
    link.security = absent(security) ? 'open' : (securityFromText(security!) ?? null);
  }
  const permission = redacted ? macosPermission('wdutil printed the SSID/BSSID as <redacted>') : link.state === 'connected' && link.bssid === null ? macosPermission('wdutil printed no BSSID') : null;
  return success('wdutil', { links: [link], permission, radioOff, warnings });
}
