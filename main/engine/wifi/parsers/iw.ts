/**
 * Linux `iw` (whose author asks people not to screen-scrape it; its output has been stable
 * enough, but the parsers only rely on a few line heads) and `iwlist`:
 *
 * - `iw dev <if> scan [dump]`: `BSS <mac>(on <if>) [-- associated]` blocks with `freq:`,
 *   `signal: -64.00 dBm`, `SSID:` (non-printable bytes as `\xNN`), `RSN:`/`WPA:` with
 *   `Authentication suites:`, `capability: … Privacy`, HT/VHT/HE/EHT capabilities and
 *   operation (channel width).
 * - `iw dev <if> link`: `Connected to <mac> (on <if>)` / `Not connected.`, `SSID:`, `freq:`,
 *   `signal:`, `rx/tx bitrate: … 80MHz HE-MCS 9` (PHY from the MCS token, width from `NNMHz`).
 * - `iw dev <if> info`: interface name, MAC, SSID when associated, type.
 * - `iwlist <if> scan`: `Cell NN - Address:` blocks, `ESSID:"…"`, `Frequency:2.437 GHz`,
 *   `Quality=70/70  Signal level=-40 dBm` or `Signal level=56/100`.
 */
import type { PhyStandard, Security } from '../../../../preload/contract.js';
import { networkManagerPercentToDbm } from '../signal-scale.js';
import { type Observation, collect, excerpt, resolveRadio, ssidFieldsFromHex, standardFromText } from './observation.js';
import { type LinkInfo, type WifiParseResult, emptyLink, failure, success } from './parse-result.js';
import { isCommentLine, lines, normaliseMac, parseDecimal } from './text.js';

