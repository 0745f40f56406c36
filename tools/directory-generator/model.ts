/**
 * The synthetic world behind a generated directory: sites (cafés, hotels, offices, malls,
 * stations, conference centres, libraries, airport terminals) clustered around real cities
 * and airports, each with access points of one vendor (real OUIs, consecutive MACs per AP
 * radio, as deployed hardware has), providers by venue kind, and crowd statistics drawn
 * from a per-site and per-AP quality. Every value is a pure function of (seed, site,
 * ordinal), so the delta generator can rebuild the exact base it changes.
 */
import type { HotspotRecord, ProviderRecord, SiteRecord } from './directory-writer.js';
import type { Place } from './places.js';
import { between, draw, gaussianDraw, pick } from './random.js';

export interface ProviderSpec {
  id: number;
  key: string;
  name: string;
  realm: string | null;
  auth: string;
  ssid: string;
}

export const PROVIDERS: readonly ProviderSpec[] = [
  { id: 1, key: 'aeronet', name: 'AeroNet', realm: 'AERONET/', auth: 'wispr', ssid: 'AeroNet Free WiFi' },
  { id: 2, key: 'railspot', name: 'RailSpot', realm: 'RAILSPOT/', auth: 'web-portal', ssid: 'RailSpot' },
  { id: 3, key: 'citywave', name: 'CityWave', realm: null, auth: 'web-portal', ssid: 'CityWave' },
  { id: 4, key: 'hotellink', name: 'HotelLink', realm: 'HL/', auth: 'web-portal', ssid: 'HotelLink Guest' },
  { id: 5, key: 'officeair', name: 'OfficeAir', realm: 'OFFICEAIR/', auth: '802.1x', ssid: 'OfficeAir' },
  { id: 6, key: 'openroam', name: 'OpenRoam Federation', realm: 'ROAMDESK/', auth: 'passpoint', ssid: 'OpenRoam' },
  { id: 7, key: 'portalnet', name: 'PortalNet', realm: null, auth: 'rfc8908', ssid: 'PortalNet' },
  { id: 8, key: 'independent', name: 'Independent venues', realm: null, auth: 'open', ssid: '' },
];

interface KindSpec {
  kind: string;
  label: string;
  share: number;
  bssids: [number, number];
  /** Spread of the site's APs around its centre, metres. */
  spreadM: number;
  /** Median crowd attempts per BSSID. */
  crowd: number;
  primary: number;
}

const KINDS: readonly KindSpec[] = [
  { kind: 'cafe', label: 'Café', share: 0.42, bssids: [1, 4], spreadM: 15, crowd: 15, primary: 3 },
  { kind: 'hotel', label: 'Hotel', share: 0.2, bssids: [6, 60], spreadM: 60, crowd: 40, primary: 4 },
  { kind: 'office', label: 'Office', share: 0.14, bssids: [4, 40], spreadM: 80, crowd: 25, primary: 5 },
  { kind: 'library', label: 'Library', share: 0.08, bssids: [2, 12], spreadM: 30, crowd: 10, primary: 3 },
  { kind: 'station', label: 'Station', share: 0.06, bssids: [10, 80], spreadM: 200, crowd: 120, primary: 2 },
  { kind: 'mall', label: 'Mall', share: 0.05, bssids: [20, 120], spreadM: 150, crowd: 80, primary: 7 },
  { kind: 'airport', label: 'Terminal', share: 0.03, bssids: [40, 400], spreadM: 600, crowd: 300, primary: 1 },
  { kind: 'conference', label: 'Conference Centre', share: 0.02, bssids: [30, 200], spreadM: 150, crowd: 60, primary: 7 },
];

/** Real vendor OUIs (Aruba, Cisco, Meraki, Ruckus, Ubiquiti, TP-Link, Juniper Mist…), ascending. */
const OUIS = [0x000b86, 0x001a1e, 0x0027e3, 0x003a99, 0x24792a, 0x3c846a, 0x50c7bf, 0x5c5b35, 0x703a0e, 0x881544, 0xd4c19e, 0xf09fc2].sort((a, b) => a - b);

const STREAM = { kind: 1, place: 2, offset: 3, count: 4, oui: 5, radios: 6, quality: 7, provider: 10, auth: 11, standard: 12, crowd: 13, success: 14, tput: 15, jitter: 16, tputNull: 17 } as const;

export interface World {
  seed: number;
  hotspots: number;
  siteCount: number;
  siteKind: Uint8Array;
  siteLat: Float64Array;
  siteLon: Float64Array;
  siteCount_: Uint16Array;
  siteOui: Uint8Array;
  siteNicBase: Uint32Array;
  siteRadios: Uint8Array;
  sitePlace: Uint32Array;
  siteIsAirport: Uint8Array;
  /** Next free NIC number per OUI after the base directory (for additions in a delta). */
  ouiNext: Uint32Array;
}

