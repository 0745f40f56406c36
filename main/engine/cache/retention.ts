/**
 * Retention: what this device recorded is kept for a window (default 12 months) and then
 * pruned — observations, attempts (their stages are evidence for support cases, which
 * concern recent trouble; a year is ample and the table would otherwise grow forever),
 * habits not used within the window, and blocklist rows that expired before it. The
 * per-BSSID summary is then rebuilt from the observations that remain. Deletes run in
 * bounded batches so the write lock is never held long.
 */
import type { Clock } from '../ports/clock.js';
import type { CacheDatabase } from './database.js';
import { rebuildHistory } from './observations-repository.js';

export interface RetentionOptions {
  /** Calendar months to keep; default 12. */
  months?: number;
  /** Rows deleted per transaction; default 10 000. */
  batchRows?: number;
}

export interface PruneResult {
  cutoff: number;
  observations: number;
  attempts: number;
  habits: number;
  blocks: number;
}

export function retentionCutoff(now: number, months: number): number {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.getTime();
}

export class CacheRetention {
  private readonly months: number;
  private readonly batchRows: number;

  constructor(
    private readonly db: CacheDatabase,
    private readonly clock: Clock,
    options: RetentionOptions = {},
  ) {
    this.months = options.months ?? 12;
    this.batchRows = options.batchRows ?? 10_000;
  }

  prune(): PruneResult {
    const cutoff = retentionCutoff(this.clock.now(), this.months);
    const cutoffIso = new Date(cutoff).toISOString();
    const observations = this.inBatches('DELETE FROM observations WHERE id IN (SELECT id FROM observations WHERE observed_at < ? LIMIT ?)', cutoff);
    // started_at is ISO-8601 UTC text, which sorts as time does.
    const attempts = this.inBatches('DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE started_at < ? LIMIT ?)', cutoffIso);
    const habits = this.db.prepare('DELETE FROM habits WHERE last_used_at < ?').run(cutoff).changes;
    const blocks = this.db.prepare('DELETE FROM blocklist WHERE blocked_until < ?').run(cutoff).changes;
    if (observations > 0) this.db.transaction(() => rebuildHistory(this.db)).immediate();
    return { cutoff, observations, attempts, habits, blocks };
  }

  private inBatches(sql: string, cutoff: number | string): number {
    const statement = this.db.prepare(sql);
    let total = 0;
    for (;;) {
      const { changes } = statement.run(cutoff, this.batchRows);
      total += changes;
      if (changes < this.batchRows) return total;
    }
  }
}
