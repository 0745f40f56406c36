/**
 * The offline queue: a case (and its bundle) waits here until the relay can be reached, and
 * survives the app quitting. One SQLite file (WAL) at a path the caller gives, with its own
 * `user_version` migrations; queued bundles are copied beside it (`<file>.bundles/`) so the
 * bundle builder may delete its temp file.
 *
 * Sending an item is a short series of steps, each recorded before the next starts:
 *   pending → (POST /v1/cases, Idempotency-Key = item key) → case-created
 *           → (POST /v1/uploads, Idempotency-Key = key + ":bundle") → uploading
 *           → (PUT chunks, resumable) → sent
 * A crash at any point resumes at the recorded step, and the idempotency keys make the
 * relay answer a replayed step with what it already did — so no case is filed twice.
 * A relay that refuses an item for good (4xx other than auth) marks it `rejected`, kept
 * with the reason for support; nothing is deleted silently.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import { SupportError, isSupportError } from '../support-error.js';
import { type BundleDigest, digestFile, uploadBundle } from './bundle-upload.js';
import { type OutboxMigration, outboxMigrations } from './outbox-migrations.js';
import type { RelayClient } from './relay-client.js';
import { NewCase, type NewCaseInput } from './relay-schemas.js';

export type OutboxState = 'pending' | 'case-created' | 'uploading' | 'sent' | 'rejected';

export interface OutboxItem {
  key: string;
  queuedAt: string;
  state: OutboxState;
  subject: string;
  severity: string;
  caseId: string | null;
  uploadId: string | null;
  bundle: { name: string; size: number; sha256: string } | null;
  attempts: number;
  lastError: { code: string; message: string } | null;
}

export interface FlushReport {
  sent: Array<{ key: string; caseId: string; uploadId: string | null }>;
  /** Items that stay queued (the relay was unreachable or failed); tried again on the next flush. */
  deferred: Array<{ key: string; code: string }>;
  /** Items the relay refused for good. */
  rejected: Array<{ key: string; code: string; message: string }>;
  remaining: number;
}

export interface FlushOptions {
  signal?: AbortSignal;
  /** Bytes of a queued bundle the relay holds, as the upload goes on. */
  onProgress?: (key: string, progress: { sent: number; size: number }) => void;
}

export interface SupportOutboxOptions {
  clock?: Clock;
  logger?: Logger;
  /** Chunk size and retry settings handed to the bundle upload. */
  upload?: { chunkBytes?: number; maxAttempts?: number; retryDelayMs?: number };
}

interface Row {
  key: string;
  seq: number;
  queued_at: number;
  case_json: string;
  bundle_path: string | null;
  bundle_name: string | null;
  bundle_size: number | null;
  bundle_sha256: string | null;
  state: OutboxState;
  case_id: string | null;
  upload_id: string | null;
  attempts: number;
  last_error_code: string | null;
  last_error_message: string | null;
}

export class SupportOutbox {
  private readonly db: Database.Database;
  private readonly bundleDir: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private flushing: Promise<FlushReport> | undefined;

  private constructor(
    readonly file: string,
    db: Database.Database,
    private readonly options: SupportOutboxOptions,
  ) {
    this.db = db;
    this.bundleDir = `${file}.bundles`;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  static open(file: string, options: SupportOutboxOptions = {}): SupportOutbox {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      const current = db.pragma('user_version', { simple: true }) as number;
      const latest = outboxMigrations.reduce((max, migration) => Math.max(max, migration.version), 0);
      if (current > latest) {
        throw new SupportError('SUPPORT_QUEUE_FROM_NEWER_VERSION', `${file} has schema version ${current}; this Roamdesk knows up to ${latest}.`, {
          hint: 'Update Roamdesk; the queue was left untouched.',
        });
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db, outboxMigrations);
      return new SupportOutbox(file, db, options);
    } catch (error) {
      db?.close();
      if (isSupportError(error)) throw error;
      throw new SupportError('SUPPORT_QUEUE_UNAVAILABLE', undefined, { cause: error });
    }
  }

  close(): void {
    this.db.close();
  }

