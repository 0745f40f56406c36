/**
 * How this device uses each network, by SSID (raw bytes as hex): a use is counted when it
 * got online, and time online is added when the connection ends. The selector turns these
 * into a recency-weighted preference; this only stores them.
 */
import type { NetworkHabit } from '../selection/facts.js';
import type { CacheDatabase } from './database.js';

export class HabitsRepository {
  private readonly use;
  private readonly online;
  private readonly one;
  private readonly every;

  constructor(db: CacheDatabase) {
    this.use = db.prepare(
      `INSERT INTO habits (ssid_hex, uses, last_used_at, online_ms) VALUES (?, 1, ?, 0)
       ON CONFLICT (ssid_hex) DO UPDATE SET uses = uses + 1, last_used_at = max(last_used_at, excluded.last_used_at)`,
    );
    this.online = db.prepare(
      `INSERT INTO habits (ssid_hex, uses, last_used_at, online_ms) VALUES (?, 0, ?, ?)
       ON CONFLICT (ssid_hex) DO UPDATE SET online_ms = online_ms + excluded.online_ms, last_used_at = max(last_used_at, excluded.last_used_at)`,
    );
    this.one = db.prepare<[string], { ssid_hex: string; uses: number; last_used_at: number; online_ms: number }>('SELECT * FROM habits WHERE ssid_hex = ?');
    this.every = db.prepare<[], { ssid_hex: string; uses: number; last_used_at: number; online_ms: number }>('SELECT * FROM habits ORDER BY last_used_at DESC');
  }

  /** The device got online on this network at `at` (epoch ms). */
  recordUse(ssidHex: string, at: number): void {
    this.use.run(ssidHex.toLowerCase(), at);
  }

  /** A connection on this network ended at `endedAt` after `onlineMs` online. */
  addOnlineTime(ssidHex: string, onlineMs: number, endedAt: number): void {
    this.online.run(ssidHex.toLowerCase(), endedAt, Math.max(0, Math.round(onlineMs)));
  }

  get(ssidHex: string): NetworkHabit | null {
    const row = this.one.get(ssidHex.toLowerCase());
    return row ? { ssidHex: row.ssid_hex, uses: row.uses, lastUsedAt: row.last_used_at, onlineMs: row.online_ms } : null;
  }

  all(): NetworkHabit[] {
    return this.every.all().map((row) => ({ ssidHex: row.ssid_hex, uses: row.uses, lastUsedAt: row.last_used_at, onlineMs: row.online_ms }));
  }
}
