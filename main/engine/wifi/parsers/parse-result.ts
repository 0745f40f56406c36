/**
 * What a parser of a Wi-Fi tool's output understood, in the common scan model.
 *
 * Every parser returns a `WifiParseResult` and never throws: `ok: false` says the text is
 * not output of that tool at all (with a code and a reason). An `ok: true` result holds
 * complete BSSes (`networks`, the `Bss` the drivers hand on), BSSes the tool showed with
 * something missing (`incomplete`: no BSSID, a redacted SSID, no signal), the current
 * link(s), and — when the missing pieces are the system's Location gate — `permission`, so
 * a driver never turns a hidden scan into a silent empty list.
 */
import type { Band, PhyStandard, Security } from '../../../../preload/contract.js';
import { type Bss, bandOfFrequency, channelOfFrequency, frequencyOfChannel } from '../bss.js';

export const WIFI_SOURCES = [
  'netsh-networks',
  'netsh-interfaces',
  'airport-scan',
  'airport-info',
  'system-profiler',
  'wdutil',
  'corewlan-helper',
  'nmcli',
  'iw-scan',
  'iw-link',
  'iw-info',
  'iwlist-scan',
] as const;
export type WifiSource = (typeof WIFI_SOURCES)[number];

export function isWifiSource(value: string): value is WifiSource {
  return (WIFI_SOURCES as readonly string[]).includes(value);
}

/** A BSS as a tool showed it, where any field may be unknown (null). */
export interface PartialBss {
  ssidHex: string | null;
  ssid: string | null;
  bssid: string | null;
  signalDbm: number | null;
  frequencyMhz: number | null;
  channel: number | null;
  band: Band | null;
  standard: PhyStandard | null;
  security: Security | null;
  channelWidthMhz: number | null;
  /** Why it is not a complete `Bss`. */
  missing: Array<'bssid' | 'ssid' | 'signal' | 'channel' | 'security'>;
}

export type LinkState = 'connected' | 'connecting' | 'disconnected' | 'unknown';

/** One multi-link-operation (Wi-Fi 7) link of an association. */
export interface MloLink {
  linkId: number;
  apBssid: string | null;
  localMac: string | null;
  signalDbm: number | null;
  channel: number | null;
  band: Band | null;
  channelWidthMhz: number | null;
}

/** The association of one interface, as the tool showed it. */
export interface LinkInfo {
  interfaceName: string | null;
  state: LinkState;
  ssidHex: string | null;
  ssid: string | null;
  bssid: string | null;
  signalDbm: number | null;
  /** The tool's own percentage, where it shows one (netsh `Signal : 42%`). */
  signalPercent: number | null;
  noiseDbm: number | null;
  frequencyMhz: number | null;
  channel: number | null;
  band: Band | null;
  standard: PhyStandard | null;
  security: Security | null;
  channelWidthMhz: number | null;
  txRateMbps: number | null;
  rxRateMbps: number | null;
  /** Windows profile name / NetworkManager connection name, when shown. */
  profile: string | null;
  mloLinks: MloLink[];
}

export interface PermissionRequired {
  code: 'WIFI_LOCATION_PERMISSION_REQUIRED';
  platform: 'windows' | 'macos';
  /** What in the output showed it. */
  evidence: string;
  /** Opens the right settings page (`shell.openExternal`). */
  settingsUri: string;
  /** The same place for a person to find by hand. */
  settingsPath: string;
}

export const WINDOWS_LOCATION_SETTINGS = { settingsUri: 'ms-settings:privacy-location', settingsPath: 'Settings › Privacy & security › Location' } as const;
export const MACOS_LOCATION_SETTINGS = {
  settingsUri: 'x-apple.systempreferences:com.apple.preference.security?Privacy_LocationServices',
  settingsPath: 'System Settings › Privacy & Security › Location Services',
} as const;

export function windowsPermission(evidence: string): PermissionRequired {
  return { code: 'WIFI_LOCATION_PERMISSION_REQUIRED', platform: 'windows', evidence, ...WINDOWS_LOCATION_SETTINGS };
}

export function macosPermission(evidence: string): PermissionRequired {
  return { code: 'WIFI_LOCATION_PERMISSION_REQUIRED', platform: 'macos', evidence, ...MACOS_LOCATION_SETTINGS };
}

export interface WifiParseSuccess {
  ok: true;
  source: WifiSource;
  networks: Bss[];
  incomplete: PartialBss[];
  links: LinkInfo[];
  permission: PermissionRequired | null;
  /** The tool said the radio is off. */
  radioOff: boolean;
  warnings: string[];
}

export interface WifiParseFailure {
  ok: false;
  source: WifiSource;
  code: 'WIFI_OUTPUT_UNPARSEABLE';
  reason: string;
  warnings: string[];
}

export type WifiParseResult = WifiParseSuccess | WifiParseFailure;

export function success(source: WifiSource, parts: Partial<Omit<WifiParseSuccess, 'ok' | 'source'>>): WifiParseSuccess {
  return {
    ok: true,
    source,
    networks: parts.networks ?? [],
    incomplete: parts.incomplete ?? [],
    links: (parts.links ?? []).map(completeRadio),
    permission: parts.permission ?? null,
    radioOff: parts.radioOff ?? false,
    warnings: [...new Set(parts.warnings ?? [])],
  };
}

/** Fills frequency, channel and band of a link from whichever of them the tool showed. */
function completeRadio(link: LinkInfo): LinkInfo {
  if (link.frequencyMhz !== null && link.frequencyMhz >= 2400 && link.frequencyMhz <= 7125) {
    return { ...link, channel: link.channel ?? channelOfFrequency(link.frequencyMhz), band: link.band ?? bandOfFrequency(link.frequencyMhz) };
  }
  if (link.channel !== null && link.channel > 0 && Number.isInteger(link.channel)) {
    const band = link.band ?? (link.channel <= 14 ? '2.4GHz' : '5GHz');
    return { ...link, band, frequencyMhz: frequencyOfChannel(band, link.channel) };
  }
  return link;
}

export function failure(source: WifiSource, reason: string, warnings: string[] = []): WifiParseFailure {
  return { ok: false, source, code: 'WIFI_OUTPUT_UNPARSEABLE', reason, warnings };
}

export function emptyLink(interfaceName: string | null = null): LinkInfo {
  return {
    interfaceName,
    state: 'unknown',
    ssidHex: null,
    ssid: null,
    bssid: null,
    signalDbm: null,
    signalPercent: null,
    noiseDbm: null,
    frequencyMhz: null,
    channel: null,
    band: null,
    standard: null,
    security: null,
    channelWidthMhz: null,
    txRateMbps: null,
    rxRateMbps: null,
    profile: null,
    mloLinks: [],
  };
}
