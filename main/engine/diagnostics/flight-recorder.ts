/**
 * The flight recorder: a bounded in-memory ring of recent debug events, and snapshots of it
 * taken to disk when a failure signature shows up, so the evidence of a failure is there
 * when the person gets round to asking for help.
 *
 *  - Events are redacted (logging/redact.ts) before they enter the ring; the ring is bounded
 *    by the bytes of its entries (JSON length), not only by their count: the oldest go first.
 *  - Signatures: a portal timeout, an 802.1X reject, no IP address, DNS hijack, and four
 *    failed attempts in a row. Each triggers one snapshot (a cooldown per signature stops a
 *    storm), with the caller's diagnostics attached when it gives a collector.
 *  - Snapshots are owner-only files (0600) in an owner-only folder (0700), written to a
 *    temporary name, flushed and renamed into place: a crash mid-write leaves at most a
 *    `.tmp-` file, which is never listed and is swept at the next start. The folder's total
 *    size is bounded; the oldest snapshots are evicted first.
 *  - Snapshots wait in a queue (list / get / delete) until sent or expired (TTL).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import type { ConnectionState } from '../../../preload/contract.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { redactText, redactValue } from '../logging/redact.js';
import { DiagnosticsError } from './diagnostics-error.js';

export const FlightEvent = z.object({
  /** ISO time the event was recorded. */
  at: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  /** Where it came from: connection, portal, eap, dns, … */
  source: z.string(),
  message: z.string(),
  /** A stable code when the event is an outcome (PORTAL_SIGN_IN_TIMEOUT, EAP_WRONG_PASSWORD, …). */
  code: z.string().optional(),
  /** For attempt outcomes: whether the attempt ended online or failed (drives "4 in a row"). */
  outcome: z.enum(['succeeded', 'failed']).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type FlightEvent = z.infer<typeof FlightEvent>;
export type FlightEventInput = Omit<FlightEvent, 'at'> & { at?: string };

export const FailureSignature = z.enum(['portal-timeout', 'eap-reject', 'no-ip', 'dns-hijack', 'repeated-failures']);
export type FailureSignature = z.infer<typeof FailureSignature>;

/** What a snapshot is about: shared by the file on disk and the queue's listing of it. */
const SnapshotHead = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  signature: FailureSignature,
  code: z.string().nullable(),
  message: z.string(),
});

