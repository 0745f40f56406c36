/**
 * Entry point: `node server/run.mjs` (bundles this file with esbuild, then runs it).
 * Configuration comes from RELAY_* environment variables or a JSON file (RELAY_CONFIG); see docs/relay.md.
 */
import { loadConfig } from './config.js';
import { createRelay } from './relay.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const relay = await createRelay(config);
  await relay.listen();
  if (config.ticketing.kind !== 'none') relay.startSync();
  const stop = (signal: string): void => {
    relay.log.info('relay.stopping', { signal });
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
