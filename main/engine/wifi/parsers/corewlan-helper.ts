/**
 * The JSON the macOS CoreWLAN helper prints (native/macos/, schema `roamdesk.corewlan/1`),
 * also accepting the shape of wifi-heatmapper's helper it was modelled on (no `schema`, no
 * `ssidHex`/`phyMode` per network). Without Location permission CoreWLAN still returns RSSI,
 * noise, channel, band, width and security, but `ssid`/`bssid` are null → those networks
 * are `incomplete` and `permission` is set.
 */
import { z } from 'zod';
import type { Band, PhyStandard } from '../../../../preload/contract.js';
import { type Observation, bandFromText, collect, excerpt, inferStandard, securityFromText, ssidFields, ssidFieldsFromHex, standardFromText } from './observation.js';
import { type LinkInfo, type WifiParseResult, emptyLink, failure, macosPermission, success } from './parse-result.js';
import { normaliseMac } from './text.js';

const nullableString = z.string().nullable().optional();
const nullableNumber = z.number().nullable().optional();

const NetworkJson = z.object({
  ssid: nullableString,
  ssidHex: nullableString,
  bssid: nullableString,
  rssi: nullableNumber,
  noise: nullableNumber,
  channel: nullableNumber,
  band: z.union([z.number(), z.string()]).nullable().optional(),
  channelWidth: nullableNumber,
  phyMode: nullableString,
  security: nullableString,
  beaconInterval: nullableNumber,
  countryCode: nullableString,
});

const InterfaceJson = NetworkJson.extend({
  name: nullableString,
  powerOn: z.boolean().nullable().optional(),
  associated: z.boolean().nullable().optional(),
  txRate: nullableNumber,
});

export const CorewlanHelperJson = z.object({
  schema: z.string().optional(),
  helperVersion: z.number().optional(),
  command: z.string().optional(),
  locationServicesEnabled: z.boolean().nullable().optional(),
  locationAuthorized: z.boolean().nullable().optional(),
  locationStatus: z.string().nullable().optional(),
  interface: InterfaceJson.nullable().optional(),
  networks: z.array(NetworkJson).optional(),
  cached: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string().optional() }).nullable().optional(),
});
export type CorewlanHelperJson = z.infer<typeof CorewlanHelperJson>;

export const HELPER_SCHEMA = 'roamdesk.corewlan/1';

function bandOf(value: number | string | null | undefined): Band | null {
  if (value === null || value === undefined) return null;
  return bandFromText(value) ?? null;
}

function observe(network: z.infer<typeof NetworkJson>): Observation {
  const ssid = typeof network.ssidHex === 'string' && /^([0-9a-fA-F]{2}){0,32}$/.test(network.ssidHex) ? ssidFieldsFromHex(network.ssidHex) : typeof network.ssid === 'string' && !/redacted/i.test(network.ssid) ? ssidFields(network.ssid) : {};
  const band = bandOf(network.band);
  const width = network.channelWidth ?? null;
  const standard: PhyStandard | null = network.phyMode ? (standardFromText(network.phyMode) ?? null) : band ? inferStandard(band, width) : null;
  return {
    ...ssid,
    bssid: network.bssid ? (normaliseMac(network.bssid) ?? null) : null,
    signalDbm: network.rssi != null && network.rssi < 0 ? network.rssi : null,
    channel: network.channel ?? null,
    band,
    channelWidthMhz: width,
    standard,
    security: network.security ? (securityFromText(network.security) ?? null) : null,
  };
}

/** Reads the helper's JSON; `undefined` with a reason when it is not that JSON. */
export function readHelperJson(text: string): { json: CorewlanHelperJson } | { reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { reason: `not JSON (starts "${excerpt(text, 60)}")` };
  }
  const parsed = CorewlanHelperJson.safeParse(raw);
  if (!parsed.success) return { reason: `not the CoreWLAN helper's JSON: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim() };
  const json = parsed.data;
  if (json.interface === undefined && json.networks === undefined && !json.error) return { reason: 'JSON without "interface", "networks" or "error": not the CoreWLAN helper' };
  return { json };
}

export function parseCorewlanHelper(text: string): WifiParseResult {
  const read = readHelperJson(text);
  if ('reason' in read) return failure('corewlan-helper', read.reason);
  const json = read.json;
  const warnings: string[] = [];
  if (json.schema !== undefined && json.schema !== HELPER_SCHEMA) warnings.push(`unknown helper schema "${json.schema}"; read as ${HELPER_SCHEMA}`);
  if (json.error) warnings.push(`the helper reported ${json.error.code}${json.error.message ? `: ${json.error.message}` : ''}`);
  const observations = (json.networks ?? []).map(observe);
  if (json.networks?.some((network) => !network.phyMode)) warnings.push('PHY standard inferred from band and width (the helper did not report it per network)');
  const { networks, incomplete } = collect(observations);

  const links: LinkInfo[] = [];
  const iface = json.interface;
  if (iface) {
    const seen = observe(iface);
    const link = emptyLink(iface.name ?? null);
    link.state = iface.associated === true ? 'connected' : iface.associated === false ? 'disconnected' : 'unknown';
    Object.assign(link, {
      ssid: seen.ssid ?? null,
      ssidHex: seen.ssidHex ?? null,
      bssid: seen.bssid ?? null,
      signalDbm: seen.signalDbm ?? null,
      noiseDbm: iface.noise != null && iface.noise < 0 ? iface.noise : null,
      channel: seen.channel ?? null,
      band: seen.band ?? null,
      channelWidthMhz: seen.channelWidthMhz ?? null,
      standard: iface.phyMode ? (standardFromText(iface.phyMode) ?? null) : null,
      security: seen.security ?? null,
      txRateMbps: iface.txRate ?? null,
    });
    links.push(link);
  }
  const hidden = incomplete.filter((partial) => partial.missing.includes('bssid') || partial.missing.includes('ssid')).length;
  const linkHidden = links.some((link) => link.state === 'connected' && (link.bssid === null || link.ssidHex === null));
  let permission = null;
  if (json.locationAuthorized === false || json.error?.code === 'locationDenied' || hidden > 0 || linkHidden) {
    const status = json.locationStatus ? ` (Location: ${json.locationStatus}${json.locationServicesEnabled === false ? ', Location Services off' : ''})` : '';
    permission = macosPermission(`CoreWLAN returned ${hidden} networks without SSID/BSSID${status}`);
  }
  const radioOff = iface?.powerOn === false || json.error?.code === 'powerOff';
  return success('corewlan-helper', { networks, incomplete, links, permission, radioOff, warnings });
}
