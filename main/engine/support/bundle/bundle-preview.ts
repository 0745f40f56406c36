/**
 * The model of a bundle before it is built: every item with its size after redaction, any
 * item rendered exactly as it will be sent (same redactor, same salt), items the user takes
 * out, and the size cap — oldest logs are left out first, then the oldest lines of the
 * oldest log still in; the manifest says which and how much.
 *
 * previewBundle() reads and redacts every item once — log files on worker threads, one file
 * per core — hashing and counting it and deflating its redacted bytes into the preview's
 * owner-only spool (spool.ts); build() writes the zip, manifest.json first, by copying those
 * deflated bytes, and redacts again only a log that changed on disk since the preview (its
 * change is then in the bundle, and in the manifest's hashes).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BundleError } from './bundle-error.js';
import { type BundleCategory, type BundleConsent, type BundleManifest, type BundleTrigger, BUNDLE_SCHEMA, type ManifestFile, type OmittedItem, bundleTriggerSchema, consentSchema } from './bundle-manifest.js';
import { DEFAULT_CHUNK_BYTES, type ItemSource, type LogFileInput, type MemoryItemInput, fileSource, memorySource } from './bundle-source.js';
import { type BundleOutput, type BundleProgress, type BundleResult, writeBundle } from './bundle-writer.js';
import { type Measurement, type RedactionSetup, type SourceRange, mergeCounts, redactedStream } from './item-redaction.js';
import { Pseudonymizer } from './pseudonymizer.js';
import { DEFAULT_REDACTION_LEVEL, REDACTION_RULES_VERSION, type RedactionCounts, type RedactionLevel, redactionLevelSchema } from './redaction-level.js';
import { DEFAULT_MAX_LINE_BYTES } from './redacting-stream.js';
import { Spool, type SpooledMeasurement, checksumSource, measureToSpool } from './spool.js';
import type { KnownIdentifiers } from './text-redactor.js';
import { type WorkerJob, defaultThreads, defaultWorkerScript, measureInWorkers } from './worker-pool.js';

export const DEFAULT_SIZE_CAP_BYTES = 20 * 1024 * 1024;

export interface BundleRequest {
  /** Log files, oldest trimmed first when the cap bites (by modification time). */
  logs?: readonly (string | LogFileInput)[];
  /** Diagnostics JSON, portal captures, supplicant output, settings… never trimmed, only removed by the user. */
  items?: readonly MemoryItemInput[];
  trigger: BundleTrigger;
  caseId?: string;
  client: { version: string; host?: string; platform?: string; arch?: string; osRelease?: string };
  /** The redaction level; `locked` when policy set it (recorded in the manifest). */
  redaction?: { level: RedactionLevel; locked?: boolean };
  /** Cap on the files' content after redaction, before compression (default 20 MB). */
  sizeCapBytes?: number;
  /** The OS user name, host name…: replaced wherever they appear (standard and strict). */
  known?: KnownIdentifiers;
  /** Tests only: a fixed salt. By default 32 random bytes, never written anywhere. */
  salt?: Uint8Array;
  now?: () => Date;
  maxLineBytes?: number;
  chunkBytes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BundleProgress) => void;
  /** Where the preview's spool directory is made (default: `roamdesk-bundle-spool-<uid>` in the OS temp folder). */
  spoolDir?: string;
  /**
   * Log files are redacted on worker threads (the built `bundle-worker.cjs` beside the engine's
   * bundle) when there are at least `minBytes` of them (default 4 MiB) and 2 threads; `false`
   * redacts on this thread. Tests pass `script` (a worker they built).
   */
  workers?: false | { script?: string; threads?: number; minBytes?: number };
}

/** Below this many bytes of log files, starting worker threads costs more than it saves. */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export type PreviewItemStatus = 'included' | 'trimmed' | 'omitted' | 'removed';

export interface PreviewItem {
  name: string;
  category: BundleCategory;
  source: 'file' | 'memory';
  status: PreviewItemStatus;
  /** Bytes as sent (after redaction; for a trimmed log, of the kept part; 0 when left out). */
  bytes: number;
  /** Bytes after redaction of the whole item. */
  fullBytes: number;
  originalBytes: number;
  modifiedAt: string;
  redactions: RedactionCounts;
}

