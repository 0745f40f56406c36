/**
 * The effective value of every setting, and where it came from.
 *
 * Precedence: default < user < managed. Among managed sources, machine-wide policy (HKLM,
 * `/Library/Managed Preferences/<bundle>.plist`, policy.json) beats per-user policy (HKCU,
 * `/Library/Managed Preferences/<user>/<bundle>.plist`). A key set by any managed source is
 * *locked*: the user cannot change it, and the UI shows who manages it.
 *
 * A managed value that cannot be used (unknown key, wrong type, fails validation, a key
 * policy may not set) never crashes Roamdesk and is never applied in part: it is ignored
 * (the next source down, or the default, applies), logged once, and reported as
 * "policy value rejected: <key>: <reason>" — in `roamdesk policy show` and the settings UI.
 * A key that is rejected is not locked by that source.
 *
 * A managed source that exists but cannot be read (a half-written plist, malformed JSON)
 * keeps the values it last had, so a transient bad write does not unlock the device; it is
 * reported in `sources` until it reads again. A source that is gone (no key, no file)
 * contributes nothing.
 *
 * `SettingsService` adds I/O: it reads the sources, watches them, and tells subscribers
 * which keys changed (live policy changes).
 */
import type { Logger } from '../ports/logger.js';
import { silentLogger } from '../ports/logger.js';
import { PolicyError } from './policy-error.js';
import type { ManagedPolicySource, PolicyScope, PolicySnapshot, UserSettingsStore } from './policy-source.js';
import { emptyUserSettings } from './policy-source.js';
import { type SettingKey, type SettingValues, closestSettingKey, defaultSettings, isSettingKey, settingDefinition, settingKeys } from './schema.js';
import { checkSettingValue } from './setting-value.js';

export type SettingSource = 'default' | 'user' | 'managed';

export interface EffectiveEntry {
  key: SettingKey;
  value: unknown;
  source: SettingSource;
  locked: boolean;
  /** The file or registry key the value came from (user and managed values). */
  origin?: string;
  scope?: PolicyScope;
}

export interface RejectedValue {
  key: string;
  source: 'managed' | 'user';
  origin: string;
  reason: string;
  /** "policy value rejected: <key>: <reason>" (managed) / "setting value rejected: …" (user). */
  message: string;
}

export interface SourceStatus {
  origin: string;
  scope: PolicyScope | 'user';
  status: 'ok' | 'absent' | 'error';
  error?: string;
  /** Set when a read failed and the values last read are still applied. */
  stale?: boolean;
}

export interface EffectiveSettings {
  values: SettingValues;
  entries: Record<SettingKey, EffectiveEntry>;
  rejected: RejectedValue[];
  sources: SourceStatus[];
}

export interface ResolveInput {
  /** In precedence order: the first source that validly sets a key wins. */
  managed: readonly PolicySnapshot[];
  user?: { origin: string; values: Record<string, unknown> };
}

/** Keys a plist carries about itself (configuration-profile bookkeeping), not settings. */
function isPayloadBookkeeping(key: string): boolean {
  return /^Payload[A-Z]/.test(key);
}

export function rejectionMessage(source: 'managed' | 'user', key: string, reason: string): string {
  return `${source === 'managed' ? 'policy' : 'setting'} value rejected: ${key}: ${reason}`;
}

function reject(rejected: RejectedValue[], source: 'managed' | 'user', origin: string, key: string, reason: string): void {
  rejected.push({ key, source, origin, reason, message: rejectionMessage(source, key, reason) });
}

function unknownKeyReason(key: string): string {
  const meant = closestSettingKey(key);
  return meant ? `unknown setting (keys are case-sensitive: did you mean ${meant}?)` : 'unknown setting';
}

