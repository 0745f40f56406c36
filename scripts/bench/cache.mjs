// npm run bench:cache — the hotspot cache and directory sync, measured (docs/benchmarks/cache.md).
// The benchmark is TypeScript (it drives the engine's own code): esbuild bundles it beside
// node_modules, and it runs in this process. Options: --hotspots 1000000,2000000 --seed 1 --no-write
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'cache-bench.mjs');
await build({ entryPoints: [path.join(root, 'scripts/bench/cache-bench.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const { runCacheBench } = await import(pathToFileURL(outfile).href);
await runCacheBench(root, process.argv.slice(2));