export interface BuildOptions {
  out: BundleOutput;
  consent: BundleConsent;
  signal?: AbortSignal;
  onProgress?: (progress: BundleProgress) => void;
}

interface Entry {
  source: ItemSource;
  full: SpooledMeasurement;
  removed: boolean;
  /** Set by the plan: what of the item goes in (undefined: left out by the cap). */
  planned: SpooledMeasurement | undefined;
}

/** Deletes a preview's spool when the preview itself is garbage-collected (dropped without dispose()). */
const spoolsOfDroppedPreviews = new FinalizationRegistry<Spool>((spool) => spool.dispose());

export async function previewBundle(request: BundleRequest): Promise<BundlePreview> {
  const level = redactionLevelSchema.parse(request.redaction?.level ?? DEFAULT_REDACTION_LEVEL);
  const trigger = bundleTriggerSchema.safeParse(request.trigger);
  if (!trigger.success) throw new BundleError('BUNDLE_INVALID_INPUT', 'The bundle trigger is not valid.');
  const cap = request.sizeCapBytes ?? DEFAULT_SIZE_CAP_BYTES;
  if (!Number.isFinite(cap) || cap <= 0) throw new BundleError('BUNDLE_INVALID_INPUT', 'The bundle size cap must be a positive number of bytes.');
  const createdAt = (request.now ?? (() => new Date()))();
  const sources: ItemSource[] = [];
  for (const item of request.items ?? []) sources.push(memorySource(item, createdAt.getTime()));
  for (const log of request.logs ?? []) sources.push(await fileSource(log));
  const names = new Set<string>();
  for (const source of sources) {
    if (names.has(source.name)) throw new BundleError('BUNDLE_INVALID_INPUT', `Two bundle items are both called ${source.name}.`);
    names.add(source.name);
  }
  const setup: RedactionSetup = {
    level,
    pseudonyms: new Pseudonymizer(request.salt),
    known: request.known ?? {},
    maxLineBytes: request.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    chunkBytes: request.chunkBytes ?? DEFAULT_CHUNK_BYTES,
  };
  const checkpointEvery = checkpointInterval(cap);
  const spool = new Spool(request.spoolDir);
  try {
    const { measured, onWorkers } = await measureAll(sources, setup, spool, request, checkpointEvery);
    const entries: Entry[] = sources.map((source, index) => ({ source, full: measured[index]!, removed: false, planned: measured[index]! }));
    const preview = new BundlePreview(request, setup, entries, cap, createdAt, spool);
    preview.measuredOnWorkers = onWorkers;
    await preview.replan();
    return preview;
  } catch (error) {
    spool.dispose();
    throw error;
  }
}

function checkpointInterval(cap: number): number {
  return Math.max(1024, Math.min(256 * 1024, Math.floor(cap / 32)));
}

