/**
 * `netsh wlan show interfaces` → one `LinkInfo` per adapter.
 *
 * Labels are looked up in tables, never counted by position: Windows 10 (`BSSID`), Windows 11
 * (`AP BSSID`, `Band`, QoS lines, `Rssi`), Wi-Fi 7 multi-link adapters (`MLD AP BSSID` and
 * `LinkID: n, Local: …, AP: …, RSSI: …, Channel: …, Band: …, BW: …` lines), several adapters,
 * and the French BSSID label "Point d'accès d’identificateur SSID (Service Set Identifier)".
 * The 24H2 Location gate becomes `permission`.
 */
import { windowsPercentToDbm } from '../signal-scale.js';
import { type NetshKey, netshKeys, netshState } from './netsh-labels.js';
import { netshLocationDenied, netshRadioOff, netshSsid } from './netsh-networks.js';
import { bandFromText, excerpt, resolveRadio, securityFromText, standardFromText } from './observation.js';
import { type LinkInfo, type MloLink, type WifiParseResult, emptyLink, failure, success, windowsPermission } from './parse-result.js';
import { foldLabel, isCommentLine, labelValue, lines, normaliseMac, parseDecimal, parseInteger } from './text.js';

const MLO_LINE = /^\s*LinkID\s*:\s*(\d+)\s*,(.*)$/i;

function parseMloLine(match: RegExpExecArray): MloLink {
  const fields = new Map<string, string>();
  for (const part of match[2]!.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    fields.set(foldLabel(part.slice(0, colon)), part.slice(colon + 1).trim());
  }
  const band = fields.get('band');
  const width = fields.get('bw') ?? fields.get('bandwidth');
  const rssi = fields.get('rssi');
  const channel = fields.get('channel') ?? fields.get('kanal') ?? fields.get('canal') ?? fields.get('canale');
  return {
    linkId: Number(match[1]),
    localMac: normaliseMac(fields.get('local') ?? '') ?? null,
    apBssid: normaliseMac(fields.get('ap') ?? '') ?? null,
    signalDbm: rssi !== undefined ? (parseInteger(rssi) ?? null) : null,
    channel: channel !== undefined ? (parseInteger(channel) ?? null) : null,
    band: band ? (bandFromText(band) ?? null) : null,
    channelWidthMhz: width !== undefined ? (parseInteger(width) ?? null) : null,
  };
}

interface Block {
  link: LinkInfo;
  physicalAddress?: string;
  rssi?: number | undefined;
  band?: string;
  channel?: number | undefined;
  radioType?: string;
  authentication?: string;
  cipher?: string;
  mldBssid?: string;
}

function finish(block: Block, warnings: string[]): LinkInfo {
  const link = block.link;
  if (block.rssi !== undefined) link.signalDbm = block.rssi;
  else if (link.signalPercent !== null) link.signalDbm = windowsPercentToDbm(link.signalPercent);
  const strongest = [...link.mloLinks].sort((a, b) => (b.signalDbm ?? -200) - (a.signalDbm ?? -200))[0];
  if (strongest?.apBssid) {
    // Scans list each link's own BSSID; the MLD address matches none of them.
    if (block.mldBssid) warnings.push(`multi-link association (MLD ${block.mldBssid}): reported as its strongest link ${strongest.apBssid}`);
    link.bssid = strongest.apBssid;
  } else if (link.bssid === null && block.mldBssid) link.bssid = normaliseMac(block.mldBssid) ?? null;
  if (strongest) {
    // A multi-link association: report the strongest link's radio where the block has none.
    if (link.signalDbm === null && strongest.signalDbm !== null) link.signalDbm = strongest.signalDbm;
    if (block.channel === undefined && strongest.channel !== null) block.channel = strongest.channel;
    if (block.band === undefined && strongest.band !== null) block.band = strongest.band.replace('GHz', ' GHz');
    if (link.channelWidthMhz === null) link.channelWidthMhz = strongest.channelWidthMhz;
  }
  const band = block.band ? bandFromText(block.band) : undefined;
  const radio = resolveRadio({ channel: block.channel ?? null, band: band ?? null });
  if (radio) {
    link.channel = radio.channel;
    link.band = radio.band;
    link.frequencyMhz = radio.frequencyMhz;
  } else if (block.channel !== undefined) {
    link.channel = block.channel;
    link.band = band ?? null;
  }
  link.standard = block.radioType ? (standardFromText(block.radioType) ?? null) : null;
  if (block.authentication) {
    const security = securityFromText(block.authentication);
    link.security = security === 'open' && block.cipher && /wep/i.test(block.cipher) ? 'wep' : (security ?? null);
    if (!security) warnings.push(`unknown authentication "${block.authentication}"`);
  }
  return link;
}

