/**
 * Precedence default < user < managed, locks, rejected values (never applied, never fatal,
 * logged once, reported as "policy value rejected: <key>: <reason>"), the UI view, and live
 * changes through a real policy file on disk.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type ManagedPolicySource,
  type PolicySnapshot,
  SECRET_MASK,
  SettingsService,
  type SettingsChange,
  isPolicyError,
  rejectedValues,
  resolveSettings,
  selectionOverrideFrom,
  settingsView,
  updatePolicy,
} from '../../main/engine/policy/index.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { parseSelectionPolicy } from '../../main/engine/selection/policy.js';
import { JsonPolicyFileSource, UserSettingsFile } from '../../main/platform/policy-sources/index.js';

const machine = (values: Record<string, unknown>, origin = 'HKLM\\SOFTWARE\\Policies\\Roamdesk'): PolicySnapshot => ({ origin, scope: 'machine', status: 'ok', values });
const userPolicy = (values: Record<string, unknown>, origin = 'HKCU\\SOFTWARE\\Policies\\Roamdesk'): PolicySnapshot => ({ origin, scope: 'user', status: 'ok', values });

/** Resolves with the first change after which `predicate` holds. */
function changeWhere(service: SettingsService, predicate: (change: SettingsChange) => boolean): Promise<SettingsChange> {
  return new Promise((resolve) => {
    const stop = service.subscribe((change) => {
      if (!predicate(change)) return;
      stop();
      resolve(change);
    });
  });
}

function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