/** Every source measured and spooled, in the order given: log files on worker threads when worth it, the rest here. */
async function measureAll(sources: readonly ItemSource[], setup: RedactionSetup, spool: Spool, request: BundleRequest, checkpointEvery: number): Promise<{ measured: SpooledMeasurement[]; onWorkers: number }> {
  const total = sources.reduce((sum, source) => sum + source.size, 0);
  const read = new Map<number, number>();
  let doneBefore = 0;
  const progress = (item?: string) => request.onProgress?.({ phase: 'measuring', ...(item !== undefined ? { item } : {}), doneBytes: Math.min(total, doneBefore + [...read.values()].reduce((a, b) => a + b, 0)), totalBytes: total });
  const results: SpooledMeasurement[] = [];
  const options = (index: number) => ({
    checkpointEvery,
    signal: request.signal,
    onSourceBytes: (bytes: number) => read.set(index, (read.get(index) ?? 0) + bytes),
  });

  const workers = request.workers;
  const threads = workers === false ? 1 : (workers?.threads ?? defaultThreads());
  const script = workers === false ? undefined : (workers?.script ?? defaultWorkerScript());
  const files = sources.map((source, index) => ({ source, index })).filter(({ source }) => source.kind === 'file' && source.file !== undefined);
  const fileBytes = files.reduce((sum, { source }) => sum + source.size, 0);
  let offThread = new Set<number>();
  let onWorkers = 0;
  let pending: Promise<{ results: Map<number, SpooledMeasurement>; leftover: WorkerJob[] }> | undefined;
  if (script !== undefined && threads >= 2 && files.length > 0 && fileBytes >= (workers === false ? 0 : (workers?.minBytes ?? WORKER_MIN_BYTES))) {
    const jobs: WorkerJob[] = files
      .sort((a, b) => b.source.size - a.source.size)
      .map(({ source, index }) => ({
        id: index,
        source: { name: source.name, category: source.category, modifiedMs: source.modifiedMs, preCounts: source.preCounts, file: source.file! },
        range: { start: 0, end: source.size },
        spoolFile: spool.newFile(),
        checkpointEvery,
      }));
    offThread = new Set(jobs.map((job) => job.id));
    pending = measureInWorkers(jobs, {
      script,
      threads: Math.min(threads, jobs.length),
      data: { salt: setup.pseudonyms.saltForWorker(), level: setup.level, known: setup.known, maxLineBytes: setup.maxLineBytes, chunkBytes: setup.chunkBytes },
      signal: request.signal,
      onStart: (id) => progress(sources[id]!.name),
      onBytes: (id, bytes) => {
        read.set(id, (read.get(id) ?? 0) + bytes);
        progress(sources[id]!.name);
      },
    });
    // Do not leave a rejection unobserved while this thread measures the in-memory items.
    pending.catch(() => undefined);
  }
  for (const [index, source] of sources.entries()) {
    if (offThread.has(index)) continue;
    progress(source.name);
    results[index] = await measureOrFail(source, { start: 0, end: source.size }, setup, spool, options(index));
  }
  if (pending) {
    const { results: measured, leftover } = await pending;
    for (const [index, measurement] of measured) results[index] = measurement;
    onWorkers = measured.size;
    for (const job of leftover) {
      read.delete(job.id);
      progress(sources[job.id]!.name);
      results[job.id] = await measureOrFail(sources[job.id]!, job.range, setup, spool, options(job.id));
    }
  }
  doneBefore = total;
  read.clear();
  progress();
  return { measured: results, onWorkers };
}

async function measureOrFail(
  source: ItemSource,
  range: SourceRange,
  setup: RedactionSetup,
  spool: Spool,
  options: { checkpointEvery?: number; signal?: AbortSignal | undefined; onSourceBytes?: (bytes: number) => void },
): Promise<SpooledMeasurement> {
  try {
    return await measureToSpool(source, range, setup, { ...options, file: spool.newFile() });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError' || options.signal?.aborted) throw new BundleError('BUNDLE_CANCELLED', undefined, { cause: error });
    if (error instanceof BundleError) throw error;
    throw new BundleError('BUNDLE_ITEM_UNREADABLE', `Roamdesk could not read ${source.name} for the support bundle.`, { cause: error });
  }
}

export class BundlePreview {
  readonly bundleId = randomUUID();
  readonly level: RedactionLevel;
  readonly sizeCapBytes: number;
  /** How many items the preview redacted on worker threads (the rest on this thread). */
  measuredOnWorkers = 0;
  private readonly createdAt: Date;

  constructor(
    private readonly request: BundleRequest,
    private readonly setup: RedactionSetup,
    private readonly entries: Entry[],
    cap: number,
    createdAt: Date,
    private readonly spool: Spool,
  ) {
    this.level = setup.level;
    this.sizeCapBytes = cap;
    this.createdAt = createdAt;
    spoolsOfDroppedPreviews.register(this, spool, this);
  }

  /** The preview's spool directory while it has one (the redacted items, deflated; owner-only). */
  get spoolDirectory(): string | undefined {
    return this.spool.path;
  }

  /**
   * Deletes the spool now (the preview was cancelled or is no longer wanted). The preview still
   * works: render() and build() then read and redact the items again.
   */
  dispose(): void {
    this.spool.dispose();
  }

  /** Every item, in bundle order (in-memory items, then logs newest first), with what the cap and the user decided. */
  items(): PreviewItem[] {
    return this.ordered().map((entry) => ({
      name: entry.source.name,
      category: entry.source.category,
      source: entry.source.kind,
      status: entry.removed ? 'removed' : !entry.planned ? 'omitted' : entry.planned.range.start > 0 ? 'trimmed' : 'included',
      bytes: entry.removed || !entry.planned ? 0 : entry.planned.bytes,
      fullBytes: entry.full.bytes,
      originalBytes: entry.source.size,
      modifiedAt: new Date(entry.source.modifiedMs).toISOString(),
      redactions: { ...(entry.planned ?? entry.full).counts },
    }));
  }

