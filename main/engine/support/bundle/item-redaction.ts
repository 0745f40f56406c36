/**
 * One item's redacted bytes, as a stream (for the writer and the preview's "view as sent")
 * or measured (size, SHA-256, counts, checkpoints) without keeping them. Both run the same
 * redactor with the bundle's one pseudonymizer, so what the preview shows is what is sent.
 */
import { createHash } from 'node:crypto';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ItemSource } from './bundle-source.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import type { RedactionCounts, RedactionLevel } from './redaction-level.js';
import { type Checkpoint, RedactingStream } from './redacting-stream.js';
import { type KnownIdentifiers, TextRedactor } from './text-redactor.js';

export interface RedactionSetup {
  level: RedactionLevel;
  pseudonyms: Pseudonymizer;
  known: KnownIdentifiers;
  maxLineBytes: number;
  chunkBytes: number;
}

export interface SourceRange {
  start: number;
  end: number;
}

export interface Measurement {
  range: SourceRange;
  bytes: number;
  sha256: string;
  counts: RedactionCounts;
  checkpoints: Checkpoint[];
  peakHeldBytes: number;
}

export function mergeCounts(into: RedactionCounts, from: RedactionCounts): RedactionCounts {
  for (const [kind, count] of Object.entries(from) as Array<[keyof RedactionCounts, number]>) into[kind] = (into[kind] ?? 0) + count;
  return into;
}

/** The redacted bytes of `range` of `source`; `stream.redactor.counts` holds the counts once it has ended. */
export function redactedStream(source: ItemSource, range: SourceRange, setup: RedactionSetup, checkpointEvery?: number): { input: Readable; output: RedactingStream; redactor: TextRedactor } {
  const redactor = new TextRedactor({ level: setup.level, pseudonyms: setup.pseudonyms, known: setup.known });
  const output = new RedactingStream({ redactor, maxLineBytes: setup.maxLineBytes, ...(checkpointEvery !== undefined ? { checkpointEvery } : {}) });
  const input = source.open(range.start, range.end, setup.chunkBytes);
  return { input, output, redactor };
}

export async function measure(source: ItemSource, range: SourceRange, setup: RedactionSetup, options: { checkpointEvery?: number; signal?: AbortSignal | undefined } = {}): Promise<Measurement> {
  const { input, output, redactor } = redactedStream(source, range, setup, options.checkpointEvery);
  const hash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(input, output, sink, ...(options.signal ? [{ signal: options.signal }] : []));
  return { range, bytes, sha256: hash.digest('hex'), counts: mergeCounts({ ...source.preCounts }, redactor.counts), checkpoints: output.checkpoints, peakHeldBytes: output.peakHeldBytes };
}
