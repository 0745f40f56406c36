import { describe, expect, test } from 'vitest';
import { AttemptsRepository } from '../../main/engine/cache/attempts-repository.js';
import { BlocklistRepository } from '../../main/engine/cache/blocklist-repository.js';
import { HabitsRepository } from '../../main/engine/cache/habits-repository.js';
import { ObservationsRepository } from '../../main/engine/cache/observations-repository.js';
import { CacheRetention, retentionCutoff } from '../../main/engine/cache/retention.js';
import { ManualClock } from '../support/manual-clock.js';
import { openTempCache } from '../directory/support.js';

const DAY = 86_400_000;
const A = '02:00:00:00:0a:01';

describe('ObservationsRepository', () => {
  test('folds outcomes into the history: counts, failure streak, last times, throughput, median time to online', () => {
    const { db } = openTempCache();
    try {
      const o = new ObservationsRepository(db);
      const t = Date.UTC(2026, 0, 1);
      o.record({ bssid: A, observedAt: t, outcome: 'online', timeToOnlineMs: 800, throughputMbps: 40 });
      o.record({ bssid: A, observedAt: t + 10, outcome: 'online', timeToOnlineMs: 1200 });
      o.record({ bssid: A, observedAt: t + 20, outcome: 'online', timeToOnlineMs: 5000 });
      o.record({ bssid: A, observedAt: t + 30, throughputMbps: 60 });
      o.record({ bssid: A, observedAt: t + 40, outcome: 'failed' });
      o.record({ bssid: A, observedAt: t + 50, outcome: 'failed' });
      o.record({ bssid: A, observedAt: t + 60, signalDbm: -70 }); // a sample alone: not quality
      expect(o.history(A)).toEqual({ bssid: A, attempts: 5, successes: 3, consecutiveFailures: 2, lastAttemptAt: t + 50, lastSuccessAt: t + 20, meanThroughputMbps: 50, timeToOnlineMsP50: 1200 });
      o.record({ bssid: A, observedAt: t + 70, outcome: 'online', timeToOnlineMs: 1000 });
      expect(o.history(A)).toMatchObject({ attempts: 6, successes: 4, consecutiveFailures: 0, lastSuccessAt: t + 70, timeToOnlineMsP50: 1100 });
      expect(o.history('02:00:00:00:0a:09')).toBeNull();
      expect(o.count()).toBe(8);
      expect(() => o.record({ bssid: 'nonsense', observedAt: t })).toThrow(/not a BSSID/);
    } finally {
      db.close();
    }
  });
});

describe('HabitsRepository and BlocklistRepository', () => {
  test('uses, time online and recency accumulate per SSID', () => {
    const { db } = openTempCache();
    try {
      const habits = new HabitsRepository(db);
      habits.recordUse('4f6666696365', 1000);
      habits.addOnlineTime('4F6666696365', 60_000, 61_000);
      habits.recordUse('4f6666696365', 500); // an older event never moves recency back
      expect(habits.get('4f6666696365')).toEqual({ ssidHex: '4f6666696365', uses: 2, lastUsedAt: 61_000, onlineMs: 60_000 });
      expect(habits.all().map((h) => h.ssidHex)).toEqual(['4f6666696365']);
    } finally {
      db.close();
    }
  });

  test('block rows are stored, overwritten, listed while active and deleted', () => {
    const { db } = openTempCache();
    try {
      const blocks = new BlocklistRepository(db);
      blocks.put({ bssid: A, streak: 1, blockedUntil: 5_000, signalAtBlockDbm: -82 });
      blocks.put({ bssid: A, streak: 2, blockedUntil: 9_000, signalAtBlockDbm: -79 });
      blocks.put({ bssid: '02:00:00:00:0a:02', streak: 1, blockedUntil: 2_000, signalAtBlockDbm: -90 });
      expect(blocks.get(A)).toEqual({ bssid: A, streak: 2, blockedUntil: 9_000, signalAtBlockDbm: -79 });
      expect(blocks.active(3_000).map((b) => b.bssid)).toEqual([A]);
      blocks.delete(A);
      expect(blocks.get(A)).toBeNull();
    } finally {
      db.close();
    }
  });
});

describe('CacheRetention', () => {
  test('prunes what is older than the window, keeps the rest, and rebuilds the history from what remains', () => {
    const { db } = openTempCache();
    try {
      const clock = new ManualClock(Date.UTC(2025, 0, 1));
      const o = new ObservationsRepository(db);
      const attempts = new AttemptsRepository(db);
      const habits = new HabitsRepository(db);
      const blocks = new BlocklistRepository(db);
      const record = (outcome: 'online' | 'failed') => {
        o.record({ bssid: A, observedAt: clock.now(), outcome, ...(outcome === 'online' ? { timeToOnlineMs: 2000 } : {}) });
        attempts.begin({ startedAt: new Date(clock.now()).toISOString(), ssidHex: '61', ssid: 'a', bssid: A, providerId: null });
      };
      record('online'); // 2025-01-01: will be pruned
      habits.recordUse('6f6c64', clock.now());
      blocks.put({ bssid: A, streak: 1, blockedUntil: clock.now() + DAY, signalAtBlockDbm: -80 });
      clock.advance(200 * DAY);
      record('failed'); // 2025-07-20: kept
      habits.recordUse('6e6577', clock.now());
      clock.advance(200 * DAY); // now 2026-02-05; the 12-month cutoff is 2025-02-05

      const result = new CacheRetention(db, clock).prune();
      expect(result).toEqual({ cutoff: Date.UTC(2025, 1, 5), observations: 1, attempts: 1, habits: 1, blocks: 1 });
      expect(o.count()).toBe(1);
      expect(attempts.recent(10)).toHaveLength(1);
      expect(habits.all().map((h) => h.ssidHex)).toEqual(['6e6577']);
      expect(blocks.get(A)).toBeNull();
      // The summary no longer remembers the pruned success.
      expect(o.history(A)).toMatchObject({ attempts: 1, successes: 0, consecutiveFailures: 1, lastSuccessAt: null, timeToOnlineMsP50: null });

      // A shorter window, in small batches, prunes the rest.
      const short = new CacheRetention(db, clock, { months: 3, batchRows: 1 }).prune();
      expect(short.observations).toBe(1);
      expect(o.history(A)).toBeNull();
    } finally {
      db.close();
    }
  });

  test('the cutoff is calendar months back', () => {
    expect(retentionCutoff(Date.UTC(2026, 2, 31, 12), 12)).toBe(Date.UTC(2025, 2, 31, 12));
    expect(retentionCutoff(Date.UTC(2026, 0, 15), 1)).toBe(Date.UTC(2025, 11, 15));
  });
});
