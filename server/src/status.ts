/**
 * Service status: the relay reads one configured Atlassian Statuspage
 * (`<url>/api/v2/summary.json`) so clients need one endpoint. Upstream is read with
 * If-None-Match and cached for `cacheSeconds`; clients get our own strong ETag and 304s.
 * When upstream fails, the last good copy is served with `stale: true` (clients are often offline-ish).
 */
import { createHash } from 'node:crypto';
import { RelayError } from './errors.js';
import type { Logger } from './log.js';

export interface StatusSnapshot {
  body: unknown;
  etag: string;
  fetchedAt: number;
  stale: boolean;
}

export class StatusProxy {
  private cached: { summary: unknown; upstreamEtag: string | undefined; fetchedAt: number; etag: string } | undefined;
  private inflight: Promise<void> | undefined;
  upstreamRequests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly cacheSeconds: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private async refresh(): Promise<void> {
    const url = new URL('api/v2/summary.json', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cached?.upstreamEtag) headers['if-none-match'] = this.cached.upstreamEtag;
    this.upstreamRequests += 1;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
    if (response.status === 304 && this.cached) {
      this.cached.fetchedAt = this.now();
      return;
    }
    if (!response.ok) throw new Error(`statuspage answered ${response.status}`);
    const text = await response.text();
    const summary = JSON.parse(text) as unknown;
    if (typeof summary !== 'object' || summary === null || !('status' in summary) || !('page' in summary)) throw new Error('statuspage summary has no page/status');
    const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    this.cached = { summary, upstreamEtag: response.headers.get('etag') ?? undefined, fetchedAt: this.now(), etag };
  }

  async get(): Promise<StatusSnapshot> {
    const fresh = this.cached && this.now() - this.cached.fetchedAt < this.cacheSeconds * 1000;
    let stale = false;
    if (!fresh) {
      this.inflight ??= this.refresh().finally(() => {
        this.inflight = undefined;
      });
      try {
        await this.inflight;
      } catch (error) {
        this.log.warn('status.upstream_failed', { error });
        if (!this.cached) throw new RelayError('STATUS_UNAVAILABLE');
        stale = true;
      }
    }
    const c = this.cached!;
    return { body: c.summary, etag: c.etag, fetchedAt: c.fetchedAt, stale };
  }
}
