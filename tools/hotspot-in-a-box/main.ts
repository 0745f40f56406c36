/**
 * `npm run hotspot -- --config <file.json> [--ca-out <file.pem>]`: runs one hotspot-in-a-box
 * portal until SIGINT/SIGTERM. Prints the proxy URL to point a client at and where the CA
 * certificate (public, PEM) was written; the CA file is removed on exit.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HotspotConfigError, parseHotspotConfig } from './config.js';
import { startHotspot } from './hotspot.js';

const USAGE = 'usage: npm run hotspot -- --config <file.json> [--ca-out <file.pem>]';

async function main(): Promise<void> {
  let values: { config?: string | undefined; 'ca-out'?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { config: { type: 'string' }, 'ca-out': { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    fail('HOTSPOT_USAGE', `${(error as Error).message}. ${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.config) fail('HOTSPOT_USAGE', `No config file given. ${USAGE} (example: tools/hotspot-in-a-box/examples/wispr-pending.json)`);

  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(values.config, 'utf8'));
  } catch (error) {
    fail('HOTSPOT_CONFIG_UNREADABLE', `Could not read ${values.config} as JSON (${(error as Error).message}). Check the path and the JSON syntax.`);
  }
  let config;
  try {
    config = parseHotspotConfig(raw);
  } catch (error) {
    if (error instanceof HotspotConfigError) fail(error.code, error.message);
    throw error;
  }

  const hotspot = await startHotspot(config);
  const caPath = path.resolve(values['ca-out'] ?? path.join(os.tmpdir(), `roamdesk-hotspot-${process.pid}-ca.pem`));
  await writeFile(caPath, hotspot.caPem, { mode: 0o644 });
  const urls = hotspot.urls();
  console.log(`hotspot-in-a-box: ${config.kind} portal for ${config.loginHost}`);
  console.log(`  proxy:   ${hotspot.proxyUrl}`);
  console.log(`  CA:      ${caPath}`);
  console.log(`  entry:   ${urls.entry}`);
  if (config.kind === 'wispr') console.log(`  login:   ${urls.login}`);
  if (config.kind === 'capport') console.log(`  API:     ${urls.api}`);
  console.log(`  try:     curl -si --proxy ${hotspot.proxyUrl} http://127.0.0.1:9/`);
  console.log(`           curl -s --proxy ${hotspot.proxyUrl} --cacert ${caPath} ${config.kind === 'capport' ? urls.api : `https://${config.loginHost}/`}`);
  console.log('  (loopback targets only; Ctrl-C to stop)');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await hotspot.close();
    await rm(caPath, { force: true });
    console.log(`hotspot-in-a-box stopped; stats: ${JSON.stringify(hotspot.stats())}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function fail(code: string, message: string): never {
  console.error(`[${code}] ${message}`);
  process.exit(2);
}

await main();
