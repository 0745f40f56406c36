// `node tools/radius-lab/run.mjs [--check <wpa_supplicant.conf>]...`: Node 20 cannot run
// TypeScript, so esbuild bundles the tool (main.ts) next to node_modules and runs it here.
// Without --check it starts the lab and waits (Ctrl-C stops it and deletes everything).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-tools');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'radius-lab.mjs');
await build({ entryPoints: [path.join(root, 'tools/radius-lab/main.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
