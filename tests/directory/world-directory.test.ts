/**
 * The simulated world's directory service: the demo world's providers, sites and access
 * points reach the hotspot cache through the real signed-directory path, once per world
 * version, and the selection facts then see the directory's crowd data and realm prefix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SqliteSelectionFacts } from '../../main/engine/cache/selection-facts.js';
import { silentLogger } from '../../main/engine/ports/logger.js';
import { ssidToHex } from '../../main/engine/wifi/bss.js';
import { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { installWorldDirectory, worldDirectoryRecords } from '../../main/common/world-directory.js';
import { ManualClock } from '../support/manual-clock.js';
import { consistencyProblems, openTempCache } from './support.js';

const demo = WorldSpec.parse(JSON.parse(readFileSync(new URL('../../assets/worlds/demo.json', import.meta.url), 'utf8')));
const BROKEN = '02:5c:01:00:00:03';
const GOOD = '02:5c:01:00:00:01';

describe('world directory', () => {
  test('only provider-run access points are listed; private networks stay out of the directory', () => {
    const listed = worldDirectoryRecords(demo).filter((r) => r[0] === 'H').map((r) => r[1]);
    const providerRun = demo.sites.flatMap((s) => s.accessPoints.filter((a) => a.provider).map((a) => a.bssid));
    expect(listed.sort()).toEqual(providerRun.sort());
    expect(listed).not.toContain('02:5c:05:00:00:01'); // Home-5G has no provider
  });

  test('installs through signed sync once; selection facts carry crowd data, site and realm', async () => {
    const { db, dir } = openTempCache();
    const options = { workDir: path.join(dir, 'dl'), clock: new ManualClock(), logger: silentLogger };
    const first = await installWorldDirectory(db, demo, options);
    expect(first?.kind).toBe('full');
    expect(first?.version).toBe(1);
    expect(consistencyProblems(db)).toEqual([]);
    expect(await installWorldDirectory(db, demo, options)).toBeNull();

    const facts = new SqliteSelectionFacts(db).factsFor([
      { bssid: GOOD, ssidHex: ssidToHex('SkyFi') },
      { bssid: BROKEN, ssidHex: ssidToHex('SkyFi') },
    ]);
    const broken = facts.directory.get(BROKEN)!;
    expect(broken).toMatchObject({ providerId: 'skyfi', crowdAttempts: 180, crowdSuccesses: 6, realmPrefix: 'SKYFI/', venueKind: 'airport', band: expect.any(String) });
    expect(facts.directory.get(GOOD)!.siteId).toBe(broken.siteId);
    db.close();
  });

  test('a changed world replaces the installed directory with the next version', async () => {
    const { db, dir } = openTempCache();
    const options = { workDir: path.join(dir, 'dl'), clock: new ManualClock(), logger: silentLogger };
    await installWorldDirectory(db, demo, options);
    const changed = WorldSpec.parse({ ...demo, sites: demo.sites.map((s) => (s.id === 'cafe' ? { ...s, accessPoints: [] } : s)) });
    const second = await installWorldDirectory(db, changed, options);
    expect(second).toMatchObject({ version: 2, previousVersion: 1 });
    const count = db.prepare('SELECT count(*) FROM directory_hotspots').pluck().get();
    expect(count).toBe(worldDirectoryRecords(changed).filter((r) => r[0] === 'H').length);
    expect(consistencyProblems(db)).toEqual([]);
    db.close();
  });
});
