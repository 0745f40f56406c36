/**
 * kill -9 during a sync, on a real SQLite file, in a real child process: the cache must
 * open afterwards, be consistent, hold either the old directory or the new one (never a
 * mix), and a retry must then apply cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { openCacheDatabase } from '../../main/engine/cache/database.js';
import { buildGeneratedWorld, writeDeltaDirectory, writeFullDirectory } from '../../tools/directory-generator/generate.js';
import { consistencyProblems, keys, snapshot, syncer, type KeyPair } from './support.js';
import { tempDir } from '../support/temp-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const childFile = path.join(root, 'node_modules', '.cache', 'roamdesk-tests', 'sync-child.mjs');
const HOTSPOTS = 20_000;

beforeAll(async () => {
  mkdirSync(path.dirname(childFile), { recursive: true });
  // Bundled beside node_modules so better-sqlite3 resolves; the child runs on plain Node.
  await build({ entryPoints: [path.join(root, 'tests/directory/fixtures/sync-child.ts')], outfile: childFile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
}

/** Runs the child; `killWhen` lets the parent SIGKILL it on a progress line. */
function runChild(input: object, killWhen?: (line: string) => boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile], { env: { ...process.env, ROAMDESK_SYNC_CHILD: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (killWhen?.(line)) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${stderr.slice(0, 2000)}`));
      else resolve({ code, signal, lines });
    });
  });
}

interface Rig {
  pair: KeyPair;
  dir: string;
  dbFile: string;
  full1: string;
  full2: string;
  delta: string;
  base: string;
}

/** A cache with directory v1 installed, and files for v2 (full) and a v1→v2 delta. */
async function rig(): Promise<Rig> {
  const pair = keys();
  const dir = tempDir('roamdesk-crash-');
  const dbFile = path.join(dir, 'hotspots.sqlite');
  const world1 = buildGeneratedWorld(11, HOTSPOTS);
  const world2 = buildGeneratedWorld(12, HOTSPOTS);
  const full1 = path.join(dir, 'full-1.rdir');
  const full2 = path.join(dir, 'full-2.rdir');
  const delta = path.join(dir, 'delta-1-2.rdir');
  writeFullDirectory(full1, world1, { seed: 11, hotspots: HOTSPOTS, privateKey: pair.privateKey, version: 1 });
  writeFullDirectory(full2, world2, { seed: 12, hotspots: HOTSPOTS, privateKey: pair.privateKey, version: 2 });
  writeDeltaDirectory(delta, world1, { seed: 11, hotspots: HOTSPOTS, privateKey: pair.privateKey, changes: 5_000, baseVersion: 1 });
  const { db } = openCacheDatabase(dbFile);
  try {
    await syncer(db, pair).apply(full1);
    return { pair, dir, dbFile, full1, full2, delta, base: snapshot(db) };
  } finally {
    db.close();
  }
}

const childInput = (r: Rig, file: string, extra: object = {}) => ({
  db: r.dbFile,
  file,
  publicKeyPem: r.pair.publicKey.export({ type: 'spki', format: 'pem' }),
  batchRows: 1_000,
  pauseMs: 0,
  ...extra,
});

/** Opens the cache as the app would after the crash, and checks it. */
function afterCrash(r: Rig): { version: number | undefined; snapshot: string; problems: string[]; leftovers: string[] } {
  const { db } = openCacheDatabase(r.dbFile);
  try {
    return {
      version: db.prepare('SELECT version FROM directory_meta').pluck().get() as number | undefined,
      snapshot: snapshot(db),
      problems: consistencyProblems(db, { allowLeftovers: true }),
      leftovers: db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\\_\\_next' ESCAPE '\\' OR name LIKE '%\\_\\_old' ESCAPE '\\') ORDER BY name").pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

async function retrySucceeds(r: Rig, file: string, version: number): Promise<void> {
  const { db } = openCacheDatabase(r.dbFile);
  try {
    const result = await syncer(db, r.pair).apply(file);
    expect(result.version).toBe(version);
    expect(consistencyProblems(db)).toEqual([]);
  } finally {
    db.close();
  }
}

describe('a sync killed with SIGKILL', () => {
  test('by the parent while a full import is staging: the old directory, intact; a retry applies', async () => {
    const r = await rig();
    let staged = 0;
    const run = await runChild(childInput(r, r.full2, { pauseMs: 20 }), (line) => {
      const match = /^progress stage (\d+) (\d+)$/.exec(line);
      staged = match ? Number(match[1]) : staged;
      return staged >= 5_000;
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.lines).not.toContain('finished');
    expect(run.lines.some((line) => line.startsWith('progress swap'))).toBe(false);

    const state = afterCrash(r);
    expect(state.version).toBe(1);
    expect(state.snapshot).toBe(r.base);
    expect(state.problems).toEqual([]);
    expect(state.leftovers).toContain('directory_hotspots__next'); // the half-staged shadow, never live
    await retrySucceeds(r, r.full2, 2);
  });

  test('by itself right after the swap committed, before the old tables were dropped: the new directory, intact', async () => {
    const r = await rig();
    const run = await runChild(childInput(r, r.full2, { killAt: { phase: 'swapped', done: 0 } }));
    expect(run.signal).toBe('SIGKILL');
    const state = afterCrash(r);
    expect(state.version).toBe(2);
    expect(state.problems).toEqual([]);
    expect(state.leftovers).toContain('directory_hotspots__old');
    // The retired tables are dropped by the next sync (or recover()); a re-apply of v2 is allowed.
    await retrySucceeds(r, r.full2, 2);
  });

  test('by itself in the middle of a delta transaction: the base, intact; a retry applies', async () => {
    const r = await rig();
    const run = await runChild(childInput(r, r.delta, { killAt: { phase: 'apply', done: 2_000 } }));
    expect(run.signal).toBe('SIGKILL');
    expect(run.lines.some((line) => line.startsWith('progress apply 2000'))).toBe(true);
    const state = afterCrash(r);
    expect(state.version).toBe(1);
    expect(state.snapshot).toBe(r.base);
    expect(state.problems).toEqual([]);
    await retrySucceeds(r, r.delta, 2);
  });
});
