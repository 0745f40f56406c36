/**
 * The selector's facts, gathered from SQLite in a fixed number of statements whatever the
 * number of BSSIDs in view: each statement takes the whole set as one JSON array and
 * probes primary keys (json_each drives the join), so 500 BSSIDs cost 500 B-tree probes
 * per table, not 500 statement round trips. Target: 500 BSSIDs against a 2M-hotspot
 * directory well under 5 ms warm (measured in docs/benchmarks/cache.md).
 *
 * Site quality pools every AP of a site, own and crowd: the directory's per-site crowd
 * totals (kept by sync) plus this device's own outcomes on any BSSID of the site.
 */
import type { BlockState, BssidHistory, DirectoryHotspot, NetworkHabit, SelectionFacts, SelectionFactsSource, SiteQuality } from '../selection/facts.js';
import { bssidToKey } from './bssid-key.js';
import type { CacheDatabase } from './database.js';
import { authCodes, bandCodes, standardCodes } from './enum-codes.js';
import { medianTimeToOnlineStatement, timeToOnlineP50 } from './observations-repository.js';

type DirectoryRaw = [
  bssid: number,
  ssidHex: string,
  providerKey: string | null,
  siteId: number | null,
  latE6: number | null,
  lonE6: number | null,
  auth: number,
  realm: string | null,
  venue: string | null,
  standard: number | null,
  band: number | null,
  crowdAttempts: number,
  crowdSuccesses: number,
  crowdThroughputDmbps: number | null,
];

type HistoryRaw = [bssid: number, siteId: number | null, attempts: number, successes: number, consecutive: number, lastAttempt: number | null, lastSuccess: number | null, tputSum: number, tputN: number];

export class SqliteSelectionFacts implements SelectionFactsSource {
  private readonly directoryRows;
  private readonly historyRows;
  private readonly blockRows;
  private readonly habitRows;
  private readonly crowdSiteRows;
  private readonly ownSiteRows;
  private readonly timeToOnline;

  constructor(db: CacheDatabase) {
    // CROSS JOIN keeps json_each as the outer loop: the planner must not scan the directory.
    // The rows come back as ONE JSON text (json_group_array): measured at about half the
    // cost of handing 14 columns × 500 rows to JS one value at a time.
    this.directoryRows = db
      .prepare<[string], string | null>(
        `SELECT json_group_array(json_array(
                  h.bssid, lower(hex(h.ssid)), p.key, h.site_id, coalesce(h.lat_e6, s.lat_e6), coalesce(h.lon_e6, s.lon_e6), h.auth,
                  coalesce(h.realm_prefix, p.realm_prefix), coalesce(h.venue_kind, s.kind), h.standard, h.band,
                  h.crowd_attempts, h.crowd_successes, h.crowd_throughput_dmbps))
           FROM json_each(?) AS j CROSS JOIN directory_hotspots AS h ON h.bssid = j.value
           LEFT JOIN directory_providers AS p ON p.id = h.provider_id
           LEFT JOIN directory_sites AS s ON s.id = h.site_id`,
      )
      .pluck();
    this.historyRows = db
      .prepare<[string], HistoryRaw>(
        `SELECT b.bssid, b.site_id, b.attempts, b.successes, b.consecutive_failures, b.last_attempt_at, b.last_success_at, b.throughput_sum_mbps, b.throughput_samples
           FROM json_each(?) AS j CROSS JOIN bssid_history AS b ON b.bssid = j.value`,
      )
      .raw();
    this.blockRows = db
      .prepare<[string], [number, number, number, number]>(
        'SELECT b.bssid, b.streak, b.blocked_until, b.signal_at_block_dbm FROM json_each(?) AS j CROSS JOIN blocklist AS b ON b.bssid = j.value',
      )
      .raw();
    this.habitRows = db
      .prepare<[string], [string, number, number, number]>(
        'SELECT h.ssid_hex, h.uses, h.last_used_at, h.online_ms FROM json_each(?) AS j CROSS JOIN habits AS h ON h.ssid_hex = j.value',
      )
      .raw();
    this.crowdSiteRows = db
      .prepare<[string], [number, number, number]>('SELECT s.id, s.crowd_attempts, s.crowd_successes FROM json_each(?) AS j CROSS JOIN directory_sites AS s ON s.id = j.value')
      .raw();
    this.ownSiteRows = db
      .prepare<[string], [number, number, number]>(
        'SELECT b.site_id, sum(b.attempts), sum(b.successes) FROM json_each(?) AS j CROSS JOIN bssid_history AS b ON b.site_id = j.value GROUP BY b.site_id',
      )
      .raw();
    this.timeToOnline = medianTimeToOnlineStatement(db);
  }

