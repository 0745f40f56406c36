/**
 * Where bundle bytes live. The relay only needs append-at-offset, length, a read stream and
 * delete, so an S3 implementation fits later (multipart upload parts ≈ chunks; `size` from
 * ListParts; `read` via GetObject after CompleteMultipartUpload). The disk implementation
 * keeps one file per bundle under <dataDir>/bundles.
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createHash } from 'node:crypto';

export interface BundleStorage {
  /** Bytes stored so far (0 when nothing yet). */
  size(bundleId: string): Promise<number>;
  /**
   * Appends `body` at `offset` (which must equal `size`). Bytes that arrived before the
   * stream failed stay stored, so a client can resume after a cut connection.
   * Resolves to the new size; rejects with the stream's error (after persisting what arrived).
   */
  append(bundleId: string, offset: number, body: Readable, limit: number): Promise<number>;
  read(bundleId: string): Readable;
  sha256(bundleId: string): Promise<string>;
  /** Drops everything stored for the bundle (hash mismatch: start again). */
  reset(bundleId: string): Promise<void>;
  remove(bundleId: string): Promise<void>;
}

export class LimitExceededError extends Error {
  constructor() {
    super('chunk exceeds the allowed length');
    this.name = 'LimitExceededError';
  }
}

export class DiskBundleStorage implements BundleStorage {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(bundleId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(bundleId)) throw new Error('invalid bundle id');
    return path.join(this.dir, `${bundleId}.part`);
  }

  async size(bundleId: string): Promise<number> {
    try {
      return (await stat(this.file(bundleId))).size;
    } catch {
      return 0;
    }
  }

  async append(bundleId: string, offset: number, body: Readable, limit: number): Promise<number> {
    const file = this.file(bundleId);
    const current = await this.size(bundleId);
    if (current > offset) await truncate(file, offset);
    let seen = 0;
    const guard = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > limit) {
          const allowed = chunk.length - (seen - limit);
          if (allowed > 0) this.push(chunk.subarray(0, allowed));
          callback(new LimitExceededError());
          return;
        }
        callback(null, chunk);
      },
    });
    const out = createWriteStream(file, { flags: current === 0 && offset === 0 ? 'w' : 'r+', start: offset });
    try {
      await pipeline(body, guard, out);
    } finally {
      // pipeline closes `out` on success and failure; what was flushed stays on disk.
    }
    return this.size(bundleId);
  }

  read(bundleId: string): Readable {
    return createReadStream(this.file(bundleId));
  }

  async sha256(bundleId: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.read(bundleId)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async reset(bundleId: string): Promise<void> {
    await rm(this.file(bundleId), { force: true });
  }

  async remove(bundleId: string): Promise<void> {
    await rm(this.file(bundleId), { force: true });
  }
}
