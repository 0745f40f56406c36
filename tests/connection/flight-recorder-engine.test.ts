/** The engine's flight recorder: four failed attempts in a row leave a snapshot on disk, owner-only, with the diagnostics. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { BSSID } from '../support/small-world.js';
import { startEngineRig } from '../support/engine-rig.js';
import { tempDir } from '../support/temp-dir.js';

test('four failures in a row → one snapshot waiting to be sent', async () => {
  const dir = tempDir('roamdesk-recorder-');
  const rig = await startEngineRig({ dir });
  try {
    for (let i = 0; i < 4; i++) expect((await rig.engine.handlers['connection.connect']({ target: BSSID.broken })).phase).toBe('failed');
    // The snapshot (with its diagnostics) is written in the background.
    await expect.poll(async () => (await rig.engine.recorder.list()).length, { timeout: 15_000 }).toBe(1);
    const snapshots = await rig.engine.recorder.list();
    const snapshot = await rig.engine.recorder.get(snapshots[0]!.id);
    expect(JSON.stringify(snapshot)).toContain('ASSOCIATION_REJECTED');
    const folder = path.join(dir, 'diagnostics', 'snapshots');
    const files = readdirSync(folder).filter((f) => f.startsWith('snap-'));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(folder, files[0]!)).mode & 0o077).toBe(0);
    // The next log bundle carries it, for the person to look at before anything is sent.
    const preview = await rig.engine.handlers['bundle.preview']({});
    expect(preview.items.map((item) => item.name)).toContain(`flight-recorder/${snapshots[0]!.id}.json`);
  } finally {
    await rig.close();
  }
});
