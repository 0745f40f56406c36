/**
 * A full import is built beside the live directory, in shadow tables (`<table>__next`),
 * over many short transactions; one final transaction renames the live set away and the
 * shadows in. Renames are constant-time, so the swap is short however large the import,
 * and a kill at any moment leaves either the old directory or the new one — never a mix.
 * Leftovers of an interrupted sync (`__next` before the swap, `__old` after it) are
 * dropped by the next sync.
 *
 * The shadows are created from the live tables' own DDL in sqlite_master, so the schema
 * stays defined by the migrations alone.
 */
import type { CacheDatabase } from '../cache/database.js';

export const SWAPPED_TABLES = ['directory_providers', 'directory_sites', 'directory_sites_rtree', 'directory_hotspots', 'directory_tiles'] as const;
export type SwappedTable = (typeof SWAPPED_TABLES)[number];

export const shadowName = (table: SwappedTable) => `${table}__next`;
const retiredName = (table: SwappedTable) => `${table}__old`;

function exists(db: CacheDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Drops every `__next` and `__old` table; each drop is its own transaction. Returns what it dropped. */
export function dropLeftovers(db: CacheDatabase): string[] {
  const dropped: string[] = [];
  for (const table of SWAPPED_TABLES)
    for (const name of [shadowName(table), retiredName(table)])
      if (exists(db, name)) {
        db.exec(`DROP TABLE "${name}"`);
        dropped.push(name);
      }
  return dropped;
}

export function createShadows(db: CacheDatabase): void {
  db.transaction(() => {
    for (const table of SWAPPED_TABLES) {
      const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined;
      if (!row) throw new Error(`the cache has no ${table} table`);
      // An index would keep its name through the renames and collide on the next import.
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table);
      if (indexes.length > 0) throw new Error(`${table} has a secondary index; directory sync swaps these tables by renaming and cannot carry one`);
      // After a rename SQLite stores the name quoted: accept either form.
      const ddl = row.sql.replace(/^(CREATE\s+(?:VIRTUAL\s+)?TABLE\s+)("?)(\w+)\2/i, (_m, head: string) => `${head}"${shadowName(table)}"`);
      if (ddl === row.sql) throw new Error(`cannot derive the shadow of ${table} from its DDL`);
      db.exec(ddl);
    }
  })();
}

/** The one short transaction that makes the shadows live. `alsoInside` runs in it, after the renames. */
export function swapInShadows(db: CacheDatabase, alsoInside: () => void): void {
  db.transaction(() => {
    for (const table of SWAPPED_TABLES) {
      db.exec(`ALTER TABLE "${table}" RENAME TO "${retiredName(table)}"`);
      db.exec(`ALTER TABLE "${shadowName(table)}" RENAME TO "${table}"`);
    }
    alsoInside();
  }).immediate();
}
