/**
 * The text redactor alone, CPU time, on the bundle bench's logs (scripts/bench/bundle/log-lines.ts). Not a test (vitest picks *.test.ts only); run it with
 *   node tests/bundle/redactor-bench.mjs [--mb 20] [--level standard] [--baseline DIR] [--rounds 3]
 * which bundles this file with esbuild. With --baseline (a folder with an older text-redactor.ts and its
 * imports), both run back to back in one process, alternating, and their outputs are compared byte for byte.
 */
import { Pseudonymizer } from '../../main/engine/support/bundle/pseudonymizer.js';
import type { RedactionLevel } from '../../main/engine/support/bundle/redaction-level.js';
import { TextRedactor } from '../../main/engine/support/bundle/text-redactor.js';
import { logEntries } from '../../scripts/bench/bundle/log-lines.js';

const MB = 1024 * 1024;

export function generateLogs(totalMb: number): string {
  const nextEntry = logEntries();
  const parts: string[] = [];
  let written = 0;
  while (written < totalMb * MB) {
    const entry = nextEntry(0);
    written += entry.length;
    parts.push(entry);
  }
  return parts.join('');
}

/** Blocks of whole lines of about 64 KiB, as RedactingStream hands them over. */
export function blocksOf(text: string, size = 64 * 1024): string[] {
  const blocks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', Math.min(text.length - 1, start + size));
    end = end < 0 ? text.length : end + 1;
    blocks.push(text.slice(start, end));
    start = end;
  }
  return blocks;
}

type Redactor = { redact(text: string): string; counts: Record<string, number | undefined> };
type Make = (level: RedactionLevel) => Redactor;

/**
 * One pass over the blocks. Timed, each output is encoded to UTF-8 as RedactingStream.send does (which also
 * flattens the strings the redactor built) and dropped; `keep` keeps the outputs for the comparison instead.
 */
export function run(make: Make, blocks: readonly string[], level: RedactionLevel, keep = false): { cpuMs: number; output: string; counts: string } {
  const redactor = make(level);
  const outputs: string[] = [];
  let bytes = 0;
  const before = process.cpuUsage();
  if (keep) for (const block of blocks) outputs.push(redactor.redact(block));
  else for (const block of blocks) bytes += Buffer.from(redactor.redact(block), 'utf8').length;
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, output: keep ? outputs.join('') : String(bytes), counts: JSON.stringify(Object.entries(redactor.counts).sort()) };
}

export async function main(args: string[], baseline?: Make): Promise<void> {
  const option = (name: string, fallback: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback);
  const mb = Number(option('--mb', '20'));
  const level = option('--level', 'standard') as RedactionLevel;
  const rounds = Number(option('--rounds', '3'));
  const salt = Buffer.alloc(32, 7);
  const known = { users: ['alice'], hosts: ['roam-laptop'] };
  const current: Make = (lvl) => new TextRedactor({ level: lvl, pseudonyms: new Pseudonymizer(salt), known });
  const text = generateLogs(mb);
  const blocks = blocksOf(text);
  const inputMb = Buffer.byteLength(text) / MB;
  const variants: [string, Make][] = baseline ? [['before', baseline], ['after', current]] : [['current', current]];
  // Warm up (and check) each variant once.
  const first = variants.map(([name, make]) => [name, run(make, blocks, level, true)] as const);
  if (first.length === 2 && (first[0]![1].output !== first[1]![1].output || first[0]![1].counts !== first[1]![1].counts)) {
    process.stdout.write(`OUTPUT DIFFERS (${level})\n${first[0]![1].counts}\n${first[1]![1].counts}\n`);
    const a = first[0]![1].output;
    const b = first[1]![1].output;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    process.stdout.write(`first difference at ${i}:\n${JSON.stringify(a.slice(i - 200, i + 200))}\n${JSON.stringify(b.slice(i - 200, i + 200))}\n`);
    process.exitCode = 1;
    return;
  }
  if (first.length === 2) process.stdout.write(`outputs identical (${level}, ${first[0]![1].counts})\n`);
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, make] of variants) times.get(name)!.push(run(make, blocks, level).cpuMs);
  }
  for (const [name, list] of times) {
    const sorted = [...list].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    process.stdout.write(`${name}: ${inputMb.toFixed(1)} MB, CPU ${list.map((ms) => ms.toFixed(0)).join(' / ')} ms, median ${median.toFixed(0)} ms = ${(inputMb / (median / 1000)).toFixed(1)} MB/s (best ${sorted[0]!.toFixed(0)} ms = ${(inputMb / (sorted[0]! / 1000)).toFixed(1)} MB/s)\n`);
  }
}
