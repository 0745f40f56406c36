/** The bundle's redaction worker built as scripts/build.mjs builds it (one CommonJS file), for tests that run the preview on worker threads. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: Promise<string> | undefined;
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  built = undefined;
});

export function workerScript(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-worker-'));
    made.push(dir);
    const outfile = path.join(dir, 'bundle-worker.cjs');
    // zod is bundled in: the file sits outside the repository, away from node_modules
    await build({ entryPoints: [path.join(root, 'main/engine/support/bundle/redaction-worker.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    return outfile;
  })();
  return built;
}
