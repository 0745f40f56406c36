/**
 * Settings with precedence default < user < managed (MDM / Group Policy / policy.json),
 * locked keys, rejected values and live changes. One schema (schema.ts) drives validation,
 * the settings UI rows, `roamdesk policy show`, the admin templates and the docs.
 */
export { POLICY_BUNDLE_ID, POLICY_LINUX_FILE, POLICY_REGISTRY_KEY, type SettingCategory, type SettingDefinition, type SettingKey, type SettingShape, type SettingValues, defaultSettings, isSettingKey, policyKeys, settingCategories, settingDefinition, settingDefinitions, settingKeys } from './schema.js';
export { checkSettingValue } from './setting-value.js';
export type { ManagedPolicySource, PolicyScope, PolicySnapshot, UserSettingsStore } from './policy-source.js';
export {
  type EffectiveEntry,
  type EffectiveSettings,
  type RejectedValue,
  type SettingSource,
  type SettingView,
  type SettingsChange,
  type SourceStatus,
  SECRET_MASK,
  SettingsService,
  changedKeys,
  displayValue,
  rejectedValues,
  rejectionMessage,
  resolveSettings,
  settingsView,
} from './effective-settings.js';
export { criticalAppsFromSetting, selectionOverrideFrom, updatePolicy } from './selection-override.js';
export { PolicyError, isPolicyError, policyErrorCodes, type PolicyErrorCode } from './policy-error.js';
