/**
 * The cache schema, as an ordered list of migrations keyed on SQLite's `user_version`.
 * Append only: a migration that has shipped is never edited, because databases in the
 * field have already run it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const cacheMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'connection attempts',
    sql: `
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        ssid_hex TEXT NOT NULL,
        ssid TEXT NOT NULL,
        bssid TEXT NOT NULL,
        provider_id TEXT,
        outcome TEXT CHECK (outcome IN ('online', 'failed', 'cancelled')),
        error_code TEXT,
        time_to_online_ms INTEGER,
        stages TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE INDEX attempts_by_bssid ON attempts (bssid, started_at);
    `,
  },
];
