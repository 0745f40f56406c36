import { describe, expect, test } from 'vitest';
import { BlocklistRepository } from '../../main/engine/cache/blocklist-repository.js';
import { HabitsRepository } from '../../main/engine/cache/habits-repository.js';
import { ObservationsRepository } from '../../main/engine/cache/observations-repository.js';
import { SqliteSelectionFacts } from '../../main/engine/cache/selection-facts.js';
import { hotspot, keys, openTempCache, syncer, writeDelta, writeSmallFull } from '../directory/support.js';

const hex = (text: string) => Buffer.from(text).toString('hex');
const T0 = Date.UTC(2026, 0, 15, 9);

describe('SqliteSelectionFacts', () => {
  test('site quality pools crowd data of every AP of the site with own outcomes on any of them', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      await syncer(db, pair).apply(writeSmallFull(dir, pair));
      const observations = new ObservationsRepository(db);
      // Own history on AP :02 of site 10 — not even in view — counts for the site.
      observations.record({ bssid: '02:00:00:00:0a:02', observedAt: T0, outcome: 'failed' });
      observations.record({ bssid: '02:00:00:00:0a:02', observedAt: T0 + 1000, outcome: 'online', timeToOnlineMs: 900 });
      observations.record({ bssid: '02:00:00:00:0a:02', observedAt: T0 + 2000, outcome: 'online', timeToOnlineMs: 1500 });
      // Own history on an AP the directory does not know: its own history, no site.
      observations.record({ bssid: '02:00:00:00:99:99', observedAt: T0, outcome: 'online', timeToOnlineMs: 300 });

      const facts = new SqliteSelectionFacts(db).factsFor([
        { bssid: '02:00:00:00:0a:01', ssidHex: hex('AeroNet') },
        { bssid: '02:00:00:00:99:99', ssidHex: hex('Home') },
        { bssid: 'not-a-bssid', ssidHex: hex('x') },
      ]);
      // Crowd over the site's three APs: 100+50+0 attempts, 90+20+0 successes; own: 3 attempts, 2 successes.
      expect(facts.sites.get('10')).toEqual({ siteId: '10', attempts: 153, successes: 112 });
      expect(facts.sites.size).toBe(1);
      expect(facts.history.get('02:00:00:00:99:99')).toEqual({
        bssid: '02:00:00:00:99:99',
        attempts: 1,
        successes: 1,
        consecutiveFailures: 0,
        lastAttemptAt: T0,
        lastSuccessAt: T0,
        meanThroughputMbps: null,
        timeToOnlineMsP50: 300,
      });
      expect(facts.history.has('02:00:00:00:0a:01')).toBe(false);
      expect(facts.directory.has('02:00:00:00:99:99')).toBe(false);
    } finally {
      db.close();
    }
  });

  test('own history follows a BSSID to its new site when a delta moves it', async () => {
    const pair = keys();
    const { db, dir } = openTempCache();
    try {
      const sync = syncer(db, pair);
      await sync.apply(writeSmallFull(dir, pair));
      new ObservationsRepository(db).record({ bssid: '02:00:00:00:0a:02', observedAt: T0, outcome: 'online', timeToOnlineMs: 1000 });
      await sync.apply(writeDelta(dir, pair, [['S', 40, 'Hbf', 'station', 50.1, 8.6], hotspot('02:00:00:00:0a:02', 40, 1, [2, 2])]));
      const facts = new SqliteSelectionFacts(db).factsFor([{ bssid: '02:00:00:00:0a:01', ssidHex: '' }, { bssid: '02:00:00:00:0a:02', ssidHex: '' }]);
      expect(facts.sites.get('10')).toEqual({ siteId: '10', attempts: 100, successes: 90 });
      expect(facts.sites.get('40')).toEqual({ siteId: '40', attempts: 3, successes: 3 });
    } finally {
      db.close();
    }
  });

  test('habits by SSID and blocks by BSSID come back keyed as asked', async () => {
    const { db } = openTempCache();
    try {
      new HabitsRepository(db).recordUse(hex('Office'), T0);
      new BlocklistRepository(db).put({ bssid: '02:00:00:00:0b:01', streak: 2, blockedUntil: T0 + 60_000, signalAtBlockDbm: -80 });
      const facts = new SqliteSelectionFacts(db).factsFor([
        { bssid: '02-00-00-00-0B-01', ssidHex: hex('Office').toUpperCase() },
        { bssid: '02:00:00:00:0b:02', ssidHex: hex('Cafe') },
      ]);
      expect(facts.habits.get(hex('Office'))).toEqual({ ssidHex: hex('Office'), uses: 1, lastUsedAt: T0, onlineMs: 0 });
      expect(facts.blocks.get('02-00-00-00-0B-01')).toEqual({ bssid: '02-00-00-00-0B-01', streak: 2, blockedUntil: T0 + 60_000, signalAtBlockDbm: -80 });
      expect(facts.blocks.size).toBe(1);
      expect(facts.directory.size + facts.history.size + facts.sites.size).toBe(0);
    } finally {
      db.close();
    }
  });

  test('an empty view asks nothing and answers empty maps', () => {
    const { db } = openTempCache();
    try {
      const facts = new SqliteSelectionFacts(db).factsFor([]);
      expect([facts.directory, facts.history, facts.sites, facts.habits, facts.blocks].map((m) => m.size)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      db.close();
    }
  });
});

describe('createSelectionMemory', () => {
  test('records outcomes, uses, time online and blocks where factsFor reads them', async () => {
    const { createSelectionMemory } = await import('../../main/engine/cache/selection-memory.js');
    const { db } = openTempCache();
    try {
      const memory = createSelectionMemory(db);
      const bss = { bssid: '02:00:00:00:0c:01', ssidHex: hex('Lounge') };
      memory.recordObservation({ ...bss, signalDbm: -60, outcome: 'failure', timeToOnlineMs: null, at: T0 });
      memory.recordObservation({ ...bss, signalDbm: -58, outcome: 'success', timeToOnlineMs: 1400, at: T0 + 5000 });
      memory.recordUse(bss.ssidHex, T0 + 5000);
      memory.addOnlineTime(bss.ssidHex, 30_000, T0 + 35_000);
      memory.saveBlock(bss.bssid, { bssid: bss.bssid, streak: 1, blockedUntil: T0 + 60_000, signalAtBlockDbm: -60 });
      let facts = memory.factsFor([bss]);
      expect(facts.history.get(bss.bssid)).toMatchObject({ attempts: 2, successes: 1, consecutiveFailures: 0, timeToOnlineMsP50: 1400 });
      expect(facts.habits.get(bss.ssidHex)).toEqual({ ssidHex: bss.ssidHex, uses: 1, lastUsedAt: T0 + 35_000, onlineMs: 30_000 });
      expect(facts.blocks.get(bss.bssid)?.streak).toBe(1);
      memory.saveBlock(bss.bssid, null);
      facts = memory.factsFor([bss]);
      expect(facts.blocks.size).toBe(0);
    } finally {
      db.close();
    }
  });
});
