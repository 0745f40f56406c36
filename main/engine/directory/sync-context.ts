/** What a sync step needs besides the database: its clock, batch size, and progress reporting. */
import type { Clock } from '../ports/clock.js';

export type SyncPhase = 'verify' | 'stage' | 'swap' | 'swapped' | 'cleanup' | 'apply' | 'done';

/** Records done of total, per phase. `verify` counts bytes; the others count records. */
export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
}

export interface SyncContext {
  clock: Clock;
  batchRows: number;
  progress(progress: SyncProgress): void;
  /** Awaited between staged batches: yields the event loop so the app stays responsive. */
  betweenBatches(): Promise<void>;
}
