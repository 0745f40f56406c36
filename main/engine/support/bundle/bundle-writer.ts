/**
 * Writes the zip: `manifest.json` first, then each item's deflated bytes copied from the
 * preview's spool (spool.ts) — nothing is redacted or compressed a second time, and nothing
 * is held whole. A small zip writer of its own, because yazl only takes bytes it compresses
 * itself: every entry's CRC-32 and sizes are known before its header is written, so there are
 * no data descriptors; Zip64 records are added when a size, an offset or the entry count
 * needs them. The bundle's own SHA-256 is computed on the bytes as they go out. Written to
 * `<out>.partial-…` (0600) and renamed, so a half bundle never sits under the final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { BundleError } from './bundle-error.js';
import { type BundleManifest, MANIFEST_NAME } from './bundle-manifest.js';
import { SPOOL_DEFLATE_LEVEL } from './spool.js';

/** A file path (written atomically) or any writable (an upload, a test's sink). */
export type BundleOutput = string | Writable;

export interface BundleProgress {
  phase: 'measuring' | 'writing' | 'done';
  item?: string;
  doneBytes: number;
  totalBytes: number;
}

export interface BundleResult {
  /** The file written, when the output was a path. */
  path?: string;
  /** SHA-256 of the whole zip, hex. */
  sha256: string;
  /** Size of the zip. */
  bytes: number;
  manifest: BundleManifest;
}

/** An item already deflated (raw deflate) into a spool file. */
export interface WriterItem {
  name: string;
  /** Bytes after redaction (uncompressed). */
  bytes: number;
  crc32: number;
  compressedBytes: number;
  spoolFile: string;
}

export interface WriteBundleOptions {
  manifest: BundleManifest;
  items: WriterItem[];
  out: BundleOutput;
  mtime: Date;
  signal?: AbortSignal;
  onProgress?: (progress: BundleProgress) => void;
  /** Tests only: Zip64 records for every entry and the end, as a bundle past 4 GiB or 65 535 entries has them. */
  forceZip64?: boolean;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** Unix, zip spec 6.3 (as yazl writes it). */
const VERSION_MADE_BY = (3 << 8) | 63;
const FLAG_UTF8 = 0x0800;
const METHOD_DEFLATE = 8;
const FILE_MODE = 0o100644;

interface CentralRecord {
  name: Buffer;
  crc32: number;
  compressedBytes: number;
  bytes: number;
  offset: number;
  zip64: boolean;
}

export async function writeBundle(options: WriteBundleOptions): Promise<BundleResult> {
  const { manifest, items, out, mtime, onProgress } = options;
  const totalBytes = items.reduce((sum, item) => sum + item.bytes, 0);
  const force = options.forceZip64 === true;
  const dos = dosDateTime(mtime);
  const unixTime = Math.max(0, Math.min(MAX32, Math.floor(mtime.getTime() / 1000)));
  let doneBytes = 0;

  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestDeflated = zlib.deflateRawSync(manifestBytes, { level: SPOOL_DEFLATE_LEVEL });

  async function* zipBytes(): AsyncGenerator<Buffer> {
    const central: CentralRecord[] = [];
    let offset = 0;
    const entry = (name: string, crc32: number, compressedBytes: number, bytes: number): Buffer => {
      const zip64 = force || bytes >= MAX32 || compressedBytes >= MAX32 || offset >= MAX32;
      const nameBytes = Buffer.from(name, 'utf8');
      central.push({ name: nameBytes, crc32, compressedBytes, bytes, offset, zip64 });
      const extra = zip64 ? Buffer.concat([zip64Extra([bytes, compressedBytes]), timeExtra(unixTime)]) : timeExtra(unixTime);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(zip64 ? 45 : 20, 4);
      header.writeUInt16LE(FLAG_UTF8, 6);
      header.writeUInt16LE(METHOD_DEFLATE, 8);
      header.writeUInt16LE(dos.time, 10);
      header.writeUInt16LE(dos.date, 12);
      header.writeUInt32LE(crc32 >>> 0, 14);
      header.writeUInt32LE(zip64 ? MAX32 : compressedBytes, 18);
      header.writeUInt32LE(zip64 ? MAX32 : bytes, 22);
      header.writeUInt16LE(nameBytes.length, 26);
      header.writeUInt16LE(extra.length, 28);
      const local = Buffer.concat([header, nameBytes, extra]);
      offset += local.length + compressedBytes;
      return local;
    };

    yield entry(MANIFEST_NAME, zlib.crc32(manifestBytes), manifestDeflated.length, manifestBytes.length);
    yield manifestDeflated;
    for (const item of items) {
      yield entry(item.name, item.crc32, item.compressedBytes, item.bytes);
      let copied = 0;
      const before = doneBytes;
      for await (const chunk of createReadStream(item.spoolFile, { highWaterMark: 256 * 1024 })) {
        const buffer = chunk as Buffer;
        copied += buffer.length;
        if (copied > item.compressedBytes) break;
        doneBytes = before + Math.floor((item.bytes * copied) / Math.max(1, item.compressedBytes));
        onProgress?.({ phase: 'writing', item: item.name, doneBytes, totalBytes });
        yield buffer;
      }
      if (copied !== item.compressedBytes) {
        throw new BundleError('BUNDLE_WRITE_FAILED', `The prepared copy of ${item.name} is not the one the preview made.`, { hint: 'Make the bundle again.' });
      }
      doneBytes = before + item.bytes;
    }

    const centralStart = offset;
    let centralBytes = 0;
    for (const record of central) {
      const extra = record.zip64 ? Buffer.concat([zip64Extra([record.bytes, record.compressedBytes, record.offset]), timeExtra(unixTime)]) : timeExtra(unixTime);
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(VERSION_MADE_BY, 4);
      header.writeUInt16LE(record.zip64 ? 45 : 20, 6);
      header.writeUInt16LE(FLAG_UTF8, 8);
      header.writeUInt16LE(METHOD_DEFLATE, 10);
      header.writeUInt16LE(dos.time, 12);
      header.writeUInt16LE(dos.date, 14);
      header.writeUInt32LE(record.crc32 >>> 0, 16);
      header.writeUInt32LE(record.zip64 ? MAX32 : record.compressedBytes, 20);
      header.writeUInt32LE(record.zip64 ? MAX32 : record.bytes, 24);
      header.writeUInt16LE(record.name.length, 28);
      header.writeUInt16LE(extra.length, 30);
      header.writeUInt16LE(0, 32); // comment
      header.writeUInt16LE(0, 34); // disk
      header.writeUInt16LE(0, 36); // internal attributes
      header.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
      header.writeUInt32LE(record.zip64 ? MAX32 : record.offset, 42);
      const record_ = Buffer.concat([header, record.name, extra]);
      centralBytes += record_.length;
      yield record_;
    }

    const zip64End = force || central.length >= MAX16 || centralStart >= MAX32 || centralBytes >= MAX32;
    if (zip64End) {
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(0x06064b50, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE(VERSION_MADE_BY, 12);
      end64.writeUInt16LE(45, 14);
      end64.writeUInt32LE(0, 16);
      end64.writeUInt32LE(0, 20);
      end64.writeBigUInt64LE(BigInt(central.length), 24);
      end64.writeBigUInt64LE(BigInt(central.length), 32);
      end64.writeBigUInt64LE(BigInt(centralBytes), 40);
      end64.writeBigUInt64LE(BigInt(centralStart), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(centralStart + centralBytes), 8);
      locator.writeUInt32LE(1, 16);
      yield Buffer.concat([end64, locator]);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(zip64End ? MAX16 : central.length, 8);
    end.writeUInt16LE(zip64End ? MAX16 : central.length, 10);
    end.writeUInt32LE(zip64End ? MAX32 : centralBytes, 12);
    end.writeUInt32LE(zip64End ? MAX32 : centralStart, 16);
    end.writeUInt16LE(0, 20);
    yield end;
  }

  const bundleHash = createHash('sha256');
  let bundleBytes = 0;
  const hashTap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bundleHash.update(chunk);
      bundleBytes += chunk.length;
      done(null, chunk);
    },
  });

