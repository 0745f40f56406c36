/**
 * A JSON policy file: `/etc/roamdesk/policy.json` on Linux (root-owned, like Chrome's
 * `/etc/opt/chrome/policies/managed/*.json` and VS Code's `/etc/vscode/policy.json`), or
 * the file named by ROAMDESK_POLICY_FILE. One JSON object whose keys are setting keys.
 *
 * A missing file is "absent" (no policy); a file that is not a JSON object is "error" and
 * the service keeps the values it last read from it.
 */
import type { PolicyScope } from '../../engine/policy/policy-source.js';
import type { WatchOptions } from './file-watch.js';
import { PolicyFileSource } from './policy-file-source.js';

export { MAX_POLICY_FILE_BYTES, readPolicyFileBytes } from './policy-file-bytes.js';

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

export class JsonPolicyFileSource extends PolicyFileSource {
  constructor(file: string, scope: PolicyScope = 'machine', watchOptions: WatchOptions = {}) {
    super(file, scope, watchOptions);
  }

  protected parse(bytes: Buffer): Record<string, unknown> {
    return parsePolicyJson(bytes.toString('utf8'), this.file);
  }
}
