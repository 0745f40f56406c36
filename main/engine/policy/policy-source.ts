/**
 * The ports the settings service reads through. The OS readers live in
 * main/platform/policy-sources/ (registry, managed preferences, policy.json); tests hand in
 * their own.
 *
 * A source reports what it read as plain data, without judging it: unknown keys, bad types
 * and bad values are the service's business (they are rejected there, all in one place,
 * with one wording).
 */

/** Where a managed value applies. Machine-wide policy beats per-user policy. */
export type PolicyScope = 'machine' | 'user';

export interface PolicySnapshot {
  /** Where it came from, for people: `HKLM\SOFTWARE\Policies\Roamdesk`, a file path. */
  origin: string;
  scope: PolicyScope;
  /**
   * ok: read (values may be empty); absent: nothing is configured there (no key, no file);
   * error: it exists but cannot be read or parsed (`error` says why; `values` is empty).
   */
  status: 'ok' | 'absent' | 'error';
  values: Record<string, unknown>;
  error?: string;
}

export interface ManagedPolicySource {
  readonly origin: string;
  readonly scope: PolicyScope;
  read(): Promise<PolicySnapshot>;
  /** Calls `onChange` (debounced) when the source may have changed; returns the stop function. */
  watch?(onChange: () => void): () => void;
}

/** The user's own choices (the app's settings file). */
export interface UserSettingsStore {
  readonly origin: string;
  read(): Promise<Record<string, unknown>>;
  write(values: Record<string, unknown>): Promise<void>;
  watch?(onChange: () => void): () => void;
}

export const emptyUserSettings: UserSettingsStore = {
  origin: '(none)',
  read: async () => ({}),
  write: async () => {},
};
