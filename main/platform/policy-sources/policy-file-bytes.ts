/** A policy file's bytes, capped in size; undefined when there is no such file. */
import { readFile } from 'node:fs/promises';

export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

export async function readPolicyFileBytes(file: string): Promise<Buffer | undefined> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_POLICY_FILE_BYTES) throw new Error(`${file} is larger than ${MAX_POLICY_FILE_BYTES} bytes`);
    return bytes;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
