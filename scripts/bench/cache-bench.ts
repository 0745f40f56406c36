/**
 * The cache benchmark (run by scripts/bench/cache.mjs): imports of 1M and 2M generated
 * hotspots, the selector's fact lookup for 500 visible BSSIDs, nearby-site lookups through
 * the R*Tree, a 10k-record delta, and bytes per hotspot — each beside a naive baseline run
 * in the same process, so the ratio holds on any machine. Temp files are removed after.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCacheDatabase, type CacheDatabase } from '../../main/engine/cache/database.js';
import { DirectoryQueries } from '../../main/engine/cache/directory-queries.js';
import { HabitsRepository } from '../../main/engine/cache/habits-repository.js';
import { BlocklistRepository } from '../../main/engine/cache/blocklist-repository.js';
import { ObservationsRepository } from '../../main/engine/cache/observations-repository.js';
import { SqliteSelectionFacts } from '../../main/engine/cache/selection-facts.js';
import { bssidToKey, keyToBssid } from '../../main/engine/cache/bssid-key.js';
import { DirectorySync } from '../../main/engine/directory/directory-sync.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import { type Candidate, rank } from '../../main/engine/selection/index.js';
import { buildGeneratedWorld, writeDeltaDirectory, writeFullDirectory } from '../../tools/directory-generator/generate.js';
import { hotspotRecord } from '../../tools/directory-generator/model.js';
import { draw } from '../../tools/directory-generator/random.js';

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => value.toFixed(3);
const now = () => performance.now();

function arg(args: string[], name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
}

export async function runCacheBench(root: string, args: string[]): Promise<void> {
  const sizes = arg(args, 'hotspots', '1000000,2000000').split(',').map(Number);
  const seed = Number(arg(args, 'seed', '1'));
  const write = !args.includes('--no-write');
  const work = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-bench-cache-'));
  const pair = generateKeyPairSync('ed25519');
  const lines: string[] = [];
  const out = (line = '') => {
    lines.push(line);
    console.log(line);
  };
  try {
    out('# Hotspot cache benchmark');
    out();
    out(`\`npm run bench:cache\` · seed ${seed} · Node ${process.version} · SQLite ${new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${new Date().toISOString().slice(0, 10)}`);
    out();
    out('Every figure has a baseline measured in the same run (same machine, same data), so the ratio is what carries over.');
    out();

    // ── Imports ──────────────────────────────────────────────────────────────
    out('## Full import');
    out();
    out('| hotspots | file | generate | verify + stage + swap | rows/s | DB bytes per hotspot (whole file) | hotspot table bytes per hotspot |');
    out('|---:|---:|---:|---:|---:|---:|---:|');
    let big: { db: CacheDatabase; file: string; world: ReturnType<typeof buildGeneratedWorld>; hotspots: number; importMs: number } | undefined;
    const rates: number[] = [];
    for (const hotspots of sizes) {
      let t = now();
      const world = buildGeneratedWorld(seed, hotspots);
      const fullFile = path.join(work, `full-${hotspots}.rdir`);
      const full = writeFullDirectory(fullFile, world, { seed, hotspots, privateKey: pair.privateKey });
      const generateMs = now() - t;
      const dbFile = path.join(work, `cache-${hotspots}.sqlite`);
      const { db } = openCacheDatabase(dbFile);
      t = now();
      await new DirectorySync(db, { trustedKeys: [pair.publicKey], clock: systemClock }).apply(fullFile);
      const importMs = now() - t;
      db.pragma('wal_checkpoint(TRUNCATE)');
      const fileBytes = statSync(dbFile).size;
      const tableBytes = db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name = 'directory_hotspots'").pluck().get() as number;
      out(`| ${hotspots.toLocaleString('en')} | ${(statSync(fullFile).size / 1e6).toFixed(0)} MB, ${full.records.toLocaleString('en')} records | ${seconds(generateMs)} s | **${seconds(importMs)} s** | ${Math.round(full.records / (importMs / 1000)).toLocaleString('en')} | ${(fileBytes / hotspots).toFixed(1)} | ${(tableBytes / hotspots).toFixed(1)} |`);
      rmSync(fullFile);
      if (big) {
        big.db.close();
      }
      big = { db, file: dbFile, world, hotspots, importMs };
      rates.push(full.records / (importMs / 1000));
    }
    out();
    const naive = naiveInsertBaseline(work, 20_000);
    out(`Baseline, same process: row-at-a-time inserts, one transaction (autocommit) per row, no staging: **${Math.round(naive).toLocaleString('en')} rows/s** on 20 000 rows`);
    out();
    if (!big) throw new Error('no import ran');
    const { db, world, hotspots, importMs: bigImportMs } = big;
    out(`Import rate ÷ baseline rate: ${rates.map((rate, i) => `${(rate / naive).toFixed(1)}× (${sizes[i]!.toLocaleString('en')})`).join(', ')}. Targets: 1M-hotspot import ≤ 20 s.`);
    out();

    // ── Facts for 500 BSSIDs ─────────────────────────────────────────────────
    // A realistic view: the BSSIDs of a few neighbouring sites plus some the directory does
    // not know; own history, habits and blocks on some of them, so every statement returns rows.
    const siteStarts = new Float64Array(world.world.siteCount + 1);
    for (let s = 0; s < world.world.siteCount; s++) siteStarts[s + 1] = siteStarts[s]! + world.world.siteCount_[s]!;
    const view = (i: number): Array<{ bssid: string; ssidHex: string }> => {
      const picked: Array<{ bssid: string; ssidHex: string }> = [];
      let site = Math.floor(draw(seed, 901, i) * world.world.siteCount);
      while (picked.length < 450) {
        for (let o = 0; o < world.world.siteCount_[site]! && picked.length < 450; o++) {
          const record = hotspotRecord(world.world, site, o);
          picked.push({ bssid: record[1], ssidHex: record[2] });
        }
        site = (site + 1) % world.world.siteCount;
      }
      for (let k = 0; k < 50; k++) picked.push({ bssid: keyToBssid(0x0a0000000000 + i * 100 + k), ssidHex: '556e6b6e6f776e' });
      return picked;
    };
    const observations = new ObservationsRepository(db);
    const habits = new HabitsRepository(db);
    const blocks = new BlocklistRepository(db);
    db.transaction(() => {
      for (let i = 0; i < 400; i++) {
        const v = view(i);
        for (let k = 0; k < 20; k++) {
          const b = v[k * 7]!;
          observations.record({ bssid: b.bssid, observedAt: 1_700_000_000_000 + k, outcome: k % 4 === 0 ? 'failed' : 'online', timeToOnlineMs: 800 + k * 10, throughputMbps: 20 + k });
        }
        habits.recordUse(v[0]!.ssidHex, 1_700_000_000_000 + i);
        blocks.put({ bssid: v[3]!.bssid, streak: 1, blockedUntil: 1_800_000_000_000, signalAtBlockDbm: -80 });
      }
    })();
    const facts = new SqliteSelectionFacts(db);
    const views = Array.from({ length: 400 }, (_, i) => view(i));
    for (let i = 0; i < 50; i++) facts.factsFor(views[i % views.length]!); // warm
    const factTimes: number[] = [];
    let found = 0;
    for (let i = 0; i < 1000; i++) {
      const v = views[i % views.length]!;
      const t = now();
      const f = facts.factsFor(v);
      factTimes.push(now() - t);
      found += f.directory.size;
    }
    const perRow = perRowBaseline(db, views);
    out(`## Facts for 500 visible BSSIDs (${hotspots.toLocaleString('en')}-hotspot cache, warm)`);
    out();
    out('`SqliteSelectionFacts.factsFor`: directory rows (with provider and site), own history, pooled site quality, habits and blocks for the whole view, 1 000 calls over 400 different views (450 known + 50 unknown BSSIDs each):');
    out();
    out('| | p50 | p95 | max |');
    out('|---|---:|---:|---:|');
    out(`| factsFor (json_each set lookups) | **${ms(quantile(factTimes, 0.5))} ms** | **${ms(quantile(factTimes, 0.95))} ms** | ${ms(Math.max(...factTimes))} ms |`);
    out(`| baseline: one prepared single-row statement per BSSID per table | ${ms(quantile(perRow, 0.5))} ms | ${ms(quantile(perRow, 0.95))} ms | ${ms(Math.max(...perRow))} ms |`);
    out();
    out(`Ratio (baseline p95 / factsFor p95): ${(quantile(perRow, 0.95) / quantile(factTimes, 0.95)).toFixed(2)}×. Directory hits per view: ${(found / 1000).toFixed(0)} of 500. Target p95 ≤ 5 ms for the whole ranking; the fact lookup takes the share shown.`);
    out();
    // The whole ranking as SmartConnect runs it: facts for the view, candidates, rank().
    const bands = ['2.4GHz', '5GHz', '6GHz'] as const;
    const rankTimes: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = views[i % views.length]!;
      const t = now();
      const f = facts.factsFor(v);
      const candidates: Candidate[] = v.map((b, k) => {
        const directory = f.directory.get(b.bssid) ?? null;
        const band = bands[k % 3]!;
        return {
          bssid: b.bssid, ssidHex: b.ssidHex, ssid: b.ssidHex, signalDbm: -45 - (k % 45), frequencyMhz: band === '2.4GHz' ? 2437 : band === '5GHz' ? 5180 : 5975,
          band, standard: '802.11ax', security: 'open', channelWidthMhz: 20, hasCredentials: true, directory, history: f.history.get(b.bssid) ?? null,
          site: directory?.siteId ? (f.sites.get(directory.siteId) ?? null) : null, habit: f.habits.get(b.ssidHex) ?? null, block: f.blocks.get(b.bssid) ?? null,
        };
      });
      rank(candidates, { now: 1_750_000_000_000, current: null, lastSwitchAt: null, manualChoice: null, criticalAppRunning: false });
      rankTimes.push(now() - t);
    }
    out('Whole ranking of the same views (facts + candidates + `rank()`), as SmartConnect runs it:');
    out();
    out('| | p50 | p95 | max |');
    out('|---|---:|---:|---:|');
    out(`| rank 500 visible BSSIDs | **${ms(quantile(rankTimes, 0.5))} ms** | **${ms(quantile(rankTimes, 0.95))} ms** | ${ms(Math.max(...rankTimes))} ms |`);
    out();
    out(`Target p95 ≤ 5 ms warm: ${quantile(rankTimes, 0.95) <= 5 ? 'met' : 'missed'}.`);
    out();
    const unindexed = unindexedBaseline(db, views[0]!.slice(0, 5));
    out(`Baseline without the key index (a text BSSID column scanned, as an unindexed design would): ${ms(unindexed)} ms for **one** BSSID — ${(unindexed * 500).toFixed(0)} ms for a view of 500.`);
    out();

    // ── Nearby sites ─────────────────────────────────────────────────────────
    const queries = new DirectoryQueries(db);
    const points = Array.from({ length: 1000 }, (_, i) => {
      const s = Math.floor(draw(seed, 902, i) * world.world.siteCount);
      return [world.world.siteLat[s]! + (draw(seed, 903, i) - 0.5) * 0.02, world.world.siteLon[s]! + (draw(seed, 904, i) - 0.5) * 0.02] as const;
    });
    for (const [lat, lon] of points.slice(0, 50)) queries.nearbySites(lat, lon, 2000);
    const nearTimes: number[] = [];
    let nearFound = 0;
    for (const [lat, lon] of points) {
      const t = now();
      nearFound += queries.nearbySites(lat, lon, 2000).length;
      nearTimes.push(now() - t);
    }
    const scan = db.prepare('SELECT id FROM directory_sites WHERE lat_e6 BETWEEN ? AND ? AND lon_e6 BETWEEN ? AND ?').pluck();
    const scanTimes: number[] = [];
    for (const [lat, lon] of points.slice(0, 50)) {
      const t = now();
      scan.all(Math.round((lat - 0.018) * 1e6), Math.round((lat + 0.018) * 1e6), Math.round((lon - 0.03) * 1e6), Math.round((lon + 0.03) * 1e6));
      scanTimes.push(now() - t);
    }
    out(`## Nearby sites (R*Tree), radius 2 km, ${world.world.siteCount.toLocaleString('en')} sites`);
    out();
    out('| | p50 | p95 |');
    out('|---|---:|---:|');
    out(`| DirectoryQueries.nearbySites (R*Tree box, then exact distance) | **${ms(quantile(nearTimes, 0.5))} ms** | **${ms(quantile(nearTimes, 0.95))} ms** |`);
    out(`| baseline: the same box as a scan of the sites table | ${ms(quantile(scanTimes, 0.5))} ms | ${ms(quantile(scanTimes, 0.95))} ms |`);
    out();
    out(`Ratio (scan p50 / R*Tree p50): ${(quantile(scanTimes, 0.5) / quantile(nearTimes, 0.5)).toFixed(0)}×; ${(nearFound / points.length).toFixed(1)} sites found per lookup on average.`);
    out();

    // ── Delta ────────────────────────────────────────────────────────────────
    const deltaFile = path.join(work, 'delta.rdir');
    const delta = writeDeltaDirectory(deltaFile, world, { seed, hotspots, privateKey: pair.privateKey, changes: 10_000 });
    const t = now();
    await new DirectorySync(db, { trustedKeys: [pair.publicKey], clock: systemClock }).apply(deltaFile);
    const deltaMs = now() - t;
    out(`## Delta: ${delta.records.toLocaleString('en')} records (${delta.updates} updates, ${delta.tombstones} tombstones, ${delta.additions} new BSSIDs over ${delta.tiles} tiles) on the ${hotspots.toLocaleString('en')}-hotspot cache`);
    out();
    out(`- verify + read + apply in one transaction: **${deltaMs.toFixed(0)} ms** (${Math.round(delta.records / (deltaMs / 1000)).toLocaleString('en')} records/s); target ≤ 1 000 ms`);
    out(`- baseline: what the change would cost without deltas, a full re-import of the ${hotspots.toLocaleString('en')} hotspots (${seconds(bigImportMs)} s above): the delta is ${(bigImportMs / deltaMs).toFixed(0)}× faster`);
    out();

    // ── Bytes per hotspot, by schema ─────────────────────────────────────────
    out('## Bytes per hotspot, by schema (200 000 generated hotspots, table + indexes, from dbstat)');
    out();
    out('| layout | bytes/hotspot |');
    out('|---|---:|');
    for (const [label, bytes] of schemaVariants(work, world, 200_000)) out(`| ${label} | ${bytes.toFixed(1)} |`);
    out();
    out('The chosen layout is the first row (migration 2 in `main/engine/cache/migrations.ts`). These four tables are filled in site order, not BSSID order, so pages split as they fill; the import above inserts in ascending BSSID order and packs the same layout to ~55 bytes.');
    db.close();
    if (write) {
      mkdirSync(path.join(root, 'docs', 'benchmarks'), { recursive: true });
      writeFileSync(path.join(root, 'docs', 'benchmarks', 'cache.md'), `${lines.join('\n')}\n`);
      console.log('\nwrote docs/benchmarks/cache.md');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Row-at-a-time inserts, each its own transaction: how not to import. */
