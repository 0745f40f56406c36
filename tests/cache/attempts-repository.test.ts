import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { StageEntry } from '../../preload/contract.js';
import { AttemptsRepository } from '../../main/engine/cache/attempts-repository.js';
import { openCacheDatabase } from '../../main/engine/cache/database.js';
import { tempDir } from '../support/temp-dir.js';

const stages: StageEntry[] = [
  { stage: 'associate', status: 'succeeded', startedAt: '2026-01-15T09:00:00.000Z', durationMs: 350, detail: 'associated with 02:00:00:00:01:01 on channel 36 (5GHz)' },
  { stage: 'verify', status: 'succeeded', startedAt: '2026-01-15T09:00:00.350Z', durationMs: 42, detail: 'the internet answered' },
];

describe('AttemptsRepository', () => {
  test('begin, finish, lastFor and recent round-trip every field, stages included', () => {
    const { db } = openCacheDatabase(path.join(tempDir(), 'cache.sqlite'));
    try {
      const attempts = new AttemptsRepository(db);
      const first = attempts.begin({ startedAt: '2026-01-15T09:00:00.000Z', ssidHex: '4c6f626279', ssid: 'Lobby', bssid: '02:00:00:00:01:01', providerId: 'lobbynet' });
      attempts.finish(first, { endedAt: '2026-01-15T09:00:00.392Z', outcome: 'online', errorCode: null, timeToOnlineMs: 392, stages });
      const second = attempts.begin({ startedAt: '2026-01-15T09:05:00.000Z', ssidHex: '42726f6b656e', ssid: 'Broken', bssid: '02:00:00:00:01:04', providerId: null });
      attempts.finish(second, {
        endedAt: '2026-01-15T09:05:00.100Z',
        outcome: 'failed',
        errorCode: 'ASSOCIATION_REJECTED',
        timeToOnlineMs: null,
        stages: [{ stage: 'associate', status: 'failed', startedAt: '2026-01-15T09:05:00.000Z', durationMs: 100, detail: 'rejected' }],
      });
      expect(second).toBeGreaterThan(first);

      expect(attempts.lastFor('02:00:00:00:01:01')).toEqual({
        id: first,
        startedAt: '2026-01-15T09:00:00.000Z',
        endedAt: '2026-01-15T09:00:00.392Z',
        ssidHex: '4c6f626279',
        ssid: 'Lobby',
        bssid: '02:00:00:00:01:01',
        providerId: 'lobbynet',
        outcome: 'online',
        errorCode: null,
        timeToOnlineMs: 392,
        stages,
      });
      expect(attempts.lastFor('02:00:00:00:01:04')).toMatchObject({ id: second, outcome: 'failed', errorCode: 'ASSOCIATION_REJECTED', timeToOnlineMs: null, providerId: null });
      expect(attempts.lastFor('02:00:00:00:09:09')).toBeUndefined();

      expect(attempts.recent(10).map((row) => row.id)).toEqual([second, first]);
      expect(attempts.recent(1).map((row) => row.id)).toEqual([second]);
    } finally {
      db.close();
    }
  });

  test('lastFor returns the newest attempt on that access point', () => {
    const { db } = openCacheDatabase(path.join(tempDir(), 'cache.sqlite'));
    try {
      const attempts = new AttemptsRepository(db);
      const base = { ssidHex: '61', ssid: 'a', bssid: '02:00:00:00:00:01', providerId: null };
      const older = attempts.begin({ ...base, startedAt: '2026-01-01T00:00:00.000Z' });
      attempts.finish(older, { endedAt: '2026-01-01T00:00:01.000Z', outcome: 'online', errorCode: null, timeToOnlineMs: 1000, stages: [] });
      const newer = attempts.begin({ ...base, startedAt: '2026-01-02T00:00:00.000Z' });
      attempts.finish(newer, { endedAt: '2026-01-02T00:00:01.000Z', outcome: 'failed', errorCode: 'NO_INTERNET', timeToOnlineMs: null, stages: [] });
      expect(attempts.lastFor(base.bssid)).toMatchObject({ id: newer, outcome: 'failed', errorCode: 'NO_INTERNET' });
    } finally {
      db.close();
    }
  });

  test('an attempt that never finished is on record, with no outcome, after a close and reopen', () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    let id: number;
    {
      const { db } = openCacheDatabase(file);
      id = new AttemptsRepository(db).begin({ startedAt: '2026-01-15T10:00:00.000Z', ssidHex: '536c6f77', ssid: 'Slow', bssid: '02:00:00:00:01:06', providerId: null });
      // The app "crashes" here: the attempt is never finished.
      db.close();
    }
    const { db } = openCacheDatabase(file);
    try {
      const row = new AttemptsRepository(db).lastFor('02:00:00:00:01:06');
      expect(row).toEqual({
        id,
        startedAt: '2026-01-15T10:00:00.000Z',
        endedAt: null,
        ssidHex: '536c6f77',
        ssid: 'Slow',
        bssid: '02:00:00:00:01:06',
        providerId: null,
        outcome: null,
        errorCode: null,
        timeToOnlineMs: null,
        stages: [],
      });
    } finally {
      db.close();
    }
  });

  test('the schema refuses an outcome outside the known ones', () => {
    const { db } = openCacheDatabase(path.join(tempDir(), 'cache.sqlite'));
    try {
      const attempts = new AttemptsRepository(db);
      const id = attempts.begin({ startedAt: 't', ssidHex: '61', ssid: 'a', bssid: '02:00:00:00:00:01', providerId: null });
      expect(() => attempts.finish(id, { endedAt: 't', outcome: 'exploded' as never, errorCode: null, timeToOnlineMs: null, stages: [] })).toThrow(/CHECK constraint/);
    } finally {
      db.close();
    }
  });
});