/** iw prints SSID bytes as text with `\xNN` for what is not printable (and for `\` itself). */
export function iwSsidToHex(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(escaped.slice(i, i + 4));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else bytes.push(...Buffer.from(escaped[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('hex');
}

/** PHY standard from an iw bitrate line: `EHT-MCS` → be, `HE-MCS` → ax, `VHT-MCS` → ac, `MCS` → n. */
export function standardFromBitrate(text: string): PhyStandard | undefined {
  if (/EHT-MCS/.test(text)) return '802.11be';
  if (/HE-MCS/.test(text)) return '802.11ax';
  if (/VHT-MCS/.test(text)) return '802.11ac';
  if (/\bMCS\b/.test(text)) return '802.11n';
  return undefined;
}

function widthFromBitrate(text: string): number | undefined {
  const match = /\b(20|40|80|160|320)MHz\b/.exec(text);
  if (match) return Number(match[1]);
  if (/\b80P80MHz\b/.test(text)) return 160;
  return undefined;
}

interface IwBlock {
  bssid: string | null;
  associated: boolean;
  frequency?: number | undefined;
  signal?: number | undefined;
  ssidHex?: string | undefined;
  rsnAkms: string[];
  wpaAkms: string[];
  hasRsn: boolean;
  hasWpa: boolean;
  privacy: boolean;
  ht: boolean;
  vht: boolean;
  he: boolean;
  eht: boolean;
  width?: number | undefined;
  section: string;
}

function iwSecurity(block: IwBlock): Security {
  const akms = [...block.rsnAkms, ...block.wpaAkms].join(' ');
  if (/OWE/.test(akms)) return 'owe';
  const enterprise = /IEEE 802\.1X|802\.1X|FT\/IEEE 802\.1X|SUITE_B/i.test(akms);
  if (/SAE/.test(akms) || (/SUITE_B/.test(akms) && enterprise)) return enterprise && !/SAE/.test(akms) ? 'wpa3-enterprise' : 'wpa3-personal';
  if (block.hasRsn || block.hasWpa) return enterprise ? 'wpa2-enterprise' : 'wpa2-personal';
  return block.privacy ? 'wep' : 'open';
}

export function parseIwScan(text: string): WifiParseResult {
  const warnings: string[] = [];
  const blocks: IwBlock[] = [];
  let block: IwBlock | undefined;
  for (const raw of lines(text)) {
    if (isCommentLine(raw)) continue;
    const head = /^BSS ([0-9a-fA-F:]{17})\s*\(on [^)]*\)(.*)$/.exec(raw);
    if (head) {
      block = {
        bssid: normaliseMac(head[1]!) ?? null,
        associated: /associated/.test(head[2]!),
        rsnAkms: [],
        wpaAkms: [],
        hasRsn: false,
        hasWpa: false,
        privacy: false,
        ht: false,
        vht: false,
        he: false,
        eht: false,
        section: '',
      };
      blocks.push(block);
      continue;
    }
    if (!block) continue;
    const line = raw.trim();
    // Top-level lines of a block are indented by exactly one tab (or a few spaces).
    const topLevel = /^(\t|\s{1,4})\S/.test(raw) && !/^\t\t/.test(raw);
    if (topLevel) {
      const label = /^([^:]+):\s*(.*)$/.exec(line);
      block.section = label ? label[1]!.trim() : line;
      const value = label?.[2] ?? '';
      if (block.section === 'freq') block.frequency = parseDecimal(value);
      else if (block.section === 'signal') block.signal = parseDecimal(value);
      else if (block.section === 'SSID') block.ssidHex = iwSsidToHex(raw.replace(/^\s*SSID: ?/, ''));
      else if (block.section === 'capability') block.privacy = /\bPrivacy\b/.test(value);
      else if (block.section === 'RSN') block.hasRsn = true;
      else if (block.section === 'WPA') block.hasWpa = true;
      else if (block.section === 'HT capabilities' || block.section === 'HT operation') block.ht = true;
      else if (block.section === 'VHT capabilities' || block.section === 'VHT operation') block.vht = true;
      else if (/^HE (capabilities|Iftypes|operation)/.test(block.section)) block.he = true;
      else if (/^EHT (capabilities|Iftypes|operation)/.test(block.section)) block.eht = true;
      // Same line form: `\tRSN:\t * Version: 1`
      if ((block.section === 'RSN' || block.section === 'WPA') && /Authentication suites:/.test(value)) {
        const suites = value.replace(/.*Authentication suites:\s*/, '');
        (block.section === 'RSN' ? block.rsnAkms : block.wpaAkms).push(suites);
      }
      continue;
    }
    // Nested lines: ` * Authentication suites: PSK SAE`, ` * STA channel width: any`, ` * channel width: 1 (80 MHz)`.
    const suites = /\* Authentication suites:\s*(.*)$/.exec(line);
    if (suites && (block.section === 'RSN' || block.section === 'WPA')) (block.section === 'RSN' ? block.rsnAkms : block.wpaAkms).push(suites[1]!);
    if (block.section === 'HT operation' && /\* secondary channel offset:\s*(above|below)/.test(line)) block.width = Math.max(block.width ?? 20, 40);
    if (block.section === 'VHT operation') {
      const vhtWidth = /\* channel width:\s*(\d)/.exec(line);
      if (vhtWidth) {
        const code = Number(vhtWidth[1]);
        if (code === 1) block.width = Math.max(block.width ?? 20, 80);
        if (code === 2 || code === 3) block.width = 160;
      }
      if (/\* center freq segment 2:\s*[1-9]/.test(line) && block.width === 80) block.width = 160;
    }
  }
  if (blocks.length === 0) {
    if (/command failed|Operation not permitted|Device or resource busy|No such device/i.test(text)) return failure('iw-scan', `iw printed an error: "${excerpt(text, 100)}"`);
    return failure('iw-scan', `no "BSS <mac>(on <if>)" blocks: this is not output of "iw dev <if> scan" (starts "${excerpt(text, 60)}")`);
  }
  const observations: Observation[] = blocks.map((entry) => {
    const standard: PhyStandard | null = entry.eht ? '802.11be' : entry.he ? '802.11ax' : entry.vht ? '802.11ac' : entry.ht ? '802.11n' : null;
    return {
      ...(entry.ssidHex !== undefined ? ssidFieldsFromHex(entry.ssidHex) : {}),
      bssid: entry.bssid,
      signalDbm: entry.signal ?? null,
      frequencyMhz: entry.frequency ?? null,
      standard,
      security: iwSecurity(entry),
      channelWidthMhz: entry.width ?? null,
    };
  });
  const { networks, incomplete } = collect(observations);
  const links: LinkInfo[] = [];
  for (const entry of blocks.filter((candidate) => candidate.associated)) {
    const network = networks.find((bss) => bss.bssid === entry.bssid);
    const link = emptyLink();
    link.state = 'connected';
    if (network) Object.assign(link, { ssid: network.ssid, ssidHex: network.ssidHex, bssid: network.bssid, signalDbm: network.signalDbm, frequencyMhz: network.frequencyMhz, channel: network.channel, band: network.band, standard: network.standard, security: network.security, channelWidthMhz: network.channelWidthMhz });
    else link.bssid = entry.bssid;
    links.push(link);
  }
  return success('iw-scan', { networks, incomplete, links, warnings });
}

export function parseIwLink(text: string): WifiParseResult {
  const warnings: string[] = [];
  const all = lines(text).filter((line) => !isCommentLine(line));
  if (all.some((line) => /^Not connected\.?\s*$/.test(line.trim()))) return success('iw-link', { links: [{ ...emptyLink(), state: 'disconnected' }] });
  const headIndex = all.findIndex((line) => /^Connected to \S+/.test(line.trim()));
  if (headIndex < 0) return failure('iw-link', `no "Connected to <mac> (on <if>)" or "Not connected." line: this is not output of "iw dev <if> link" (starts "${excerpt(text, 60)}")`);
  const head = /^Connected to (\S+)(?:\s*\(on ([^)]+)\))?/.exec(all[headIndex]!.trim())!;
  const link = emptyLink(head[2] ?? null);
  link.state = 'connected';
  link.bssid = normaliseMac(head[1]!) ?? null;
  if (!link.bssid) warnings.push(`BSSID "${excerpt(head[1]!, 30)}" is not a MAC address (elided in the capture?)`);
  let rxText = '';
  let txText = '';
  for (const raw of all.slice(headIndex + 1)) {
    const match = /^\s*([^:]+):\s?(.*)$/.exec(raw);
    if (!match) continue;
    const label = match[1]!.trim();
    const value = match[2]!;
    if (label === 'SSID') {
      const ssid = value.replace(/^ /, '');
      if (ssid === '...') warnings.push('SSID elided as "..." in the capture');
      else Object.assign(link, ssidFieldsFromHex(iwSsidToHex(ssid)));
    } else if (label === 'freq') link.frequencyMhz = parseDecimal(value) !== undefined ? Math.round(parseDecimal(value)!) : null;
    else if (label === 'signal') link.signalDbm = parseDecimal(value) ?? null;
    else if (label === 'rx bitrate') {
      rxText = value;
      link.rxRateMbps = parseDecimal(value) ?? null;
    } else if (label === 'tx bitrate') {
      txText = value;
      link.txRateMbps = parseDecimal(value) ?? null;
    }
  }
  link.standard = standardFromBitrate(`${rxText} ${txText}`) ?? null;
  link.channelWidthMhz = widthFromBitrate(`${rxText} ${txText}`) ?? null;
  const radio = resolveRadio({ frequencyMhz: link.frequencyMhz });
  if (radio) Object.assign(link, radio);
  return success('iw-link', { links: [link], warnings });
}

export function parseIwInfo(text: string): WifiParseResult {
  const all = lines(text).filter((line) => !isCommentLine(line));
  const head = all.map((line) => /^\s*Interface\s+(\S+)/.exec(line)).find(Boolean);
  if (!head) return failure('iw-info', `no "Interface <name>" line: this is not output of "iw dev <if> info" (starts "${excerpt(text, 60)}")`);
  const link = emptyLink(head[1]!);
  let type = '';
  for (const line of all) {
    const ssid = /^\s*ssid (.*)$/.exec(line);
    if (ssid) Object.assign(link, ssidFieldsFromHex(iwSsidToHex(ssid[1]!)));
    const typeMatch = /^\s*type (\S+)/.exec(line);
    if (typeMatch) type = typeMatch[1]!;
    const channel = /^\s*channel (\d+) \((\d+) MHz\)(?:, width: (\d+) MHz)?/.exec(line);
    if (channel) {
      link.frequencyMhz = Number(channel[2]);
      link.channelWidthMhz = channel[3] ? Number(channel[3]) : null;
    }
  }
  link.state = link.ssidHex !== null ? 'connected' : type === 'managed' ? 'disconnected' : 'unknown';
  const radio = resolveRadio({ frequencyMhz: link.frequencyMhz });
  if (radio) Object.assign(link, radio);
  const warnings = type && type !== 'managed' ? [`interface type is "${type}", not a station ("managed")`] : [];
  return success('iw-info', { links: [link], warnings });
}

export function parseIwlistScan(text: string): WifiParseResult {
  const warnings: string[] = [];
  const cells: Array<Observation & { encrypted: boolean; ies: string[]; quality?: number }> = [];
  let cell: (typeof cells)[number] | undefined;
  for (const raw of lines(text)) {
    const line = raw.trim();
    const head = /^Cell \d+ - Address: ([0-9A-Fa-f:]{17})/.exec(line);
    if (head) {
      cell = { bssid: normaliseMac(head[1]!) ?? null, encrypted: false, ies: [] };
      cells.push(cell);
      continue;
    }
    if (!cell) continue;
    const essid = /^ESSID:"(.*)"$/.exec(line);
    if (essid) {
      const value = essid[1]!;
      if (value === '<hidden>') warnings.push('ESSID "<hidden>" read as a hidden network (some drivers print that for an empty SSID)');
      Object.assign(cell, ssidFieldsFromHex(value === '<hidden>' ? '' : iwSsidToHex(value)));
    }
    const frequency = /^Frequency:(\d+(?:\.\d+)?) GHz/.exec(line);
    if (frequency) cell.frequencyMhz = Math.round(Number(frequency[1]) * 1000);
    const protocol = /^Protocol:(.*)$/.exec(line);
    if (protocol) cell.standard = standardFromText(protocol[1]!) ?? null;
    if (/^Encryption key:on/.test(line)) cell.encrypted = true;
    if (/^IE: /.test(line) || /Authentication Suites/.test(line)) cell.ies.push(line);
    const dbm = /Signal level[=:](-?\d+(?:\.\d+)?) dBm/.exec(line);
    const ratio = /Signal level[=:](\d+)\/(\d+)/.exec(line);
    if (dbm) cell.signalDbm = Number(dbm[1]);
    else if (ratio) {
      cell.quality = Math.round((Number(ratio[1]) / Number(ratio[2])) * 100);
      cell.signalDbm = networkManagerPercentToDbm(cell.quality);
    }
  }
  if (cells.length === 0) {
    if (/No scan results|Interface doesn't support scanning/i.test(text)) return success('iwlist-scan', { warnings: [excerpt(text, 100)] });
    return failure('iwlist-scan', `no "Cell NN - Address:" blocks: this is not output of "iwlist <if> scan" (starts "${excerpt(text, 60)}")`);
  }
  if (cells.some((entry) => entry.quality !== undefined)) warnings.push('signal given as a ratio (n/100), converted with the NetworkManager scale: the driver’s own scale is unknown');
  const observations: Observation[] = cells.map(({ encrypted, ies, quality: _quality, ...observation }) => {
    const text = ies.join(' ');
    const enterprise = /802\.1x/i.test(text);
    const security: Security = /SAE/.test(text) ? 'wpa3-personal' : /WPA/.test(text) ? (enterprise ? 'wpa2-enterprise' : 'wpa2-personal') : encrypted ? 'wep' : 'open';
    return { ...observation, security };
  });
  const { networks, incomplete } = collect(observations);
  return success('iwlist-scan', { networks, incomplete, warnings });
}
