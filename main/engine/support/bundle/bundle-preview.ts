/**
 * The model of a bundle before it is built: every item with its size after redaction, any
 * item rendered exactly as it will be sent (same redactor, same salt), items the user takes
 * out, and the size cap — oldest logs are left out first, then the oldest lines of the
 * oldest log still in; the manifest says which and how much.
 *
 * previewBundle() reads every item once (redacting, hashing, counting, not keeping the
 * bytes); build() reads them a second time to stream the zip, with manifest.json first, and
 * checks each item's hash against the preview's.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Readable } from 'node:stream';
import { BundleError } from './bundle-error.js';
import { type BundleCategory, type BundleConsent, type BundleManifest, type BundleTrigger, BUNDLE_SCHEMA, type ManifestFile, type OmittedItem, bundleTriggerSchema, consentSchema } from './bundle-manifest.js';
import { DEFAULT_CHUNK_BYTES, type ItemSource, type LogFileInput, type MemoryItemInput, fileSource, memorySource } from './bundle-source.js';
import { type BundleOutput, type BundleProgress, type BundleResult, writeBundle } from './bundle-writer.js';
import { type Measurement, type RedactionSetup, measure, mergeCounts, redactedStream } from './item-redaction.js';
import { Pseudonymizer } from './pseudonymizer.js';
import { DEFAULT_REDACTION_LEVEL, REDACTION_RULES_VERSION, type RedactionCounts, type RedactionLevel, redactionLevelSchema } from './redaction-level.js';
import { DEFAULT_MAX_LINE_BYTES } from './redacting-stream.js';
import type { KnownIdentifiers } from './text-redactor.js';

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
}

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
  full: Measurement;
  removed: boolean;
  /** Set by the plan: what of the item goes in (undefined: left out by the cap). */
  planned: Measurement | undefined;
}

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
  const checkpointEvery = Math.max(1024, Math.min(256 * 1024, Math.floor(cap / 32)));
  const total = sources.reduce((sum, source) => sum + source.size, 0);
  let done = 0;
  const entries: Entry[] = [];
  for (const source of sources) {
    request.onProgress?.({ phase: 'measuring', item: source.name, doneBytes: done, totalBytes: total });
    const full = await measureOrFail(source, { start: 0, end: source.size }, setup, { checkpointEvery, signal: request.signal });
    done += source.size;
    entries.push({ source, full, removed: false, planned: full });
  }
  request.onProgress?.({ phase: 'measuring', doneBytes: done, totalBytes: total });
  const preview = new BundlePreview(request, setup, entries, cap, createdAt);
  await preview.replan();
  return preview;
}

async function measureOrFail(source: ItemSource, range: { start: number; end: number }, setup: RedactionSetup, options: { checkpointEvery?: number; signal?: AbortSignal | undefined }): Promise<Measurement> {
  try {
    return await measure(source, range, setup, options);
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw new BundleError('BUNDLE_CANCELLED', undefined, { cause: error });
    if (error instanceof BundleError) throw error;
    throw new BundleError('BUNDLE_ITEM_UNREADABLE', `Roamdesk could not read ${source.name} for the support bundle.`, { cause: error });
  }
}

export class BundlePreview {
  readonly bundleId = randomUUID();
  readonly level: RedactionLevel;
  readonly sizeCapBytes: number;
  private readonly createdAt: Date;

  constructor(
    private readonly request: BundleRequest,
    private readonly setup: RedactionSetup,
    private readonly entries: Entry[],
    cap: number,
    createdAt: Date,
  ) {
    this.level = setup.level;
    this.sizeCapBytes = cap;
    this.createdAt = createdAt;
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
    const { input, output } = redactedStream(entry.source, (entry.planned ?? entry.full).range, this.setup);
    input.on('error', (error) => output.destroy(error));
    return input.pipe(output);
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
    const manifest = this.manifest(consent.data);
    const items = this.included().map((entry) => ({ entry, planned: entry.planned as Measurement }));
    return writeBundle({
      manifest,
      items: items.map(({ entry, planned }) => ({
        name: entry.source.name,
        bytes: planned.bytes,
        sha256: planned.sha256,
        open: () => {
          const { input, output } = redactedStream(entry.source, planned.range, this.setup);
          input.on('error', (error) => output.destroy(error));
          return input.pipe(output);
        },
      })),
      out: options.out,
      mtime: this.createdAt,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }

  /** Applies the cap: in-memory items always (unless removed); logs newest first while they fit; then the tail of one more. */
  async replan(): Promise<void> {
    let budget = this.sizeCapBytes - this.fixedBytes();
    let cut = false;
    for (const entry of this.ordered()) {
      if (entry.removed || entry.source.kind === 'memory') {
        entry.planned = entry.removed ? undefined : entry.full;
        continue;
      }
      if (!cut && entry.full.bytes <= budget) {
        entry.planned = entry.full;
        budget -= entry.full.bytes;
        continue;
      }
      entry.planned = cut ? undefined : await this.tail(entry, budget);
      if (entry.planned) budget -= entry.planned.bytes;
      cut = true;
    }
  }

  /** The newest lines of a log that fit `budget`, from a checkpoint (a line start outside any span). */
  private async tail(entry: Entry, budget: number): Promise<Measurement | undefined> {
    if (budget <= 0) return undefined;
    const skip = entry.full.bytes - budget;
    const checkpoint = entry.full.checkpoints.find((point) => point.output >= skip);
    if (!checkpoint || checkpoint.source >= entry.source.size) return undefined;
    const measured = await measureOrFail(entry.source, { start: checkpoint.source, end: entry.source.size }, this.setup, { signal: this.request.signal });
    return measured.bytes <= budget && measured.bytes > 0 ? measured : undefined;
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