function naiveInsertBaseline(work: string, rows: number): number {
  const file = path.join(work, 'naive.sqlite');
  const { db } = openCacheDatabase(file);
  const insert = db.prepare('INSERT INTO directory_hotspots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const t = now();
  for (let i = 0; i < rows; i++) insert.run(0x020000000000 + i, Buffer.from('AeroNet'), 1, 1, 50_000_000, 8_000_000, 4, null, null, 6, 2, 100, 90, 875);
  const rate = rows / ((now() - t) / 1000);
  db.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  return rate;
}

/** The same facts with one single-row statement call per BSSID and table. */
function perRowBaseline(db: CacheDatabase, views: Array<Array<{ bssid: string; ssidHex: string }>>): number[] {
  const directory = db.prepare('SELECT h.*, p.key, s.kind FROM directory_hotspots h LEFT JOIN directory_providers p ON p.id = h.provider_id LEFT JOIN directory_sites s ON s.id = h.site_id WHERE h.bssid = ?');
  const history = db.prepare('SELECT * FROM bssid_history WHERE bssid = ?');
  const block = db.prepare('SELECT * FROM blocklist WHERE bssid = ?');
  const habit = db.prepare('SELECT * FROM habits WHERE ssid_hex = ?');
  const site = db.prepare('SELECT crowd_attempts, crowd_successes FROM directory_sites WHERE id = ?');
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const v = views[i % views.length]!;
    const t = now();
    const sites = new Set<number>();
    for (const b of v) {
      const key = bssidToKey(b.bssid)!;
      const row = directory.get(key) as { site_id: number | null } | undefined;
      if (row?.site_id) sites.add(row.site_id);
      history.get(key);
      block.get(key);
      habit.get(b.ssidHex);
    }
    for (const id of sites) site.get(id);
    times.push(now() - t);
  }
  return times.slice(50);
}