  factsFor(bss: ReadonlyArray<{ bssid: string; ssidHex: string }>): SelectionFacts {
    // Answers are keyed by the caller's own BSSID strings, whatever their spelling.
    const byKey = new Map<number, string>();
    const ssids = new Set<string>();
    for (const { bssid, ssidHex } of bss) {
      const key = bssidToKey(bssid);
      if (key !== undefined) byKey.set(key, bssid);
      ssids.add(ssidHex.toLowerCase());
    }
    const keys = JSON.stringify([...byKey.keys()]);

    const directory = new Map<string, DirectoryHotspot>();
    const siteIds = new Set<number>();
    for (const r of JSON.parse(this.directoryRows.get(keys) ?? '[]') as DirectoryRaw[]) {
      const bssid = byKey.get(r[0])!;
      if (r[3] !== null) siteIds.add(r[3]);
      directory.set(bssid, {
        bssid,
        ssidHex: r[1],
        providerId: r[2] ?? '',
        siteId: r[3] === null ? null : String(r[3]),
        authMethod: authCodes.decode(r[6]) ?? 'open',
        realmPrefix: r[7],
        venueKind: r[8],
        standard: standardCodes.decode(r[9]),
        band: bandCodes.decode(r[10]),
        lat: r[4] === null ? null : r[4] / 1e6,
        lon: r[5] === null ? null : r[5] / 1e6,
        crowdAttempts: r[11],
        crowdSuccesses: r[12],
        crowdThroughputMbps: r[13] === null ? null : r[13] / 10,
      });
    }

    const history = new Map<string, BssidHistory>();
    for (const r of this.historyRows.all(keys)) {
      const bssid = byKey.get(r[0])!;
      if (r[1] !== null) siteIds.add(r[1]);
      history.set(bssid, {
        bssid,
        attempts: r[2],
        successes: r[3],
        consecutiveFailures: r[4],
        lastAttemptAt: r[5],
        lastSuccessAt: r[6],
        meanThroughputMbps: r[8] > 0 ? r[7] / r[8] : null,
        // Only BSSIDs that ever got online have times to online: one small indexed read each.
        timeToOnlineMsP50: r[3] > 0 ? timeToOnlineP50(this.timeToOnline, r[0]) : null,
      });
    }

    const sites = new Map<string, SiteQuality>();
    if (siteIds.size > 0) {
      const siteKeys = JSON.stringify([...siteIds]);
      for (const [id, attempts, successes] of this.crowdSiteRows.all(siteKeys)) sites.set(String(id), { siteId: String(id), attempts, successes });
      for (const [id, attempts, successes] of this.ownSiteRows.all(siteKeys)) {
        const site = sites.get(String(id)) ?? { siteId: String(id), attempts: 0, successes: 0 };
        sites.set(String(id), { siteId: site.siteId, attempts: site.attempts + attempts, successes: site.successes + successes });
      }
    }

    const habits = new Map<string, NetworkHabit>();
    for (const [ssidHex, uses, lastUsedAt, onlineMs] of this.habitRows.all(JSON.stringify([...ssids]))) habits.set(ssidHex, { ssidHex, uses, lastUsedAt, onlineMs });

    const blocks = new Map<string, BlockState>();
    for (const [key, streak, blockedUntil, signalAtBlockDbm] of this.blockRows.all(keys)) {
      const bssid = byKey.get(key)!;
      blocks.set(bssid, { bssid, streak, blockedUntil, signalAtBlockDbm });
    }

    return { directory, history, sites, habits, blocks };
  }
}
