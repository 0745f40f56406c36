/** Reads a hand-written fixture from ./fixtures (see fixtures/README.md: documented formats, not captures). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}
