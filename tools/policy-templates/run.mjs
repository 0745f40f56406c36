// npm run generate:policy-templates
// Node 20 cannot run TypeScript: generate.ts (and the schema it reads) is bundled with
// esbuild into one temporary ES module and run from there, like scripts/bench/selection.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-policy-templates-'));
const outfile = path.join(dir, 'generate.mjs');
try {
  await build({
    stdin: {
      contents: "export { writePolicyTemplates } from './tools/policy-templates/generate.ts';",
      resolveDir: root,
      sourcefile: 'policy-templates-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile,
    absWorkingDir: root,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __policyRequire } from 'node:module'; const require = __policyRequire(import.meta.url);" },
  });
  const { writePolicyTemplates } = await import(pathToFileURL(outfile).href);
  const written = writePolicyTemplates(root);
  console.log(written.length ? `wrote ${written.join(', ')}` : 'policy templates are up to date');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
