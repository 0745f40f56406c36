/**
 * Uploads a diagnostic bundle to the relay in chunks, resumably, with SHA-256 end to end:
 *  1. hash the file (streaming) and announce it: POST /v1/uploads {caseId, size, sha256};
 *  2. PUT chunks with Content-Range; after any failure (no answer, 5xx, 409) wait, ask the
 *     relay how much it holds (HEAD → Upload-Offset) and go on from there;
 *  3. the relay checks the whole file's SHA-256 on the last byte and says so; the client
 *     checks the relay's digest against its own.
 * An upload id handed in (from the offline queue) resumes an upload begun by an earlier run.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { SupportError, isSupportError } from '../support-error.js';
import type { RelayClient } from './relay-client.js';

export interface BundleDigest {
  sha256: string;
  size: number;
}

export interface UploadBundleOptions {
  caseId: string;
  /** The bundle file (zip) on disk. */
  file: string;
  fileName?: string;
  /** Sent as Idempotency-Key on the announcement, so a retried announcement does not start a second upload. */
  idempotencyKey: string;
  /** Resume this upload instead of announcing a new one. */
  uploadId?: string;
  /** When the bundle answers an agent's log request. */
  requestId?: string;
  /** Already known digest of the file (the queue computed it when the bundle was queued). */
  digest?: BundleDigest;
  chunkBytes?: number;
  /** Consecutive failures without progress before giving up. */
  maxAttempts?: number;
  /** First back-off; doubles up to 30 s. */
  retryDelayMs?: number;
  /** Told the upload id as soon as the relay gives it (the queue stores it to resume after a restart). */
  onUploadId?: (uploadId: string) => void | Promise<void>;
  onProgress?: (progress: { sent: number; size: number }) => void;
  signal?: AbortSignal;
}

export interface UploadResult {
  uploadId: string;
  sha256: string;
  size: number;
  /** How many times the upload had to ask the relay where to go on. */
  resumes: number;
}

export async function digestFile(file: string): Promise<BundleDigest> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
    return { sha256: hash.digest('hex'), size };
  } catch (error) {
    throw new SupportError('SUPPORT_BUNDLE_NOT_FOUND', `The diagnostic bundle ${file} could not be read.`, { cause: error });
  }
}

export async function uploadBundle(client: RelayClient, options: UploadBundleOptions): Promise<UploadResult> {
  const digest = options.digest ?? (await digestFile(options.file));
  if (digest.size === 0) throw new SupportError('SUPPORT_BUNDLE_EMPTY');
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelay = options.retryDelayMs ?? 500;
  const signalOption = options.signal ? { signal: options.signal } : {};

  let uploadId = options.uploadId;
  let offset = 0;
  let resumes = 0;
  if (uploadId === undefined) {
    uploadId = await client.createUpload(
      {
        caseId: options.caseId,
        size: digest.size,
        sha256: digest.sha256,
        ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
        ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
      },
      { idempotencyKey: options.idempotencyKey, ...signalOption },
    );
    await options.onUploadId?.(uploadId);
  } else {
    offset = await client.uploadOffset(uploadId, signalOption);
    resumes++;
  }

  const handle = await open(options.file, 'r').catch((error: unknown) => {
    throw new SupportError('SUPPORT_BUNDLE_NOT_FOUND', `The diagnostic bundle ${options.file} could not be read.`, { cause: error });
  });
  try {
    let failures = 0;
    let lastError: unknown;
    const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, digest.size));
    while (true) {
      if (offset >= digest.size) return { uploadId, sha256: digest.sha256, size: digest.size, resumes };
      try {
        const length = Math.min(chunkBytes, digest.size - offset);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        if (bytesRead !== length) throw new SupportError('SUPPORT_BUNDLE_NOT_FOUND', 'The diagnostic bundle changed on disk while it was being sent.');
        const result = await client.putChunk(uploadId, offset, buffer.subarray(0, length), digest.size, signalOption);
        if (result.complete || result.offset >= digest.size) {
          if (result.sha256 !== undefined && result.sha256.toLowerCase() !== digest.sha256) {
            throw new SupportError('SUPPORT_UPLOAD_CHECKSUM_MISMATCH', `The support desk received SHA-256 ${result.sha256}, this device sent ${digest.sha256}.`);
          }
          options.onProgress?.({ sent: digest.size, size: digest.size });
          return { uploadId, sha256: digest.sha256, size: digest.size, resumes };
        }
        if (result.offset > offset) failures = 0;
        offset = result.offset;
        options.onProgress?.({ sent: offset, size: digest.size });
      } catch (error) {
        if (!isSupportError(error) || !error.retryable) throw error;
        lastError = error;
        failures++;
        if (failures >= maxAttempts) break;
        await client.clock.sleep(Math.min(30_000, baseDelay * 2 ** (failures - 1)), options.signal);
        try {
          const held = await client.uploadOffset(uploadId, signalOption);
          if (held > offset) failures = 0;
          offset = held;
          resumes++;
        } catch (headError) {
          if (!isSupportError(headError) || !headError.retryable) throw headError;
          lastError = headError;
        }
      }
    }
    throw new SupportError('SUPPORT_UPLOAD_FAILED', undefined, { cause: lastError, retryable: true, hint: 'Roamdesk keeps the bundle and tries again when the connection is better.' });
  } finally {
    await handle.close();
  }
}
