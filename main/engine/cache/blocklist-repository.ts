/**
 * Blocklist rows. The policy — when a BSSID is blocked, the backoff, early release — is the
 * selector's (main/engine/selection/); this only stores and reads its decisions.
 */
import type { BlockState } from '../selection/facts.js';
import { bssidToKey, keyToBssid } from './bssid-key.js';
import type { CacheDatabase } from './database.js';

function keyOf(bssid: string): number {
  const key = bssidToKey(bssid);
  if (key === undefined) throw new Error(`not a BSSID: ${bssid}`);
  return key;
}

export class BlocklistRepository {
  private readonly one;
  private readonly upsert;
  private readonly remove;
  private readonly activeRows;

  constructor(db: CacheDatabase) {
    this.one = db.prepare<[number], { streak: number; blocked_until: number; signal_at_block_dbm: number }>('SELECT streak, blocked_until, signal_at_block_dbm FROM blocklist WHERE bssid = ?');
    this.upsert = db.prepare(
      `INSERT INTO blocklist (bssid, streak, blocked_until, signal_at_block_dbm) VALUES (?, ?, ?, ?)
       ON CONFLICT (bssid) DO UPDATE SET streak = excluded.streak, blocked_until = excluded.blocked_until, signal_at_block_dbm = excluded.signal_at_block_dbm`,
    );
    this.remove = db.prepare('DELETE FROM blocklist WHERE bssid = ?');
    this.activeRows = db.prepare<[number], { bssid: number; streak: number; blocked_until: number; signal_at_block_dbm: number }>(
      'SELECT * FROM blocklist WHERE blocked_until > ? ORDER BY blocked_until',
    );
  }

  get(bssid: string): BlockState | null {
    const row = this.one.get(keyOf(bssid));
    return row ? { bssid, streak: row.streak, blockedUntil: row.blocked_until, signalAtBlockDbm: row.signal_at_block_dbm } : null;
  }

  /** Writes the whole state (the streak survives a release, so the next block backs off further). */
  put(state: BlockState): void {
    this.upsert.run(keyOf(state.bssid), state.streak, Math.round(state.blockedUntil), Math.round(state.signalAtBlockDbm));
  }

  delete(bssid: string): void {
    this.remove.run(keyOf(bssid));
  }

  /** Entries still blocking at `now` (epoch ms). */
  active(now: number): BlockState[] {
    return this.activeRows.all(now).map((row) => ({ bssid: keyToBssid(row.bssid), streak: row.streak, blockedUntil: row.blocked_until, signalAtBlockDbm: row.signal_at_block_dbm }));
  }
}
