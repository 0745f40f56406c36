import { describe, expect, test } from 'vitest';
import { bssidToKey, keyToBssid } from '../../main/engine/cache/bssid-key.js';
import { DirectoryQueries, distanceM } from '../../main/engine/cache/directory-queries.js';
import { keys, openTempCache, syncer, writeSmallFull } from '../directory/support.js';

describe('the directory schema', () => {
  test('tables are STRICT, the sites index is an R*Tree, and hotspots are keyed by the integer BSSID', () => {
    const { db } = openTempCache();
    try {
      const strict = db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 1 ORDER BY name").pluck().all();
      for (const table of ['directory_hotspots', 'directory_sites', 'directory_providers', 'directory_tiles', 'directory_meta', 'observations', 'bssid_history', 'habits', 'blocklist']) expect(strict).toContain(table);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'directory_sites_rtree'").pluck().get()).toMatch(/USING rtree/i);
      expect(() => db.prepare("INSERT INTO directory_hotspots (bssid, ssid, provider_id, auth, crowd_attempts, crowd_successes) VALUES ('x', x'00', 1, 1, 0, 0)").run()).toThrow(/datatype mismatch/i);
    } finally {
      db.close();
    }
  });

  test('BSSID keys round-trip and refuse what is not a MAC', () => {
    expect(bssidToKey('02:5C:01:00:00:01')).toBe(0x025c01000001);
    expect(bssidToKey('02-5c-01-00-00-01')).toBe(0x025c01000001);
    expect(bssidToKey('ff:ff:ff:ff:ff:ff')).toBe(2 ** 48 - 1);
    expect(keyToBssid(0x025c01000001)).toBe('02:5c:01:00:00:01');
    expect(bssidToKey('02:5c:01:00:00')).toBeUndefined();
    expect(bssidToKey('zz:5c:01:00:00:01')).toBeUndefined();
  });
});

describe('DirectoryQueries.nearbySites', () => {
  test('finds sites within the radius through the R*Tree, nearest first', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      await syncer(db, pair).apply(writeSmallFull(dir, pair));
      const queries = new DirectoryQueries(db);
      // From Frankfurt Airport: the terminal is ~1.9 km away, the café in town ~12 km.
      expect(queries.nearbySites(50.0331, 8.5706, 5_000).map((s) => s.siteId)).toEqual(['10']);
      const both = queries.nearbySites(50.0331, 8.5706, 20_000);
      expect(both.map((s) => [s.siteId, s.kind, s.hotspots])).toEqual([['10', 'airport', 3], ['20', 'cafe', 1]]);
      expect(both[0]!.distanceM).toBeCloseTo(distanceM(50.0331, 8.5706, 50.0505, 8.5698), 3);
      expect(queries.nearbySites(-33.9, 151.2, 50_000)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
