/** Reads and validates a world file; every failure names the file, the field and the fix. */
import { readFile } from 'node:fs/promises';
import { RoamdeskError } from '../../errors.js';
import { WorldSpec } from './world-schema.js';

export async function loadWorld(file: string): Promise<WorldSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new RoamdeskError('WORLD_NOT_FOUND', `Could not read the world file ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, {
      hint: 'Check the path; the demo world is assets/worlds/demo.json.',
      cause,
    });
  }
  return parseWorld(text, file);
}

export function parseWorld(text: string, file = 'world'): WorldSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new RoamdeskError('WORLD_INVALID', `${file} is not JSON: ${(cause as Error).message}.`, { hint: 'Fix the JSON syntax and try again.', cause });
  }
  const result = WorldSpec.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw new RoamdeskError('WORLD_INVALID', `${file} is not a valid world: ${issues.join('; ')}${more}.`, {
      hint: 'See docs/worlds.md for the world format.',
    });
  }
  return result.data;
}
