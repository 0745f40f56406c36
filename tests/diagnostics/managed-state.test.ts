/**
 * Diagnostics show the managed state from the engine's settings: who manages the device,
 * how many settings are locked, and every policy value that was rejected — and "no" on a
 * device without policy.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { createSettingsService } from '../../main/platform/policy-sources/index.js';
import { startEngineRig } from '../support/engine-rig.js';
import { tempDir } from '../support/temp-dir.js';

async function checklistWith(policy: Record<string, unknown> | null) {
  const dir = tempDir('roamdesk-diag-managed-');
  const policyFile = path.join(dir, 'policy.json');
  if (policy) writeFileSync(policyFile, JSON.stringify(policy));
  const settings = createSettingsService({ env: { ROAMDESK_POLICY_FILE: policyFile }, runner: new ExecFileRunner(), userSettingsFile: path.join(dir, 'settings.json') });
  await settings.start();
  const rig = await startEngineRig({ dir, settings });
  try {
    return (await rig.engine.diagnose(1)).checklist;
  } finally {
    settings.stop();
    await rig.close();
  }
}

test('a managed device: organisation, locked count and each rejected value are in the checklist', async () => {
  const checklist = await checklistWith({ managedByOrganization: 'Acme Corp IT', autoConnect: false, updatesDisabled: true, logLevel: 'shouting' });
  expect(checklist.managed).toBe(true);
  const managed = checklist.items.find((item) => item.id === 'managed');
  // managedByOrganization, autoConnect and updatesDisabled are locked; the bad logLevel is not.
  expect(managed).toMatchObject({ value: 'Managed by Acme Corp IT; 3 settings locked', status: 'ok' });
  const rejected = checklist.items.filter((item) => item.id.startsWith('policy-rejected-'));
  expect(rejected).toHaveLength(1);
  expect(rejected[0]).toMatchObject({ status: 'warning', label: 'Rejected setting value' });
  expect(rejected[0]!.value).toMatch(/^policy value rejected: logLevel: /);
  // The rejected rows follow the managed row, so two reports still line up.
  const ids = checklist.items.map((item) => item.id);
  expect(ids.indexOf('policy-rejected-1')).toBe(ids.indexOf('managed') + 1);
});

test('a device without policy says so', async () => {
  const checklist = await checklistWith(null);
  expect(checklist.managed).toBe(false);
  expect(checklist.items.find((item) => item.id === 'managed')).toMatchObject({ value: 'no', status: 'ok' });
  expect(checklist.items.some((item) => item.id.startsWith('policy-rejected-'))).toBe(false);
});
