// Builds every target Roamdesk ships from one place:
//   out/host/cli.js        the Node host (`roamdesk` CLI and `roamdesk serve`), ESM
//   out/app/main.cjs       the Electron shell's main process, CommonJS
//   out/preload/index.cjs  the sandboxed preload: must be one CommonJS file with zod bundled in,
//                          because a sandboxed preload cannot load ESM or node_modules
//   out/renderer/          the React UI, built by Vite; served by app:// and by `roamdesk serve`
// Runtime dependencies stay external so better-sqlite3's native binary is loaded from node_modules;
// the Electron main bundle takes in the ESM-only ones CommonJS cannot require (build-targets.mjs).
import { build as esbuild } from 'esbuild';
import { appMainOptions, commonOptions, hostOptions } from './build-targets.mjs';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const quiet = process.argv.includes('--quiet');
const started = Date.now();

await rm(out, { recursive: true, force: true });

const common = commonOptions(root, quiet);

await Promise.all([
  esbuild(hostOptions(root, quiet)),
  esbuild(appMainOptions(root, quiet)),
  esbuild({
    ...common,
    entryPoints: { index: 'preload/index.ts' },
    outdir: 'out/preload',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'browser',
    minify: true, // zod is bundled in; the sandboxed preload is parsed on every window load
    external: ['electron'],
  }),
  // The log bundle's redaction worker (main/engine/support/bundle/worker-pool.ts loads it from beside its own bundle).
  esbuild({ ...common, entryPoints: { 'host/bundle-worker': 'main/engine/support/bundle/redaction-worker.ts', 'app/bundle-worker': 'main/engine/support/bundle/redaction-worker.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, format: 'cjs', packages: 'external' }),
]);

await viteBuild({
  configFile: path.join(root, 'renderer/vite.config.ts'),
  logLevel: quiet ? 'warn' : 'info',
});

if (!quiet) console.log(`roamdesk build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
