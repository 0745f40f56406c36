// npm run bench:selection -- --seeds N --seed-base B
// Node 20 cannot run TypeScript, so the benchmark (scripts/bench/selection/main.ts, the
// simulator in tools/mobility and the real selector it imports) is bundled with esbuild
// into one temporary ES module — also the worker threads' entry — and run from there.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-bench-selection-'));
const outfile = path.join(dir, 'bench-selection.mjs');
try {
  await build({
    entryPoints: [path.join(root, 'scripts/bench/selection/main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile,
    absWorkingDir: root,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
