/**
 * A JSON policy file: `/etc/roamdesk/policy.json` on Linux (root-owned, like Chrome's
 * `/etc/opt/chrome/policies/managed/*.json` and VS Code's `/etc/vscode/policy.json`), or
 * the file named by ROAMDESK_POLICY_FILE. One JSON object whose keys are setting keys.
 *
 * A missing file is "absent" (no policy); a file that is not a JSON object is "error" and
 * the service keeps the values it last read from it.
 */
import { readFile } from 'node:fs/promises';
import type { ManagedPolicySource, PolicyScope, PolicySnapshot } from '../../engine/policy/policy-source.js';
import { watchPolicyFile, type WatchOptions } from './file-watch.js';

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

export function parsePolicyJson(text: string, origin: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${origin} must hold one JSON object of settings`);
  return parsed as Record<string, unknown>;
}

export class JsonPolicyFileSource implements ManagedPolicySource {
  readonly origin: string;

  constructor(
    readonly file: string,
    readonly scope: PolicyScope = 'machine',
    private readonly watchOptions: WatchOptions = {},
  ) {
    this.origin = file;
  }

  async read(): Promise<PolicySnapshot> {
    const base = { origin: this.origin, scope: this.scope };
    try {
      const bytes = await readPolicyFileBytes(this.file);
      if (!bytes) return { ...base, status: 'absent', values: {} };
      return { ...base, status: 'ok', values: parsePolicyJson(bytes.toString('utf8'), this.file) };
    } catch (error) {
      return { ...base, status: 'error', values: {}, error: (error as Error).message };
    }
  }

  watch(onChange: () => void): () => void {
    return watchPolicyFile(this.file, onChange, this.watchOptions);
  }
}