export function parseNetshInterfaces(text: string): WifiParseResult {
  const warnings: string[] = [];
  const denied = netshLocationDenied(text);
  const links: LinkInfo[] = [];
  let block: Block | undefined;
  let sawHeader = false;

  const close = () => {
    if (block) links.push(finish(block, warnings));
    block = undefined;
  };

  for (const line of lines(text)) {
    if (line.trim() === '' || isCommentLine(line)) continue;
    if (/^\S.*\b\d+\b.*:\s*$/.test(line)) sawHeader = true; // "There is 1 interface on the system:" in any language
    const mlo = MLO_LINE.exec(line);
    if (mlo) {
      if (block) block.link.mloLinks.push(parseMloLine(mlo));
      continue;
    }
    const pair = labelValue(line);
    if (!pair) continue;
    const keys: NetshKey[] = netshKeys(pair.label);
    const value = pair.value;
    if (keys.includes('hostedNetwork')) {
      close();
      continue;
    }
    if (keys.includes('name')) {
      close();
      block = { link: emptyLink(value || null) };
      continue;
    }
    if (!block) continue;
    const link = block.link;
    const mac = normaliseMac(value);
    if (keys.includes('state')) link.state = netshState(value);
    else if (keys.includes('ssid')) Object.assign(link, netshSsid(value, warnings));
    else if (keys.includes('mldBssid')) block.mldBssid = value;
    else if (keys.includes('bssid')) link.bssid = mac ?? null;
    else if (keys.includes('physicalAddress')) block.physicalAddress = value;
    else if (keys.includes('band')) block.band = value;
    else if (keys.includes('channel')) block.channel = parseInteger(value);
    else if (keys.includes('radioType')) block.radioType = value;
    else if (keys.includes('authentication')) block.authentication = value;
    else if (keys.includes('cipher') || keys.includes('encryption')) block.cipher = value;
    else if (keys.includes('receiveRate')) link.rxRateMbps = parseDecimal(value) ?? null;
    else if (keys.includes('transmitRate')) link.txRateMbps = parseDecimal(value) ?? null;
    else if (keys.includes('rssi')) block.rssi = parseInteger(value);
    else if (keys.includes('signal')) link.signalPercent = parseInteger(value) ?? null;
    else if (keys.includes('profile')) link.profile = value || null;
    else if (keys.length === 0) {
      // Value-shape fallbacks for labels in languages the table does not know.
      if (mac && block.physicalAddress === undefined) block.physicalAddress = value;
      else if (mac && link.bssid === null) link.bssid = mac;
      else if (/^\d{1,3}\s*%$/.test(value) && link.signalPercent === null) link.signalPercent = parseInteger(value) ?? null;
      else if (/^802\.11/i.test(value) && block.radioType === undefined) block.radioType = value;
      else if (/^\d+([.,]\d+)?\s*GHz$/i.test(value) && block.band === undefined) block.band = value;
    }
  }
  close();

  if (denied) {
    return success('netsh-interfaces', { links, permission: windowsPermission(denied), warnings });
  }
  for (const link of links) {
    if (link.state === 'connected' && link.bssid === null) warnings.push(`interface "${link.interfaceName ?? '?'}" is connected but netsh showed no BSSID`);
  }
  if (links.length === 0) {
    if (/no wireless interface|keine drahtlose|aucune interface sans fil|ninguna interfaz inal|nessuna interfaccia wireless/i.test(text)) {
      warnings.push('netsh reports no wireless interface on this system');
      return success('netsh-interfaces', { warnings });
    }
    if (netshRadioOff(text)) return success('netsh-interfaces', { radioOff: true, warnings });
    if (!sawHeader) return failure('netsh-interfaces', `no interface blocks ("Name : …"): this is not output of "netsh wlan show interfaces" (starts "${excerpt(text, 60)}")`, warnings);
    warnings.push('the header names interfaces, but no interface block followed');
  }
  // `Radio status : Hardware On / Software Off` (and its translations) when Wi-Fi is switched off.
  const radioOff = /software off|software aus|logiciel d[ée]sactiv|software desactivad|software disattivat/i.test(text) && links.every((link) => link.state !== 'connected');
  return success('netsh-interfaces', { links, radioOff, warnings });
}
