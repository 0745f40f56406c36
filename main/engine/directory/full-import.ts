/**
 * A full directory replaces the installed one: staged into shadow tables in transactions
 * of `batchRows` records, checked as a whole (record count, references, the payload hash
 * once more), then swapped in by one short transaction (shadow-tables.ts).
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { CacheDatabase } from '../cache/database.js';
import { malformed, parseRecord, type DirectoryHeader, type HotspotRow, type ProviderRow, type SiteRow } from './directory-format.js';
import { payloadLines } from './directory-file.js';
import { signatureInvalid } from './directory-signature.js';
import { refreshHistorySites, writeInstalled } from './directory-state.js';
import { createShadows, dropLeftovers, swapInShadows } from './shadow-tables.js';
import type { SyncContext } from './sync-context.js';

/** Line number in the file of payload line `index` (0-based): header and signature come first. */
const fileLine = (index: number) => index + 3;

export async function importFull(db: CacheDatabase, handle: FileHandle, payloadOffset: number, header: DirectoryHeader, ctx: SyncContext): Promise<void> {
  dropLeftovers(db);
  createShadows(db);
  try {
    await stageAndSwap(db, handle, payloadOffset, header, ctx);
  } catch (error) {
    // The live directory was never touched; the shadows are scrap.
    dropLeftovers(db);
    throw error;
  }
  ctx.progress({ phase: 'cleanup', done: header.records, total: header.records });
  dropLeftovers(db); // the retired tables; a kill here leaves them for the next sync to drop
}

async function stageAndSwap(db: CacheDatabase, handle: FileHandle, payloadOffset: number, header: DirectoryHeader, ctx: SyncContext): Promise<void> {
  const insertProvider = db.prepare('INSERT INTO directory_providers__next (id, key, name, realm_prefix) VALUES (?, ?, ?, ?)');
  const insertSite = db.prepare('INSERT INTO directory_sites__next (id, name, kind, lat_e6, lon_e6) VALUES (?, ?, ?, ?, ?)');
  const insertSiteBox = db.prepare('INSERT INTO directory_sites_rtree__next (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, ?, ?, ?)');
  const insertHotspot = db.prepare('INSERT INTO directory_hotspots__next VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // Per-site and per-provider totals, summed here so no pass over millions of rows is needed after.
  const siteTotals = new Map<number, [hotspots: number, attempts: number, successes: number]>();
  const providerTotals = new Map<number, number>();
  const siteIds = new Set<number>();
  const providerIds = new Set<number>();

  const addProvider = (row: ProviderRow) => {
    insertProvider.run(row.id, row.key, row.name, row.realmPrefix);
    providerIds.add(row.id);
  };
  const addSite = (row: SiteRow) => {
    insertSite.run(row.id, row.name, row.kind, row.latE6, row.lonE6);
    insertSiteBox.run(row.id, row.latE6 / 1e6, row.latE6 / 1e6, row.lonE6 / 1e6, row.lonE6 / 1e6);
    siteIds.add(row.id);
  };
  const addHotspot = (r: HotspotRow) => {
    insertHotspot.run(r.bssid, r.ssid, r.providerId, r.siteId, r.latE6, r.lonE6, r.auth, r.realmPrefix, r.venueKind, r.standard, r.band, r.crowdAttempts, r.crowdSuccesses, r.crowdThroughputDmbps);
    providerTotals.set(r.providerId, (providerTotals.get(r.providerId) ?? 0) + 1);
    if (r.siteId !== null) {
      const totals = siteTotals.get(r.siteId);
      if (totals) {
        totals[0] += 1;
        totals[1] += r.crowdAttempts;
        totals[2] += r.crowdSuccesses;
      } else siteTotals.set(r.siteId, [1, r.crowdAttempts, r.crowdSuccesses]);
    }
  };

  const hash = createHash('sha256');
  let index = 0;
  for await (const lines of payloadLines(handle, payloadOffset, ctx.batchRows, hash)) {
    const stageBatch = db.transaction(() => {
      for (const line of lines) {
        const record = parseRecord(line, fileLine(index), 'full');
        try {
          if (record.type === 'hotspot') addHotspot(record.row);
          else if (record.type === 'site') addSite(record.row);
          else if (record.type === 'provider') addProvider(record.row);
        } catch (error) {
          if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw malformed(`line ${fileLine(index)}: the same id or BSSID appears twice`, error);
          throw error;
        }
        index += 1;
      }
    });
    stageBatch();
    ctx.progress({ phase: 'stage', done: index, total: header.records });
    await ctx.betweenBatches();
  }

  if (index !== header.records) throw malformed(`the directory declares ${header.records} records but holds ${index}`);
  // The file was verified before staging; hash it again as staged, so a file swapped
  // underneath between the two reads cannot slip in.
  if (hash.digest('hex') !== header.payloadSha256) throw signatureInvalid('the directory changed while it was being imported');
  for (const id of providerTotals.keys()) if (!providerIds.has(id)) throw malformed(`a hotspot names provider ${id}, which the directory does not list`);
  for (const id of siteTotals.keys()) if (!siteIds.has(id)) throw malformed(`a hotspot names site ${id}, which the directory does not list`);

  await writeTotals(db, siteTotals, providerTotals, header.tiles as Array<[number, number]>, ctx);

  ctx.progress({ phase: 'swap', done: header.records, total: header.records });
  swapInShadows(db, () => {
    writeInstalled(db, { directoryId: header.directoryId, version: header.version, createdAt: header.createdAt, keyId: header.keyId, appliedAt: ctx.clock.now() });
    refreshHistorySites(db);
  });
  ctx.progress({ phase: 'swapped', done: header.records, total: header.records });
}

async function writeTotals(
  db: CacheDatabase,
  siteTotals: Map<number, [number, number, number]>,
  providerTotals: Map<number, number>,
  tiles: Array<[number, number]>,
  ctx: SyncContext,
): Promise<void> {
  const updateSite = db.prepare('UPDATE directory_sites__next SET hotspots = ?, crowd_attempts = ?, crowd_successes = ? WHERE id = ?');
  const updateProvider = db.prepare('UPDATE directory_providers__next SET hotspots = ? WHERE id = ?');
  const insertTile = db.prepare('INSERT INTO directory_tiles__next (tile, version) VALUES (?, ?)');
  const sites = [...siteTotals];
  for (let start = 0; start < sites.length; start += ctx.batchRows) {
    db.transaction(() => {
      for (const [id, [hotspots, attempts, successes]] of sites.slice(start, start + ctx.batchRows)) updateSite.run(hotspots, attempts, successes, id);
    })();
    await ctx.betweenBatches();
  }
  db.transaction(() => {
    for (const [id, hotspots] of providerTotals) updateProvider.run(hotspots, id);
    for (const [tile, version] of tiles) insertTile.run(tile, version);
  })();
}