  /** Queues a case (and optionally its bundle file, which is copied). Returns the item with its idempotency key. */
  async enqueue(input: { case: NewCaseInput; bundle?: { path: string; name?: string } }): Promise<OutboxItem> {
    const parsed = NewCase.safeParse(input.case);
    if (!parsed.success) throw new SupportError('SUPPORT_CASE_INVALID', `The support case is not valid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}.`);
    const key = randomUUID();
    let bundle: { path: string; name: string; digest: BundleDigest } | undefined;
    if (input.bundle) {
      const digest = await digestFile(input.bundle.path);
      if (digest.size === 0) throw new SupportError('SUPPORT_BUNDLE_EMPTY');
      mkdirSync(this.bundleDir, { recursive: true, mode: 0o700 });
      const kept = path.join(this.bundleDir, `${key}.bin`);
      copyFileSync(input.bundle.path, kept);
      const copied = await digestFile(kept);
      if (copied.sha256 !== digest.sha256) throw new SupportError('SUPPORT_BUNDLE_NOT_FOUND', 'The diagnostic bundle changed while it was being queued.');
      bundle = { path: kept, name: input.bundle.name ?? path.basename(input.bundle.path), digest };
    }
    const now = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO outbox (key, seq, queued_at, case_json, bundle_path, bundle_name, bundle_size, bundle_sha256, state, updated_at)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox), ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      )
      .run(key, now, JSON.stringify(parsed.data), bundle?.path ?? null, bundle?.name ?? null, bundle?.digest.size ?? null, bundle?.digest.sha256 ?? null, now);
    return this.get(key)!;
  }

  get(key: string): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as Row | undefined;
    return row ? toItem(row) : undefined;
  }

  /** Everything in the queue, oldest first (sent items included until pruned). */
  list(options: { includeSent?: boolean } = {}): OutboxItem[] {
    const rows = this.db.prepare(`SELECT * FROM outbox ${options.includeSent ? '' : "WHERE state NOT IN ('sent')"} ORDER BY seq`).all() as Row[];
    return rows.map(toItem);
  }

  /** Items still to send. */
  pendingCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'case-created', 'uploading')").get() as { n: number }).n;
  }

  /** Forgets sent items older than `olderThanMs`. */
  prune(olderThanMs = 30 * 24 * 3600 * 1000): number {
    return this.db.prepare("DELETE FROM outbox WHERE state = 'sent' AND updated_at < ?").run(this.clock.now() - olderThanMs).changes;
  }

  /**
   * Sends what is queued, oldest first. Concurrent calls share one run. Stops at the first
   * item the relay cannot take right now (unreachable or failing), so order is kept.
   */
  flush(client: RelayClient, options: FlushOptions = {}): Promise<FlushReport> {
    this.flushing ??= this.runFlush(client, options).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async runFlush(client: RelayClient, options: FlushOptions): Promise<FlushReport> {
    const report: FlushReport = { sent: [], deferred: [], rejected: [], remaining: 0 };
    const rows = this.db.prepare("SELECT * FROM outbox WHERE state IN ('pending', 'case-created', 'uploading') ORDER BY seq").all() as Row[];
    for (const row of rows) {
      if (options.signal?.aborted) break;
      try {
        const sent = await this.send(client, row, options.signal, options.onProgress);
        report.sent.push(sent);
      } catch (error) {
        const code = isSupportError(error) ? error.supportCode : 'INTERNAL';
        const message = error instanceof Error ? error.message : String(error);
        const retryable = !isSupportError(error) || error.retryable || error.supportCode === 'SUPPORT_CREDENTIAL_REJECTED' || error.supportCode === 'SUPPORT_NOT_ACTIVATED';
        this.db
          .prepare('UPDATE outbox SET attempts = attempts + 1, last_error_code = ?, last_error_message = ?, state = CASE WHEN ? THEN state ELSE ? END, updated_at = ? WHERE key = ?')
          .run(code, message, retryable ? 1 : 0, 'rejected', this.clock.now(), row.key);
        this.logger.warn('support outbox: item not sent', { key: row.key, code, retryable });
        if (retryable) {
          report.deferred.push({ key: row.key, code });
          break;
        }
        report.rejected.push({ key: row.key, code, message });
      }
    }
    report.remaining = this.pendingCount();
    return report;
  }

  private async send(client: RelayClient, row: Row, signal: AbortSignal | undefined, onProgress: FlushOptions['onProgress']): Promise<{ key: string; caseId: string; uploadId: string | null }> {
    const signalOption = signal ? { signal } : {};
    let caseId = row.case_id;
    if (caseId === null) {
      const created = await client.createCase(JSON.parse(row.case_json) as NewCaseInput, { idempotencyKey: row.key, ...signalOption });
      caseId = created.id;
      this.update(row.key, { state: row.bundle_path ? 'case-created' : 'sent', case_id: caseId });
      if (!row.bundle_path) return { key: row.key, caseId, uploadId: null };
    }
    if (!row.bundle_path || row.bundle_size === null || row.bundle_sha256 === null) {
      this.update(row.key, { state: 'sent' });
      return { key: row.key, caseId, uploadId: null };
    }
    if (!existsSync(row.bundle_path)) throw new SupportError('SUPPORT_BUNDLE_NOT_FOUND', 'The queued diagnostic bundle is missing from disk.');
    const result = await uploadBundle(client, {
      caseId,
      file: row.bundle_path,
      ...(row.bundle_name !== null ? { fileName: row.bundle_name } : {}),
      idempotencyKey: `${row.key}:bundle`,
      ...(row.upload_id !== null ? { uploadId: row.upload_id } : {}),
      digest: { size: row.bundle_size, sha256: row.bundle_sha256 },
      ...this.options.upload,
      onUploadId: (uploadId) => this.update(row.key, { state: 'uploading', upload_id: uploadId }),
      ...(onProgress ? { onProgress: (progress: { sent: number; size: number }) => onProgress(row.key, progress) } : {}),
      ...signalOption,
    });
    this.update(row.key, { state: 'sent', upload_id: result.uploadId });
    rmSync(row.bundle_path, { force: true });
    return { key: row.key, caseId, uploadId: result.uploadId };
  }

  private update(key: string, fields: { state: OutboxState; case_id?: string; upload_id?: string }): void {
    this.db
      .prepare('UPDATE outbox SET state = ?, case_id = COALESCE(?, case_id), upload_id = COALESCE(?, upload_id), last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE key = ?')
      .run(fields.state, fields.case_id ?? null, fields.upload_id ?? null, this.clock.now(), key);
  }
}

function migrate(db: Database.Database, migrations: readonly OutboxMigration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function toItem(row: Row): OutboxItem {
  const parsed = JSON.parse(row.case_json) as { subject?: string; severity?: string };
  return {
    key: row.key,
    queuedAt: new Date(row.queued_at).toISOString(),
    state: row.state,
    subject: parsed.subject ?? '',
    severity: parsed.severity ?? '',
    caseId: row.case_id,
    uploadId: row.upload_id,
    bundle: row.bundle_name !== null && row.bundle_size !== null && row.bundle_sha256 !== null ? { name: row.bundle_name, size: row.bundle_size, sha256: row.bundle_sha256 } : null,
    attempts: row.attempts,
    lastError: row.last_error_code !== null ? { code: row.last_error_code, message: row.last_error_message ?? '' } : null,
  };
}
