/**
 * A Transform from an item's raw bytes to its redacted bytes, line-oriented and bounded in
 * memory: it holds at most one partial line (capped at `maxLineBytes`) plus one chunk. A line
 * longer than the cap keeps its first `maxLineBytes` (cut back to a blank so no half token is
 * left) and ends with `[line truncated: N bytes]`; the rest of it is never held.
 *
 * It records *checkpoints* — source offsets at a line start outside any span, with the
 * output offset they map to — so the preview can cut a log's head at a place where a fresh
 * redactor gives exactly the same tail.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { TextRedactor } from './text-redactor.js';

export const DEFAULT_MAX_LINE_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

export interface Checkpoint {
  /** Bytes of source before this point. */
  source: number;
  /** Bytes of output before this point. */
  output: number;
}

export interface RedactingStreamOptions {
  redactor: TextRedactor;
  maxLineBytes?: number;
  /** Record a checkpoint at least this many output bytes after the last one (none when omitted). */
  checkpointEvery?: number;
}

export class RedactingStream extends Transform {
  readonly checkpoints: Checkpoint[] = [];
  /** The most bytes this stream held at once (partial line and the chunk being cut), for tests and benchmarks. */
  peakHeldBytes = 0;
  sourceBytes = 0;
  outputBytes = 0;
  private readonly redactor: TextRedactor;
  private readonly maxLineBytes: number;
  private readonly checkpointEvery: number | undefined;
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of an overlong line dropped so far, while the rest of it is being skipped. */
  private skipping: number | undefined;

  constructor(options: RedactingStreamOptions) {
    super();
    this.redactor = options.redactor;
    this.maxLineBytes = Math.max(64, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    this.checkpointEvery = options.checkpointEvery;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.skipping !== undefined) this.send(this.marker(this.skipping));
      else if (this.pending.length > 0) this.send(this.redactor.redact(this.pending.toString('utf8')));
      this.pending = Buffer.alloc(0);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private consume(chunk: Buffer): void {
    this.sourceBytes += chunk.length;
    let data = chunk;
    if (this.skipping !== undefined) {
      const newline = data.indexOf(NEWLINE);
      if (newline < 0) {
        this.skipping += data.length;
        return;
      }
      this.send(`${this.marker(this.skipping + newline)}\n`);
      this.skipping = undefined;
      data = data.subarray(newline + 1);
      this.checkpoint(this.sourceBytes - data.length);
    }
    if (this.pending.length > 0) data = Buffer.concat([this.pending, data]);
    this.peakHeldBytes = Math.max(this.peakHeldBytes, data.length);
    const last = data.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.pending = data;
      if (data.length > this.maxLineBytes) this.startSkipping();
      return;
    }
    const block = data.subarray(0, last + 1);
    if (block.length <= this.maxLineBytes) this.send(this.redactor.redact(block.toString('utf8')));
    else this.redactLongBlock(block);
    this.pending = Buffer.from(data.subarray(last + 1));
    this.checkpoint(this.sourceBytes - this.pending.length);
    if (this.pending.length > this.maxLineBytes) this.startSkipping();
  }

  /** A block longer than one line may be: redact it in runs of ordinary lines, truncating any overlong line on the way. */
  private redactLongBlock(block: Buffer): void {
    let start = 0;
    let runStart = 0;
    while (start < block.length) {
      const newline = block.indexOf(NEWLINE, start);
      const end = newline < 0 ? block.length : newline + 1;
      if (end - start - 1 > this.maxLineBytes) {
        if (start > runStart) this.send(this.redactor.redact(block.toString('utf8', runStart, start)));
        const head = this.headOf(block.subarray(start, end - 1));
        this.send(this.redactor.redact(head.toString('utf8')));
        this.send(`${this.marker(end - 1 - start - head.length)}\n`);
        runStart = end;
      }
      start = end;
    }
    if (runStart < block.length) this.send(this.redactor.redact(block.toString('utf8', runStart)));
  }

  /** `pending` is a line longer than the cap with no end yet: send its head, drop the rest as it comes. */
  private startSkipping(): void {
    const head = this.headOf(this.pending);
    this.send(this.redactor.redact(head.toString('utf8')));
    this.skipping = this.pending.length - head.length;
    this.pending = Buffer.alloc(0);
  }

  /** The first `maxLineBytes` of a line, cut back to a blank (when one is in its second half) and to a whole UTF-8 character. */
  private headOf(line: Buffer): Buffer {
    let cut = Math.min(line.length, this.maxLineBytes);
    const half = cut >> 1;
    for (let index = cut - 1; index >= half; index--) {
      const byte = line[index];
      if (byte === 0x20 || byte === 0x09) {
        cut = index;
        break;
      }
    }
    while (cut > 0 && ((line[cut] ?? 0) & 0xc0) === 0x80) cut--;
    return line.subarray(0, cut);
  }

  private marker(dropped: number): string {
    this.redactor.counts['line-truncated'] = (this.redactor.counts['line-truncated'] ?? 0) + 1;
    return ` [line truncated: ${dropped} bytes]`;
  }

  private send(text: string): void {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    this.outputBytes += bytes.length;
    this.push(bytes);
  }

  private checkpoint(source: number): void {
    if (this.checkpointEvery === undefined || this.skipping !== undefined || this.redactor.insideSpan) return;
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last && this.outputBytes - last.output < this.checkpointEvery) return;
    if (last?.source === source) return;
    this.checkpoints.push({ source, output: this.outputBytes });
  }
}