  const target = typeof out === 'string' ? `${out}.partial-${randomBytes(4).toString('hex')}` : undefined;
  try {
    if (options.signal?.aborted) throw new BundleError('BUNDLE_CANCELLED');
    await pipeline(Readable.from(zipBytes(), { objectMode: false }), hashTap, target !== undefined ? createWriteStream(target, { mode: 0o600 }) : (out as Writable), ...(options.signal ? [{ signal: options.signal }] : []));
    if (target !== undefined) await rename(target, out as string);
  } catch (error) {
    if (target !== undefined) await rm(target, { force: true });
    if (error instanceof BundleError) throw error;
    if ((error as Error)?.name === 'AbortError' || options.signal?.aborted) throw new BundleError('BUNDLE_CANCELLED', undefined, { cause: error });
    throw new BundleError('BUNDLE_WRITE_FAILED', `The support bundle could not be written: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  onProgress?.({ phase: 'done', doneBytes, totalBytes });
  return { ...(typeof out === 'string' ? { path: out } : {}), sha256: bundleHash.digest('hex'), bytes: bundleBytes, manifest };
}

/** The Zip64 extended information extra field with these 8-byte values. */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, index) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * index));
  return extra;
}

/** The extended timestamp extra field (UTC modification time), as yazl writes it. */
function timeExtra(unixTime: number): Buffer {
  const extra = Buffer.alloc(9);
  extra.writeUInt16LE(0x5455, 0);
  extra.writeUInt16LE(5, 2);
  extra.writeUInt8(1, 4);
  extra.writeUInt32LE(unixTime, 5);
  return extra;
}

/** MS-DOS date and time (local time, 2-second steps), as yazl writes them. */
function dosDateTime(date: Date): { date: number; time: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
  };
}
