/** Helpers for directory tests: a key pair, small hand-made directories, and consistency checks. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import path from 'node:path';
import type { CacheDatabase } from '../../main/engine/cache/database.js';
import { openCacheDatabase } from '../../main/engine/cache/database.js';
import { DirectorySync, type DirectorySyncOptions } from '../../main/engine/directory/directory-sync.js';
import { writeDirectory, type AnyRecord, type DirectoryWriterOptions, type HotspotRecord } from '../../tools/directory-generator/directory-writer.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export const keys = (): KeyPair => generateKeyPairSync('ed25519');

export function openTempCache(): { db: CacheDatabase; file: string; dir: string } {
  const dir = tempDir('roamdesk-dir-');
  const file = path.join(dir, 'hotspots.sqlite');
  return { db: openCacheDatabase(file).db, file, dir };
}

export function syncer(db: CacheDatabase, pair: KeyPair, extra: Partial<DirectorySyncOptions> = {}): DirectorySync {
  return new DirectorySync(db, { trustedKeys: [pair.publicKey], clock: new ManualClock(), betweenBatches: async () => {}, ...extra });
}

export function hotspot(bssid: string, siteId: number | null, providerId = 1, crowd: [number, number] = [10, 8], ssid = 'AeroNet'): HotspotRecord {
  return ['H', bssid, Buffer.from(ssid).toString('hex'), providerId, siteId, 50.0331, 8.5706, 'wispr', null, null, '802.11ax', '5GHz', crowd[0], crowd[1], 87.5];
}

/** A small full directory: two providers, two sites (an airport, a café), five hotspots. */
export function smallFull(): AnyRecord[] {
  return [
    ['P', 1, 'aeronet', 'AeroNet', 'AERONET/'],
    ['P', 2, 'citywave', 'CityWave', null],
    ['S', 10, 'Frankfurt Airport Terminal 1', 'airport', 50.0505, 8.5698],
    ['S', 20, 'Café Hauptwache', 'cafe', 50.1142, 8.6787],
    hotspot('02:00:00:00:0a:01', 10, 1, [100, 90]),
    hotspot('02:00:00:00:0a:02', 10, 1, [50, 20]),
    hotspot('02:00:00:00:0a:03', 10, 1, [0, 0]),
    hotspot('02:00:00:00:14:01', 20, 2, [5, 5], 'CityWave'),
    hotspot('02:00:00:00:ff:01', null, 2, [3, 1], 'CityWave'),
  ];
}

export function fullOptions(pair: KeyPair, over: Partial<DirectoryWriterOptions> = {}): DirectoryWriterOptions {
  return { kind: 'full', directoryId: 'test', version: 1, createdAt: '2026-01-01T00:00:00.000Z', tiles: [[100, 1], [101, 1]], privateKey: pair.privateKey, ...over };
}

export function deltaOptions(pair: KeyPair, over: Partial<DirectoryWriterOptions> = {}): DirectoryWriterOptions {
  return { kind: 'delta', directoryId: 'test', version: 2, createdAt: '2026-02-01T00:00:00.000Z', tiles: [[100, 1, 2]], privateKey: pair.privateKey, ...over };
}

export function writeSmallFull(dir: string, pair: KeyPair, records = smallFull(), over: Partial<DirectoryWriterOptions> = {}): string {
  const file = path.join(dir, `full-${Math.random().toString(36).slice(2)}.rdir`);
  writeDirectory(file, fullOptions(pair, over), records);
  return file;
}

export function writeDelta(dir: string, pair: KeyPair, records: AnyRecord[], over: Partial<DirectoryWriterOptions> = {}): string {
  const file = path.join(dir, `delta-${Math.random().toString(36).slice(2)}.rdir`);
  writeDirectory(file, deltaOptions(pair, over), records);
  return file;
}

/** Everything the directory holds, in a comparable form: equal snapshots mean nothing changed. */
export function snapshot(db: CacheDatabase): string {
  const tables = ['directory_meta', 'directory_tiles', 'directory_providers', 'directory_sites', 'directory_hotspots', 'directory_sites_rtree'];
  return JSON.stringify(tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all()), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
}

/**
 * The invariants sync must keep whatever happens: per-site and per-provider totals equal to
 * a recount, every hotspot's site and provider exist, sites and their R*Tree boxes agree,
 * no shadow or retired table left, SQLite's own integrity check passes.
 */
export function consistencyProblems(db: CacheDatabase, options: { allowLeftovers?: boolean } = {}): string[] {
  const problems: string[] = [];
  const q = (sql: string) => db.prepare(sql).pluck().get() as number;
  if (db.pragma('integrity_check', { simple: true }) !== 'ok') problems.push('integrity_check failed');
  const badSites = q(`SELECT count(*) FROM directory_sites s LEFT JOIN (SELECT site_id, count(*) n, sum(crowd_attempts) a, sum(crowd_successes) c FROM directory_hotspots WHERE site_id IS NOT NULL GROUP BY site_id) t ON t.site_id = s.id
     WHERE s.hotspots != coalesce(t.n, 0) OR s.crowd_attempts != coalesce(t.a, 0) OR s.crowd_successes != coalesce(t.c, 0)`);
  if (badSites > 0) problems.push(`${badSites} sites with wrong totals`);
  const badProviders = q(`SELECT count(*) FROM directory_providers p LEFT JOIN (SELECT provider_id, count(*) n FROM directory_hotspots GROUP BY provider_id) t ON t.provider_id = p.id WHERE p.hotspots != coalesce(t.n, 0)`);
  if (badProviders > 0) problems.push(`${badProviders} providers with wrong totals`);
  const dangling = q('SELECT count(*) FROM directory_hotspots h WHERE NOT EXISTS (SELECT 1 FROM directory_providers p WHERE p.id = h.provider_id) OR (h.site_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM directory_sites s WHERE s.id = h.site_id))');
  if (dangling > 0) problems.push(`${dangling} hotspots point at a missing site or provider`);
  if (q('SELECT count(*) FROM directory_sites') !== q('SELECT count(*) FROM directory_sites_rtree')) problems.push('sites and R*Tree disagree');
  const leftovers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\\_\\_next%' ESCAPE '\\' OR name LIKE '%\\_\\_old%' ESCAPE '\\')").pluck().all();
  if (leftovers.length > 0 && !options.allowLeftovers) problems.push(`leftover tables: ${leftovers.join(', ')}`);
  return problems;
}
