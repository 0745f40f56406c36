/**
 * A delta moves listed tiles from one version to the next: upserts and tombstones,
 * applied in ONE transaction, so a kill at any moment leaves the base or the result.
 * A delta's size is capped (maxDeltaRecords; above it the service sends a full directory),
 * which bounds that transaction: 10k records apply in well under a second
 * (docs/benchmarks/cache.md). The records are read, hashed and validated in memory first;
 * the transaction starts only when the whole file has checked out.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { RoamdeskError } from '../errors.js';
import type { CacheDatabase } from '../cache/database.js';
import { malformed, parseRecord, type DirectoryHeader, type DirectoryRecord } from './directory-format.js';
import { payloadLines } from './directory-file.js';
import { signatureInvalid } from './directory-signature.js';
import { installedDirectory, refreshHistorySites, tileVersions, writeInstalled } from './directory-state.js';
import type { SyncContext } from './sync-context.js';

export function versionMismatch(message: string): RoamdeskError {
  return new RoamdeskError('DIRECTORY_VERSION_MISMATCH', message, {
    hint: 'Nothing was applied. Fetch the delta for the installed versions, or a full directory.',
  });
}

/** Throws DIRECTORY_VERSION_MISMATCH unless every tile's base is what is installed. */
export function checkDeltaBase(db: CacheDatabase, header: DirectoryHeader): void {
  const installed = installedDirectory(db);
  if (!installed) throw versionMismatch('a delta needs a base directory, and none is installed');
  if (installed.directoryId !== header.directoryId) throw versionMismatch(`the delta is for directory "${header.directoryId}", but "${installed.directoryId}" is installed`);
  if (header.version <= installed.version) throw versionMismatch(`the delta leads to version ${header.version}, but version ${installed.version} is already installed`);
  const tiles = tileVersions(db);
  for (const [tile, from] of header.tiles as Array<[number, number, number]>) {
    const current = tiles.get(tile) ?? 0;
    if (current !== from) throw versionMismatch(`tile ${tile} is at version ${current}, but the delta starts from version ${from}`);
  }
}

export async function readDelta(handle: FileHandle, payloadOffset: number, header: DirectoryHeader, maxRecords: number): Promise<DirectoryRecord[]> {
  if (header.records > maxRecords) throw malformed(`a delta of ${header.records} records exceeds the limit of ${maxRecords}; a full directory is needed`);
  const hash = createHash('sha256');
  const records: DirectoryRecord[] = [];
  const seen = new Set<string>();
  for await (const lines of payloadLines(handle, payloadOffset, 10_000, hash)) {
    for (const line of lines) {
      const lineNumber = records.length + 3;
      if (records.length >= header.records) throw malformed(`the directory declares ${header.records} records but holds more`);
      const record = parseRecord(line, lineNumber, 'delta');
      // One change per entity per delta, so the order of application cannot matter.
      const key = entityKey(record);
      if (seen.has(key)) throw malformed(`line ${lineNumber}: the delta changes the same entry twice`);
      seen.add(key);
      records.push(record);
    }
  }
  if (records.length !== header.records) throw malformed(`the directory declares ${header.records} records but holds ${records.length}`);
  if (hash.digest('hex') !== header.payloadSha256) throw signatureInvalid('the directory changed while it was being read');
  return records;
}

function entityKey(record: DirectoryRecord): string {
  switch (record.type) {
    case 'hotspot':
      return `h${record.row.bssid}`;
    case 'hotspot-tombstone':
      return `h${record.bssid}`;
    case 'site':
    case 'provider':
      return `${record.type[0]}${record.row.id}`;
    case 'site-tombstone':
    case 'provider-tombstone':
      return `${record.type[0]}${record.id}`;
  }
}

