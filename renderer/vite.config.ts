import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The renderer is plain static files: loaded from app:// in Electron and served by
// `roamdesk serve` in the Node host. Relative base so both work.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
