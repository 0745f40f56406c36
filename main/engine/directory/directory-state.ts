/**
 * What directory is installed: its id, serial version and per-tile versions. Read by sync
 * to decide whether a file fits, and written only inside sync's final transaction.
 */
import type { CacheDatabase } from '../cache/database.js';

export interface InstalledDirectory {
  directoryId: string;
  version: number;
  createdAt: string;
  keyId: string;
  appliedAt: number;
}

export function installedDirectory(db: CacheDatabase): InstalledDirectory | null {
  const row = db.prepare('SELECT directory_id, version, created_at, key_id, applied_at FROM directory_meta WHERE id = 1').get() as
    | { directory_id: string; version: number; created_at: string; key_id: string; applied_at: number }
    | undefined;
  return row ? { directoryId: row.directory_id, version: row.version, createdAt: row.created_at, keyId: row.key_id, appliedAt: row.applied_at } : null;
}

export function writeInstalled(db: CacheDatabase, installed: InstalledDirectory): void {
  db.prepare(
    `INSERT INTO directory_meta (id, directory_id, version, created_at, key_id, applied_at) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET directory_id = excluded.directory_id, version = excluded.version,
       created_at = excluded.created_at, key_id = excluded.key_id, applied_at = excluded.applied_at`,
  ).run(installed.directoryId, installed.version, installed.createdAt, installed.keyId, installed.appliedAt);
}

export function tileVersions(db: CacheDatabase): Map<number, number> {
  const rows = db.prepare('SELECT tile, version FROM directory_tiles').raw().all() as Array<[number, number]>;
  return new Map(rows);
}

/** Own history names the directory's site of each BSSID; re-point it after the directory changed. */
export function refreshHistorySites(db: CacheDatabase): void {
  db.exec('UPDATE bssid_history SET site_id = (SELECT h.site_id FROM directory_hotspots h WHERE h.bssid = bssid_history.bssid)');
}
