/**
 * `system_profiler SPAirPortDataType -json` → networks and the current link.
 *
 * Slow (2–5 s) and, since macOS 12, without BSSIDs; since 15.6 it prints `<redacted>` for
 * SSIDs unless the caller holds Location permission, which `system_profiler` (Apple's own
 * process) never does for us. So every network it shows is `incomplete` and `permission`
 * says why; it is the fallback of the macOS driver, cached, never on a hot path.
 * Channel spellings: `"44 (5GHz, 80MHz)"` (15.x), `149` (12.x), `"1,+1"`.
 */
import type { Band } from '../../../../preload/contract.js';
import { airportChannel } from './airport.js';
import { type Observation, collect, securityFromText, ssidFields, standardFromText } from './observation.js';
import { type LinkInfo, type WifiParseResult, emptyLink, failure, macosPermission, success } from './parse-result.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function object(value: Json | undefined): { [key: string]: Json } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function isRedacted(name: string): boolean {
  return /redacted/i.test(name);
}

/** `spairport_security_mode_wpa2_personal` and friends; `pairport_…` typos seen upstream too. */
function spSecurity(mode: Json | undefined): Observation['security'] {
  if (typeof mode !== 'string') return null;
  const value = mode.replace(/^s?pairport_security_mode_/, '').toLowerCase();
  if (value === 'none' || value === 'open') return 'open';
  if (value.includes('owe')) return 'owe';
  if (value.includes('wep')) return 'wep';
  const enterprise = value.includes('enterprise');
  if (value.includes('wpa3')) return enterprise ? 'wpa3-enterprise' : 'wpa3-personal';
  if (value.includes('wpa')) return enterprise ? 'wpa2-enterprise' : 'wpa2-personal';
  return securityFromText(value.replace(/_/g, ' ')) ?? null;
}

/** `"-55 dBm / -97 dBm"` → signal and noise. */
function signalNoise(value: Json | undefined): { signalDbm: number | null; noiseDbm: number | null } {
  const match = typeof value === 'string' ? /(-?\d+)\s*dBm\s*\/\s*(-?\d+)\s*dBm/i.exec(value) : null;
  return match ? { signalDbm: Number(match[1]), noiseDbm: Number(match[2]) } : { signalDbm: null, noiseDbm: null };
}

function channelOf(value: Json | undefined): { channel: number | null; band: Band | null; channelWidthMhz: number | null } {
  if (typeof value === 'number') return airportChannel(value, undefined);
  if (typeof value !== 'string') return { channel: null, band: null, channelWidthMhz: null };
  const modern = /^(\d{1,3})\s*\((\d(?:\.\d)?)\s*GHz(?:,\s*(\d+)\s*MHz)?\)/i.exec(value);
  if (modern) {
    const band: Band = modern[2] === '6' ? '6GHz' : modern[2] === '5' ? '5GHz' : '2.4GHz';
    return { channel: Number(modern[1]), band, channelWidthMhz: modern[3] ? Number(modern[3]) : null };
  }
  const legacy = /^(\d{1,3})(?:,([+-]?\d+))?$/.exec(value.trim());
  return legacy ? airportChannel(Number(legacy[1]), legacy[2]) : { channel: null, band: null, channelWidthMhz: null };
}

function observe(network: { [key: string]: Json }, redactions: { count: number }): Observation & { noiseDbm: number | null } {
  const name = typeof network._name === 'string' ? network._name : null;
  const redacted = name !== null && isRedacted(name);
  if (redacted) redactions.count++;
  const bssid = typeof network.spairport_network_bssid === 'string' ? network.spairport_network_bssid : null;
  const phy = typeof network.spairport_network_phymode === 'string' ? standardFromText(network.spairport_network_phymode) : undefined;
  return {
    ...(name !== null && !redacted ? ssidFields(name) : {}),
    bssid,
    ...signalNoise(network.spairport_signal_noise),
    ...channelOf(network.spairport_network_channel),
    standard: phy ?? null,
    security: spSecurity(network.spairport_security_mode),
  };
}

export function parseSystemProfiler(text: string): WifiParseResult {
  const warnings: string[] = [];
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    return failure('system-profiler', 'not JSON: run "system_profiler SPAirPortDataType -json" (the text form is not supported)');
  }
  const sections = object(root)?.SPAirPortDataType;
  if (!Array.isArray(sections)) return failure('system-profiler', 'no "SPAirPortDataType" array: this is not system_profiler SPAirPortDataType -json output');
  const observations: Observation[] = [];
  const links: LinkInfo[] = [];
  const redactions = { count: 0 };
  let radioOff = false;
  let wifiInterfaces = 0;
  for (const section of sections) {
    const interfaces = object(section)?.spairport_airport_interfaces;
    if (!Array.isArray(interfaces)) continue;
    for (const item of interfaces) {
      const iface = object(item);
      if (!iface) continue;
      const name = typeof iface._name === 'string' ? iface._name : null;
      // awdl0/llw0 are Apple's peer-to-peer links, not a Wi-Fi station.
      if (name !== null && /^(awdl|llw)/.test(name)) continue;
      wifiInterfaces++;
      const status = typeof iface.spairport_status_information === 'string' ? iface.spairport_status_information : '';
      if (/status_off/.test(status)) radioOff = true;
      const others = iface.spairport_airport_other_local_wireless_networks;
      if (Array.isArray(others)) for (const other of others) if (object(other)) observations.push(observe(object(other)!, redactions));
      const current = object(iface.spairport_current_network_information);
      if (current && (current._name !== undefined || current.spairport_network_channel !== undefined)) {
        const seen = observe(current, redactions);
        const link = emptyLink(name);
        link.state = /status_connected/.test(status) || status === '' ? 'connected' : 'unknown';
        link.ssid = seen.ssid ?? null;
        link.ssidHex = seen.ssidHex ?? null;
        link.bssid = seen.bssid ?? null;
        link.signalDbm = seen.signalDbm ?? null;
        link.noiseDbm = seen.noiseDbm;
        link.channel = seen.channel ?? null;
        link.band = seen.band ?? null;
        link.channelWidthMhz = seen.channelWidthMhz ?? null;
        link.standard = seen.standard ?? null;
        link.security = seen.security ?? null;
        link.txRateMbps = typeof current.spairport_network_rate === 'number' ? current.spairport_network_rate : null;
        links.push(link);
        // The associated network is also a network in range.
        observations.push(seen);
      } else if (name !== null) {
        links.push({ ...emptyLink(name), state: 'disconnected' });
      }
    }
  }
  if (wifiInterfaces === 0) return failure('system-profiler', 'no Wi-Fi interface in SPAirPortDataType');
  const { networks, incomplete } = collect(observations);
  const noBssid = incomplete.filter((partial) => partial.missing.includes('bssid')).length;
  const noSignal = incomplete.filter((partial) => partial.missing.includes('signal')).length;
  if (noSignal > 0) warnings.push(`${noSignal} networks have no signal (macOS 14+ shows it only for the associated network)`);
  let permission = null;
  if (redactions.count > 0) permission = macosPermission(`system_profiler printed ${redactions.count} network names as <redacted>`);
  else if (noBssid > 0) permission = macosPermission(`system_profiler shows no BSSIDs (macOS 12+): only Roamdesk's CoreWLAN helper with Location permission sees them`);
  return success('system-profiler', { networks, incomplete, links, permission, radioOff, warnings });
}