/** One lookup against a text-BSSID copy with no index: a full scan. */
function unindexedBaseline(db: CacheDatabase, sample: Array<{ bssid: string }>): number {
  db.exec("CREATE TEMP TABLE unindexed AS SELECT printf('%012x', bssid) AS bssid_text, * FROM directory_hotspots");
  const lookup = db.prepare('SELECT * FROM unindexed WHERE bssid_text = ?');
  const t = now();
  for (const b of sample) lookup.get(b.bssid.replace(/:/g, ''));
  const each = (now() - t) / sample.length;
  db.exec('DROP TABLE temp.unindexed');
  return each;
}

function schemaVariants(work: string, g: ReturnType<typeof buildGeneratedWorld>, rows: number): Array<[string, number]> {
  const file = path.join(work, 'variants.sqlite');
  const db = new Database(file);
  db.exec(`
    CREATE TABLE a (bssid INTEGER PRIMARY KEY, ssid BLOB NOT NULL, provider_id INTEGER NOT NULL, site_id INTEGER, lat_e6 INTEGER, lon_e6 INTEGER, auth INTEGER NOT NULL, realm_prefix TEXT, venue_kind TEXT, standard INTEGER, band INTEGER, crowd_attempts INTEGER NOT NULL, crowd_successes INTEGER NOT NULL, crowd_throughput_dmbps INTEGER) STRICT;
    CREATE TABLE b (bssid TEXT PRIMARY KEY, ssid_hex TEXT NOT NULL, provider TEXT NOT NULL, site_id INTEGER, lat REAL, lon REAL, auth TEXT NOT NULL, realm_prefix TEXT, venue_kind TEXT, standard TEXT, band TEXT, crowd_attempts INTEGER NOT NULL, crowd_successes INTEGER NOT NULL, crowd_throughput_mbps REAL) STRICT, WITHOUT ROWID;
    CREATE TABLE c (id INTEGER PRIMARY KEY, bssid TEXT NOT NULL UNIQUE, ssid_hex TEXT NOT NULL, provider TEXT NOT NULL, site_id INTEGER, lat REAL, lon REAL, auth TEXT NOT NULL, realm_prefix TEXT, venue_kind TEXT, standard TEXT, band TEXT, crowd_attempts INTEGER NOT NULL, crowd_successes INTEGER NOT NULL, crowd_throughput_mbps REAL) STRICT;
    CREATE TABLE d (bssid INTEGER PRIMARY KEY, ssid_hex TEXT NOT NULL, provider_id INTEGER NOT NULL, site_id INTEGER, lat REAL, lon REAL, auth INTEGER NOT NULL, realm_prefix TEXT, venue_kind TEXT, standard INTEGER, band INTEGER, crowd_attempts INTEGER NOT NULL, crowd_successes INTEGER NOT NULL, crowd_throughput_dmbps INTEGER) STRICT;
  `);
  const ia = db.prepare('INSERT INTO a VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const ib = db.prepare('INSERT INTO b VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const ic = db.prepare('INSERT INTO c (bssid, ssid_hex, provider, site_id, lat, lon, auth, realm_prefix, venue_kind, standard, band, crowd_attempts, crowd_successes, crowd_throughput_mbps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const id = db.prepare('INSERT INTO d VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const w = g.world;
  let n = 0;
  db.transaction(() => {
    // Sites in the generator's BSSID order, as an import would insert them.
    for (let s = 0; s < w.siteCount && n < rows; s++)
      for (let o = 0; o < w.siteCount_[s]! && n < rows; o++, n++) {
        const r = hotspotRecord(w, s, o);
        const key = bssidToKey(r[1])!;
        const latE6 = Math.round(r[5]! * 1e6);
        const lonE6 = Math.round(r[6]! * 1e6);
        const tput = r[14] === null ? null : Math.round(r[14] * 10);
        ia.run(key, Buffer.from(r[2], 'hex'), r[3], r[4], latE6, lonE6, 4, null, null, 6, 2, r[12], r[13], tput);
        ib.run(r[1], r[2], 'aeronet', r[4], r[5], r[6], r[7], null, null, r[10], r[11], r[12], r[13], r[14]);
        ic.run(r[1], r[2], 'aeronet', r[4], r[5], r[6], r[7], null, null, r[10], r[11], r[12], r[13], r[14]);
        id.run(key, r[2], r[3], r[4], r[5], r[6], 4, null, null, 6, 2, r[12], r[13], tput);
      }
  })();
  const size = (names: string[]) => (db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN (${names.map(() => '?').join(',')})`).pluck().get(...names) as number) / n;
  const cIndex = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c'").pluck().all() as string[];
  const result: Array<[string, number]> = [
    ['integer BSSID as rowid, SSID bytes, microdegree integers, enum codes (chosen)', size(['a'])],
    ['integer BSSID as rowid, SSID as hex text, REAL coordinates', size(['d'])],
    ['text BSSID primary key, WITHOUT ROWID, text enums, REAL coordinates', size(['b'])],
    ['rowid table + UNIQUE index on a text BSSID, text enums, REAL coordinates', size(['c', ...cIndex])],
  ];
  db.close();
  rmSync(file, { force: true });
  return result;
}
