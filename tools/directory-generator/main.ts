/**
 * `node tools/directory-generator/generate.mjs --hotspots 1000000 --seed 1 --out dir [--delta 10000]`
 *
 * Writes <out>/full.rdir (and <out>/delta.rdir), signed with a key pair kept in
 * <out>/keys/ (made on first use; the private key file is owner-only). Never point a
 * production build at these keys: the app pins its own public key (pinned-keys.ts).
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildGeneratedWorld, writeDeltaDirectory, writeFullDirectory } from './generate.js';

function argument(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const hotspots = Number(argument('hotspots', '1000000'));
const seed = Number(argument('seed', '1'));
const out = path.resolve(argument('out'));
const delta = Number(argument('delta', '0'));
if (!Number.isSafeInteger(hotspots) || hotspots < 1 || hotspots > 10_000_000) throw new Error('--hotspots must be 1..10000000');

mkdirSync(path.join(out, 'keys'), { recursive: true, mode: 0o700 });
const privatePath = path.join(out, 'keys', 'directory-test-private.pem');
const publicPath = path.join(out, 'keys', 'directory-test-public.pem');
if (!existsSync(privatePath)) {
  const pair = generateKeyPairSync('ed25519');
  writeFileSync(privatePath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicPath, pair.publicKey.export({ type: 'spki', format: 'pem' }));
}
const privateKey = createPrivateKey(readFileSync(privatePath));

const started = Date.now();
const world = buildGeneratedWorld(seed, hotspots);
const full = writeFullDirectory(path.join(out, 'full.rdir'), world, { seed, hotspots, privateKey });
console.log(`full.rdir: ${full.records} records (${hotspots} hotspots, ${full.sites} sites, ${full.tiles} tiles) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (delta > 0) {
  const d = writeDeltaDirectory(path.join(out, 'delta.rdir'), world, { seed, hotspots, privateKey, changes: delta });
  console.log(`delta.rdir: ${d.records} records (${d.updates} updates, ${d.tombstones} tombstones, ${d.additions} additions) over ${d.tiles} tiles`);
}
console.log(`public key: ${publicPath}`);
