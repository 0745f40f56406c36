/**
 * The Node-side bundles as scripts/build.mjs configures them (scripts/build-targets.mjs),
 * loaded the way each runtime loads them:
 *
 * - the Electron main process's CommonJS bundle: plist 5 is ESM-only (its exports have no
 *   "require" condition), so a bundle that left it external would `require('plist')` and die
 *   with ERR_PACKAGE_PATH_NOT_EXPORTED before the app opened. The whole main bundle is
 *   required here with a stand-in for `electron` (every other require is the real package);
 *   then the policy readers, built with the same options, parse a binary and an XML plist.
 * - the Node host's ESM bundle: the same readers imported as ESM parse the same fixtures.
 *
 * Bundles go to test-results/bundles-<pid>/ inside the repository, so their external
 * requires resolve from this repository's node_modules as they do from out/.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { appMainOptions, hostOptions } from '../../scripts/build-targets.mjs';
import { root } from '../e2e/harness.js';
import { plistFixtureValues as expected } from '../policy/fixtures/plist-values.js';

const outDir = path.join(root, 'test-results', `bundles-${process.pid}`);
const fixtures = path.join(root, 'tests', 'policy', 'fixtures');
const requireHere = createRequire(import.meta.url);

interface PolicyReaders {
  AnyPolicyFileSource: new (file: string) => { read(): Promise<{ status: string; values: Record<string, unknown>; error?: string }> };
}

beforeAll(() => mkdirSync(outDir, { recursive: true }));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the Electron main bundle (CommonJS)', () => {
  test('bundles ESM-only plist in, and the whole bundle loads with every require resolved', async () => {
    const dir = path.join(outDir, 'app');
    await build({ ...appMainOptions(root, true), outdir: dir, sourcemap: false });
    const file = path.join(dir, 'main.cjs');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/require\("plist"\)/);
    expect(text).toMatch(/require\("electron"\)/);
    // This is what failed before: CommonJS cannot require plist.
    expect(() => requireHere('plist')).toThrow(expect.objectContaining({ code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }));

    // A stand-in for electron that refuses the single-instance lock: main.ts then quits at once.
    const calls: string[] = [];
    const electron = {
      app: {
        requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), false),
        quit: () => void calls.push('quit'),
        on: () => undefined,
        whenReady: () => new Promise(() => undefined),
        enableSandbox: () => undefined,
        isPackaged: false,
        getVersion: () => '0.0.0-test',
        getPath: () => outDir,
      },
      BrowserWindow: class {},
      Notification: class {},
      Tray: class {},
      Menu: { buildFromTemplate: () => ({}) },
      nativeImage: { createFromPath: () => ({}) },
      ipcMain: { handle: () => undefined, on: () => undefined },
      protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
      session: {},
      shell: {},
      net: {},
      safeStorage: {},
      dialog: {},
      webContents: {},
    };
    const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = moduleInternals._load;
    moduleInternals._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron : load.call(this, request, ...rest);
    };
    try {
      requireHere(file);
    } finally {
      moduleInternals._load = load;
    }
    expect(calls).toEqual(['requestSingleInstanceLock', 'quit']);
  });

  test('the policy readers built the same way parse a binary and an XML plist', async () => {
    const dir = path.join(outDir, 'app-policy');
    await build({ ...appMainOptions(root, true), entryPoints: { policy: 'main/platform/policy-sources/index.ts' }, outdir: dir, sourcemap: false });
    const readers = requireHere(path.join(dir, 'policy.cjs')) as PolicyReaders;
    for (const name of ['com.roamdesk.desktop.binary.plist', 'com.roamdesk.desktop.xml.plist']) {
      const snapshot = await new readers.AnyPolicyFileSource(path.join(fixtures, name)).read();
      expect(snapshot).toMatchObject({ status: 'ok', values: expected });
    }
  });
});

describe('the Node host bundle (ESM)', () => {
  test('the policy readers parse a binary and an XML plist', async () => {
    const dir = path.join(outDir, 'host-policy');
    await build({ ...hostOptions(root, true), entryPoints: { policy: 'main/platform/policy-sources/index.ts' }, outdir: dir, sourcemap: false });
    const file = path.join(dir, 'policy.js');
    expect(existsSync(file)).toBe(true);
    // ESM imports plist natively: it stays external, as in out/host/cli.js.
    expect(readFileSync(file, 'utf8')).toMatch(/from "plist"/);
    const readers = (await import(pathToFileURL(file).href)) as PolicyReaders;
    for (const name of ['com.roamdesk.desktop.binary.plist', 'com.roamdesk.desktop.xml.plist']) {
      const snapshot = await new readers.AnyPolicyFileSource(path.join(fixtures, name)).read();
      expect(snapshot).toMatchObject({ status: 'ok', values: expected });
    }
  });
});
