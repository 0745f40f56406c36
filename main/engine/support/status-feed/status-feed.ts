/**
 * The service status feed with an offline cache: fetch the Statuspage summary (through the
 * relay, or any fetcher), keep the last good copy in a JSON file at a path the caller gives,
 * and answer from the cache — saying so, and how old it is — when the network is gone.
 * The cache keeps the raw JSON, so a later, better parser reads old copies too.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import { SupportError, isSupportError } from '../support-error.js';
import { type IncidentChanges, type KnownIssue, type RelevanceOptions, incidentChanges, knownIssue } from './known-issue.js';
import { type StatusSummary, parseStatuspageSummary } from './statuspage-summary.js';

export interface StatusFeedOptions extends RelevanceOptions {
  /** JSON cache file. */
  cacheFile: string;
  clock?: Clock;
  logger?: Logger;
  /** After this, a cached copy is reported as stale (default 15 min). */
  staleAfterMs?: number;
}

export interface StatusReading {
  summary: StatusSummary;
  knownIssue: KnownIssue | null;
  fetchedAt: string;
  /** True when the network fetch failed and this is the last good copy. */
  fromCache: boolean;
  stale: boolean;
  /** Against the previous good copy; empty when answering from the cache. */
  changes: IncidentChanges;
  /** Why the fetch failed, when answering from the cache. */
  error?: { code: string; message: string };
}

interface CacheFile {
  version: 1;
  fetchedAt: number;
  raw: unknown;
}

export class StatusFeed {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly staleAfterMs: number;

  constructor(private readonly options: StatusFeedOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.staleAfterMs = options.staleAfterMs ?? 15 * 60_000;
  }

  /** Fetches, compares with the cached copy, caches the new one; falls back to the cache on failure. */
  async refresh(fetch: () => Promise<unknown>): Promise<StatusReading> {
    const cached = this.readCache();
    let raw: unknown;
    let summary: StatusSummary;
    try {
      raw = await fetch();
      summary = parseStatuspageSummary(raw);
    } catch (error) {
      const info = isSupportError(error) ? error.info() : { code: 'STATUS_FEED_UNAVAILABLE', message: (error as Error)?.message ?? String(error) };
      this.logger.warn('status feed: fetch failed', { code: info.code });
      if (!cached) throw isSupportError(error) && error.supportCode === 'STATUS_FEED_INVALID' ? error : new SupportError('STATUS_FEED_UNAVAILABLE', undefined, { cause: error, retryable: true });
      return { ...this.reading(cached.summary, cached.fetchedAt, true), error: { code: info.code, message: info.message } };
    }
    const fetchedAt = this.clock.now();
    this.writeCache({ version: 1, fetchedAt, raw });
    return { ...this.reading(summary, fetchedAt, false), changes: incidentChanges(cached?.summary, summary, this.options) };
  }

  /** The cached copy, without touching the network (undefined when there is none). */
  cachedReading(): StatusReading | undefined {
    const cached = this.readCache();
    return cached ? this.reading(cached.summary, cached.fetchedAt, true) : undefined;
  }

  private reading(summary: StatusSummary, fetchedAt: number, fromCache: boolean): StatusReading {
    return {
      summary,
      knownIssue: knownIssue(summary, this.options),
      fetchedAt: new Date(fetchedAt).toISOString(),
      fromCache,
      stale: this.clock.now() - fetchedAt > this.staleAfterMs,
      changes: { newIncidents: [], resolvedIncidentIds: [], worsened: [] },
    };
  }

  private readCache(): { summary: StatusSummary; fetchedAt: number } | undefined {
    try {
      const file = JSON.parse(readFileSync(this.options.cacheFile, 'utf8')) as CacheFile;
      if (file.version !== 1 || typeof file.fetchedAt !== 'number') return undefined;
      return { summary: parseStatuspageSummary(file.raw), fetchedAt: file.fetchedAt };
    } catch {
      return undefined; // no cache, or an unreadable one: as good as none
    }
  }

  private writeCache(file: CacheFile): void {
    mkdirSync(path.dirname(this.options.cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${this.options.cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
    renameSync(temporary, this.options.cacheFile);
  }
}
