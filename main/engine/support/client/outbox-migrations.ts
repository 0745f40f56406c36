/**
 * Schema of the support outbox (its own small SQLite file, not the hotspot cache), as
 * migrations keyed on `user_version`. Append only: a shipped migration is never edited.
 */
export interface OutboxMigration {
  version: number;
  name: string;
  sql: string;
}

export const outboxMigrations: readonly OutboxMigration[] = [
  {
    version: 1,
    name: 'queued cases and their bundles',
    sql: `
      CREATE TABLE outbox (
        -- Client-generated; sent as Idempotency-Key so a replay never makes a second case.
        key TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        queued_at INTEGER NOT NULL,
        case_json TEXT NOT NULL,
        bundle_path TEXT,
        bundle_name TEXT,
        bundle_size INTEGER,
        bundle_sha256 TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'case-created', 'uploading', 'sent', 'rejected')),
        case_id TEXT,
        upload_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error_code TEXT,
        last_error_message TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_by_state ON outbox (state, seq);
    `,
  },
];
