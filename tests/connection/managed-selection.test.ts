/**
 * IT's selection policy reaches the selector: a prohibited SSID set in the managed policy
 * file is skipped with its code, and a live change of the file lifts it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createSettingsService } from '../../main/platform/policy-sources/index.js';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { startEngineRig } from '../support/engine-rig.js';
import { tempDir } from '../support/temp-dir.js';

test('prohibited SSIDs from managed policy are skipped, and a live change lifts them', async () => {
  const dir = tempDir('roamdesk-managed-');
  const policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ prohibitedSsids: ['Lobby'], managedByOrganization: 'Acme IT' }));
  const settings = createSettingsService({ env: { ROAMDESK_POLICY_FILE: policyFile }, runner: new ExecFileRunner(), userSettingsFile: path.join(dir, 'settings.json') });
  await settings.start();
  const rig = await startEngineRig({ dir, settings });
  try {
    const ranked = await rig.engine.handlers['selection.rank']({});
    expect(ranked.skipped.filter((s) => s.ssid === 'Lobby').map((s) => s.code)).toEqual(['POLICY_PROHIBITED_SSID', 'POLICY_PROHIBITED_SSID']);
    expect(ranked.ranked.some((r) => r.ssid === 'Lobby')).toBe(false);

    writeFileSync(policyFile, JSON.stringify({ prohibitedSsids: [], managedByOrganization: 'Acme IT' }));
    await settings.reload();
    const after = await rig.engine.handlers['selection.rank']({});
    expect(after.ranked.some((r) => r.ssid === 'Lobby')).toBe(true);
  } finally {
    settings.stop();
    await rig.close();
  }
});
