/**
 * Every connection attempt and its outcome. A row is written when the attempt starts and
 * completed when it ends, so an attempt cut short by a crash is still on record.
 */
import type { StageEntry } from '../../../preload/contract.js';
import type { CacheDatabase } from './database.js';

export interface AttemptStart {
  startedAt: string;
  ssidHex: string;
  ssid: string;
  bssid: string;
  providerId: string | null;
}

export interface AttemptEnd {
  endedAt: string;
  outcome: 'online' | 'failed' | 'cancelled';
  errorCode: string | null;
  timeToOnlineMs: number | null;
  stages: StageEntry[];
}

export interface AttemptRow extends AttemptStart {
  id: number;
  endedAt: string | null;
  outcome: AttemptEnd['outcome'] | null;
  errorCode: string | null;
  timeToOnlineMs: number | null;
  stages: StageEntry[];
}

interface RawAttempt {
  id: number;
  started_at: string;
  ended_at: string | null;
  ssid_hex: string;
  ssid: string;
  bssid: string;
  provider_id: string | null;
  outcome: AttemptEnd['outcome'] | null;
  error_code: string | null;
  time_to_online_ms: number | null;
  stages: string;
}

export class AttemptsRepository {
  private readonly insert;
  private readonly complete;
  private readonly latestForBssid;
  private readonly recentRows;

  constructor(db: CacheDatabase) {
    this.insert = db.prepare<[string, string, string, string, string | null]>(
      'INSERT INTO attempts (started_at, ssid_hex, ssid, bssid, provider_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.complete = db.prepare<[string, string, string | null, number | null, string, number]>(
      'UPDATE attempts SET ended_at = ?, outcome = ?, error_code = ?, time_to_online_ms = ?, stages = ? WHERE id = ?',
    );
    this.latestForBssid = db.prepare<[string], RawAttempt>('SELECT * FROM attempts WHERE bssid = ? ORDER BY id DESC LIMIT 1');
    this.recentRows = db.prepare<[number], RawAttempt>('SELECT * FROM attempts ORDER BY id DESC LIMIT ?');
  }

  begin(start: AttemptStart): number {
    return Number(this.insert.run(start.startedAt, start.ssidHex, start.ssid, start.bssid, start.providerId).lastInsertRowid);
  }

  finish(id: number, end: AttemptEnd): void {
    this.complete.run(end.endedAt, end.outcome, end.errorCode, end.timeToOnlineMs, JSON.stringify(end.stages), id);
  }

  lastFor(bssid: string): AttemptRow | undefined {
    const row = this.latestForBssid.get(bssid);
    return row && toRow(row);
  }

  recent(limit: number): AttemptRow[] {
    return this.recentRows.all(limit).map(toRow);
  }
}

function toRow(raw: RawAttempt): AttemptRow {
  return {
    id: raw.id,
    startedAt: raw.started_at,
    endedAt: raw.ended_at,
    ssidHex: raw.ssid_hex,
    ssid: raw.ssid,
    bssid: raw.bssid,
    providerId: raw.provider_id,
    outcome: raw.outcome,
    errorCode: raw.error_code,
    timeToOnlineMs: raw.time_to_online_ms,
    stages: JSON.parse(raw.stages) as StageEntry[],
  };
}
