/**
 * Runs the preview's file measurements on worker threads (redaction-worker.ts), one file per
 * worker at a time, as many workers as the host has cores (at most the number of files).
 * Each worker spools its own files, so results need no reordering: the caller keys them by
 * job. Memory stays bounded: a worker holds one file's redactor state and zlib's buffers.
 *
 * A worker that cannot start (no built worker script beside the bundle, as when the engine
 * runs from its TypeScript sources) or that dies hands its unfinished jobs back to the caller,
 * who measures them on its own thread with the same code; an item's own failure (unreadable
 * file) is reported as the bundle error it is.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type BundleCategory } from './bundle-manifest.js';
import { BundleError, type BundleErrorCode, bundleErrorCodes } from './bundle-error.js';
import type { FileSourceDescriptor } from './bundle-source.js';
import type { SourceRange } from './item-redaction.js';
import type { KnownIdentifiers } from './text-redactor.js';
import type { RedactionCounts, RedactionLevel } from './redaction-level.js';
import type { SpooledMeasurement } from './spool.js';

/** The worker bundle's file name, beside out/host/cli.js and out/app/main.cjs. */
export const WORKER_FILE = 'bundle-worker.cjs';

export interface WorkerData {
  salt: Uint8Array;
  level: RedactionLevel;
  known: KnownIdentifiers;
  maxLineBytes: number;
  chunkBytes: number;
}

export interface WorkerJob {
  id: number;
  source: { name: string; category: BundleCategory; modifiedMs: number; preCounts: RedactionCounts; file: FileSourceDescriptor };
  range: SourceRange;
  spoolFile: string;
  checkpointEvery?: number;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; id: number; bytes: number }
  | { type: 'done'; id: number; measurement: SpooledMeasurement }
  | { type: 'failed'; id: number; error: { name: string; message: string; code?: string } };

export interface WorkerRunOptions {
  script: string;
  threads: number;
  data: WorkerData;
  signal?: AbortSignal | undefined;
  onStart?: (id: number) => void;
  onBytes?: (id: number, bytes: number) => void;
}

/** The built worker script beside this bundle, when there is one. */
export function defaultWorkerScript(): string | undefined {
  try {
    const here = typeof __filename === 'string' && __filename ? __filename : undefined;
    const candidate = here ? path.join(path.dirname(here), WORKER_FILE) : typeof require === 'function' ? require.resolve(`./${WORKER_FILE}`) : undefined;
    return candidate !== undefined && existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(8, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}

/** Measures `jobs` on worker threads; `leftover` holds the jobs no worker could finish (to run on the caller's thread). */
export function measureInWorkers(jobs: readonly WorkerJob[], options: WorkerRunOptions): Promise<{ results: Map<number, SpooledMeasurement>; leftover: WorkerJob[] }> {
  return new Promise((resolve, reject) => {
    const queue = [...jobs];
    const results = new Map<number, SpooledMeasurement>();
    const leftover: WorkerJob[] = [];
    const workers = new Set<Worker>();
    let settled = false;
    let alive = 0;

    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // Wait for every worker to be gone, so none writes a spool file after the caller deletes the spool.
      const stopping = [...workers].map((worker) => worker.terminate().catch(() => undefined));
      workers.clear();
      void Promise.all(stopping).then(() => (error ? reject(error) : resolve({ results, leftover })));
    };
    const onAbort = () => finish(new BundleError('BUNDLE_CANCELLED'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const start = () => {
      let worker: Worker;
      try {
        worker = new Worker(options.script, { workerData: options.data, stdout: false, stderr: false });
      } catch {
        return;
      }
      workers.add(worker);
      alive++;
      let current: WorkerJob | undefined;
      let gone = false;
      const retire = (crashed: boolean) => {
        if (gone) return;
        gone = true;
        alive--;
        workers.delete(worker);
        if (crashed && current) leftover.push(current);
        current = undefined;
        if (!crashed) void worker.terminate();
        if (alive === 0) {
          leftover.push(...queue.splice(0));
          finish();
        }
      };
      const next = () => {
        current = queue.shift();
        if (!current) return retire(false);
        options.onStart?.(current.id);
        worker.postMessage(current);
      };
      worker.on('message', (message: WorkerReply) => {
        if (settled || gone) return;
        if (message.type === 'ready') next();
        else if (message.type === 'progress') options.onBytes?.(message.id, message.bytes);
        else if (message.type === 'done') {
          results.set(message.id, message.measurement);
          next();
        } else if (message.type === 'failed') finish(workerError(message.error, current?.source.name ?? 'a log'));
      });
      worker.on('error', () => retire(true));
      worker.on('exit', () => retire(true));
    };
    for (let i = 0; i < Math.min(options.threads, jobs.length); i++) start();
    if (alive === 0) {
      leftover.push(...queue.splice(0));
      finish();
    }
  });
}

function workerError(error: { name: string; message: string; code?: string }, name: string): Error {
  if (error.name === 'BundleError' && error.code !== undefined && error.code in bundleErrorCodes) return new BundleError(error.code as BundleErrorCode, error.message);
  return new BundleError('BUNDLE_ITEM_UNREADABLE', `Roamdesk could not read ${name} for the support bundle.`, { cause: new Error(error.message) });
}
