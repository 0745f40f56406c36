/**
 * The preview's spool: while the preview measures an item (redacts, counts, hashes it), it
 * also deflates the redacted bytes into a spool file, so `build` copies them into the zip
 * instead of reading and redacting every item a second time.
 *
 * What a spool holds is redacted bytes only (the same bytes the zip will hold, compressed the
 * same way); a secret never reaches it. It lives in an owner-only directory (0700) of its own
 * per preview, its files owner-only (0600, created exclusively), under the OS temp folder
 * (`roamdesk-bundle-spool-<uid>`, itself 0700 and checked to be this user's own real
 * directory) or the `spoolDir` the caller gives. It is deleted when the bundle is saved, when
 * the preview or the build is cancelled or fails, when the preview is disposed or expires
 * (idle for SPOOL_EXPIRY_MS, or garbage-collected), when the process exits, and — for a
 * process that died first — by the next process's first preview (sweepSpools).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { ItemSource } from './bundle-source.js';
import { type Measurement, type RedactionSetup, type SourceRange, mergeCounts, redactedStream } from './item-redaction.js';

/** yazl's level (zlib's default), the plain zip's: the bundle compresses exactly as it would. */
export const SPOOL_DEFLATE_LEVEL = 6;
/** A preview's spool unused this long is deleted (a later build redacts from the sources again). */
export const SPOOL_EXPIRY_MS = 30 * 60 * 1000;
/** A spool directory left by a process that is gone, or older than this, is swept. */
const STALE_SPOOL_MS = 24 * 60 * 60 * 1000;

/** The deflated redacted bytes of one measurement. */
export interface SpoolFile {
  file: string;
  crc32: number;
  compressedBytes: number;
}

export interface SpooledMeasurement extends Measurement {
  /**
   * CRC-32 of the source bytes read, to tell a log that was only appended to (bundled as it
   * was) from one that changed (redacted again). Not a security check: either way only
   * redacted bytes are sent; a CRC costs ~1 % of a SHA-256 here.
   */
  sourceCrc32: number;
  spool: SpoolFile;
}

/** Every live spool directory of this process (deleted on exit). */
const live = new Set<string>();
let exitHookInstalled = false;
const swept = new Set<string>();

export function defaultSpoolRoot(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const user = uid !== undefined ? String(uid) : safeUserName();
  return path.join(os.tmpdir(), `roamdesk-bundle-spool-${user}`);
}

function safeUserName(): string {
  try {
    return os.userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_') || 'user';
  } catch {
    return 'user';
  }
}

/** Makes `root` (0700, a real directory of this user's) or refuses it. */
function ensureRoot(root: string): void {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const info = lstatSync(root);
  if (!info.isDirectory() || info.isSymbolicLink()) throw new Error(`${root} is not a directory`);
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`${root} belongs to another user`);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) chmodSync(root, 0o700);
}

/** One preview's spool directory: made on first use, deleted by `dispose`. */
export class Spool {
  private dir: string | undefined;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly root: string = defaultSpoolRoot()) {}

  /** The directory (made now if need be): `<root>/<pid>-<random>`, 0700. */
  directory(): string {
    if (this.dir === undefined) {
      let dir: string;
      try {
        ensureRoot(this.root);
        if (!swept.has(this.root)) {
          swept.add(this.root);
          sweepSpools(this.root);
        }
        dir = mkdtempSync(path.join(this.root, `${process.pid}-`));
      } catch {
        // The root is someone else's, or not a directory: a private directory of our own in the temp folder instead.
        dir = mkdtempSync(path.join(os.tmpdir(), `roamdesk-bundle-spool-${process.pid}-`));
      }
      if (process.platform !== 'win32') chmodSync(dir, 0o700);
      this.dir = dir;
      live.add(dir);
      installExitHook();
    }
    this.touch();
    return this.dir;
  }

  /** A new spool file's path (created by the writer, exclusively, 0600). */
  newFile(): string {
    return path.join(this.directory(), `${this.next++}.deflate`);
  }

  get path(): string | undefined {
    return this.dir;
  }

  /** Pushes the expiry back (every use of the preview). */
  touch(): void {
    if (this.dir === undefined) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.dispose(), SPOOL_EXPIRY_MS);
    this.timer.unref();
  }

  /** Deletes the spool (idempotent); a later measurement makes a new one. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const dir = this.dir;
    this.dir = undefined;
    if (dir !== undefined) removeDir(dir);
  }
}

function removeDir(dir: string): void {
  live.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // already gone, or will be swept by the next process
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of [...live]) removeDir(dir);
  });
}

/** Deletes spool directories in `root` left by processes that are gone (or older than a day). */
export function sweepSpools(root: string = defaultSpoolRoot(), now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = path.join(root, name);
    if (live.has(dir)) continue;
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    let stale = !Number.isInteger(pid) || pid === process.pid ? false : !isAlive(pid);
    try {
      if (!stale && now - lstatSync(dir).mtimeMs > STALE_SPOOL_MS) stale = true;
    } catch {
      continue;
    }
    if (stale) {
      removeDir(dir);
      removed++;
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Measures `range` of `source` (size, SHA-256 and CRC-32 after redaction, counts,
 * checkpoints) and deflates the redacted bytes into `file` (created exclusively, 0600),
 * holding no more than the redactor's bound plus zlib's buffers.
 */
export async function measureToSpool(
  source: ItemSource,
  range: SourceRange,
  setup: RedactionSetup,
  options: { file: string; checkpointEvery?: number | undefined; signal?: AbortSignal | undefined; onSourceBytes?: (bytes: number) => void },
): Promise<SpooledMeasurement> {
  const { input, output, redactor } = redactedStream(source, range, setup, options.checkpointEvery);
  let sourceCrc = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sourceCrc = zlib.crc32(chunk, sourceCrc);
      options.onSourceBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
  const hash = createHash('sha256');
  let bytes = 0;
  let crc = 0;
  const measureTap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      crc = zlib.crc32(chunk, crc);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  let compressedBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      compressedBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const deflate = zlib.createDeflateRaw({ level: SPOOL_DEFLATE_LEVEL });
  const sink = createWriteStream(options.file, { flags: 'wx', mode: 0o600 });
  await pipeline(input as Readable, tap, output, measureTap, deflate, counter, sink, ...(options.signal ? [{ signal: options.signal }] : []));
  return {
    range,
    bytes,
    sha256: hash.digest('hex'),
    counts: mergeCounts({ ...source.preCounts }, redactor.counts),
    checkpoints: output.checkpoints,
    peakHeldBytes: output.peakHeldBytes,
    sourceCrc32: sourceCrc >>> 0,
    spool: { file: options.file, crc32: crc >>> 0, compressedBytes },
  };
}

/** CRC-32 of `range` of `source` as it reads now (to compare with `sourceCrc32`). */
export async function checksumSource(source: ItemSource, range: SourceRange, chunkBytes: number, signal?: AbortSignal): Promise<{ crc32: number; bytes: number }> {
  let crc = 0;
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      crc = zlib.crc32(chunk, crc);
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(source.open(range.start, range.end, chunkBytes), sink, ...(signal ? [{ signal }] : []));
  return { crc32: crc >>> 0, bytes };
}
