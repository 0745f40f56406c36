/**
 * Records each stretch online as a usage session: opened when the connection goes online
 * (with a counters baseline), closed when the session ends (with the bytes carried since).
 * A session left open by a crash is closed on the next start at its last known time, with
 * its bytes unknown rather than guessed.
 */
import type { ConnectionState } from '../../../preload/contract.js';
import type { CacheDatabase } from '../cache/database.js';
import type { Clock } from '../ports/clock.js';
import type { InterfaceCounters, InterfaceSample } from '../ports/interface-counters.js';
import type { Logger } from '../ports/logger.js';

interface Open {
  id: number;
  baseline: InterfaceSample | null;
}

export class UsageRecorder {
  private open: Open | null = null;
  private chain: Promise<void> = Promise.resolve();
  private first = true;

  constructor(
    private readonly db: CacheDatabase,
    private readonly counters: InterfaceCounters,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Feed every connection state; sessions open on `online` and close on anything else. */
  onState(state: ConnectionState): void {
    this.enqueue(() => this.apply(state));
  }

  /**
   * Adds the bytes carried so far to the open session without closing it: the process is
   * exiting while the OS stays online (a CLI run), and the next run adopts the session.
   */
  checkpoint(): Promise<void> {
    this.enqueue(() => this.addBytes());
    return this.chain;
  }

  /** Waits until every state fed so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    await this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.logger.warn('usage recording failed', { reason: (error as Error).message }));
  }

  private async apply(state: ConnectionState): Promise<void> {
    const online = state.phase === 'online' && state.network !== null;
    if (this.first) {
      this.first = false;
      // A session a previous run left open continues if this run finds the same link online;
      // any other ended by now at the latest.
      const keep = online ? state.network!.bssid : null;
      const adopt = keep ? (this.db.prepare('SELECT id FROM usage_sessions WHERE ended_at IS NULL AND bssid = ? ORDER BY id DESC LIMIT 1').pluck().get(keep) as number | undefined) : undefined;
      this.db.prepare('UPDATE usage_sessions SET ended_at = ? WHERE ended_at IS NULL AND id IS NOT ?').run(this.clock.now(), adopt ?? null);
      if (adopt !== undefined) {
        this.open = { id: adopt, baseline: await this.counters.sample() };
        return;
      }
    }
    if (online && this.open === null) {
      const baseline = await this.counters.sample();
      const network = state.network!;
      const id = Number(
        this.db
          .prepare('INSERT INTO usage_sessions (started_at, ssid, bssid, provider_id, mac, ip, bytes_up, bytes_down) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(this.clock.now(), network.ssid, network.bssid, network.provider?.id ?? null, baseline?.mac ?? null, baseline?.ip ?? null, baseline ? 0 : null, baseline ? 0 : null).lastInsertRowid,
      );
      this.open = { id, baseline };
    } else if (!online && this.open !== null && state.phase !== 'sign-in-required') {
      await this.addBytes();
      const { id } = this.open;
      this.open = null;
      this.db.prepare('UPDATE usage_sessions SET ended_at = ? WHERE id = ?').run(this.clock.now(), id);
    }
  }

  private async addBytes(): Promise<void> {
    if (!this.open) return;
    const now = await this.counters.sample();
    const { baseline, id } = this.open;
    if (baseline && now) {
      const up = Math.max(0, now.txBytes - baseline.txBytes);
      const down = Math.max(0, now.rxBytes - baseline.rxBytes);
      this.db.prepare('UPDATE usage_sessions SET bytes_up = coalesce(bytes_up, 0) + ?, bytes_down = coalesce(bytes_down, 0) + ? WHERE id = ?').run(up, down, id);
    }
    this.open = { id, baseline: now };
  }
}
