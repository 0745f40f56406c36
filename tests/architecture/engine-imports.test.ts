/**
 * The engine, the shared Node parts, the Node host and the renderer run without Electron:
 * none of them may import `electron` (or electron-log's main-process flavour, which
 * requires it). The contract is shared by every process, so it imports zod only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ELECTRON_FREE = ['main/engine', 'main/common', 'main/rpc', 'main/platform', 'main/host', 'renderer/src'];
const FORBIDDEN = new Set(['electron', 'electron-log/main']);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** Every module specifier in static imports, re-exports, dynamic imports and require calls. */
function importedModules(source: string): string[] {
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

describe('import boundaries', () => {
  test('the import scanner sees every form of import', () => {
    const sample = [
      "import { app } from 'electron';",
      "import type { BrowserWindow } from 'electron';",
      "import log from 'electron-log/main';",
      "import 'side-effect';",
      "export { x } from './x.js';",
      "export * from './y.js';",
      "const m = await import('dynamic');",
      "const r = require('required');",
      'import {\n  multi,\n  line,\n} from "multi-line";',
    ].join('\n');
    expect(importedModules(sample)).toEqual(
      expect.arrayContaining(['electron', 'electron', 'electron-log/main', 'side-effect', './x.js', './y.js', 'dynamic', 'required', 'multi-line']),
    );
  });

  test('the folders to check exist and hold sources', () => {
    for (const dir of ELECTRON_FREE) expect(sourceFiles(dir).length, dir).toBeGreaterThan(0);
  });

  test.each(ELECTRON_FREE)('nothing under %s imports electron', (dir) => {
    const offenders = sourceFiles(dir).flatMap((file) =>
      importedModules(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => FORBIDDEN.has(specifier) || specifier.startsWith('electron/'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  test('only the Electron shell and the preload bridge import electron', () => {
    const importers = ['main', 'preload', 'renderer/src'].flatMap((dir) =>
      sourceFiles(dir).filter((file) => importedModules(readFileSync(path.join(root, file), 'utf8')).some((specifier) => FORBIDDEN.has(specifier))),
    );
    for (const file of importers) expect(file.startsWith('main/app/') || file === 'preload/index.ts', file).toBe(true);
  });

  test('the contract and the WebSocket frames import only zod and each other', () => {
    expect(importedModules(readFileSync(path.join(root, 'preload/contract.ts'), 'utf8'))).toEqual(['zod']);
    for (const specifier of importedModules(readFileSync(path.join(root, 'preload/ws-protocol.ts'), 'utf8'))) expect(['zod', './contract.js']).toContain(specifier);
  });
});