export function applyDelta(db: CacheDatabase, header: DirectoryHeader, records: readonly DirectoryRecord[], ctx: SyncContext): void {
  const s = statements(db);
  const total = records.length;
  let done = 0;
  const step = () => {
    done += 1;
    if (done % 1000 === 0) ctx.progress({ phase: 'apply', done, total });
  };
  // Order: providers and sites first (hotspots may point at new ones), hotspots, then the
  // site and provider tombstones, which must find no hotspot left pointing at them.
  const byType = (type: DirectoryRecord['type']) => records.filter((record) => record.type === type);

  db.transaction(() => {
    // Checked again inside the write lock: another process may have synced meanwhile.
    checkDeltaBase(db, header);
    for (const record of byType('provider')) {
      if (record.type !== 'provider') continue;
      s.upsertProvider.run(record.row.id, record.row.key, record.row.name, record.row.realmPrefix);
      step();
    }
    for (const record of byType('site')) {
      if (record.type !== 'site') continue;
      const r = record.row;
      s.upsertSite.run(r.id, r.name, r.kind, r.latE6, r.lonE6);
      s.upsertSiteBox.run(r.id, r.latE6 / 1e6, r.latE6 / 1e6, r.lonE6 / 1e6, r.lonE6 / 1e6);
      step();
    }
    for (const record of byType('hotspot-tombstone')) {
      if (record.type !== 'hotspot-tombstone') continue;
      retire(s, record.bssid);
      s.deleteHotspot.run(record.bssid);
      step();
    }
    for (const record of byType('hotspot')) {
      if (record.type !== 'hotspot') continue;
      const r = record.row;
      retire(s, r.bssid);
      s.upsertHotspot.run(r.bssid, r.ssid, r.providerId, r.siteId, r.latE6, r.lonE6, r.auth, r.realmPrefix, r.venueKind, r.standard, r.band, r.crowdAttempts, r.crowdSuccesses, r.crowdThroughputDmbps);
      if (s.adjustProvider.run(1, r.providerId).changes === 0) throw malformed(`hotspot ${r.bssid.toString(16)} names provider ${r.providerId}, which the directory does not list`);
      if (r.siteId !== null && s.adjustSite.run(1, r.crowdAttempts, r.crowdSuccesses, r.siteId).changes === 0) {
        throw malformed(`hotspot ${r.bssid.toString(16)} names site ${r.siteId}, which the directory does not list`);
      }
      step();
    }
    for (const record of byType('site-tombstone')) {
      if (record.type !== 'site-tombstone') continue;
      const left = s.siteHotspots.get(record.id) as number | undefined;
      if (left !== undefined && left > 0) throw malformed(`site ${record.id} is deleted but ${left} hotspots still belong to it`);
      s.deleteSite.run(record.id);
      s.deleteSiteBox.run(record.id);
      step();
    }
    for (const record of byType('provider-tombstone')) {
      if (record.type !== 'provider-tombstone') continue;
      const left = s.providerHotspots.get(record.id) as number | undefined;
      if (left !== undefined && left > 0) throw malformed(`provider ${record.id} is deleted but ${left} hotspots still belong to it`);
      s.deleteProvider.run(record.id);
      step();
    }
    for (const [tile, , to] of header.tiles as Array<[number, number, number]>) s.setTile.run(tile, to);
    writeInstalled(db, { directoryId: header.directoryId, version: header.version, createdAt: header.createdAt, keyId: header.keyId, appliedAt: ctx.clock.now() });
    refreshHistorySites(db);
  }).immediate();
  ctx.progress({ phase: 'apply', done: total, total });
}

type Statements = ReturnType<typeof statements>;

/** Takes an existing hotspot's contribution off its site's and provider's totals. */
function retire(s: Statements, bssid: number): void {
  const old = s.getHotspot.get(bssid) as { provider_id: number; site_id: number | null; crowd_attempts: number; crowd_successes: number } | undefined;
  if (!old) return;
  s.adjustProvider.run(-1, old.provider_id);
  if (old.site_id !== null) s.adjustSite.run(-1, -old.crowd_attempts, -old.crowd_successes, old.site_id);
}

function statements(db: CacheDatabase) {
  return {
    upsertProvider: db.prepare(
      'INSERT INTO directory_providers (id, key, name, realm_prefix) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET key = excluded.key, name = excluded.name, realm_prefix = excluded.realm_prefix',
    ),
    upsertSite: db.prepare(
      'INSERT INTO directory_sites (id, name, kind, lat_e6, lon_e6) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, lat_e6 = excluded.lat_e6, lon_e6 = excluded.lon_e6',
    ),
    upsertSiteBox: db.prepare('INSERT OR REPLACE INTO directory_sites_rtree (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, ?, ?, ?)'),
    getHotspot: db.prepare('SELECT provider_id, site_id, crowd_attempts, crowd_successes FROM directory_hotspots WHERE bssid = ?'),
    upsertHotspot: db.prepare('INSERT OR REPLACE INTO directory_hotspots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    deleteHotspot: db.prepare('DELETE FROM directory_hotspots WHERE bssid = ?'),
    adjustSite: db.prepare('UPDATE directory_sites SET hotspots = hotspots + ?, crowd_attempts = crowd_attempts + ?, crowd_successes = crowd_successes + ? WHERE id = ?'),
    adjustProvider: db.prepare('UPDATE directory_providers SET hotspots = hotspots + ? WHERE id = ?'),
    siteHotspots: db.prepare('SELECT hotspots FROM directory_sites WHERE id = ?').pluck(),
    providerHotspots: db.prepare('SELECT hotspots FROM directory_providers WHERE id = ?').pluck(),
    deleteSite: db.prepare('DELETE FROM directory_sites WHERE id = ?'),
    deleteSiteBox: db.prepare('DELETE FROM directory_sites_rtree WHERE id = ?'),
    deleteProvider: db.prepare('DELETE FROM directory_providers WHERE id = ?'),
    setTile: db.prepare('INSERT INTO directory_tiles (tile, version) VALUES (?, ?) ON CONFLICT (tile) DO UPDATE SET version = excluded.version'),
  };
}