/** Pure: the effective settings for these inputs. */
export function resolveSettings(input: ResolveInput): EffectiveSettings {
  const values = defaultSettings() as Record<SettingKey, unknown>;
  const entries = Object.fromEntries(settingKeys.map((key) => [key, { key, value: values[key], source: 'default', locked: false }])) as Record<SettingKey, EffectiveEntry>;
  const rejected: RejectedValue[] = [];
  const sources: SourceStatus[] = [];

  if (input.user) {
    sources.push({ origin: input.user.origin, scope: 'user', status: 'ok' });
    for (const [key, raw] of Object.entries(input.user.values)) {
      if (!isSettingKey(key)) {
        reject(rejected, 'user', input.user.origin, key, unknownKeyReason(key));
        continue;
      }
      const definition = settingDefinition(key);
      if (!definition.user) {
        reject(rejected, 'user', input.user.origin, key, 'only an organisation’s policy may set this');
        continue;
      }
      const checked = checkSettingValue(definition, raw);
      if (!checked.ok) {
        reject(rejected, 'user', input.user.origin, key, checked.reason);
        continue;
      }
      values[key] = checked.value;
      entries[key] = { key, value: checked.value, source: 'user', locked: false, origin: input.user.origin };
    }
  }

  const managedSet = new Set<SettingKey>();
  for (const snapshot of input.managed) {
    sources.push({ origin: snapshot.origin, scope: snapshot.scope, status: snapshot.status, ...(snapshot.error !== undefined ? { error: snapshot.error } : {}) });
    for (const [key, raw] of Object.entries(snapshot.values)) {
      if (isPayloadBookkeeping(key)) continue;
      if (!isSettingKey(key)) {
        reject(rejected, 'managed', snapshot.origin, key, unknownKeyReason(key));
        continue;
      }
      const definition = settingDefinition(key);
      if (!definition.policy) {
        reject(rejected, 'managed', snapshot.origin, key, 'this setting cannot be set by policy');
        continue;
      }
      const checked = checkSettingValue(definition, raw);
      if (!checked.ok) {
        reject(rejected, 'managed', snapshot.origin, key, checked.reason);
        continue;
      }
      if (managedSet.has(key)) continue; // a higher-precedence source already set it
      managedSet.add(key);
      values[key] = checked.value;
      entries[key] = { key, value: checked.value, source: 'managed', locked: true, origin: snapshot.origin, scope: snapshot.scope };
    }
  }

  return { values: values as SettingValues, entries, rejected, sources };
}

// ---- views for the UI and the CLI --------------------------------------------------------

export interface SettingView {
  key: SettingKey;
  value: unknown;
  source: SettingSource;
  locked: boolean;
  /** The organisation that manages a locked setting (managedByOrganization), when it says. */
  managedBy?: string;
  /** Why the value is what it is, when that is not obvious: who locked it, what was rejected. */
  reason?: string;
  description: string;
}

export const SECRET_MASK = '••••••••';

/** A secret's value as it may be shown: masked when set. */
export function displayValue(key: SettingKey, value: unknown): unknown {
  return settingDefinition(key).secret && value !== '' ? SECRET_MASK : value;
}

/** One row per setting, in schema order, ready for the settings UI. Secrets are masked. */
export function settingsView(effective: EffectiveSettings): SettingView[] {
  const organisation = effective.values.managedByOrganization;
  return settingKeys.map((key) => {
    const entry = effective.entries[key];
    const rejectedHere = effective.rejected.filter((item) => item.key === key);
    const reasons: string[] = [];
    if (entry.locked) reasons.push(`Set by ${organisation ? `${organisation}’s` : 'your organisation’s'} policy (${entry.origin ?? 'managed'}).`);
    for (const item of rejectedHere) reasons.push(`${item.message} (${item.origin})`);
    return {
      key,
      value: displayValue(key, entry.value),
      source: entry.source,
      locked: entry.locked,
      ...(entry.locked && organisation ? { managedBy: organisation } : {}),
      ...(reasons.length ? { reason: reasons.join(' ') } : {}),
      description: settingDefinition(key).description,
    };
  });
}