export const tileOf = (lat: number, lon: number) => (Math.floor(lat) + 90) * 360 + (Math.floor(lon) + 180);
const metresToDegLat = (m: number) => m / 111_320;
const metresToDegLon = (m: number, lat: number) => m / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.05));
const clampLat = (lat: number) => Math.max(-89.999, Math.min(89.999, lat));
const wrapLon = (lon: number) => (lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function buildWorld(seed: number, hotspots: number, cities: readonly Place[], airports: readonly Place[]): World {
  const cityWeights = new Float64Array(cities.length);
  let sum = 0;
  cities.forEach((city, i) => (cityWeights[i] = sum += city.weight ** 0.9));
  const kindWeights = new Float64Array(KINDS.length);
  sum = 0;
  KINDS.forEach((kind, i) => (kindWeights[i] = sum += kind.share));

  const capacity = Math.ceil(hotspots / 10) + 16; // sites average ~26 BSSIDs; grown if needed
  let w = allocate(capacity);
  const ouiNext = new Uint32Array(OUIS.length);
  let total = 0;
  let s = 0;
  while (total < hotspots) {
    if (s >= w.kind.length) w = grow(w);
    const k = pick(kindWeights, draw(seed, STREAM.kind, s));
    const spec = KINDS[k]!;
    const airport = spec.kind === 'airport';
    const placeIndex = airport ? Math.floor(draw(seed, STREAM.place, s) * airports.length) : pick(cityWeights, draw(seed, STREAM.place, s));
    const place = airport ? airports[placeIndex]! : cities[placeIndex]!;
    // Sites spread wider around bigger cities; airport terminals sit on the airfield.
    const spreadM = airport ? 800 : Math.min(15_000, Math.max(800, 1_500 * Math.sqrt(place.weight / 1e6)));
    const lat = clampLat(place.lat + metresToDegLat(gaussianDraw(seed, STREAM.offset, s, 0) * spreadM));
    const lon = wrapLon(place.lon + metresToDegLon(gaussianDraw(seed, STREAM.offset, s, 1) * spreadM, place.lat));
    const count = Math.min(between(draw(seed, STREAM.count, s), spec.bssids[0], spec.bssids[1]), hotspots - total);
    const oui = Math.floor(draw(seed, STREAM.oui, s) * OUIS.length);
    const r = draw(seed, STREAM.radios, s);
    w.kind[s] = k;
    w.lat[s] = round6(lat);
    w.lon[s] = round6(lon);
    w.count[s] = count;
    w.oui[s] = oui;
    w.nicBase[s] = ouiNext[oui]!;
    w.radios[s] = r < 0.15 ? 1 : r < 0.85 ? 2 : 3;
    w.place[s] = placeIndex;
    w.airport[s] = airport ? 1 : 0;
    ouiNext[oui]! += count;
    total += count;
    s += 1;
  }
  return {
    seed,
    hotspots,
    siteCount: s,
    siteKind: w.kind,
    siteLat: w.lat,
    siteLon: w.lon,
    siteCount_: w.count,
    siteOui: w.oui,
    siteNicBase: w.nicBase,
    siteRadios: w.radios,
    sitePlace: w.place,
    siteIsAirport: w.airport,
    ouiNext,
  };
}

function allocate(n: number) {
  return {
    kind: new Uint8Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    count: new Uint16Array(n),
    oui: new Uint8Array(n),
    nicBase: new Uint32Array(n),
    radios: new Uint8Array(n),
    place: new Uint32Array(n),
    airport: new Uint8Array(n),
  };
}

function grow(w: ReturnType<typeof allocate>): ReturnType<typeof allocate> {
  const bigger = allocate(w.kind.length * 2);
  for (const key of Object.keys(w) as Array<keyof typeof w>) (bigger[key] as Uint8Array).set(w[key] as Uint8Array);
  return bigger;
}

export const siteIdOf = (s: number) => s + 1;

export function providerRecords(): ProviderRecord[] {
  return PROVIDERS.map((p) => ['P', p.id, p.key, p.name, p.realm]);
}

export function siteRecord(world: World, s: number, cities: readonly Place[], airports: readonly Place[]): SiteRecord {
  const spec = KINDS[world.siteKind[s]!]!;
  const place = world.siteIsAirport[s] ? airports[world.sitePlace[s]!]! : cities[world.sitePlace[s]!]!;
  return ['S', siteIdOf(s), `${place.name} ${spec.label} ${siteIdOf(s)}`, spec.kind, world.siteLat[s]!, world.siteLon[s]!];
}

export function bssidText(oui: number, nic: number): string {
  const value = OUIS[oui]! * 0x1000000 + (nic & 0xffffff);
  return value
    .toString(16)
    .padStart(12, '0')
    .match(/../g)!
    .join(':');
}

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/**
 * The BSSID at `ordinal` of site `s`. `bump` > 0 redraws the crowd statistics as they
 * would read later (a delta's update): more attempts, same underlying quality.
 */
export function hotspotRecord(world: World, s: number, ordinal: number, bump = 0, nicOverride?: number): HotspotRecord {
  const seed = world.seed;
  const spec = KINDS[world.siteKind[s]!]!;
  const radios = world.siteRadios[s]!;
  const ap = Math.floor(ordinal / radios);
  const radio = ordinal % radios;
  const key = siteIdOf(s) * 4096 + ap; // per-AP draws: both radios of an AP agree
  const u = draw(seed, STREAM.provider, key);
  const venueOwn = spec.kind === 'cafe' ? 0.6 : spec.kind === 'hotel' || spec.kind === 'library' ? 0.3 : 0.05;
  const provider = u < venueOwn ? PROVIDERS[7]! : u < venueOwn + 0.15 ? PROVIDERS[5]! : PROVIDERS[spec.primary - 1]!;
  const independent = provider.key === 'independent';
  const ua = draw(seed, STREAM.auth, key);
  const auth = independent ? (ua < 0.4 ? 'open' : ua < 0.75 ? 'web-portal' : 'psk') : provider.auth;
  const ssid = independent ? `${spec.label} ${siteIdOf(s)} Guest` : provider.ssid;
  const band = radio === 0 ? '2.4GHz' : radio === 1 ? '5GHz' : '6GHz';
  const us = draw(seed, STREAM.standard, key, radio);
  const standard = band === '2.4GHz' ? (us < 0.6 ? '802.11n' : '802.11ax') : band === '5GHz' ? (us < 0.45 ? '802.11ac' : us < 0.95 ? '802.11ax' : '802.11be') : us < 0.7 ? '802.11ax' : '802.11be';
  const lat = clampLat(world.siteLat[s]! + metresToDegLat(gaussianDraw(seed, STREAM.jitter, key, 0) * spec.spreadM));
  const lon = wrapLon(world.siteLon[s]! + metresToDegLon(gaussianDraw(seed, STREAM.jitter, key, 1) * spec.spreadM, world.siteLat[s]!));
  // Quality: a site-wide level (a good airport is good everywhere) plus per-AP variation.
  const siteQuality = 0.55 + 0.4 * draw(seed, STREAM.quality, siteIdOf(s));
  const quality = Math.min(0.99, Math.max(0.02, siteQuality + 0.15 * gaussianDraw(seed, STREAM.quality, key, 1 + radio)));
  const none = draw(seed, STREAM.crowd, key, 10 + radio) < 0.1;
  let attempts = none ? 0 : Math.min(50_000, Math.floor(Math.exp(Math.log(spec.crowd) + 1.2 * gaussianDraw(seed, STREAM.crowd, key, radio))));
  if (bump > 0) attempts += between(draw(seed, STREAM.crowd, key, 100 + bump), 1, 30);
  const noise = gaussianDraw(seed, STREAM.success, key, radio + 8 * bump) * Math.sqrt(attempts * quality * (1 - quality));
  const successes = Math.max(0, Math.min(attempts, Math.round(attempts * quality + noise)));
  const base = band === '2.4GHz' ? 15 : band === '5GHz' ? 60 : 150;
  const tput = draw(seed, STREAM.tputNull, key, radio) < 0.2 ? null : Math.round(base * (0.3 + 1.2 * draw(seed, STREAM.tput, key, radio)) * 10) / 10;
  const nic = nicOverride ?? world.siteNicBase[s]! + ordinal;
  return ['H', bssidText(world.siteOui[s]!, nic), hex(ssid), provider.id, siteIdOf(s), round6(lat), round6(lon), auth, null, null, standard, band, attempts, successes, tput];
}

/** Sites grouped by OUI in ascending OUI order: iterating them yields BSSIDs in ascending order. */
export function sitesInBssidOrder(world: World): Uint32Array {
  const counts = new Uint32Array(OUIS.length + 1);
  for (let s = 0; s < world.siteCount; s++) counts[world.siteOui[s]! + 1]! += 1;
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  const order = new Uint32Array(world.siteCount);
  for (let s = 0; s < world.siteCount; s++) order[counts[world.siteOui[s]!]!++] = s;
  return order;
}

export function tilesOf(world: World): number[] {
  const tiles = new Set<number>();
  for (let s = 0; s < world.siteCount; s++) tiles.add(tileOf(world.siteLat[s]!, world.siteLon[s]!));
  return [...tiles].sort((a, b) => a - b);
}
