/**
 * Where a bundle item's bytes come from: a log file on disk (read by range, so a log the app
 * is still appending to is read only up to the size it had at preview time) or content
 * handed in memory (diagnostics JSON, portal captures, supplicant output, settings).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
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

export interface ItemSource {
  name: string;
  category: BundleCategory;
  kind: 'file' | 'memory';
  /** Bytes of the original (a file's size when the preview was made). */
  size: number;
  modifiedMs: number;
  /** Redactions made before the line redactor (structured JSON). */
  preCounts: RedactionCounts;
  /** The original's bytes from `start` (inclusive) to `end` (exclusive). */
  open(start: number, end: number, chunkBytes: number): Readable;
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
  return {
    name,
    category: file.category ?? 'log',
    kind: 'file',
    size: info.size,
    modifiedMs: info.mtimeMs,
    preCounts: {},
    open: (start, end, chunkBytes) => (end > start ? createReadStream(filePath, { start, end: end - 1, highWaterMark: chunkBytes }) : Readable.from([])),
  };
}

export function memorySource(input: MemoryItemInput, modifiedMs: number): ItemSource {
  const name = checkName(input.name);
  const preCounts: RedactionCounts = {};
  let content: Buffer;
  if ('json' in input) content = Buffer.from(`${JSON.stringify(redactJson(input.json, preCounts), null, 2) ?? 'null'}\n`, 'utf8');
  else if ('text' in input) content = Buffer.from(input.text, 'utf8');
  else content = Buffer.from(input.bytes);
  return {
    name,
    category: input.category ?? 'other',
    kind: 'memory',
    size: content.length,
    modifiedMs,
    preCounts,
    open: (start, end, chunkBytes) =>
      Readable.from(
        (function* () {
          for (let offset = start; offset < end; offset += chunkBytes) yield content.subarray(offset, Math.min(end, offset + chunkBytes));
        })(),
      ),
  };
}
