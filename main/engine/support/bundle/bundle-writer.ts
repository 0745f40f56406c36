/**
 * Streams the zip (yazl, deflate): `manifest.json` first, then each item, each read and
 * redacted again as it is compressed — nothing is held whole. Every item's SHA-256 is checked
 * against the one the preview put in the manifest (a log that changed in between fails the
 * build rather than ship a manifest that lies), and the bundle's own SHA-256 is computed on
 * the bytes as they go out. Written to `<out>.partial` and renamed, so a half bundle never
 * sits under the final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { PassThrough, type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { BundleError } from './bundle-error.js';
import { type BundleManifest, MANIFEST_NAME } from './bundle-manifest.js';

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

export interface WriterItem {
  name: string;
  bytes: number;
  sha256: string;
  open(): Readable;
}

export interface WriteBundleOptions {
  manifest: BundleManifest;
  items: WriterItem[];
  out: BundleOutput;
  mtime: Date;
  signal?: AbortSignal;
  onProgress?: (progress: BundleProgress) => void;
}

export async function writeBundle(options: WriteBundleOptions): Promise<BundleResult> {
  const { manifest, items, out, mtime, onProgress } = options;
  const zip = new yazl.ZipFile();
  const totalBytes = items.reduce((sum, item) => sum + item.bytes, 0);
  let doneBytes = 0;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    output.destroy(failure);
  };

  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), MANIFEST_NAME, { mtime, compress: true });
  for (const item of items) {
    zip.addReadStreamLazy(item.name, { mtime, compress: true, size: item.bytes }, (callback) => {
      const hash = createHash('sha256');
      let size = 0;
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          doneBytes += chunk.length;
          onProgress?.({ phase: 'writing', item: item.name, doneBytes, totalBytes });
          done(null, chunk);
        },
        flush(done) {
          const digest = hash.digest('hex');
          if (digest !== item.sha256 || size !== item.bytes) {
            const error = new BundleError('BUNDLE_SOURCE_CHANGED', `${item.name} changed between the preview and the bundle.`, { hint: 'Make the bundle again: the new preview reads the file as it is now.' });
            fail(error);
            done(error);
            return;
          }
          done();
        },
      });
      let source: Readable;
      try {
        source = item.open();
      } catch (error) {
        fail(error as Error);
        callback(error, new PassThrough());
        return;
      }
      // yazl does not listen for errors on a lazily opened stream: every error ends the bundle here.
      check.on('error', (error) => fail(error));
      source.on('error', (error) => {
        fail(error);
        check.destroy(error);
      });
      callback(null, source.pipe(check));
    });
  }
  zip.on('error', (error: Error) => fail(error));
  zip.end();

  const bundleHash = createHash('sha256');
  let bundleBytes = 0;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bundleHash.update(chunk);
      bundleBytes += chunk.length;
      done(null, chunk);
    },
  });
  const onAbort = () => fail(new BundleError('BUNDLE_CANCELLED'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const target = typeof out === 'string' ? `${out}.partial-${randomBytes(4).toString('hex')}` : undefined;
  try {
    await pipeline(zip.outputStream as unknown as Readable, output, target !== undefined ? createWriteStream(target, { mode: 0o600 }) : (out as Writable));
    if (failure) throw failure;
    if (target !== undefined) await rename(target, out as string);
  } catch (error) {
    if (target !== undefined) await rm(target, { force: true });
    const reason = failure ?? error;
    if (reason instanceof BundleError) throw reason;
    throw new BundleError('BUNDLE_WRITE_FAILED', `The support bundle could not be written: ${(reason as Error)?.message ?? String(reason)}`, { cause: reason });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  onProgress?.({ phase: 'done', doneBytes, totalBytes });
  return { ...(typeof out === 'string' ? { path: out } : {}), sha256: bundleHash.digest('hex'), bytes: bundleBytes, manifest };
}
