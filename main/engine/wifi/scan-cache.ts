/**
 * Scan rate limiting. An active scan takes the radio off-channel for a few seconds (and
 * CoreWLAN's blocks for 2–4 s), so drivers run one at most every `activeIntervalMs`; in
 * between they read the system's cached list (nmcli `--rescan no`, CoreWLAN
 * `cachedScanResults`, netsh, which only ever reads the cache), and within `reuseMs` of the
 * last result they hand that result back without running anything. Callers that arrive while
 * a scan runs share it.
 */
import type { Clock } from '../ports/clock.js';

export type ScanMode = 'active' | 'cached';

export interface ScanCacheOptions {
  clock: Clock;
  /** At most one active scan per this many ms (default 30 s). */
  activeIntervalMs?: number;
  /** A result younger than this is returned as is (default 2 s). */
  reuseMs?: number;
}

export class ScanCache<T> {
  private readonly clock: Clock;
  private readonly activeIntervalMs: number;
  private readonly reuseMs: number;
  private lastActiveAt: number | undefined;
  private last: { at: number; value: T } | undefined;
  private inFlight: Promise<T> | undefined;

  constructor(options: ScanCacheOptions) {
    this.clock = options.clock;
    this.activeIntervalMs = options.activeIntervalMs ?? 30_000;
    this.reuseMs = options.reuseMs ?? 2_000;
  }

  /** What the next `get` would do: reuse, or run in which mode. */
  nextMode(force = false): ScanMode | 'reuse' {
    const now = this.clock.now();
    if (!force && this.last && now - this.last.at < this.reuseMs) return 'reuse';
    if (force || this.lastActiveAt === undefined || now - this.lastActiveAt >= this.activeIntervalMs) return 'active';
    return 'cached';
  }

  async get(scan: (mode: ScanMode) => Promise<T>, options: { force?: boolean } = {}): Promise<T> {
    if (this.inFlight) return this.inFlight;
    const mode = this.nextMode(options.force);
    if (mode === 'reuse') return this.last!.value;
    if (mode === 'active') this.lastActiveAt = this.clock.now();
    const running = scan(mode).then(
      (value) => {
        this.last = { at: this.clock.now(), value };
        return value;
      },
    );
    this.inFlight = running;
    try {
      return await running;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** The last result and when it was taken, without scanning. */
  peek(): { at: number; value: T } | undefined {
    return this.last;
  }

  /** Forget the last result (after an association the list is stale). */
  invalidate(): void {
    this.last = undefined;
  }
}
