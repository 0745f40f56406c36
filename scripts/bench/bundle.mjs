// npm run bench:bundle — log bundles (redacted, streamed zip) against a plain zip of the same logs
// (docs/benchmarks/bundle.md). The benchmark is TypeScript (it drives the engine's own code): esbuild
// bundles it beside node_modules, and each variant runs in a child process of that bundle.
// Options: --mb 200 (size of the generated logs) --no-write
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'node_modules', '.cache', 'roamdesk-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'bundle-bench.mjs');
await build({
  stdin: {
    contents: `import { runBundleBench } from ${JSON.stringify(path.join(root, 'scripts/bench/bundle/bundle-bench.ts'))};\nimport { fileURLToPath } from 'node:url';\nawait runBundleBench(${JSON.stringify(root)}, process.argv.slice(2), fileURLToPath(import.meta.url));\n`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __roamdeskRequire } from 'node:module'; const require = __roamdeskRequire(import.meta.url);" },
});
// The redaction worker, beside the bench bundle as scripts/build.mjs puts it beside out/host/cli.js.
await build({
  entryPoints: [path.join(root, 'main/engine/support/bundle/redaction-worker.ts')],
  outfile: path.join(outdir, 'bundle-worker.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
