// The esbuild options of each Node-side target, shared by scripts/build.mjs and the test that
// loads what they produce (tests/packaging/bundles.test.ts), so the test checks the real
// configuration, not a copy of it.
//
// Runtime dependencies stay external (better-sqlite3's and koffi's native binaries load from
// node_modules) — except, in the Electron main process's CommonJS bundle, a package that
// CommonJS cannot `require`: an ESM-only package (plist 5 exports only an "import"
// condition, so `require('plist')` throws ERR_PACKAGE_PATH_NOT_EXPORTED, and the app would
// not start). Those are bundled in, converted to CommonJS by esbuild. The decision is made
// per import by asking Node's CommonJS resolver, so a future ESM-only dependency is handled
// the same way without a list to keep.
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules);

/** The package an import names (`@scope/name` or `name`), without a subpath. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** External when CommonJS can require it from the importing file; bundled otherwise (ESM-only). */
export const externalUnlessEsmOnly = {
  name: 'external-unless-esm-only',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtins.has(args.path) || args.path === 'electron') return { path: args.path, external: true };
      const from = createRequire(path.join(args.resolveDir || process.cwd(), 'index.js'));
      try {
        from.resolve(args.path);
        return { path: args.path, external: true };
      } catch (error) {
        if (error?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || error?.code === 'ERR_REQUIRE_ESM') return undefined; // let esbuild bundle it
        if (error?.code === 'MODULE_NOT_FOUND') throw new Error(`${packageName(args.path)} is imported by ${args.importer} but is not installed`);
        throw error;
      }
    });
  },
};

export function commonOptions(root, quiet = false) {
  return { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: quiet ? 'warning' : 'info', absWorkingDir: root };
}

/** out/host/cli.js: the Node host, ESM (imports ESM-only packages natively). */
export function hostOptions(root, quiet = false) {
  return {
    ...commonOptions(root, quiet),
    entryPoints: { cli: 'main/host/cli.ts' },
    outdir: 'out/host',
    format: 'esm',
    packages: 'external',
    banner: { js: "import { createRequire as __roamdeskRequire } from 'node:module'; const require = __roamdeskRequire(import.meta.url);" },
  };
}

/** out/app/main.cjs: the Electron main process, CommonJS. */
export function appMainOptions(root, quiet = false) {
  return {
    ...commonOptions(root, quiet),
    entryPoints: { main: 'main/app/main.ts' },
    outdir: 'out/app',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [externalUnlessEsmOnly],
  };
}