/** Every value that was not applied, with its message ("policy value rejected: <key>: <reason>"). */
export function rejectedValues(effective: EffectiveSettings): RejectedValue[] {
  return effective.rejected.map((item) => ({ ...item }));
}

/** Keys whose effective value, source or lock differ between two resolutions. */
export function changedKeys(before: EffectiveSettings, after: EffectiveSettings): SettingKey[] {
  return settingKeys.filter((key) => {
    const a = before.entries[key];
    const b = after.entries[key];
    return a.source !== b.source || a.locked !== b.locked || a.origin !== b.origin || JSON.stringify(a.value) !== JSON.stringify(b.value);
  });
}

// ---- the service ---------------------------------------------------------------------------

export interface SettingsChange {
  effective: EffectiveSettings;
  changed: SettingKey[];
  /** The rejection list changed (new or fixed bad values) even if no effective value did. */
  rejectedChanged: boolean;
  /** A source's state changed (appeared, went away, became unreadable or readable again). */
  sourcesChanged: boolean;
}

export interface SettingsServiceOptions {
  managed: readonly ManagedPolicySource[];
  user?: UserSettingsStore;
  logger?: Logger;
}

export class SettingsService {
  private readonly managed: readonly ManagedPolicySource[];
  private readonly user: UserSettingsStore;
  private readonly logger: Logger;
  private readonly lastGood = new Map<ManagedPolicySource, PolicySnapshot>();
  private readonly listeners = new Set<(change: SettingsChange) => void>();
  private readonly loggedRejections = new Set<string>();
  private stopWatching: Array<() => void> = [];
  private effective: EffectiveSettings = resolveSettings({ managed: [] });
  private reloading: Promise<EffectiveSettings> | undefined;
  private reloadAgain = false;

  constructor(options: SettingsServiceOptions) {
    this.managed = options.managed;
    this.user = options.user ?? emptyUserSettings;
    this.logger = options.logger ?? silentLogger;
  }

  /** The settings as last read (defaults only before the first `reload`). */
  current(): EffectiveSettings {
    return this.effective;
  }

  get<K extends SettingKey>(key: K): SettingValues[K] {
    return this.effective.values[key];
  }

  view(): SettingView[] {
    return settingsView(this.effective);
  }

  rejectedValues(): RejectedValue[] {
    return rejectedValues(this.effective);
  }

