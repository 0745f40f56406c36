/**
 * Where a bundle item's bytes come from: a log file on disk (read by range, so a log the app
 * is still appending to is read only up to the size it had at preview time) or content
 * handed in memory (diagnostics JSON, portal captures, supplicant output, settings).
 */
import { createReadStream } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { BundleError } from './bundle-error.js';
import { type BundleCategory, MANIFEST_NAME } from './bundle-manifest.js';
import { redactJson } from './json-redaction.js';
import type { RedactionCounts } from './redaction-level.js';

export interface LogFileInput {
  path: string;
  /** Name inside the bundle; `logs/<file name>` when omitted. */
  name?: string;
  category?: BundleCategory;
}

export type MemoryItemInput = { name: string; category?: BundleCategory } & ({ text: string } | { json: unknown } | { bytes: Uint8Array });

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** How an item's original is encoded; the bundle always holds UTF-8. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes looked at to tell UTF-16 from UTF-8. */
const SNIFF_BYTES = 4096;

export interface ItemSource {
  name: string;
  category: BundleCategory;
  kind: 'file' | 'memory';
  /** Bytes of the original (a file's size when the preview was made). */
  size: number;
  modifiedMs: number;
  /** Redactions made before the line redactor (structured JSON). */
  preCounts: RedactionCounts;
  /**
   * The original's encoding. A UTF-16 original is decoded as it is read: `size` and the
   * ranges `open` takes then count the bytes of its UTF-8 form, which is what is redacted.
   */
  encoding: SourceEncoding;
  /** The original's bytes from `start` (inclusive) to `end` (exclusive). */
  open(start: number, end: number, chunkBytes: number): Readable;
  /** A file source: where it is and its size on disk at preview time (a worker thread opens it again from this). */
  file?: FileSourceDescriptor;
}

/** What a worker thread needs to open the same file source as the thread that stat()ed it. */
export interface FileSourceDescriptor {
  path: string;
  /** Bytes on disk when the preview was made (for UTF-16, `size` is that many bytes decoded to UTF-8). */
  rawSize: number;
  size: number;
  encoding: SourceEncoding;
}

export function checkName(name: string): string {
  const clean = name.replaceAll('\\', '/');
  if (!clean || clean.startsWith('/') || clean.split('/').some((part) => part === '' || part === '.' || part === '..') || clean === MANIFEST_NAME || /[\u0000-\u001f]/.test(clean)) {
    throw new BundleError('BUNDLE_INVALID_INPUT', `"${name}" cannot be a name inside a support bundle.`, { hint: 'Use a relative path such as logs/roamdesk.log.' });
  }
  return clean;
}

