import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SqliteSelectionFacts } from '../../main/engine/cache/selection-facts.js';
import { RoamdeskError } from '../../main/engine/errors.js';
import type { SyncProgress } from '../../main/engine/directory/sync-context.js';
import { DirectoryWriter, type AnyRecord } from '../../tools/directory-generator/directory-writer.js';
import { keyToBssid } from '../../main/engine/cache/bssid-key.js';
import { consistencyProblems, fullOptions, hotspot, keys, openTempCache, snapshot, syncer, writeDelta, writeSmallFull } from './support.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RoamdeskError);
    return (error as RoamdeskError).code;
  }
  throw new Error('expected a RoamdeskError');
}

/** Flips one byte of a file at `offset` (from the end when negative). */
function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file);
  const at = offset < 0 ? bytes.length + offset : offset;
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(file, bytes);
}

const count = (db: ReturnType<typeof openTempCache>['db'], table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('full import', () => {
  test('a signed full directory is installed with its tiles, totals and facts', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const progress: SyncProgress[] = [];
      const sync = syncer(db, pair, { batchRows: 2, onProgress: (p) => progress.push(p) });
      const result = await sync.apply(writeSmallFull(dir, pair));
      expect(result).toEqual({ kind: 'full', directoryId: 'test', version: 1, previousVersion: null, records: 9 });
      expect(sync.installed()).toMatchObject({ directoryId: 'test', version: 1 });
      expect(count(db, 'directory_hotspots')).toBe(5);
      expect(db.prepare('SELECT tile, version FROM directory_tiles ORDER BY tile').raw().all()).toEqual([[100, 1], [101, 1]]);
      expect(db.prepare('SELECT hotspots, crowd_attempts, crowd_successes FROM directory_sites WHERE id = 10').raw().get()).toEqual([3, 150, 110]);
      expect(consistencyProblems(db)).toEqual([]);

      // Progress: staged in batches of 2 rows, counting up to the total, then done.
      const staged = progress.filter((p) => p.phase === 'stage').map((p) => p.done);
      expect(staged).toEqual([2, 4, 6, 8, 9]);
      expect(progress.every((p) => p.done <= p.total)).toBe(true);
      expect(progress.at(-1)).toEqual({ phase: 'done', done: 9, total: 9 });

      const facts = new SqliteSelectionFacts(db).factsFor([{ bssid: '02:00:00:00:0A:01', ssidHex: '00' }]);
      expect(facts.directory.get('02:00:00:00:0A:01')).toEqual({
        bssid: '02:00:00:00:0A:01',
        ssidHex: Buffer.from('AeroNet').toString('hex'),
        providerId: 'aeronet',
        siteId: '10',
        authMethod: 'wispr',
        realmPrefix: 'AERONET/',
        venueKind: 'airport',
        standard: '802.11ax',
        band: '5GHz',
        lat: 50.0331,
        lon: 8.5706,
        crowdAttempts: 100,
        crowdSuccesses: 90,
        crowdThroughputMbps: 87.5,
      });
    } finally {
      db.close();
    }
  });

  test('a second full import replaces the first; statements prepared before the swap see the new rows', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      await sync.apply(writeSmallFull(dir, pair));
      const facts = new SqliteSelectionFacts(db);
      expect(facts.factsFor([{ bssid: '02:00:00:00:0a:01', ssidHex: '' }]).directory.size).toBe(1);
      const replacement = [['P', 1, 'aeronet', 'AeroNet', null], ['S', 30, 'Munich Airport', 'airport', 48.35, 11.78], hotspot('02:00:00:00:1e:01', 30)] as const;
      const result = await sync.apply(writeSmallFull(dir, pair, [...replacement] as never, { version: 2 }));
      expect(result.previousVersion).toBe(1);
      expect(facts.factsFor([{ bssid: '02:00:00:00:0a:01', ssidHex: '' }]).directory.size).toBe(0);
      expect(facts.factsFor([{ bssid: '02:00:00:00:1e:01', ssidHex: '' }]).directory.get('02:00:00:00:1e:01')?.siteId).toBe('30');
      expect(consistencyProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('an older full directory is refused (no rollback to a stale signed file)', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      await sync.apply(writeSmallFull(dir, pair, undefined, { version: 5 }));
      const before = snapshot(db);
      expect(await codeOf(sync.apply(writeSmallFull(dir, pair, undefined, { version: 4 })))).toBe('DIRECTORY_VERSION_MISMATCH');
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
    }
  });
});

