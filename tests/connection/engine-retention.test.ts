/** The engine prunes history older than the retention window when it starts (and daily), and when the window shrinks. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { createSettingsService } from '../../main/platform/policy-sources/index.js';
import { ObservationsRepository } from '../../main/engine/cache/observations-repository.js';
import { startEngineRig } from '../support/engine-rig.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

const A = '02:00:00:00:01:01';
const B = '02:00:00:00:01:02';
const DAY = 24 * 60 * 60 * 1000;

test('history older than 12 months is gone after the next start; recent history stays', async () => {
  const dir = tempDir('roamdesk-retention-');
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 9), true);
  const first = await startEngineRig({ dir, clock });
  const observations = new ObservationsRepository(first.db);
  observations.record({ bssid: A, observedAt: clock.now() - 400 * DAY, signalDbm: -60, outcome: 'online', timeToOnlineMs: 900 });
  observations.record({ bssid: B, observedAt: clock.now() - 30 * DAY, signalDbm: -62, outcome: 'online', timeToOnlineMs: 800 });
  await first.close();

  const second = await startEngineRig({ dir, clock });
  try {
    const after = new ObservationsRepository(second.db);
    expect(after.history(A)).toBeNull();
    expect(after.history(B)).toMatchObject({ attempts: 1, successes: 1 });
  } finally {
    await second.close();
  }
});

test('retentionMonths follows the settings live: a shorter managed value prunes at once', async () => {
  const dir = tempDir('roamdesk-retention-live-');
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 9), true);
  const policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme IT' }));
  const settings = createSettingsService({ env: { ROAMDESK_POLICY_FILE: policyFile }, runner: new ExecFileRunner(), userSettingsFile: path.join(dir, 'settings.json') });
  await settings.start();
  const rig = await startEngineRig({ dir, clock, settings });
  try {
    const observations = new ObservationsRepository(rig.db);
    observations.record({ bssid: A, observedAt: clock.now() - 100 * DAY, signalDbm: -60, outcome: 'online', timeToOnlineMs: 900 });
    observations.record({ bssid: B, observedAt: clock.now() - 20 * DAY, signalDbm: -62, outcome: 'online', timeToOnlineMs: 800 });

    // Unrelated policy changes leave the 12-month window alone.
    writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme Corp IT' }));
    await settings.reload();
    expect(observations.history(A)).toMatchObject({ attempts: 1 });

    // IT shortens retention to 2 months: the 100-day-old history goes now, without a restart.
    writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme Corp IT', retentionMonths: 2 }));
    await settings.reload();
    expect(observations.history(A)).toBeNull();
    expect(observations.history(B)).toMatchObject({ attempts: 1, successes: 1 });
  } finally {
    settings.stop();
    await rig.close();
  }
});
