/**
 * A Clock the test drives. `now()` moves only when the test says so. A sleep of 0 ms
 * resolves at once; longer sleeps either wait for `advance()` (manual mode) or move time
 * forward by themselves (`autoAdvance`), so stage durations are exact and nothing in a
 * test depends on the wall clock.
 */
import type { Clock } from '../../main/engine/ports/clock.js';

interface Sleeper {
  until: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private readonly sleepers = new Set<Sleeper>();
  private readonly watchers: Array<{ count: number; resolve: () => void }> = [];

  constructor(
    start = Date.UTC(2026, 0, 15, 9, 0, 0),
    private readonly autoAdvance = false,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms <= 0) return Promise.resolve();
    if (this.autoAdvance) {
      this.time += ms;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        until: this.time + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(sleeper);
      this.notify();
    });
  }

  /** Moves time forward and wakes every sleep that is now due. */
  advance(ms: number): void {
    this.time += ms;
    for (const sleeper of [...this.sleepers]) {
      if (sleeper.until <= this.time) {
        this.sleepers.delete(sleeper);
        sleeper.resolve();
      }
    }
  }

  get pendingSleeps(): number {
    return this.sleepers.size;
  }

  /** Resolves once at least `count` sleeps are waiting on this clock. */
  whenSleeping(count = 1): Promise<void> {
    return new Promise((resolve) => {
      this.watchers.push({ count, resolve });
      this.notify();
    });
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) {
      if (this.sleepers.size >= watcher.count) {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  }
}
