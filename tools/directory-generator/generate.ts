/**
 * Writes a full directory and, optionally, a delta against it, from a seed. The full file
 * lists hotspots in ascending BSSID order (the importer's fastest case, and what a
 * directory service would emit); every tile starts at version 1 and a delta moves the
 * tiles it touches to version 2.
 */
import type { KeyObject } from 'node:crypto';
import { DirectoryWriter, type HotspotRecord, type TombstoneRecord } from './directory-writer.js';
import { buildWorld, hotspotRecord, providerRecords, siteRecord, sitesInBssidOrder, tileOf, tilesOf, bssidText, type World } from './model.js';
import { loadAirports, loadCities, type Place } from './places.js';
import { draw } from './random.js';

export interface GenerateOptions {
  seed: number;
  hotspots: number;
  privateKey: KeyObject;
  directoryId?: string;
  version?: number;
  createdAt?: string;
}

export interface GeneratedWorld {
  world: World;
  cities: Place[];
  airports: Place[];
}

export function buildGeneratedWorld(seed: number, hotspots: number): GeneratedWorld {
  const cities = loadCities();
  const airports = loadAirports();
  return { world: buildWorld(seed, hotspots, cities, airports), cities, airports };
}

export function writeFullDirectory(file: string, g: GeneratedWorld, options: GenerateOptions): { records: number; sites: number; tiles: number } {
  const { world, cities, airports } = g;
  const tiles = tilesOf(world);
  const writer = new DirectoryWriter(file, {
    kind: 'full',
    directoryId: options.directoryId ?? 'synthetic',
    version: options.version ?? 1,
    createdAt: options.createdAt ?? '2026-01-01T00:00:00.000Z',
    tiles: tiles.map((tile) => [tile, 1] as [number, number]),
    privateKey: options.privateKey,
  });
  for (const provider of providerRecords()) writer.write(provider);
  for (let s = 0; s < world.siteCount; s++) writer.write(siteRecord(world, s, cities, airports));
  for (const s of sitesInBssidOrder(world)) for (let ordinal = 0; ordinal < world.siteCount_[s]!; ordinal++) writer.write(hotspotRecord(world, s, ordinal));
  const header = writer.close();
  return { records: header.records, sites: world.siteCount, tiles: tiles.length };
}

export interface DeltaOptions extends GenerateOptions {
  /** How many hotspot changes: ~70% updates, ~15% tombstones, ~15% new BSSIDs. */
  changes: number;
  /** The version of the base directory (the delta leads to base + 1). */
  baseVersion?: number;
}

export function writeDeltaDirectory(file: string, g: GeneratedWorld, options: DeltaOptions): { records: number; updates: number; tombstones: number; additions: number; tiles: number } {
  const { world } = g;
  // Prefix sums of BSSIDs per site, to turn a random hotspot number into (site, ordinal).
  const starts = new Float64Array(world.siteCount + 1);
  for (let s = 0; s < world.siteCount; s++) starts[s + 1] = starts[s]! + world.siteCount_[s]!;
  const locate = (g_: number): [number, number] => {
    let lo = 0;
    let hi = world.siteCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= g_) lo = mid;
      else hi = mid - 1;
    }
    return [lo, g_ - starts[lo]!];
  };
  const seed = options.seed ^ 0x5a5a5a5a;
  const touched = new Set<number>();
  const taken = new Set<number>();
  const ouiNext = Uint32Array.from(world.ouiNext);
  const changes: Array<HotspotRecord | TombstoneRecord> = [];
  let updates = 0;
  let tombstones = 0;
  let additions = 0;
  for (let k = 0; k < options.changes; k++) {
    let target = Math.floor(draw(seed, 1, k) * world.hotspots);
    for (let retry = 1; taken.has(target); retry++) target = Math.floor(draw(seed, 1, k, retry) * world.hotspots);
    taken.add(target);
    const [s, ordinal] = locate(target);
    touched.add(tileOf(world.siteLat[s]!, world.siteLon[s]!));
    const op = draw(seed, 2, k);
    if (op < 0.7) {
      changes.push(hotspotRecord(world, s, ordinal, 1));
      updates += 1;
    } else if (op < 0.85) {
      changes.push(['-H', bssidText(world.siteOui[s]!, world.siteNicBase[s]! + ordinal)]);
      tombstones += 1;
    } else {
      // A new AP radio at the same site, with the vendor's next free MAC.
      const oui = world.siteOui[s]!;
      changes.push(hotspotRecord(world, s, ordinal, 2, ouiNext[oui]!++));
      void oui;
      additions += 1;
    }
  }
  const baseVersion = options.baseVersion ?? options.version ?? 1;
  const writer = new DirectoryWriter(file, {
    kind: 'delta',
    directoryId: options.directoryId ?? 'synthetic',
    version: baseVersion + 1,
    createdAt: options.createdAt ?? '2026-02-01T00:00:00.000Z',
    tiles: [...touched].sort((a, b) => a - b).map((tile) => [tile, 1, 2] as [number, number, number]),
    privateKey: options.privateKey,
  });
  for (const change of changes) writer.write(change);
  const header = writer.close();
  return { records: header.records, updates, tombstones, additions, tiles: touched.size };
}