describe('resolveSettings', () => {
  test('defaults only: nothing locked, nothing rejected', () => {
    const effective = resolveSettings({ managed: [] });
    expect(effective.values.autoConnect).toBe(true);
    expect(effective.entries.autoConnect).toEqual({ key: 'autoConnect', value: true, source: 'default', locked: false });
    expect(effective.rejected).toEqual([]);
  });

  test('user beats default; managed beats user and locks; machine beats user-scope policy', () => {
    const effective = resolveSettings({
      user: { origin: '/home/u/settings.json', values: { autoConnect: false, logLevel: 'debug', redactionLevel: 'minimal' } },
      managed: [machine({ autoConnect: 1, updatesDisabled: 1 }), userPolicy({ autoConnect: 0, logLevel: 'warn' })],
    });
    expect(effective.entries.autoConnect).toEqual({ key: 'autoConnect', value: true, source: 'managed', locked: true, origin: 'HKLM\\SOFTWARE\\Policies\\Roamdesk', scope: 'machine' });
    expect(effective.entries.logLevel).toMatchObject({ value: 'warn', source: 'managed', locked: true, scope: 'user' });
    expect(effective.entries.redactionLevel).toEqual({ key: 'redactionLevel', value: 'minimal', source: 'user', locked: false, origin: '/home/u/settings.json' });
    expect(effective.values.updatesDisabled).toBe(true);
    expect(effective.rejected).toEqual([]);
  });

  test('a bad managed value is ignored (the user value applies, not locked) and reported', () => {
    const effective = resolveSettings({
      user: { origin: 'settings.json', values: { retentionMonths: 3 } },
      managed: [machine({ retentionMonths: 500, relayUrl: 'http://relay.example.com', AutoConnect: 1, frobnicate: true, PayloadUUID: 'ABC' })],
    });
    expect(effective.entries.retentionMonths).toMatchObject({ value: 3, source: 'user', locked: false });
    expect(effective.entries.relayUrl).toMatchObject({ value: '', source: 'default', locked: false });
    expect(rejectedValues(effective).map((item) => item.message)).toEqual([
      expect.stringMatching(/^policy value rejected: retentionMonths: .*120/),
      'policy value rejected: relayUrl: the relay URL must be an https:// address (http:// only for localhost)',
      'policy value rejected: AutoConnect: unknown setting (keys are case-sensitive: did you mean autoConnect?)',
      'policy value rejected: frobnicate: unknown setting',
    ]);
    expect(effective.rejected[0]).toMatchObject({ key: 'retentionMonths', source: 'managed', origin: 'HKLM\\SOFTWARE\\Policies\\Roamdesk' });
  });

  test('a value rejected at machine level lets the user-scope policy value apply', () => {
    const effective = resolveSettings({ managed: [machine({ logLevel: 'loud' }), userPolicy({ logLevel: 'error' })] });
    expect(effective.entries.logLevel).toMatchObject({ value: 'error', source: 'managed', scope: 'user', locked: true });
    expect(effective.rejected.map((item) => item.message)).toEqual([expect.stringMatching(/^policy value rejected: logLevel: /)]);
  });

  test('a user may not set policy-only keys or unknown keys', () => {
    const effective = resolveSettings({ user: { origin: 'settings.json', values: { updatesDisabled: true, nope: 1 } }, managed: [] });
    expect(effective.values.updatesDisabled).toBe(false);
    expect(effective.rejected.map((item) => item.message)).toEqual(['setting value rejected: updatesDisabled: only an organisation’s policy may set this', 'setting value rejected: nope: unknown setting']);
  });

  test('settingsView: one row per setting for the UI, managedBy on locked rows, secrets masked, reasons', () => {
    const effective = resolveSettings({
      managed: [machine({ managedByOrganization: 'Example Corp IT', switchLocked: 1, activationToken: 'rdact_secret_123', logLevel: 'verbose' })],
    });
    const rows = settingsView(effective);
    expect(rows).toHaveLength(Object.keys(effective.entries).length);
    expect(rows.find((row) => row.key === 'switchLocked')).toEqual({
      key: 'switchLocked',
      value: true,
      source: 'managed',
      locked: true,
      managedBy: 'Example Corp IT',
      reason: 'Set by Example Corp IT’s policy (HKLM\\SOFTWARE\\Policies\\Roamdesk).',
      description: expect.stringContaining('cannot pause'),
    });
    expect(rows.find((row) => row.key === 'activationToken')).toMatchObject({ value: SECRET_MASK, locked: true });
    expect(JSON.stringify(rows)).not.toContain('rdact_secret_123');
    const logLevel = rows.find((row) => row.key === 'logLevel')!;
    expect(logLevel).toMatchObject({ value: 'info', source: 'default', locked: false });
    expect(logLevel.reason).toMatch(/^policy value rejected: logLevel: .* \(HKLM\\SOFTWARE\\Policies\\Roamdesk\)$/);
    expect(logLevel).not.toHaveProperty('managedBy');
  });

  test('the selection override: dedicated keys win over the JSON and the result is a valid policy', () => {
    const effective = resolveSettings({
      managed: [
        machine({
          selectionPolicy: JSON.stringify({ weights: { successRate: 40 }, lists: { preferredSsids: ['FromJson'], managedProviders: ['corp'] } }),
          preferredSsids: ['CorpWiFi'],
          minimumSuccessRatePercent: 35,
          connectionSensitiveApps: ['teams', 'Softphone.exe'],
        }),
      ],
    });
    const policy = parseSelectionPolicy(selectionOverrideFrom(effective));
    expect(policy.weights.successRate).toBe(40);
    expect(policy.lists.preferredSsids).toEqual(['CorpWiFi']);
    expect(policy.lists.managedProviders).toEqual(['corp']);
    expect(policy.successRate.minimum).toBeCloseTo(0.35);
    expect(policy.criticalApps.map((app) => app.id)).toEqual(['teams', 'Softphone.exe']);
    expect(policy.criticalApps[1]).toEqual({ id: 'Softphone.exe', label: 'Softphone.exe', windows: ['Softphone.exe'], macos: ['Softphone.exe'], linux: ['Softphone.exe'] });
    expect(parseSelectionPolicy(selectionOverrideFrom(resolveSettings({ managed: [] })))).toEqual(parseSelectionPolicy({}));
  });

  test('updatePolicy: the updater is off when policy says so', () => {
    expect(updatePolicy(resolveSettings({ managed: [] }))).toEqual({ enabled: true, channel: 'stable', locked: false });
    expect(updatePolicy(resolveSettings({ managed: [machine({ updatesDisabled: 1 })] }))).toEqual({ enabled: false, channel: 'stable', locked: true });
  });
});

