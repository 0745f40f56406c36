/**
 * What this device observed of each BSSID: signal samples, measured throughput, connect
 * outcomes and time to online. Raw rows go to `observations` (pruned by retention); the
 * running per-BSSID summary in `bssid_history` is updated in the same transaction, so the
 * selector reads one row per BSSID instead of a year of samples.
 */
import type { BssidHistory } from '../selection/facts.js';
import { bssidToKey } from './bssid-key.js';
import type { CacheDatabase } from './database.js';

export interface Observation {
  bssid: string;
  /** Epoch ms from the engine's Clock. */
  observedAt: number;
  signalDbm?: number | null;
  throughputMbps?: number | null;
  /** Set when this observation is the end of a connect attempt. */
  outcome?: 'online' | 'failed' | null;
  timeToOnlineMs?: number | null;
}

/** The last 64 times to online of one BSSID; their median is the history's p50. */
export function medianTimeToOnlineStatement(db: CacheDatabase) {
  return db
    .prepare<[number], number>(
      "SELECT time_to_online_ms FROM observations WHERE bssid = ? AND outcome = 'online' AND time_to_online_ms IS NOT NULL ORDER BY observed_at DESC LIMIT 64",
    )
    .pluck();
}

export function timeToOnlineP50(statement: ReturnType<typeof medianTimeToOnlineStatement>, key: number): number | null {
  const values = statement.all(key).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : Math.round((values[mid - 1]! + values[mid]!) / 2);
}

export class ObservationsRepository {
  private readonly insert;
  private readonly summarise;
  private readonly historyRow;
  private readonly timeToOnline;
  private readonly recordBoth;

  constructor(private readonly db: CacheDatabase) {
    this.insert = db.prepare('INSERT INTO observations (bssid, observed_at, signal_dbm, throughput_mbps, outcome, time_to_online_ms) VALUES (?, ?, ?, ?, ?, ?)');
    // One upsert folds an observation into the summary; the site comes from the directory.
    this.summarise = db.prepare(
      `INSERT INTO bssid_history (bssid, site_id, attempts, successes, consecutive_failures, last_attempt_at, last_success_at, throughput_sum_mbps, throughput_samples)
       VALUES (@bssid, (SELECT site_id FROM directory_hotspots WHERE bssid = @bssid), @attempts, @successes, @failures, @attemptAt, @successAt, @tputSum, @tputSamples)
       ON CONFLICT (bssid) DO UPDATE SET
         attempts = attempts + excluded.attempts,
         successes = successes + excluded.successes,
         consecutive_failures = CASE WHEN excluded.successes > 0 THEN 0 ELSE consecutive_failures + excluded.consecutive_failures END,
         last_attempt_at = CASE WHEN excluded.last_attempt_at IS NULL THEN last_attempt_at ELSE max(coalesce(last_attempt_at, excluded.last_attempt_at), excluded.last_attempt_at) END,
         last_success_at = CASE WHEN excluded.last_success_at IS NULL THEN last_success_at ELSE max(coalesce(last_success_at, excluded.last_success_at), excluded.last_success_at) END,
         throughput_sum_mbps = throughput_sum_mbps + excluded.throughput_sum_mbps,
         throughput_samples = throughput_samples + excluded.throughput_samples`,
    );
    this.historyRow = db.prepare<[number], { attempts: number; successes: number; consecutive_failures: number; last_attempt_at: number | null; last_success_at: number | null; throughput_sum_mbps: number; throughput_samples: number }>(
      'SELECT * FROM bssid_history WHERE bssid = ?',
    );
    this.timeToOnline = medianTimeToOnlineStatement(db);
    this.recordBoth = db.transaction((key: number, o: Observation) => {
      const outcome = o.outcome ?? null;
      const throughput = o.throughputMbps ?? null;
      this.insert.run(key, o.observedAt, o.signalDbm ?? null, throughput, outcome, o.timeToOnlineMs ?? null);
      // A signal sample alone says nothing about quality: it does not enter the summary.
      if (outcome === null && throughput === null) return;
      this.summarise.run({
        bssid: key,
        attempts: outcome === null ? 0 : 1,
        successes: outcome === 'online' ? 1 : 0,
        failures: outcome === 'failed' ? 1 : 0,
        attemptAt: outcome === null ? null : o.observedAt,
        successAt: outcome === 'online' ? o.observedAt : null,
        tputSum: throughput ?? 0,
        tputSamples: throughput === null ? 0 : 1,
      });
    });
  }

  record(observation: Observation): void {
    const key = bssidToKey(observation.bssid);
    if (key === undefined) throw new Error(`not a BSSID: ${observation.bssid}`);
    this.recordBoth(key, observation);
  }

  history(bssid: string): BssidHistory | null {
    const key = bssidToKey(bssid);
    const row = key === undefined ? undefined : this.historyRow.get(key);
    if (key === undefined || !row) return null;
    return {
      bssid,
      attempts: row.attempts,
      successes: row.successes,
      consecutiveFailures: row.consecutive_failures,
      lastAttemptAt: row.last_attempt_at,
      lastSuccessAt: row.last_success_at,
      meanThroughputMbps: row.throughput_samples > 0 ? row.throughput_sum_mbps / row.throughput_samples : null,
      timeToOnlineMsP50: row.successes > 0 ? timeToOnlineP50(this.timeToOnline, key) : null,
    };
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM observations').pluck().get() as number;
  }
}

/**
 * Recomputes every summary from the observations that remain (after retention pruned some),
 * so the summary never remembers what the raw record no longer holds.
 */
export function rebuildHistory(db: CacheDatabase): void {
  db.exec(`
    DELETE FROM bssid_history;
    INSERT INTO bssid_history (bssid, site_id, attempts, successes, consecutive_failures, last_attempt_at, last_success_at, throughput_sum_mbps, throughput_samples)
      SELECT o.bssid, (SELECT h.site_id FROM directory_hotspots h WHERE h.bssid = o.bssid),
             count(o.outcome), count(CASE WHEN o.outcome = 'online' THEN 1 END), 0,
             max(CASE WHEN o.outcome IS NOT NULL THEN o.observed_at END), max(CASE WHEN o.outcome = 'online' THEN o.observed_at END),
             total(o.throughput_mbps), count(o.throughput_mbps)
        FROM observations o
       WHERE o.outcome IS NOT NULL OR o.throughput_mbps IS NOT NULL
       GROUP BY o.bssid;
    UPDATE bssid_history SET consecutive_failures = (
      SELECT count(*) FROM observations o
       WHERE o.bssid = bssid_history.bssid AND o.outcome = 'failed' AND o.observed_at > coalesce(bssid_history.last_success_at, -1));
  `);
}
