/** Roamdesk's version and built UI, located from this file (two folders below the root in main/host and out/host alike). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function roamdeskVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

export function rendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer/', import.meta.url));
}