export async function fileSource(input: string | LogFileInput): Promise<ItemSource> {
  const file = typeof input === 'string' ? { path: input } : input;
  const name = checkName(file.name ?? `logs/${path.basename(file.path)}`);
  let info;
  try {
    info = await stat(file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleError(code === 'ENOENT' ? 'BUNDLE_ITEM_NOT_FOUND' : 'BUNDLE_ITEM_UNREADABLE', `${code === 'ENOENT' ? 'There is no file' : 'Roamdesk cannot read the file'} ${file.path} for the support bundle.`, { cause: error });
  }
  if (!info.isFile()) throw new BundleError('BUNDLE_ITEM_UNREADABLE', `${file.path} is not a file.`);
  const filePath = file.path;
  const rawSize = info.size;
  const encoding = detectEncoding(await readHead(filePath, Math.min(rawSize, SNIFF_BYTES)));
  const common = { name, category: file.category ?? 'log', kind: 'file' as const, modifiedMs: info.mtimeMs, preCounts: {} };
  let size = rawSize;
  if (encoding !== 'utf-8') {
    // UTF-16 (Windows tools write it): decoded from the start each time, as far as the size it had now.
    size = 0;
    for await (const chunk of openFileRange({ path: filePath, rawSize, size: 0, encoding }, 0, Number.POSITIVE_INFINITY, DEFAULT_CHUNK_BYTES)) size += (chunk as Buffer).length;
  }
  return reopenFileSource({ ...common, file: { path: filePath, rawSize, size, encoding } });
}

/** The source a descriptor describes, without touching the disk (a worker thread's copy of the preview's source). */
export function reopenFileSource(input: { name: string; category: BundleCategory; modifiedMs: number; preCounts: RedactionCounts; file: FileSourceDescriptor }): ItemSource {
  const { file } = input;
  return { ...input, kind: 'file', size: file.size, encoding: file.encoding, open: (start, end, chunkBytes) => openFileRange(file, start, end, chunkBytes) };
}

/** Bytes `start`..`end` of a file source (UTF-8 bytes: a UTF-16 file is decoded from its start, as far as its preview size). */
function openFileRange(file: FileSourceDescriptor, start: number, end: number, chunkBytes: number): Readable {
  const { path: filePath, rawSize, encoding } = file;
  if (encoding === 'utf-8') return end > start ? createReadStream(filePath, { start, end: end - 1, highWaterMark: chunkBytes }) : Readable.from([]);
  const decoded = (rawSize > 0 ? createReadStream(filePath, { start: 0, end: rawSize - 1, highWaterMark: chunkBytes }) : Readable.from([])).pipe(new Utf16ToUtf8(encoding));
  return start === 0 && end === Number.POSITIVE_INFINITY ? decoded : sliceStream(decoded, start, end);
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await openFile(file, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(head, 0, bytes, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * UTF-16 by its byte-order mark (FF FE little-endian, FE FF big-endian), or UTF-16LE without
 * one by its NUL bytes: text that is mostly ASCII has a NUL in nearly every second (odd) byte
 * and almost none in the even ones. Anything else is read as UTF-8.
 */
export function detectEncoding(head: Uint8Array): SourceEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = head.length >> 1;
  if (pairs < 2) return 'utf-8';
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  return oddNul >= pairs * 0.6 && evenNul <= pairs * 0.05 ? 'utf-16le' : 'utf-8';
}

/** Decodes UTF-16 (dropping a byte-order mark) into UTF-8; a character split across chunks is kept whole. */
export class Utf16ToUtf8 extends Transform {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: 'utf-16le' | 'utf-16be') {
    super();
    this.decoder = new TextDecoder(encoding);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const text = this.decoder.decode(chunk, { stream: true });
    callback(null, text.length > 0 ? Buffer.from(text, 'utf8') : undefined);
  }

  override _flush(callback: TransformCallback): void {
    const text = this.decoder.decode();
    callback(null, text.length > 0 ? Buffer.from(text, 'utf8') : undefined);
  }
}

/** Bytes `start` (inclusive) to `end` (exclusive) of `input`. */
function sliceStream(input: Readable, start: number, end: number): Readable {
  let offset = 0;
  const slice = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end - offset);
      offset += chunk.length;
      callback(null, to > from ? chunk.subarray(from, to) : undefined);
    },
  });
  input.on('error', (error) => slice.destroy(error));
  return input.pipe(slice);
}

export function memorySource(input: MemoryItemInput, modifiedMs: number): ItemSource {
  const name = checkName(input.name);
  const preCounts: RedactionCounts = {};
  let content: Buffer;
  if ('json' in input) content = Buffer.from(`${JSON.stringify(redactJson(input.json, preCounts), null, 2) ?? 'null'}\n`, 'utf8');
  else if ('text' in input) content = Buffer.from(input.text, 'utf8');
  else content = Buffer.from(input.bytes);
  const encoding = 'bytes' in input ? detectEncoding(content.subarray(0, SNIFF_BYTES)) : 'utf-8';
  if (encoding !== 'utf-8') content = Buffer.from(new TextDecoder(encoding).decode(content), 'utf8');
  return {
    name,
    category: input.category ?? 'other',
    kind: 'memory',
    size: content.length,
    modifiedMs,
    preCounts,
    encoding,
    open: (start, end, chunkBytes) =>
      Readable.from(
        (function* () {
          for (let offset = start; offset < end; offset += chunkBytes) yield content.subarray(offset, Math.min(end, offset + chunkBytes));
        })(),
      ),
  };
}
