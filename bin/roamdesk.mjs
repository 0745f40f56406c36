#!/usr/bin/env node
// The `roamdesk` command: runs the built Node host. `npm ci` builds it (the `prepare` script).
import { existsSync } from 'node:fs';

const cli = new URL('../out/host/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('roamdesk: BUILD_MISSING: the Node host is not built yet.\n  Run `npm run build` (npm ci does it for you) and try again.\n');
  process.exit(2);
}
await import(cli.href);
