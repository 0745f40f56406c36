/**
 * A managed-policy source that is one file: read it whole (size-capped), turn its bytes into
 * setting values, watch it for changes. A missing file is "absent" (no policy); a file that
 * cannot be parsed is "error", and the settings service keeps what it last read from it.
 * The JSON file, macOS managed preferences and the ROAMDESK_POLICY_FILE override differ only
 * in `parse`.
 */
import type { ManagedPolicySource, PolicyScope, PolicySnapshot } from '../../engine/policy/policy-source.js';
import { watchPolicyFile, type WatchOptions } from './file-watch.js';
import { readPolicyFileBytes } from './policy-file-bytes.js';

export abstract class PolicyFileSource implements ManagedPolicySource {
  readonly origin: string;

  constructor(
    readonly file: string,
    readonly scope: PolicyScope,
    private readonly watchOptions: WatchOptions = {},
  ) {
    this.origin = file;
  }

  /** The file's setting values; throws with a reason a person can act on. */
  protected abstract parse(bytes: Buffer): Record<string, unknown>;

  async read(): Promise<PolicySnapshot> {
    const base = { origin: this.origin, scope: this.scope };
    try {
      const bytes = await readPolicyFileBytes(this.file);
      if (!bytes) return { ...base, status: 'absent', values: {} };
      return { ...base, status: 'ok', values: this.parse(bytes) };
    } catch (error) {
      return { ...base, status: 'error', values: {}, error: (error as Error).message };
    }
  }

  watch(onChange: () => void): () => void {
    return watchPolicyFile(this.file, onChange, this.watchOptions);
  }
}
