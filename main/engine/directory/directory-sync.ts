/**
 * Applies a signed directory file to the hotspot cache: a full directory (replaces what is
 * installed) or a delta (moves listed tiles forward). In every case, first and before any
 * row is touched: the header's Ed25519 signature against the pinned keys, then the
 * payload's length and SHA-256 against the signed header. Any failure is a RoamdeskError
 * (DIRECTORY_SIGNATURE_INVALID, DIRECTORY_MALFORMED, DIRECTORY_VERSION_MISMATCH,
 * DIRECTORY_NOT_FOUND) with the installed directory unchanged.
 */
import type { KeyObject } from 'node:crypto';
import type { CacheDatabase } from '../cache/database.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { silentLogger } from '../ports/logger.js';
import { malformed, parseHeader, type DirectoryHeader, type DirectoryKind } from './directory-format.js';
import { hashPayload, openDirectory, readHead } from './directory-file.js';
import { keyIdOf, signatureInvalid, verifyHeaderSignature } from './directory-signature.js';
import { installedDirectory, type InstalledDirectory } from './directory-state.js';
import { applyDelta, checkDeltaBase, readDelta, versionMismatch } from './delta-apply.js';
import { importFull } from './full-import.js';
import { dropLeftovers } from './shadow-tables.js';
import type { SyncContext, SyncProgress } from './sync-context.js';

export interface DirectorySyncOptions {
  /** The pinned public keys (pinned-keys.ts in production; a generated pair in tests). */
  trustedKeys: readonly KeyObject[];
  clock: Clock;
  logger?: Logger;
  /** Records per staging transaction of a full import. */
  batchRows?: number;
  /** A delta larger than this is refused; the service must send a full directory. */
  maxDeltaRecords?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Awaited between staging batches; defaults to yielding the event loop once. */
  betweenBatches?: () => Promise<void>;
}

export interface SyncResult {
  kind: DirectoryKind;
  directoryId: string;
  version: number;
  previousVersion: number | null;
  records: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DirectorySync {
  private readonly ctx: SyncContext;
  private readonly logger: Logger;
  private readonly maxDeltaRecords: number;
  private running = false;

  constructor(
    private readonly db: CacheDatabase,
    private readonly options: DirectorySyncOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.maxDeltaRecords = options.maxDeltaRecords ?? 200_000;
    this.ctx = {
      clock: options.clock,
      batchRows: options.batchRows ?? 10_000,
      progress: (progress) => options.onProgress?.(progress),
      betweenBatches: options.betweenBatches ?? yieldToEventLoop,
    };
  }

  installed(): InstalledDirectory | null {
    return installedDirectory(this.db);
  }

  /** Drops what an interrupted sync left behind (shadow or retired tables). Safe at any time between syncs. */
  recover(): string[] {
    const dropped = dropLeftovers(this.db);
    if (dropped.length > 0) this.logger.info('directory sync: dropped the leftovers of an interrupted sync', { dropped });
    return dropped;
  }

  async apply(file: string): Promise<SyncResult> {
    if (this.running) throw new Error('a directory sync is already running on this cache');
    this.running = true;
    const handle = await openDirectory(file);
    try {
      const { header, payloadOffset } = await this.verify(handle);
      const previousVersion = this.installed()?.version ?? null;
      this.recover();
      if (header.kind === 'full') {
        const installed = this.installed();
        // Never backwards: an old, validly signed directory replayed must not undo a newer one.
        if (installed && header.version < installed.version) {
          throw versionMismatch(`the directory is version ${header.version}, older than the installed version ${installed.version}`);
        }
        await importFull(this.db, handle, payloadOffset, header, this.ctx);
      } else {
        checkDeltaBase(this.db, header); // fail fast, before reading the payload
        const records = await readDelta(handle, payloadOffset, header, this.maxDeltaRecords);
        applyDelta(this.db, header, records, this.ctx);
      }
      this.ctx.progress({ phase: 'done', done: header.records, total: header.records });
      this.logger.info('directory applied', { kind: header.kind, directoryId: header.directoryId, version: header.version, previousVersion, records: header.records });
      return { kind: header.kind, directoryId: header.directoryId, version: header.version, previousVersion, records: header.records };
    } catch (error) {
      this.logger.warn('directory sync refused or failed; the installed directory is unchanged', {
        file,
        code: (error as { code?: string }).code,
        reason: (error as Error).message,
      });
      throw error;
    } finally {
      this.running = false;
      await handle.close();
    }
  }

  /** Signature, header and payload hash: everything that must hold before any row is touched. */
  private async verify(handle: Awaited<ReturnType<typeof openDirectory>>): Promise<{ header: DirectoryHeader; payloadOffset: number }> {
    const head = await readHead(handle);
    const key = verifyHeaderSignature(head.headerLine, head.signatureLine, this.options.trustedKeys);
    const header = parseHeader(head.headerLine.toString('utf8'));
    if (header.keyId !== keyIdOf(key)) throw malformed(`the header names key ${header.keyId}, but key ${keyIdOf(key)} signed it`);
    this.ctx.progress({ phase: 'verify', done: 0, total: header.payloadBytes });
    const { sha256, bytes } = await hashPayload(handle, head.payloadOffset);
    if (bytes !== header.payloadBytes) throw signatureInvalid(`the directory payload is ${bytes} bytes, but ${header.payloadBytes} were signed (truncated or altered)`);
    if (sha256 !== header.payloadSha256) throw signatureInvalid('the directory payload does not match its signed hash (altered)');
    this.ctx.progress({ phase: 'verify', done: bytes, total: header.payloadBytes });
    return { header, payloadOffset: head.payloadOffset };
  }
}
