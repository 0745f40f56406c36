/**
 * Memory stays bounded whatever the log's size: a 50 MB log (with a secret near its end) is
 * previewed and bundled; the redactor never holds more than one partial line plus one chunk,
 * and the process's RSS grows far less than the log's size.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect, test } from 'vitest';
import { Pseudonymizer, RedactingStream, TextRedactor, buildBundle } from '../../main/engine/support/bundle/index.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../main/engine/support/bundle/redacting-stream.js';
import { createReadStream } from 'node:fs';
import { tempDir } from '../support/temp-dir.js';
import { unzip } from './unzip.js';

const MB = 1024 * 1024;

async function writeLog(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const line = `[2026-11-30 08:00:00.${String(i % 1000).padStart(3, '0')}] [info]  scan ${i} bssid 3c:22:fb:${(i % 256).toString(16).padStart(2, '0')}:b2:c3 from 192.168.1.${i % 250} user alice.smith@example.com password=pw-${i}\n`;
    written += line.length;
    i++;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.write('[2026-11-30 09:00:00.000] [info]  last password=Very-Last-Secret\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

test('a 50 MB log is redacted and bundled with bounded memory', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const log = path.join(dir, 'roamdesk.log');
  await writeLog(log, 50 * MB);

  const stream = new RedactingStream({ redactor: new TextRedactor({ level: 'standard', pseudonyms: new Pseudonymizer() }) });
  let bytes = 0;
  await pipeline(createReadStream(log), stream, new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) }));
  expect(bytes).toBeGreaterThan(40 * MB);
  expect(stream.peakHeldBytes).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES + 64 * 1024);

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const out = path.join(dir, 'bundle.zip');
  const result = await buildBundle({ logs: [log], trigger: { kind: 'user' }, client: { version: '0' }, sizeCapBytes: 200 * MB, out, consent: { approvedAt: 'now', via: 'cli' } });
  clearInterval(timer);
  expect(result.manifest.files[0]!.bytes).toBeGreaterThan(40 * MB);
  // loosely: the process did not take the log (50 MB) or the bundle into memory
  expect(peak - before).toBeLessThan(45 * MB);
  const entries = await unzip(out);
  expect(entries[1]!.content.includes('Very-Last-Secret')).toBe(false);
  expect(entries[1]!.content.includes('pw-12345')).toBe(false);
});