export const SnapshotSummary = SnapshotHead.extend({ bytes: z.number().int().nonnegative() });
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const Snapshot = SnapshotHead.extend({
  version: z.literal(1),
  events: z.array(FlightEvent),
  /** What the collector returned (a DiagnosticsReport in the product), or null. */
  diagnostics: z.unknown().nullable(),
  /** Set when the collector failed or timed out: why there are no diagnostics. */
  diagnosticsError: z.string().nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export interface FlightRecorderOptions {
  /** The snapshot folder (created 0700). */
  dir: string;
  clock: Clock;
  logger?: Logger;
  /** Bytes of events kept in memory (default 256 KiB). */
  maxRingBytes?: number;
  /** One event larger than this is cut down (default 8 KiB). */
  maxEventBytes?: number;
  /** Total bytes of snapshots on disk (default 10 MiB); oldest evicted first. */
  maxDiskBytes?: number;
  /** How long a snapshot waits to be sent (default 7 days). */
  ttlMs?: number;
  /** No second snapshot for the same signature within this time (default 60 s). */
  cooldownMs?: number;
  /** Failed attempts in a row that count as a signature (default 4). */
  consecutiveFailures?: number;
  /** Runs the diagnostics to attach to a snapshot (bounded by collectTimeoutMs). */
  collectDiagnostics?: (signature: FailureSignature) => Promise<unknown>;
  collectTimeoutMs?: number;
  /** For tests of crash safety: runs after the temporary file is written, before it is renamed. */
  beforeCommit?: (tempPath: string) => Promise<void>;
}

const SNAPSHOT_NAME = /^snap-[0-9a-z-]+\.json$/;
const TEMP_PREFIX = '.tmp-';

/** Which signature an event shows, if any. */
export function signatureOf(event: Pick<FlightEvent, 'code' | 'source'>): FailureSignature | undefined {
  const code = event.code ?? '';
  if (code === 'PORTAL_SIGN_IN_TIMEOUT' || code === 'PORTAL_PENDING_TIMEOUT' || (event.source === 'portal' && /TIMEOUT/.test(code))) return 'portal-timeout';
  if (/^EAP_/.test(code) && !/^EAP_(PROFILE|CONFIG|RENDER|CERTIFICATE_INVALID|SERVER_VALIDATION)/.test(code)) return 'eap-reject';
  if (code === 'NO_IP_ADDRESS' || code === 'DHCP_TIMEOUT' || code === 'NO_GATEWAY') return 'no-ip';
  if (code === 'DNS_HIJACKED') return 'dns-hijack';
  return undefined;
}

export class FlightRecorder {
  private readonly ring: Array<{ event: FlightEvent; bytes: number }> = [];
  private ringBytes = 0;
  private failuresInARow = 0;
  private readonly lastSnapshotAt = new Map<FailureSignature, number>();
  private ready: Promise<void> | undefined;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly opts: Required<Pick<FlightRecorderOptions, 'maxRingBytes' | 'maxEventBytes' | 'maxDiskBytes' | 'ttlMs' | 'cooldownMs' | 'consecutiveFailures' | 'collectTimeoutMs'>>;

  constructor(private readonly options: FlightRecorderOptions) {
    this.opts = {
      maxRingBytes: options.maxRingBytes ?? 256 * 1024,
      maxEventBytes: options.maxEventBytes ?? 8 * 1024,
      maxDiskBytes: options.maxDiskBytes ?? 10 * 1024 * 1024,
      ttlMs: options.ttlMs ?? 7 * 24 * 60 * 60 * 1000,
      cooldownMs: options.cooldownMs ?? 60_000,
      consecutiveFailures: options.consecutiveFailures ?? 4,
      collectTimeoutMs: options.collectTimeoutMs ?? 120_000,
    };
  }

  /**
   * Records one event (redacted first). When it completes a failure signature, a snapshot
   * is taken in the background; `idle()` waits for it.
   */
  record(input: FlightEventInput): void {
    const event = this.redacted(input);
    this.push(event);
    const signature = this.detect(event);
    if (signature) this.pending = this.pending.then(() => this.snapshotNow(signature, event).catch((error: unknown) => this.options.logger?.warn('flight recorder snapshot failed', { reason: (error as Error).message })));
  }

  /** Records a connection state change as events: attempt outcomes, with their codes. */
  recordConnection(state: ConnectionState): void {
    if (state.phase === 'failed' && state.error) {
      this.record({ level: 'warn', source: 'connection', message: `attempt failed: ${state.error.message}`, code: state.error.code, outcome: 'failed', fields: { attemptId: state.attemptId, bssid: state.network?.bssid, stages: state.timeline.map((s) => `${s.stage}:${s.status}`) } });
    } else if (state.phase === 'online') {
      this.record({ level: 'info', source: 'connection', message: 'online', outcome: 'succeeded', fields: { attemptId: state.attemptId, bssid: state.network?.bssid } });
    } else {
      this.record({ level: 'debug', source: 'connection', message: `phase ${state.phase}`, fields: { attemptId: state.attemptId } });
    }
  }

  /** The events in the ring, oldest first. */
  events(): FlightEvent[] {
    return this.ring.map((entry) => structuredClone(entry.event));
  }

  ringSize(): { events: number; bytes: number } {
    return { events: this.ring.length, bytes: this.ringBytes };
  }

  /** Waits for snapshots started by record() to be on disk. */
  async idle(): Promise<void> {
    await this.pending;
  }

  /** Takes a snapshot now (also what signatures call), returns its summary. */
  async snapshotNow(signature: FailureSignature, trigger?: Pick<FlightEvent, 'code' | 'message'>): Promise<SnapshotSummary> {
    await this.prepare();
    const now = this.options.clock.now();
    this.lastSnapshotAt.set(signature, now);
    const id = `snap-${new Date(now).toISOString().replace(/[:.]/g, '-').toLowerCase()}-${randomBytes(4).toString('hex')}`;
    let diagnostics: unknown = null;
    let diagnosticsError: string | null = null;
    if (this.options.collectDiagnostics) {
      try {
        diagnostics = await Promise.race([
          this.options.collectDiagnostics(signature),
          new Promise((_, reject) => setTimeout(() => reject(new Error(`diagnostics did not finish within ${this.opts.collectTimeoutMs} ms`)), this.opts.collectTimeoutMs).unref()),
        ]);
        diagnostics = redactValue(diagnostics, -20);
      } catch (error) {
        diagnosticsError = redactText((error as Error).message ?? String(error));
        diagnostics = null;
      }
    }
    const snapshot: Snapshot = {
      version: 1,
      id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.opts.ttlMs).toISOString(),
      signature,
      code: trigger?.code ?? null,
      message: trigger?.message ?? signature,
      events: this.events(),
      diagnostics,
      diagnosticsError,
    };
    let body = JSON.stringify(snapshot);
    // Too large for the folder on its own: drop the oldest events until it fits.
    while (Buffer.byteLength(body) > this.opts.maxDiskBytes && snapshot.events.length > 0) {
      snapshot.events.splice(0, Math.max(1, Math.ceil(snapshot.events.length / 4)));
      body = JSON.stringify(snapshot);
    }
    if (Buffer.byteLength(body) > this.opts.maxDiskBytes) throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_TOO_LARGE', `The snapshot needs ${Buffer.byteLength(body)} bytes; snapshots may use ${this.opts.maxDiskBytes}.`);
    await this.writeAtomically(`${id}.json`, body);
    await this.enforceBudget(id);
    this.options.logger?.info('flight recorder snapshot saved', { id, signature, code: snapshot.code });
    return summaryOf(snapshot, Buffer.byteLength(body));
  }

  /** Snapshots waiting to be sent, oldest first (expired ones are deleted on the way). */
  async list(): Promise<SnapshotSummary[]> {
    await this.prepare();
    const now = this.options.clock.now();
    const result: SnapshotSummary[] = [];
    for (const name of await this.snapshotFiles()) {
      const snapshot = await this.read(name).catch(() => undefined);
      if (!snapshot) continue;
      if (Date.parse(snapshot.snapshot.expiresAt) <= now) {
        await fs.rm(path.join(this.options.dir, name), { force: true });
        continue;
      }
      result.push(summaryOf(snapshot.snapshot, snapshot.bytes));
    }
    return result.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<Snapshot> {
    await this.prepare();
    const name = this.nameOf(id);
    const found = await this.read(name).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_NOT_FOUND', `No snapshot "${id}" is waiting.`);
      throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_UNREADABLE', `Snapshot "${id}" could not be read.`, { cause: error });
    });
    if (Date.parse(found.snapshot.expiresAt) <= this.options.clock.now()) {
      await fs.rm(path.join(this.options.dir, name), { force: true });
      throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_NOT_FOUND', `Snapshot "${id}" has expired.`);
    }
    return found.snapshot;
  }

  /** Removes a snapshot (sent, or the person declined); false when it was not there. */
  async delete(id: string): Promise<boolean> {
    await this.prepare();
    try {
      await fs.rm(path.join(this.options.dir, this.nameOf(id)));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private redacted(input: FlightEventInput): FlightEvent {
    const at = input.at ?? new Date(this.options.clock.now()).toISOString();
    const event: FlightEvent = {
      at,
      level: input.level,
      source: redactText(input.source),
      message: redactText(input.message),
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.fields !== undefined ? { fields: redactValue(input.fields) as Record<string, unknown> } : {}),
    };
    const bytes = Buffer.byteLength(JSON.stringify(event));
    if (bytes <= this.opts.maxEventBytes) return event;
    // Too big for one entry: keep what identifies it, drop the fields, cut the message.
    const { fields: _dropped, ...rest } = event;
    return { ...rest, message: `${rest.message.slice(0, Math.max(0, this.opts.maxEventBytes - 512))} [cut: event was ${bytes} bytes]` };
  }

  private push(event: FlightEvent): void {
    const bytes = Buffer.byteLength(JSON.stringify(event));
    this.ring.push({ event, bytes });
    this.ringBytes += bytes;
    while (this.ringBytes > this.opts.maxRingBytes && this.ring.length > 1) this.ringBytes -= this.ring.shift()!.bytes;
  }

  private detect(event: FlightEvent): FailureSignature | undefined {
    let signature = signatureOf(event);
    if (event.outcome === 'failed') {
      this.failuresInARow += 1;
      if (!signature && this.failuresInARow >= this.opts.consecutiveFailures) signature = 'repeated-failures';
      if (signature === 'repeated-failures') this.failuresInARow = 0;
    } else if (event.outcome === 'succeeded') {
      this.failuresInARow = 0;
    }
    if (!signature) return undefined;
    const last = this.lastSnapshotAt.get(signature);
    if (last !== undefined && this.options.clock.now() - last < this.opts.cooldownMs) return undefined;
    this.lastSnapshotAt.set(signature, this.options.clock.now());
    return signature;
  }

  /** Creates the folder owner-only and sweeps what a crash left behind (temp files). */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await fs.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') await fs.chmod(this.options.dir, 0o700);
      for (const name of await fs.readdir(this.options.dir)) {
        if (name.startsWith(TEMP_PREFIX)) await fs.rm(path.join(this.options.dir, name), { force: true });
      }
    })();
    return this.ready;
  }

  private async writeAtomically(name: string, body: string): Promise<void> {
    const finalPath = path.join(this.options.dir, name);
    const tempPath = path.join(this.options.dir, `${TEMP_PREFIX}${name}-${randomBytes(4).toString('hex')}`);
    try {
      const handle = await fs.open(tempPath, 'wx', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.options.beforeCommit?.(tempPath);
      await fs.rename(tempPath, finalPath);
    } catch (error) {
      await fs.rm(tempPath, { force: true }).catch(() => undefined);
      throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_WRITE_FAILED', `The snapshot could not be saved (${(error as Error).message}).`, { cause: error });
    }
  }

  /** Keeps the folder within its byte budget: oldest snapshots out first, never the one just written. */
  private async enforceBudget(keepId: string): Promise<void> {
    const entries = await Promise.all(
      (await this.snapshotFiles()).map(async (name) => {
        const stat = await fs.stat(path.join(this.options.dir, name)).catch(() => undefined);
        return stat ? { name, bytes: stat.size, mtime: stat.mtimeMs } : undefined;
      }),
    );
    const files = entries.filter((entry): entry is { name: string; bytes: number; mtime: number } => entry !== undefined).sort((a, b) => a.name.localeCompare(b.name));
    let total = files.reduce((sum, file) => sum + file.bytes, 0);
    for (const file of files) {
      if (total <= this.opts.maxDiskBytes) break;
      if (file.name === `${keepId}.json`) continue;
      await fs.rm(path.join(this.options.dir, file.name), { force: true });
      total -= file.bytes;
    }
  }

  private async snapshotFiles(): Promise<string[]> {
    return (await fs.readdir(this.options.dir)).filter((name) => SNAPSHOT_NAME.test(name));
  }

  private nameOf(id: string): string {
    const name = `${id}.json`;
    if (!SNAPSHOT_NAME.test(name)) throw new DiagnosticsError('DIAGNOSTICS_SNAPSHOT_NOT_FOUND', `"${id}" is not a snapshot id.`);
    return name;
  }

  private async read(name: string): Promise<{ snapshot: Snapshot; bytes: number }> {
    const text = await fs.readFile(path.join(this.options.dir, name), 'utf8');
    return { snapshot: Snapshot.parse(JSON.parse(text)), bytes: Buffer.byteLength(text) };
  }
}

function summaryOf(snapshot: Snapshot, bytes: number): SnapshotSummary {
  return { id: snapshot.id, createdAt: snapshot.createdAt, expiresAt: snapshot.expiresAt, signature: snapshot.signature, code: snapshot.code, message: snapshot.message, bytes };
}
