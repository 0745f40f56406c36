// npm run bench:portal — captive-portal sign-in, Roamdesk beside the limit (docs/benchmarks/portal.md).
// The benchmark is TypeScript (it drives the engine's own portal code and hotspot-in-a-box):
// esbuild bundles the client and the gateway process beside node_modules, then the client runs
// here and forks the gateway. Options: --reps 15 --rtts 0,20,50,100 --delay-reps 3 --delay-rtts 0 --flows … --no-write
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-bench', 'portal');
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { 'portal-bench': path.join(root, 'scripts/bench/portal/main.ts'), 'portal-gateway': path.join(root, 'scripts/bench/portal/hotspot-child.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { runPortalBench } = await import(pathToFileURL(path.join(outdir, 'portal-bench.mjs')).href);
await runPortalBench(root, path.join(outdir, 'portal-gateway.mjs'), process.argv.slice(2));
