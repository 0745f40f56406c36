/**
 * Opens the hotspot cache: a real SQLite file in WAL mode, migrated on `user_version`
 * inside one transaction per step. Two failure rules, from experience of desktop apps in
 * the field:
 *  - a database written by a *newer* Roamdesk is refused, untouched, with a clear error
 *    (downgrading must not destroy what the newer version wrote);
 *  - a *corrupt* file is moved aside (kept for support) and the cache rebuilt: a cache is
 *    worth less than a working app.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { RoamdeskError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import { silentLogger } from '../ports/logger.js';
import { cacheMigrations, type Migration } from './migrations.js';

export type CacheDatabase = Database.Database;

export interface OpenCacheOptions {
  logger?: Logger;
  migrations?: readonly Migration[];
  /** Injected for tests; defaults to the wall clock. */
  now?: () => number;
}

export interface OpenedCache {
  db: CacheDatabase;
  /** Where a corrupt database was moved to, when this open had to rebuild. */
  movedAsideTo?: string;
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB']);

export function latestVersion(migrations: readonly Migration[] = cacheMigrations): number {
  return migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
}

export function openCacheDatabase(file: string, options: OpenCacheOptions = {}): OpenedCache {
  const logger = options.logger ?? silentLogger;
  const migrations = options.migrations ?? cacheMigrations;
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return { db: openAndMigrate(file, migrations) };
  } catch (error) {
    if (!isCorruption(error) || file === ':memory:') throw error;
    const movedAsideTo = moveAside(file, options.now?.() ?? Date.now());
    logger.warn('cache database was corrupt; moved aside and rebuilt', { movedAsideTo, reason: (error as Error).message });
    return { db: openAndMigrate(file, migrations), movedAsideTo };
  }
}

function openAndMigrate(file: string, migrations: readonly Migration[]): CacheDatabase {
  let db: CacheDatabase | undefined;
  try {
    db = new Database(file);
    // Before anything writes: even switching to WAL rewrites the header of a newer file.
    refuseNewer(db, migrations, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    migrate(db, migrations, file);
    return db;
  } catch (error) {
    db?.close();
    throw error;
  }
}

function refuseNewer(db: CacheDatabase, migrations: readonly Migration[], label: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new RoamdeskError('DATABASE_FROM_NEWER_VERSION', `${label} has schema version ${current}, but this Roamdesk knows only up to ${latest}.`, {
      hint: 'Update Roamdesk to the version that wrote this database; it was left untouched.',
    });
  }
  return current;
}

export function migrate(db: CacheDatabase, migrations: readonly Migration[], label = 'database'): void {
  const current = refuseNewer(db, migrations, label);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    // One transaction per step: a crash leaves the database at the previous version, intact.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

function isCorruption(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CORRUPTION_CODES.has((error as { code?: string }).code ?? '');
}

function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  return target;
}
