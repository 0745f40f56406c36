import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Two projects: `unit` runs the engine and the shell's pure parts on plain Node; `e2e`
// starts the real `roamdesk` host and drives Debian's Chromium through playwright-core.
// `electron` is aliased to a stub so no test can trigger Electron's lazy binary download.
const electronStub = fileURLToPath(new URL('./tests/stubs/electron.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { electron: electronStub } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'], environment: 'node', testTimeout: 20_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
    ],
  },
});
