/**
 * One migrations set for SQLite and PostgreSQL: portable DDL only (TEXT, INTEGER, BIGINT,
 * PRIMARY KEY, UNIQUE, REFERENCES). Append new migrations; never edit an applied one.
 */
import type { Db } from './db.js';

export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE activation_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  platform TEXT,
  app_version TEXT,
  credential_hash TEXT NOT NULL UNIQUE,
  enrolled_via TEXT NOT NULL,
  activation_token_id TEXT REFERENCES activation_tokens(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(id),
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  steps TEXT NOT NULL,
  checklist TEXT NOT NULL,
  status TEXT NOT NULL,
  ticket_id TEXT,
  ticket_url TEXT,
  rating INTEGER,
  rating_comment TEXT,
  sync_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cases_device ON cases(device_id);
CREATE INDEX cases_ticket ON cases(ticket_id);
CREATE TABLE replies (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  external_id TEXT NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (case_id, external_id)
);
CREATE TABLE escalations (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  related_cases TEXT NOT NULL,
  description TEXT NOT NULL,
  progress TEXT NOT NULL,
  impact TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE bundles (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL,
  attached INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  completed_at BIGINT
);
CREATE TABLE log_requests (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  state TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  delivered_at BIGINT,
  expires_at BIGINT NOT NULL,
  answered_at BIGINT,
  bundle_id TEXT REFERENCES bundles(id),
  decline_reason TEXT
);
CREATE INDEX log_requests_device ON log_requests(device_id, state);
CREATE TABLE relay_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'idempotency_keys',
    // POST /v1/cases and POST /v1/cases/{id}/bundles with an Idempotency-Key: the first answer,
    // kept per device for 24 h and replayed for the same key (state 'pending' while it runs).
    sql: `
CREATE TABLE idempotency_keys (
  device_id TEXT NOT NULL REFERENCES devices(id),
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  status INTEGER,
  response TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at);
`,
  },
];

export async function migrate(db: Db): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.exec(`BEGIN;\n${migration.sql}\nINSERT INTO schema_migrations (version, name, applied_at) VALUES (${migration.version}, '${migration.name}', ${Date.now()});\nCOMMIT;`);
    done.push(migration.version);
  }
  return done;
}
