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
  {
    version: 2,
    name: 'hotspot directory',
    // The signed directory, replaced as a set by directory sync (main/engine/directory/).
    // Sizes were measured (docs/benchmarks/cache.md), not guessed:
    //  - a BSSID is its 48-bit integer and the table's rowid: no second index, and about
    //    half the bytes of the text form in a WITHOUT ROWID table;
    //  - the SSID is stored as its raw bytes (a BLOB), half the size of hex;
    //  - coordinates are integer microdegrees (4 bytes each, ~0.1 m) instead of 8-byte REALs;
    //  - enums (auth, standard, band) are small integers (main/engine/cache/enum-codes.ts);
    //  - realm prefix and venue kind are usually inherited from the provider and the site,
    //    so a hotspot row carries them only when it differs (NULL costs no payload byte).
    // No secondary index on these tables: sync swaps them by renaming (indexes would keep
    // their old names), and no lookup needs one. Sites carry their hotspots' crowd totals
    // so site-level quality is one row read, not a scan of the site's APs.
    sql: `
      CREATE TABLE directory_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        directory_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        key_id TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE directory_tiles (
        tile INTEGER PRIMARY KEY,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE directory_providers (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        realm_prefix TEXT,
        hotspots INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE directory_sites (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        lat_e6 INTEGER NOT NULL,
        lon_e6 INTEGER NOT NULL,
        hotspots INTEGER NOT NULL DEFAULT 0,
        crowd_attempts INTEGER NOT NULL DEFAULT 0,
        crowd_successes INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE VIRTUAL TABLE directory_sites_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
      CREATE TABLE directory_hotspots (
        bssid INTEGER PRIMARY KEY,
        ssid BLOB NOT NULL,
        provider_id INTEGER NOT NULL,
        site_id INTEGER,
        lat_e6 INTEGER,
        lon_e6 INTEGER,
        auth INTEGER NOT NULL,
        realm_prefix TEXT,
        venue_kind TEXT,
        standard INTEGER,
        band INTEGER,
        crowd_attempts INTEGER NOT NULL,
        crowd_successes INTEGER NOT NULL,
        crowd_throughput_dmbps INTEGER
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'own observations, habits and blocklist',
    // What this device saw and did. Observations are the raw record (pruned by retention);
    // bssid_history is their running summary, so the selector reads one row per BSSID, and
    // it is rebuilt from observations whenever retention prunes them. Its site_id is the
    // directory's site for that BSSID, kept current by directory sync, so own outcomes
    // pool across a site's APs through one indexed read.
    sql: `
      CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        bssid INTEGER NOT NULL,
        observed_at INTEGER NOT NULL,
        signal_dbm INTEGER,
        throughput_mbps REAL,
        outcome TEXT CHECK (outcome IN ('online', 'failed')),
        time_to_online_ms INTEGER
      ) STRICT;
      CREATE INDEX observations_by_bssid ON observations (bssid, observed_at);
      CREATE INDEX observations_by_time ON observations (observed_at);
      CREATE TABLE bssid_history (
        bssid INTEGER PRIMARY KEY,
        site_id INTEGER,
        attempts INTEGER NOT NULL,
        successes INTEGER NOT NULL,
        consecutive_failures INTEGER NOT NULL,
        last_attempt_at INTEGER,
        last_success_at INTEGER,
        throughput_sum_mbps REAL NOT NULL,
        throughput_samples INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX bssid_history_by_site ON bssid_history (site_id);
      CREATE TABLE habits (
        ssid_hex TEXT PRIMARY KEY,
        uses INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL,
        online_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE blocklist (
        bssid INTEGER PRIMARY KEY,
        streak INTEGER NOT NULL,
        blocked_until INTEGER NOT NULL,
        signal_at_block_dbm INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX attempts_by_start ON attempts (started_at);
    `,
  },
  {
    version: 4,
    name: 'usage sessions',
    // One row per stretch online, for the usage report support and billing ask for. Open
    // while online (ended_at NULL); closed with the byte counts when the session ends.
    sql: `
      CREATE TABLE usage_sessions (
        id INTEGER PRIMARY KEY,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        ssid TEXT NOT NULL,
        bssid TEXT NOT NULL,
        provider_id TEXT,
        mac TEXT,
        ip TEXT,
        bytes_up INTEGER,
        bytes_down INTEGER
      ) STRICT;
      CREATE INDEX usage_sessions_by_start ON usage_sessions (started_at);
    `,
  },
  {
    version: 5,
    name: 'installed enterprise Wi-Fi profiles',
    // The 802.1X profiles this device holds (model as JSON: method, identities, CA
    // certificates, server names, SSIDs, helpdesk). Passwords are in the secret store,
    // never here.
    sql: `
      CREATE TABLE eap_profiles (
        id TEXT PRIMARY KEY,
        profile_json TEXT NOT NULL,
        username TEXT,
        installed_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];
