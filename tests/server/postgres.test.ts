/**
 * The same relay behaviour on PostgreSQL (a throw-away cluster started for this file), plus the
 * one-migrations-set check for both dialects.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPostgres, openSqlite, type Db } from '../../server/src/db/db.js';
import { migrate, migrations } from '../../server/src/db/migrations.js';
import { startPostgres, type PgLab } from './pg-lab.js';
import { defineRelaySuite } from './relay-suite.js';

let lab: PgLab | undefined;
let labError: unknown;

// A start-up failure is thrown by every test (fail, never skip).
beforeAll(async () => {
  try {
    lab = await startPostgres();
  } catch (error) {
    labError = error;
  }
}, 60_000);

afterAll(async () => {
  await lab?.stop();
}, 30_000);

async function freshDb(): Promise<Db> {
  if (!lab) throw labError instanceof Error ? labError : new Error(`PostgreSQL did not start: ${String(labError)}`);
  return openPostgres(await lab.newDatabase());
}

describe('migrations', () => {
  test('one migrations set applies to SQLite and PostgreSQL, once', async () => {
    for (const db of [openSqlite(':memory:'), await freshDb()]) {
      expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      const versions = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((v) => Number(v.version))).toEqual(migrations.map((m) => m.version));
      // BIGINT round-trips as a JS number in both dialects.
      await db.run("INSERT INTO relay_meta (key, value) VALUES ('k', 'v')");
      await db.run("INSERT INTO relay_meta (key, value) VALUES ('k', 'w') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
      expect(await db.get('SELECT value FROM relay_meta WHERE key = ?', ['k'])).toEqual({ value: 'w' });
      const t = await db.get<{ applied_at: unknown }>('SELECT applied_at FROM schema_migrations');
      expect(typeof t?.applied_at).toBe('number');
      await db.close();
    }
  });
});

defineRelaySuite('postgres', freshDb);
