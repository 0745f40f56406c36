// `npm run hotspot -- --config <file.json>`: Node 20 cannot run TypeScript, so esbuild bundles
// the tool (main.ts) next to node_modules (so zod resolves) and it runs in this process.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-tools');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'hotspot-in-a-box.mjs');
await build({ entryPoints: [path.join(root, 'tools/hotspot-in-a-box/main.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
