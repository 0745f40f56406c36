// Runs the TypeScript generator (main.ts) on plain Node: esbuild bundles it next to
// node_modules (so its data packages resolve) and it runs in this process.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-tools');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'directory-generator.mjs');
await build({ entryPoints: [path.join(root, 'tools/directory-generator/main.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
