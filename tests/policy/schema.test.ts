/**
 * The settings schema is the single source for validation, the UI, the CLI, the admin
 * templates and the docs: every entry must be complete and self-consistent.
 */
import { describe, expect, test } from 'vitest';
import { checkSettingValue, defaultSettings, policyKeys, settingDefinition, settingKeys } from '../../main/engine/policy/index.js';
import { defaultCriticalApps } from '../../main/engine/selection/critical-apps.js';
import { defaultSelectionPolicy } from '../../main/engine/selection/policy.js';

const required = [
  'activationToken',
  'relayUrl',
  'statusFeedUrl',
  'directoryUrl',
  'directoryPublicKey',
  'preferredProviders',
  'prohibitedProviders',
  'preferredSsids',
  'prohibitedSsids',
  'minimumSuccessRatePercent',
  'connectionSensitiveApps',
  'selectionPolicy',
  'autoConnect',
  'switchLocked',
  'remoteLogConsent',
  'redactionLevel',
  'logLevel',
  'retentionMonths',
  'crowdQualitySharing',
  'managedByOrganization',
  'managedByCaption',
  'managedByUrl',
  'updateChannel',
  'updatesDisabled',
];

describe('settings schema', () => {
  test('has every setting issue 9 asks for, and policy may set each of them', () => {
    expect([...settingKeys].sort()).toEqual([...required].sort());
    expect([...policyKeys].sort()).toEqual([...required].sort());
  });

  test.each(settingKeys)('%s: key, words, default and example are valid', (key) => {
    const definition = settingDefinition(key);
    expect(definition.key).toBe(key);
    expect(definition.title.length).toBeGreaterThan(3);
    expect(definition.description).toMatch(/\.$/);
    expect(checkSettingValue(definition, definition.default)).toEqual({ ok: true, value: definition.default });
    expect(checkSettingValue(definition, definition.example)).toMatchObject({ ok: true });
    if (definition.shape.kind === 'enum') {
      for (const option of definition.shape.options) expect(checkSettingValue(definition, option.value)).toEqual({ ok: true, value: option.value });
      expect(checkSettingValue(definition, 'not-an-option')).toMatchObject({ ok: false });
    }
  });

  test('defaults agree with the selection policy and the built-in connection-sensitive apps', () => {
    const defaults = defaultSettings();
    expect(defaults.minimumSuccessRatePercent / 100).toBe(defaultSelectionPolicy.successRate.minimum);
    expect(defaults.connectionSensitiveApps).toEqual(defaultCriticalApps.map((app) => app.id));
    expect(defaults.remoteLogConsent).toBe('always-ask');
    expect(defaults.redactionLevel).toBe('standard');
    expect(defaults.updatesDisabled).toBe(false);
  });

  test('values are checked, with reasons an admin can act on', () => {
    expect(checkSettingValue(settingDefinition('relayUrl'), 'http://relay.example.com')).toEqual({ ok: false, reason: 'the relay URL must be an https:// address (http:// only for localhost)' });
    expect(checkSettingValue(settingDefinition('relayUrl'), 'http://127.0.0.1:8080/')).toMatchObject({ ok: true });
    expect(checkSettingValue(settingDefinition('retentionMonths'), 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/>=\s*1|at least 1|too small/i) });
    expect(checkSettingValue(settingDefinition('retentionMonths'), '7')).toEqual({ ok: true, value: 7 });
    expect(checkSettingValue(settingDefinition('autoConnect'), 1)).toEqual({ ok: true, value: true });
    expect(checkSettingValue(settingDefinition('autoConnect'), 0)).toEqual({ ok: true, value: false });
    expect(checkSettingValue(settingDefinition('autoConnect'), 'yes')).toMatchObject({ ok: false, reason: 'expected true/false (or 1/0), got string "yes"' });
    expect(checkSettingValue(settingDefinition('prohibitedSsids'), 'single')).toMatchObject({ ok: false, reason: 'expected a list of text entries, got string "single"' });
    expect(checkSettingValue(settingDefinition('prohibitedSsids'), ['x'.repeat(33)])).toMatchObject({ ok: false, reason: expect.stringContaining('32 bytes') });
    expect(checkSettingValue(settingDefinition('prohibitedSsids'), ['hex:c3a9'])).toMatchObject({ ok: true });
    expect(checkSettingValue(settingDefinition('directoryPublicKey'), 'not a key')).toMatchObject({ ok: false });
  });

  test('the selection override is checked whole: shape and consistency', () => {
    const definition = settingDefinition('selectionPolicy');
    expect(checkSettingValue(definition, '{"weights":{"signal":30}}')).toEqual({ ok: true, value: { weights: { signal: 30 } } });
    expect(checkSettingValue(definition, ['{"weights":', '{"signal":30}}'])).toEqual({ ok: true, value: { weights: { signal: 30 } } });
    expect(checkSettingValue(definition, { weights: { signall: 30 } })).toMatchObject({ ok: false, reason: expect.stringContaining('weights') });
    expect(checkSettingValue(definition, { blocklist: { baseBackoffMs: 10, maxBackoffMs: 5 } })).toMatchObject({ ok: false, reason: expect.stringContaining('maxBackoffMs') });
    expect(checkSettingValue(definition, '{not json')).toMatchObject({ ok: false, reason: expect.stringContaining('not valid JSON') });
  });
});
