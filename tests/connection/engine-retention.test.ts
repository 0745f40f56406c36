/** The engine prunes history older than the retention window when it starts (and daily). */
import { expect, test } from 'vitest';
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
