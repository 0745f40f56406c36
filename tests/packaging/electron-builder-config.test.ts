/**
 * Packaging can only run on Windows and macOS, but its configuration is checked here with
 * electron-builder's own schema validator, so a typo fails CI rather than a release build.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  files?: unknown; // electron-builder normalises the list into filter sets
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  mac?: { hardenedRuntime?: boolean };
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, extra: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };

test('electron-builder.yml passes electron-builder schema validation and keeps the hardening fuses', async () => {
  const config = await getConfig(root, 'electron-builder.yml', null);
  await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();

  expect(JSON.stringify(config.files)).toContain('"out/**/*"');
  expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
  expect(config.electronFuses).toMatchObject({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
  });
  expect(config.mac?.hardenedRuntime).toBe(true);
});

test('a misspelt key is rejected by the same validator (the check above can fail)', async () => {
  const config = { ...(await getConfig(root, 'electron-builder.yml', null)), electronFusez: {} } as BuilderConfig;
  await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/electronFusez/);
});
