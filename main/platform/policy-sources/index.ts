/**
 * The managed-policy sources of this OS, in precedence order, and a ready SettingsService.
 *
 *   Windows  HKLM\SOFTWARE\Policies\Roamdesk, then HKCU\SOFTWARE\Policies\Roamdesk
 *   macOS    /Library/Managed Preferences/com.roamdesk.desktop.plist, then …/<user>/com.roamdesk.desktop.plist
 *   Linux    /etc/roamdesk/policy.json
 *
 * ROAMDESK_POLICY_FILE names a policy file (JSON, or a plist by its content) for demos and
 * tests. On Linux it replaces /etc/roamdesk/policy.json. On Windows and macOS it is added
 * *below* the OS's own policy, so it can never override or unlock what the MDM set.
 */
import os from 'node:os';
import path from 'node:path';
import { type SettingsService, SettingsService as Service } from '../../engine/policy/effective-settings.js';
import type { ManagedPolicySource, PolicyScope, PolicySnapshot } from '../../engine/policy/policy-source.js';
import { POLICY_LINUX_FILE } from '../../engine/policy/schema.js';
import type { CommandRunner } from '../../engine/ports/command-runner.js';
import type { Logger } from '../../engine/ports/logger.js';
import { watchPolicyFile } from './file-watch.js';
import { JsonPolicyFileSource, parsePolicyJson } from './json-policy-file.js';
import { ManagedPreferencesSource, managedPreferencesPaths, managedPreferencesValues } from './managed-preferences.js';
import { PolicyFileSource } from './policy-file-source.js';
import { RegistryPolicySource } from './registry-source.js';
import { UserSettingsFile } from './user-settings-file.js';

export { JsonPolicyFileSource, ManagedPreferencesSource, RegistryPolicySource, UserSettingsFile };

/** A policy file whose format is told by its content: a plist (binary or XML) or JSON. */
export class AnyPolicyFileSource extends PolicyFileSource {
  constructor(file: string, scope: PolicyScope = 'machine') {
    super(file, scope);
  }

  protected parse(bytes: Buffer): Record<string, unknown> {
    const head = bytes.subarray(0, 64).toString('utf8').trimStart();
    const isPlist = head.startsWith('bplist00') || head.startsWith('<');
    return isPlist ? managedPreferencesValues(bytes) : parsePolicyJson(bytes.toString('utf8'), this.file);
  }
}

export interface PolicySourcesOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Needed on Windows (reg query). */
  runner?: CommandRunner;
  /** The login name, for macOS per-user managed preferences. */
  user?: string;
  registryPollMs?: number;
}

export function managedPolicySources(options: PolicySourcesOptions = {}): ManagedPolicySource[] {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const override = env.ROAMDESK_POLICY_FILE?.trim() ? path.resolve(env.ROAMDESK_POLICY_FILE.trim()) : undefined;
  const sources: ManagedPolicySource[] = [];
  if (platform === 'win32') {
    if (options.runner) {
      const common = { runner: options.runner, ...(options.registryPollMs !== undefined ? { pollMs: options.registryPollMs } : {}) };
      sources.push(new RegistryPolicySource({ ...common, hive: 'HKLM' }), new RegistryPolicySource({ ...common, hive: 'HKCU' }));
    }
    if (override) sources.push(new AnyPolicyFileSource(override));
  } else if (platform === 'darwin') {
    const user = options.user ?? safeUserName();
    const paths = managedPreferencesPaths(user);
    sources.push(new ManagedPreferencesSource(paths.machine, 'machine'));
    if (paths.user) sources.push(new ManagedPreferencesSource(paths.user, 'user'));
    if (override) sources.push(new AnyPolicyFileSource(override));
  } else {
    sources.push(override ? new AnyPolicyFileSource(override) : new JsonPolicyFileSource(POLICY_LINUX_FILE));
  }
  return sources;
}

function safeUserName(): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

export interface SettingsServiceFactoryOptions extends PolicySourcesOptions {
  /** The user's settings file, e.g. path.join(appPaths().dataDir, 'settings.json'). */
  userSettingsFile?: string;
  logger?: Logger;
  /** Replaces the OS sources (tests). */
  managed?: ManagedPolicySource[];
}

export function createSettingsService(options: SettingsServiceFactoryOptions = {}): SettingsService {
  return new Service({
    managed: options.managed ?? managedPolicySources(options),
    ...(options.userSettingsFile ? { user: new UserSettingsFile(options.userSettingsFile) } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
