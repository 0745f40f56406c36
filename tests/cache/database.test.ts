import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { latestVersion, openCacheDatabase } from '../../main/engine/cache/database.js';
import { cacheMigrations, type Migration } from '../../main/engine/cache/migrations.js';
import { RoamdeskError } from '../../main/engine/errors.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { tempDir } from '../support/temp-dir.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
}

function recordingLogger(): Logger & { warnings: Array<{ message: string; fields?: Record<string, unknown> }> } {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  return { warnings, error() {}, info() {}, debug() {}, warn: (message, fields) => void warnings.push(fields ? { message, fields } : { message }) };
}

describe('openCacheDatabase', () => {
  test('a new file is in WAL mode and migrated to the latest version', () => {
    const file = path.join(tempDir(), 'nested', 'hotspots.sqlite');
    const { db, movedAsideTo } = openCacheDatabase(file);
    try {
      expect(movedAsideTo).toBeUndefined();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(latestVersion()).toBe(Math.max(...cacheMigrations.map((m) => m.version)));
      expect(tableNames(db)).toContain('attempts');
    } finally {
      db.close();
    }
    expect(existsSync(file)).toBe(true);
  });

  test('reopening an up-to-date file runs no migration again', () => {
    const file = path.join(tempDir(), 'hotspots.sqlite');
    const counting: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY); INSERT INTO one DEFAULT VALUES;' }];
    openCacheDatabase(file, { migrations: counting }).db.close();
    // Running the migration twice would fail (table exists) or insert a second row.
    const { db } = openCacheDatabase(file, { migrations: counting });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM one').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  test('migrations run in version order, whatever order they are listed in', () => {
    const file = path.join(tempDir(), 'ordered.sqlite');
    const migrations: Migration[] = [
      { version: 3, name: 'third', sql: "INSERT INTO log (step) VALUES ('three');" },
      { version: 1, name: 'first', sql: "CREATE TABLE log (id INTEGER PRIMARY KEY, step TEXT NOT NULL); INSERT INTO log (step) VALUES ('one');" },
      { version: 2, name: 'second', sql: "INSERT INTO log (step) VALUES ('two');" },
    ];
    const { db } = openCacheDatabase(file, { migrations });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare('SELECT step FROM log ORDER BY id').pluck().all()).toEqual(['one', 'two', 'three']);
    } finally {
      db.close();
    }
  });

  test('only the pending migrations run on an older file', () => {
    const file = path.join(tempDir(), 'older.sqlite');
    const v1: Migration = { version: 1, name: 'first', sql: "CREATE TABLE log (step TEXT); INSERT INTO log VALUES ('one');" };
    openCacheDatabase(file, { migrations: [v1] }).db.close();
    const { db } = openCacheDatabase(file, { migrations: [v1, { version: 2, name: 'second', sql: "INSERT INTO log VALUES ('two');" }] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT step FROM log').pluck().all()).toEqual(['one', 'two']);
    } finally {
      db.close();
    }
  });

  test('a failing migration is rolled back as a whole and leaves the previous version intact', () => {
    const file = path.join(tempDir(), 'broken-migration.sqlite');
    const migrations: Migration[] = [
      { version: 1, name: 'good', sql: "CREATE TABLE kept (value TEXT); INSERT INTO kept VALUES ('from v1');" },
      // The first statement works; the second is not SQL. Neither may remain.
      { version: 2, name: 'bad', sql: 'CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;' },
    ];
    let thrown: unknown;
    try {
      openCacheDatabase(file, { migrations }).db.close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/syntax error/i);
    // Not corruption: the file must not have been moved aside.
    expect(readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'))).toEqual([]);

    const raw = new Database(file);
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(tableNames(raw)).toEqual(['kept']);
      expect(raw.prepare('SELECT value FROM kept').pluck().all()).toEqual(['from v1']);
    } finally {
      raw.close();
    }
  });

  test.each([
    ['rollback journal', false],
    ['WAL', true],
  ])('a database from a newer Roamdesk (%s) is refused and left byte for byte untouched', (_label, wal) => {
    const dir = tempDir();
    const file = path.join(dir, 'newer.sqlite');
    const newer = new Database(file);
    if (wal) newer.pragma('journal_mode = WAL');
    newer.exec("CREATE TABLE future_things (what TEXT); INSERT INTO future_things VALUES ('precious');");
    newer.pragma(`user_version = ${latestVersion() + 5}`);
    newer.close();
    const before = sha256(file);

    let thrown: unknown;
    try {
      openCacheDatabase(file).db.close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RoamdeskError);
    expect((thrown as RoamdeskError).code).toBe('DATABASE_FROM_NEWER_VERSION');
    expect((thrown as RoamdeskError).message).toContain(String(latestVersion() + 5));
    expect((thrown as RoamdeskError).hint).toMatch(/update roamdesk/i);

    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).filter((name) => !name.endsWith('-wal') && !name.endsWith('-shm'))).toEqual(['newer.sqlite']);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(latestVersion() + 5);
      expect(raw.prepare('SELECT what FROM future_things').pluck().all()).toEqual(['precious']);
    } finally {
      raw.close();
    }
  });

  test('a corrupt file is moved aside, kept as it was, and a fresh working cache is opened', () => {
    const dir = tempDir();
    const file = path.join(dir, 'hotspots.sqlite');
    const garbage = randomBytes(8192);
    writeFileSync(file, garbage);
    const logger = recordingLogger();
    const stamp = Date.UTC(2026, 2, 1, 12, 30, 15, 250);

    const { db, movedAsideTo } = openCacheDatabase(file, { logger, now: () => stamp });
    try {
      expect(movedAsideTo).toBe(`${file}.corrupt-2026-03-01T12-30-15-250Z`);
      expect(existsSync(movedAsideTo!)).toBe(true);
      expect(readFileSync(movedAsideTo!).equals(garbage)).toBe(true);

      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      db.prepare("INSERT INTO attempts (started_at, ssid_hex, ssid, bssid) VALUES ('t', '61', 'a', '02:00:00:00:00:01')").run();
      expect(db.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(1);
      expect(logger.warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/corrupt/), fields: expect.objectContaining({ movedAsideTo }) })]);
    } finally {
      db.close();
    }
  });

  test('a damaged page inside a real database is detected as corruption too', () => {
    const dir = tempDir();
    const file = path.join(dir, 'damaged.sqlite');
    const original = new Database(file);
    original.exec('CREATE TABLE filler (blob BLOB);');
    const insert = original.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run(randomBytes(2000));
    original.close();
    const bytes = readFileSync(file);
    // Keep the 100-byte header valid; overwrite the schema page and what follows.
    randomBytes(bytes.length - 100).copy(bytes, 100);
    writeFileSync(file, bytes);

    const { db, movedAsideTo } = openCacheDatabase(file);
    try {
      expect(movedAsideTo).toMatch(/damaged\.sqlite\.corrupt-/);
      expect(readFileSync(movedAsideTo!).equals(bytes)).toBe(true);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    } finally {
      db.close();
    }
  });

  test(':memory: is migrated too', () => {
    const { db } = openCacheDatabase(':memory:');
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(tableNames(db)).toContain('attempts');
    } finally {
      db.close();
    }
  });
});