describe('refusals leave the installed directory untouched', () => {
  async function installed() {
    const pair = keys();
    const cache = openTempCache();
    const sync = syncer(cache.db, pair);
    await sync.apply(writeSmallFull(cache.dir, pair));
    return { pair, ...cache, sync, before: snapshot(cache.db) };
  }

  test.each([
    ['a payload byte', -5],
    ['a header byte', 20],
  ])('a tampered %s → DIRECTORY_SIGNATURE_INVALID', async (_what, offset) => {
    const { pair, db, dir, sync, before } = await installed();
    try {
      const next = writeSmallFull(dir, pair, [...smallFullWithChange()], { version: 2 });
      flipByte(next, offset);
      expect(await codeOf(sync.apply(next))).toBe('DIRECTORY_SIGNATURE_INVALID');
      expect(snapshot(db)).toBe(before);
      expect(consistencyProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('a truncated file → DIRECTORY_SIGNATURE_INVALID', async () => {
    const { pair, db, dir, sync, before } = await installed();
    try {
      const next = writeSmallFull(dir, pair, [...smallFullWithChange()], { version: 2 });
      const bytes = readFileSync(next);
      writeFileSync(next, bytes.subarray(0, bytes.length - 40));
      expect(await codeOf(sync.apply(next))).toBe('DIRECTORY_SIGNATURE_INVALID');
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
    }
  });

  test('a file signed by another key → DIRECTORY_SIGNATURE_INVALID, into an empty cache too', async () => {
    const { db, dir, sync, before } = await installed();
    const fresh = openTempCache();
    try {
      const stranger = keys();
      const next = writeSmallFull(dir, stranger, [...smallFullWithChange()], { version: 2 });
      expect(await codeOf(sync.apply(next))).toBe('DIRECTORY_SIGNATURE_INVALID');
      expect(snapshot(db)).toBe(before);
      expect(await codeOf(syncer(fresh.db, keys()).apply(next))).toBe('DIRECTORY_SIGNATURE_INVALID');
      expect(count(fresh.db, 'directory_hotspots')).toBe(0);
      expect(count(fresh.db, 'directory_meta')).toBe(0);
    } finally {
      db.close();
      fresh.db.close();
    }
  });

  test('no signature line at all → DIRECTORY_SIGNATURE_INVALID', async () => {
    const { db, dir, sync, before } = await installed();
    try {
      const file = path.join(dir, 'unsigned.rdir');
      writeFileSync(file, '{"format":"roamdesk-directory"}\n{"signature":""}\n["P",1,"a","A",null]\n');
      expect(await codeOf(sync.apply(file))).toBe('DIRECTORY_SIGNATURE_INVALID');
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
    }
  });

  test.each([
    ['a record that is not JSON', ['P', 1, 'aeronet', 'AeroNet', null], 'not json'],
    ['an unknown auth method', hotspot('02:00:00:00:0a:09', 10), 'auth'],
    ['a BSSID listed twice', hotspot('02:00:00:00:0a:01', 10), 'dup'],
    ['a hotspot at an unknown site', hotspot('02:00:00:00:0a:09', 99), 'ok'],
    ['a tombstone in a full directory', ['-H', '02:00:00:00:0a:01'], 'ok'],
  ])('a validly signed full directory with %s → DIRECTORY_MALFORMED, no shadow left', async (_what, extra, how) => {
    const { pair, db, dir, sync, before } = await installed();
    try {
      const records = [...smallFullWithChange(), extra] as never[];
      const file = writeSmallFull(dir, pair, records, { version: 2 });
      if (how === 'not json' || how === 'auth') {
        // Signed properly, so only the content is wrong.
        const lines = records.map((record) => JSON.stringify(record));
        lines[lines.length - 1] = how === 'not json' ? '["P", 1,' : lines.at(-1)!.replace('"wispr"', '"carrier-pigeon"');
        const writer = new DirectoryWriter(file, fullOptions(pair, { version: 2 }));
        for (const line of lines) writer.writeLine(line);
        writer.close();
      }
      expect(await codeOf(sync.apply(file))).toBe('DIRECTORY_MALFORMED');
      expect(snapshot(db)).toBe(before);
      expect(consistencyProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('a missing file → DIRECTORY_NOT_FOUND', async () => {
    const { db, dir, sync } = await installed();
    try {
      expect(await codeOf(sync.apply(path.join(dir, 'nope.rdir')))).toBe('DIRECTORY_NOT_FOUND');
    } finally {
      db.close();
    }
  });
});

describe('delta', () => {
  test('upserts, new BSSIDs and tombstones apply; tiles and totals move with them', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      await sync.apply(writeSmallFull(dir, pair));
      const result = await sync.apply(
        writeDelta(dir, pair, [
          ['S', 40, 'Frankfurt Hbf', 'station', 50.107, 8.6625],
          hotspot('02:00:00:00:0a:01', 10, 1, [120, 100]), // more crowd data
          hotspot('02:00:00:00:0a:02', 40, 1, [50, 20]), // moved to the new site
          hotspot('02:00:00:00:28:01', 40, 2, [7, 7], 'CityWave'), // new
          ['-H', '02:00:00:00:0a:03'],
          ['-H', '02:00:00:00:14:01'],
          ['-S', 20], // the café, now empty
          ['-H', '02:00:00:00:77:77'], // never existed: a tombstone is idempotent
        ]),
      );
      expect(result).toMatchObject({ kind: 'delta', version: 2, previousVersion: 1, records: 8 });
      const bssids = db.prepare('SELECT bssid FROM directory_hotspots ORDER BY bssid').pluck().all() as number[];
      expect(bssids.map(keyToBssid)).toEqual(['02:00:00:00:0a:01', '02:00:00:00:0a:02', '02:00:00:00:28:01', '02:00:00:00:ff:01']);
      expect(db.prepare('SELECT id, hotspots, crowd_attempts, crowd_successes FROM directory_sites ORDER BY id').raw().all()).toEqual([
        [10, 1, 120, 100],
        [40, 2, 57, 27],
      ]);
      expect(db.prepare('SELECT tile, version FROM directory_tiles ORDER BY tile').raw().all()).toEqual([[100, 2], [101, 1]]);
      expect(consistencyProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test.each([
    ['no directory installed', false, {}],
    ['a tile at another base version', true, { tiles: [[100, 3, 4]] }],
    ['a tile the cache has never seen, claimed from version 1', true, { tiles: [[555, 1, 2]] }],
    ['another directory id', true, { directoryId: 'other' }],
    ['a version not above the installed one', true, { version: 1 }],
  ])('a delta for %s → DIRECTORY_VERSION_MISMATCH, nothing applied', async (_what, install, over) => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      if (install) await sync.apply(writeSmallFull(dir, pair));
      const before = snapshot(db);
      const delta = writeDelta(dir, pair, [['-H', '02:00:00:00:0a:01']], over as never);
      expect(await codeOf(sync.apply(delta))).toBe('DIRECTORY_VERSION_MISMATCH');
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
    }
  });

  test('a delta whose last change is invalid is rolled back whole', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      await sync.apply(writeSmallFull(dir, pair));
      const before = snapshot(db);
      const delta = writeDelta(dir, pair, [['-H', '02:00:00:00:0a:01'], hotspot('02:00:00:00:0a:02', 10, 1, [1, 1]), hotspot('02:00:00:00:0a:07', 777)]);
      expect(await codeOf(sync.apply(delta))).toBe('DIRECTORY_MALFORMED');
      expect(snapshot(db)).toBe(before);
      // Deleting a site that still has hotspots is refused the same way.
      expect(await codeOf(sync.apply(writeDelta(dir, pair, [['-S', 10]])))).toBe('DIRECTORY_MALFORMED');
      expect(snapshot(db)).toBe(before);
      expect(consistencyProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('a delta over the size cap is refused before anything is read into the cache', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair, { maxDeltaRecords: 2 });
      await sync.apply(writeSmallFull(dir, pair));
      const before = snapshot(db);
      const delta = writeDelta(dir, pair, [['-H', '02:00:00:00:0a:01'], ['-H', '02:00:00:00:0a:02'], ['-H', '02:00:00:00:0a:03']]);
      expect(await codeOf(sync.apply(delta))).toBe('DIRECTORY_MALFORMED');
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
    }
  });
});

function smallFullWithChange(): AnyRecord[] {
  return [
    ['P', 1, 'aeronet', 'AeroNet', 'AERONET/'],
    ['S', 10, 'Frankfurt Airport Terminal 1', 'airport', 50.0505, 8.5698],
    hotspot('02:00:00:00:0a:01', 10, 1, [1, 1]),
  ];
}
