/**
 * One small async database port for both dialects. SQL is written once, with `?`
 * placeholders and portable types (TEXT, BIGINT, INTEGER); the PostgreSQL adapter rewrites
 * placeholders to $1..$n and returns BIGINT as a JS number (all values fit: ms timestamps, byte sizes).
 * No `?` may appear inside SQL string literals.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Param = string | number | null;
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  all<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: Param[]): Promise<T | undefined>;
  run(sql: string, params?: Param[]): Promise<{ changes: number }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return {
    dialect: 'sqlite',
    all: async <T extends Row>(sql: string, params: Param[] = []) => sqlite.prepare(sql).all(...params) as T[],
    get: async <T extends Row>(sql: string, params: Param[] = []) => sqlite.prepare(sql).get(...params) as T | undefined,
    run: async (sql, params = []) => ({ changes: sqlite.prepare(sql).run(...params).changes }),
    exec: async (sql) => {
      sqlite.exec(sql);
    },
    close: async () => {
      sqlite.close();
    },
  };
}

/** The part of `pg` the relay uses (so the relay needs no @types/pg). */
interface PgPool {
  query(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface PgModule {
  Pool: new (config: Record<string, unknown>) => PgPool;
  types: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
}

export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgres(url: string): Promise<Db> {
  const specifier = 'pg';
  let pg: PgModule;
  try {
    const mod = (await import(specifier)) as { default?: PgModule } & PgModule;
    pg = mod.default ?? mod;
  } catch (error) {
    throw new Error('PostgreSQL support needs the npm package `pg` (npm install pg@8).', { cause: error });
  }
  const INT8 = 20;
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) },
  });
  pool.on('error', () => {
    // idle client errors (server restart) surface on the next query
  });
  return {
    dialect: 'postgres',
    all: async <T extends Row>(sql: string, params: Param[] = []) => (await pool.query(toPgPlaceholders(sql), params)).rows as T[],
    get: async <T extends Row>(sql: string, params: Param[] = []) => (await pool.query(toPgPlaceholders(sql), params)).rows[0] as T | undefined,
    run: async (sql, params = []) => ({ changes: (await pool.query(toPgPlaceholders(sql), params)).rowCount ?? 0 }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