  /** Bytes of content that will be sent (after redaction, before compression). */
  get contentBytes(): number {
    return this.included().reduce((sum, entry) => sum + (entry.planned?.bytes ?? 0), 0);
  }

  /** False when the in-memory items alone exceed the cap: build() would fail until some are removed. */
  get fits(): boolean {
    return this.fixedBytes() <= this.sizeCapBytes;
  }

  /** Takes an item out of the bundle (the user's choice, recorded in the manifest); logs the cap left out may come back. */
  async remove(name: string): Promise<void> {
    this.entry(name).removed = true;
    await this.replan();
  }

  /** Puts a removed item back. */
  async restore(name: string): Promise<void> {
    this.entry(name).removed = false;
    await this.replan();
  }

  /** The item exactly as it will be sent; `maxBytes` limits what is returned (a UI shows the start of a large log). */
  async render(name: string, options: { maxBytes?: number } = {}): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
    for await (const chunk of this.renderStream(name)) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
    const all = Buffer.concat(chunks);
    return (size > limit ? all.subarray(0, limit) : all).toString('utf8');
  }

  /** The item exactly as it will be sent, as a stream (an item the cap left out renders as it would be if put back). */
  renderStream(name: string): Readable {
    const entry = this.entry(name);
    const measured = entry.planned ?? entry.full;
    this.spool.touch();
    if (this.spooled(measured)) {
      const input = createReadStream(measured.spool.file);
      const output = zlib.createInflateRaw();
      input.on('error', (error) => output.destroy(error));
      return input.pipe(output);
    }
    const { input, output } = redactedStream(entry.source, measured.range, this.setup);
    input.on('error', (error) => output.destroy(error));
    return input.pipe(output);
  }

  /** Whether a measurement's spool file is still there (the spool may have expired or been disposed). */
  private spooled(measured: SpooledMeasurement): boolean {
    return this.spool.path !== undefined && measured.spool.file.startsWith(this.spool.path) && existsSync(measured.spool.file);
  }

  /** The manifest the bundle will carry (with `consent` once the user gave it). */
  manifest(consent?: BundleConsent): BundleManifest {
    const included = this.included();
    const files: ManifestFile[] = included.map((entry) => {
      const planned = entry.planned as Measurement;
      const trimmed = planned.range.start > 0;
      return {
        name: entry.source.name,
        category: entry.source.category,
        source: entry.source.kind,
        bytes: planned.bytes,
        sha256: planned.sha256,
        originalBytes: planned.range.end - planned.range.start,
        redactions: { ...planned.counts },
        ...(trimmed ? { trimmed: { reason: 'size-cap' as const, droppedOriginalBytes: planned.range.start, droppedBytes: entry.full.bytes - planned.bytes } } : {}),
        ...(entry.source.encoding !== 'utf-8' ? { sourceEncoding: entry.source.encoding } : {}),
      };
    });
    const omitted: OmittedItem[] = this.ordered()
      .filter((entry) => entry.removed || !entry.planned)
      .map((entry) => ({ name: entry.source.name, category: entry.source.category, bytes: entry.full.bytes, reason: entry.removed ? 'removed-by-user' : 'size-cap' }));
    const capApplied = files.some((file) => file.trimmed) || omitted.some((item) => item.reason === 'size-cap');
    const client = this.request.client;
    return {
      schema: BUNDLE_SCHEMA,
      bundleId: this.bundleId,
      createdAt: this.createdAt.toISOString(),
      client: {
        name: 'Roamdesk',
        version: client.version,
        ...(client.host !== undefined ? { host: client.host } : {}),
        platform: client.platform ?? process.platform,
        arch: client.arch ?? process.arch,
        osRelease: client.osRelease ?? os.release(),
      },
      trigger: this.request.trigger,
      ...(this.request.caseId !== undefined ? { caseId: this.request.caseId } : this.request.trigger.kind === 'agent-request' ? { caseId: this.request.trigger.caseId } : {}),
      ...(consent
        ? { consent: { ...consent, approvedItems: files.map((file) => file.name), removedItems: omitted.filter((item) => item.reason === 'removed-by-user').map((item) => item.name) } }
        : {}),
      redaction: {
        level: this.level,
        locked: this.request.redaction?.locked ?? false,
        rulesVersion: REDACTION_RULES_VERSION,
        pseudonyms: 'hmac-sha256-per-bundle-salt',
        counts: files.reduce<RedactionCounts>((sum, file) => mergeCounts(sum, file.redactions), {}),
      },
      sizeCap: {
        bytes: this.sizeCapBytes,
        contentBytes: files.reduce((sum, file) => sum + file.bytes, 0),
        applied: capApplied,
        ...(capApplied ? { note: 'Oldest logs were left out first, then the oldest lines of the oldest log kept; see omitted and files[].trimmed.' } : {}),
      },
      files,
      omitted,
    };
  }

  /** Writes the zip: manifest.json first, then every included item, streamed; reports the bundle's SHA-256. */
  async build(options: BuildOptions): Promise<BundleResult> {
    const consent = consentSchema.safeParse(options.consent);
    if (!consent.success) throw new BundleError('BUNDLE_CONSENT_MISSING', 'The support bundle needs a consent record (when and how it was approved).');
    if (!this.fits) {
      throw new BundleError('BUNDLE_TOO_LARGE', `The items besides the logs come to ${this.fixedBytes()} bytes, over the ${this.sizeCapBytes}-byte cap.`, { hint: 'Remove an item from the bundle, or raise the cap.' });
    }
    try {
      await this.refresh(options);
      if (!this.fits) {
        throw new BundleError('BUNDLE_TOO_LARGE', `The items besides the logs come to ${this.fixedBytes()} bytes, over the ${this.sizeCapBytes}-byte cap.`, { hint: 'Remove an item from the bundle, or raise the cap.' });
      }
      const manifest = this.manifest(consent.data);
      return await writeBundle({
        manifest,
        items: this.included().map((entry) => {
          const planned = entry.planned as SpooledMeasurement;
          return { name: entry.source.name, bytes: planned.bytes, crc32: planned.spool.crc32, compressedBytes: planned.spool.compressedBytes, spoolFile: planned.spool.file };
        }),
        out: options.out,
        mtime: this.createdAt,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(this.zip64ForTests ? { forceZip64: true } : {}),
      });
    } finally {
      // Saved, failed or cancelled: the spool goes (a retry reads and redacts the items again).
      this.spool.dispose();
    }
  }

  /** Tests only: write Zip64 records as a bundle past 4 GiB would. */
  zip64ForTests = false;

  /**
   * Before the zip is written: a log whose size or modification time changed since the preview
   * is hashed again over the bytes the preview read; when those changed (not merely appended
   * to) it is read and redacted again as it is now, and the plan redone, so the bundle and its
   * manifest hold the log as it is. Items whose spool is gone (expired) are redacted again.
   */
  private async refresh(options: BuildOptions): Promise<void> {
    let replan = false;
    const setupOptions = { checkpointEvery: checkpointInterval(this.sizeCapBytes), signal: options.signal };
    const measuring = (entry: Entry) => options.onProgress?.({ phase: 'measuring', item: entry.source.name, doneBytes: 0, totalBytes: entry.source.size });
    for (const entry of this.entries) {
      if (entry.removed || entry.source.kind !== 'file' || !entry.source.file) continue;
      const file = entry.source.file;
      const info = await stat(file.path).catch(() => undefined);
      if (!info?.isFile()) throw new BundleError('BUNDLE_SOURCE_CHANGED', `${entry.source.name} is no longer there.`, { hint: 'Make the bundle again: the new preview reads the logs as they are now.' });
      if (info.size === file.rawSize && info.mtimeMs === entry.source.modifiedMs) continue;
      let now: { crc32: number; bytes: number };
      try {
        now = await checksumSource(entry.source, entry.full.range, this.setup.chunkBytes, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw new BundleError('BUNDLE_CANCELLED', undefined, { cause: error });
        throw new BundleError('BUNDLE_ITEM_UNREADABLE', `Roamdesk could not read ${entry.source.name} for the support bundle.`, { cause: error });
      }
      // Only appended to: the bytes the preview read are all there, unchanged; bundled as it was at preview time.
      if (now.crc32 === entry.full.sourceCrc32 && now.bytes === entry.full.range.end - entry.full.range.start) continue;
      measuring(entry);
      const source = await fileSource({ path: file.path, name: entry.source.name, category: entry.source.category });
      entry.source = source;
      this.dropSpool(entry.full);
      if (entry.planned && entry.planned !== entry.full) this.dropSpool(entry.planned);
      entry.full = await measureOrFail(source, { start: 0, end: source.size }, this.setup, this.spool, setupOptions);
      entry.planned = entry.full;
      replan = true;
    }
    if (replan) await this.replan();
    for (const entry of this.included()) {
      const planned = entry.planned as SpooledMeasurement;
      if (this.spooled(planned)) continue;
      measuring(entry);
      const again = await measureOrFail(entry.source, planned.range, this.setup, this.spool, setupOptions);
      if (planned === entry.full) entry.full = again;
      entry.planned = again;
    }
  }

  private dropSpool(measured: SpooledMeasurement): void {
    rmSync(measured.spool.file, { force: true });
  }

  /** Applies the cap: in-memory items always (unless removed); logs newest first while they fit; then the tail of one more. */
  async replan(): Promise<void> {
    let budget = this.sizeCapBytes - this.fixedBytes();
    let cut = false;
    for (const entry of this.ordered()) {
      const before = entry.planned;
      if (entry.removed || entry.source.kind === 'memory') {
        entry.planned = entry.removed ? undefined : entry.full;
      } else if (!cut && entry.full.bytes <= budget) {
        entry.planned = entry.full;
        budget -= entry.full.bytes;
      } else {
        entry.planned = cut ? undefined : await this.tail(entry, budget);
        if (entry.planned) budget -= entry.planned.bytes;
        cut = true;
      }
      if (before && before !== entry.full && before !== entry.planned) this.dropSpool(before);
    }
  }

  /** The newest lines of a log that fit `budget`, from a checkpoint (a line start outside any span). */
  private async tail(entry: Entry, budget: number): Promise<SpooledMeasurement | undefined> {
    if (budget <= 0) return undefined;
    const skip = entry.full.bytes - budget;
    const checkpoint = entry.full.checkpoints.find((point) => point.output >= skip);
    if (!checkpoint || checkpoint.source >= entry.source.size) return undefined;
    const measured = await measureOrFail(entry.source, { start: checkpoint.source, end: entry.source.size }, this.setup, this.spool, { signal: this.request.signal });
    if (measured.bytes <= budget && measured.bytes > 0) return measured;
    this.dropSpool(measured);
    return undefined;
  }

  private fixedBytes(): number {
    return this.entries.filter((entry) => entry.source.kind === 'memory' && !entry.removed).reduce((sum, entry) => sum + entry.full.bytes, 0);
  }

  private included(): Entry[] {
    return this.ordered().filter((entry) => !entry.removed && entry.planned !== undefined);
  }

  /** In-memory items in the order given, then logs newest first. */
  private ordered(): Entry[] {
    const memory = this.entries.filter((entry) => entry.source.kind === 'memory');
    const files = this.entries.filter((entry) => entry.source.kind === 'file').sort((a, b) => b.source.modifiedMs - a.source.modifiedMs || a.source.name.localeCompare(b.source.name));
    return [...memory, ...files];
  }

  private entry(name: string): Entry {
    const entry = this.entries.find((candidate) => candidate.source.name === name);
    if (!entry) throw new BundleError('BUNDLE_ITEM_UNKNOWN', `The support bundle has no item called ${name}.`);
    return entry;
  }
}

/** Preview and build in one go (the CLI, automatic bundles): the consent is given up front. */
export async function buildBundle(request: BundleRequest & { out: BundleOutput; consent: BundleConsent }): Promise<BundleResult & { preview: BundlePreview }> {
  const preview = await previewBundle(request);
  const result = await preview.build({ out: request.out, consent: request.consent, ...(request.signal ? { signal: request.signal } : {}), ...(request.onProgress ? { onProgress: request.onProgress } : {}) });
  return { ...result, preview };
}
