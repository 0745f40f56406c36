// Bundles tests/bundle/redactor-bench.ts with esbuild and runs it (see that file). --baseline DIR: a folder
// holding an older text-redactor.ts (with its imports beside it) to run back to back against the current one.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const baseline = args.includes('--baseline') ? path.resolve(args[args.indexOf('--baseline') + 1]) : undefined;
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'redactor-bench.mjs');
const lines = [`import { main } from ${JSON.stringify(path.join(root, 'tests/bundle/redactor-bench.ts'))};`];
if (baseline) {
  lines.push(`import { TextRedactor as Old } from ${JSON.stringify(path.join(baseline, 'text-redactor.ts'))};`);
  lines.push(`import { Pseudonymizer as OldP } from ${JSON.stringify(path.join(baseline, 'pseudonymizer.ts'))};`);
  lines.push(`await main(process.argv.slice(2), (level) => new Old({ level, pseudonyms: new OldP(Buffer.alloc(32, 7)), known: { users: ['alice'], hosts: ['roam-laptop'] } }));`);
} else lines.push('await main(process.argv.slice(2));');
await build({ stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' }, outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
