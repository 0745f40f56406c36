/**
 * The worker-thread entry of the preview's redaction (built on its own by scripts/build.mjs as
 * out/host/bundle-worker.cjs and out/app/bundle-worker.cjs, since the engine is bundled into
 * single files). It redacts, measures and spools one file at a time for the thread that made
 * the preview, with the same pseudonymizer salt (handed over in memory, never written), so a
 * value gets the same token whichever thread redacts it. It reads nothing but the files it is
 * sent and writes nothing but the spool files it is told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reopenFileSource } from './bundle-source.js';
import type { RedactionSetup } from './item-redaction.js';
import { Pseudonymizer } from './pseudonymizer.js';
import { measureToSpool } from './spool.js';
import type { WorkerData, WorkerJob, WorkerReply } from './worker-pool.js';

/** Source bytes between two progress messages. */
const PROGRESS_EVERY = 1024 * 1024;

if (parentPort) {
  const port = parentPort;
  const data = workerData as WorkerData;
  const setup: RedactionSetup = {
    level: data.level,
    pseudonyms: new Pseudonymizer(data.salt),
    known: data.known,
    maxLineBytes: data.maxLineBytes,
    chunkBytes: data.chunkBytes,
  };
  const reply = (message: WorkerReply) => port.postMessage(message);
  port.on('message', (job: WorkerJob) => {
    let pending = 0;
    const source = reopenFileSource(job.source);
    measureToSpool(source, job.range, setup, {
      file: job.spoolFile,
      checkpointEvery: job.checkpointEvery,
      onSourceBytes: (bytes) => {
        pending += bytes;
        if (pending >= PROGRESS_EVERY) {
          reply({ type: 'progress', id: job.id, bytes: pending });
          pending = 0;
        }
      },
    }).then(
      (measurement) => {
        if (pending > 0) reply({ type: 'progress', id: job.id, bytes: pending });
        reply({ type: 'done', id: job.id, measurement });
      },
      (error: unknown) => {
        const failure = error as Error & { code?: string; hint?: string };
        reply({ type: 'failed', id: job.id, error: { name: failure?.name ?? 'Error', message: failure?.message ?? String(error), ...(typeof failure?.code === 'string' ? { code: failure.code } : {}) } });
      },
    );
  });
  reply({ type: 'ready' });
}
