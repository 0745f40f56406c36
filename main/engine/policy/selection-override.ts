/**
 * What the settings mean for the network selector: one SelectionPolicyOverride built from
 * the advanced `selectionPolicy` JSON plus the dedicated keys (preferred/prohibited
 * providers and SSIDs, minimum success rate, connection-sensitive apps). A dedicated key
 * that is not at its default (set by the user or by policy) wins over the same field in
 * the JSON, so an admin can lock one list without writing JSON.
 *
 * The result goes to `parseSelectionPolicy`, which merges it onto the default policy.
 */
import { type CriticalAppSpec, defaultCriticalApps } from '../selection/critical-apps.js';
import type { SelectionPolicyOverride } from '../selection/policy.js';
import type { EffectiveSettings } from './effective-settings.js';

/** Built-in ids stand for their spec; anything else is a process name matched on every OS. */
export function criticalAppsFromSetting(entries: readonly string[]): CriticalAppSpec[] {
  const seen = new Set<string>();
  const specs: CriticalAppSpec[] = [];
  for (const entry of entries) {
    const builtIn = defaultCriticalApps.find((app) => app.id.toLowerCase() === entry.toLowerCase());
    const spec = builtIn ?? { id: entry, label: entry, windows: [entry], macos: [entry], linux: [entry] };
    if (seen.has(spec.id)) continue;
    seen.add(spec.id);
    specs.push(spec);
  }
  return specs;
}

export function selectionOverrideFrom(effective: EffectiveSettings): SelectionPolicyOverride {
  const base = structuredClone(effective.values.selectionPolicy) as SelectionPolicyOverride;
  const isSet = (key: keyof EffectiveSettings['entries']) => effective.entries[key].source !== 'default';
  const lists: NonNullable<SelectionPolicyOverride['lists']> = { ...base.lists };
  if (isSet('preferredProviders')) lists.preferredProviders = [...effective.values.preferredProviders];
  if (isSet('prohibitedProviders')) lists.prohibitedProviders = [...effective.values.prohibitedProviders];
  if (isSet('preferredSsids')) lists.preferredSsids = [...effective.values.preferredSsids];
  if (isSet('prohibitedSsids')) lists.prohibitedSsids = [...effective.values.prohibitedSsids];
  const override: SelectionPolicyOverride = { ...base };
  if (Object.keys(lists).length) override.lists = lists;
  if (isSet('minimumSuccessRatePercent')) override.successRate = { ...base.successRate, minimum: effective.values.minimumSuccessRatePercent / 100 };
  if (isSet('connectionSensitiveApps')) override.criticalApps = criticalAppsFromSetting(effective.values.connectionSensitiveApps);
  return override;
}

/** Whether the in-app updater may run, and on which channel (electron-updater is started only when enabled). */
export function updatePolicy(effective: EffectiveSettings): { enabled: boolean; channel: 'stable' | 'beta'; locked: boolean } {
  return {
    enabled: !effective.values.updatesDisabled,
    channel: effective.values.updateChannel,
    locked: effective.entries.updatesDisabled.locked || effective.entries.updateChannel.locked,
  };
}