describe('SettingsService', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-policy-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('logs each rejected value once while it persists, with its code', async () => {
    const logger = recordingLogger();
    const source: ManagedPolicySource = { origin: 'test', scope: 'machine', read: async () => machine({ logLevel: 'loud' }, 'test') };
    const service = new SettingsService({ managed: [source], logger });
    await service.reload();
    await service.reload();
    const warnings = logger.lines.filter((line) => line.message.startsWith('policy value rejected'));
    expect(warnings).toEqual([{ level: 'warn', message: expect.stringMatching(/^policy value rejected: logLevel: /), fields: { code: 'POLICY_VALUE_REJECTED', key: 'logLevel', origin: 'test' } }]);
    expect(service.rejectedValues()).toHaveLength(1);
  });

  test('a source that throws is an error status, not a crash', async () => {
    const source: ManagedPolicySource = { origin: 'broken', scope: 'machine', read: async () => Promise.reject(new Error('access denied')) };
    const effective = await new SettingsService({ managed: [source] }).reload();
    expect(effective.sources).toContainEqual({ origin: 'broken', scope: 'machine', status: 'error', error: 'access denied' });
    expect(effective.values.autoConnect).toBe(true);
  });

  test('the user cannot change a locked setting; an unlocked one is saved and applied', async () => {
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ autoConnect: false, managedByOrganization: 'Example Corp IT', managedByUrl: 'https://it.example.com' }));
    const service = new SettingsService({ managed: [new JsonPolicyFileSource(policyFile)], user: new UserSettingsFile(path.join(dir, 'user', 'settings.json')) });
    await service.reload();
    const error = await service.setUserValue('autoConnect', true).catch((e: unknown) => e);
    expect(isPolicyError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'POLICY_SETTING_LOCKED', message: 'Example Corp IT manages “Connect automatically”, so it cannot be changed here.', hint: 'Ask your IT team: https://it.example.com' });
    await expect(service.setUserValue('retentionMonths', 0)).rejects.toMatchObject({ code: 'SETTING_VALUE_INVALID' });
    await expect(service.setUserValue('nope', 0)).rejects.toMatchObject({ code: 'SETTING_UNKNOWN' });
    await expect(service.setUserValue('updatesDisabled', true)).rejects.toMatchObject({ code: 'SETTING_VALUE_INVALID' });
    const effective = await service.setUserValue('retentionMonths', 3);
    expect(effective.entries.retentionMonths).toMatchObject({ value: 3, source: 'user', locked: false });
  });

  test('live change: editing the policy file notifies subscribers with the changed keys', async () => {
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ autoConnect: false }));
    const service = new SettingsService({ managed: [new JsonPolicyFileSource(policyFile, 'machine', { debounceMs: 50, pollMs: 100 })] });
    await service.start();
    try {
      expect(service.get('autoConnect')).toBe(false);
      const next = changeWhere(service, (change) => change.changed.length > 0);
      writeFileSync(policyFile, JSON.stringify({ autoConnect: true, switchLocked: true }));
      const change = await next;
      expect(change.changed.sort()).toEqual(['autoConnect', 'switchLocked']);
      expect(change.effective.entries.switchLocked).toMatchObject({ value: true, locked: true });
    } finally {
      service.stop();
    }
  });

  test('live change: a policy file that appears later is picked up; a half-written one keeps the last values', async () => {
    const sub = path.join(dir, 'etc');
    const policyFile = path.join(sub, 'policy.json');
    const service = new SettingsService({ managed: [new JsonPolicyFileSource(policyFile, 'machine', { debounceMs: 20, pollMs: 50 })] });
    await service.start();
    try {
      expect(service.current().sources[1]).toMatchObject({ status: 'absent' });
      const created = changeWhere(service, (change) => change.effective.values.updatesDisabled);
      mkdirSync(sub);
      writeFileSync(policyFile, JSON.stringify({ updatesDisabled: true }));
      expect((await created).effective.values.updatesDisabled).toBe(true);
    } finally {
      service.stop();
    }
    writeFileSync(policyFile, '{"updatesDisabled": tr');
    const effective = await service.reload();
    expect(effective.values.updatesDisabled).toBe(true);
    expect(effective.entries.updatesDisabled.locked).toBe(true);
    expect(effective.sources[1]).toMatchObject({ status: 'error', stale: true, error: expect.stringContaining('not valid JSON') });
    rmSync(policyFile);
    expect((await service.reload()).values.updatesDisabled).toBe(false);
  });
});
