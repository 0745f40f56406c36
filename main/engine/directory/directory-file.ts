/**
 * Reading a directory file: the two leading lines (header, signature), then the payload
 * as batches of lines, hashed as it streams. Async, in 4 MiB reads, so a large import
 * never holds the file in memory and the event loop keeps running between batches.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { RoamdeskError } from '../errors.js';
import { malformed } from './directory-format.js';

const READ_SIZE = 4 * 1024 * 1024;
const MAX_HEAD_BYTES = 16 * 1024 * 1024;

export interface DirectoryHead {
  headerLine: Buffer;
  signatureLine: string;
  /** Byte offset where the payload starts. */
  payloadOffset: number;
}

export async function openDirectory(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new RoamdeskError('DIRECTORY_NOT_FOUND', `the directory file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
}

export async function readHead(handle: FileHandle): Promise<DirectoryHead> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const buffer = Buffer.alloc(Math.min(READ_SIZE, MAX_HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, length);
    if (bytesRead > 0) {
      chunks.push(buffer.subarray(0, bytesRead));
      length += bytesRead;
    }
    const all = Buffer.concat(chunks);
    const first = all.indexOf(10);
    const second = first < 0 ? -1 : all.indexOf(10, first + 1);
    if (second >= 0) {
      return { headerLine: all.subarray(0, first), signatureLine: all.toString('utf8', first + 1, second), payloadOffset: second + 1 };
    }
    if (bytesRead === 0 || length >= MAX_HEAD_BYTES) throw malformed('the directory file does not start with a header line and a signature line');
  }
}

/**
 * Yields the payload's lines in batches of at most `batchLines`, and feeds every payload
 * byte to `hash`. The last line may end without a newline; empty lines are skipped.
 */
export async function* payloadLines(handle: FileHandle, offset: number, batchLines: number, hash?: Hash): AsyncGenerator<string[]> {
  let position = offset;
  let carry: Buffer = Buffer.alloc(0);
  let batch: string[] = [];
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    hash?.update(chunk);
    // A line may straddle two reads (and a UTF-8 character with it): keep the tail as bytes.
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
      if (end > start) batch.push(data.toString('utf8', start, end));
      start = end + 1;
      if (batch.length >= batchLines) {
        yield batch;
        batch = [];
      }
    }
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length > 0) batch.push(carry.toString('utf8'));
  if (batch.length > 0) yield batch;
}

/** SHA-256 and length of the payload, without parsing it. */
export async function hashPayload(handle: FileHandle, offset: number): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  let position = offset;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return { sha256: hash.digest('hex'), bytes: position - offset };
}