  subscribe(listener: (change: SettingsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every source again; concurrent calls share one read, and a call during a read queues one more. */
  reload(): Promise<EffectiveSettings> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        let result: EffectiveSettings;
        do {
          this.reloadAgain = false;
          result = await this.readAll();
        } while (this.reloadAgain);
        return result;
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Reads, then watches every source that can be watched. */
  async start(): Promise<EffectiveSettings> {
    const result = await this.reload();
    const onChange = () => void this.reload().catch((error: unknown) => this.logger.error('settings reload failed', { error: String(error) }));
    for (const source of this.managed) if (source.watch) this.stopWatching.push(source.watch(onChange));
    if (this.user.watch) this.stopWatching.push(this.user.watch(onChange));
    return result;
  }

  stop(): void {
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
  }

  /**
   * The user changes one setting. Throws SETTING_UNKNOWN, POLICY_SETTING_LOCKED (managed),
   * SETTING_VALUE_INVALID (and for a key only policy may set), SETTINGS_FILE_UNWRITABLE.
   */
  async setUserValue(key: string, value: unknown): Promise<EffectiveSettings> {
    if (!isSettingKey(key)) throw new PolicyError('SETTING_UNKNOWN', `There is no setting called “${key}”.`);
    const entry = this.effective.entries[key];
    if (entry.locked) {
      const organisation = this.effective.values.managedByOrganization;
      throw new PolicyError('POLICY_SETTING_LOCKED', `${organisation || 'Your organisation'} manages “${settingDefinition(key).title}”, so it cannot be changed here.`, {
        hint: this.effective.values.managedByUrl ? `Ask your IT team: ${this.effective.values.managedByUrl}` : 'Ask your IT team if it needs to change.',
      });
    }
    const definition = settingDefinition(key);
    if (!definition.user) throw new PolicyError('SETTING_VALUE_INVALID', `“${definition.title}” can only be set by your organisation’s policy.`);
    const checked = checkSettingValue(definition, value);
    if (!checked.ok) throw new PolicyError('SETTING_VALUE_INVALID', `“${definition.title}”: ${checked.reason}.`);
    const stored = await this.user.read().catch(() => ({}));
    try {
      await this.user.write({ ...stored, [key]: checked.value });
    } catch (error) {
      throw new PolicyError('SETTINGS_FILE_UNWRITABLE', `Roamdesk could not save your settings to ${this.user.origin}.`, { cause: error });
    }
    return this.reload();
  }

  private async readSource(source: ManagedPolicySource): Promise<PolicySnapshot> {
    let snapshot: PolicySnapshot;
    try {
      snapshot = await source.read();
    } catch (error) {
      snapshot = { origin: source.origin, scope: source.scope, status: 'error', values: {}, error: (error as Error)?.message ?? String(error) };
    }
    if (snapshot.status === 'error') {
      const previous = this.lastGood.get(source);
      this.logger.warn('policy source unreadable', { code: 'POLICY_SOURCE_UNREADABLE', origin: snapshot.origin, error: snapshot.error, keepsPrevious: previous !== undefined });
      // Keep what it last said: a half-written file must not unlock the device.
      if (previous) return { ...previous, status: 'error', ...(snapshot.error !== undefined ? { error: snapshot.error } : {}) };
      return snapshot;
    }
    this.lastGood.set(source, snapshot);
    return snapshot;
  }

  private async readAll(): Promise<EffectiveSettings> {
    const snapshots = await Promise.all(this.managed.map((source) => this.readSource(source)));
    let userValues: Record<string, unknown> = {};
    let userError: string | undefined;
    try {
      userValues = await this.user.read();
    } catch (error) {
      userError = (error as Error)?.message ?? String(error);
      this.logger.warn('user settings unreadable', { origin: this.user.origin, error: userError });
    }
    const next = resolveSettings({ managed: snapshots, user: { origin: this.user.origin, values: userValues } });
    if (userError !== undefined) next.sources[0] = { origin: this.user.origin, scope: 'user', status: 'error', error: userError };
    for (const [index, snapshot] of snapshots.entries()) {
      const status = next.sources[index + 1];
      if (status && snapshot.status === 'error' && Object.keys(snapshot.values).length > 0) status.stale = true;
    }
    this.logRejections(next);
    const before = this.effective;
    this.effective = next;
    const changed = changedKeys(before, next);
    const rejectedChanged = JSON.stringify(before.rejected) !== JSON.stringify(next.rejected);
    const sourcesChanged = JSON.stringify(before.sources) !== JSON.stringify(next.sources);
    if (changed.length || rejectedChanged || sourcesChanged) {
      if (changed.length) this.logger.info('settings changed', { keys: changed });
      for (const listener of this.listeners) {
        try {
          listener({ effective: next, changed, rejectedChanged, sourcesChanged });
        } catch (error) {
          this.logger.error('settings listener failed', { error: String(error) });
        }
      }
    }
    return next;
  }

  /** Each rejection is logged once while it persists (sources are polled). */
  private logRejections(effective: EffectiveSettings): void {
    const current = new Set<string>();
    for (const item of effective.rejected) {
      const id = `${item.origin}\u0000${item.message}`;
      current.add(id);
      if (this.loggedRejections.has(id)) continue;
      this.loggedRejections.add(id);
      this.logger.warn(item.message, { code: item.source === 'managed' ? 'POLICY_VALUE_REJECTED' : 'SETTING_VALUE_INVALID', key: item.key, origin: item.origin });
    }
    for (const id of this.loggedRejections) if (!current.has(id)) this.loggedRejections.delete(id);
  }
}
