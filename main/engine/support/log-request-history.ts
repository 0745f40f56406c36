/**
 * The device's own record of agents' log requests and what the person (or policy) answered,
 * kept in a small owner-only JSON file so the history survives restarts. Written atomically
 * (temp file + rename). Holds no secrets: ids, names, times, the SHA-256 that was sent.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SupportRequestView } from '../../../preload/contract.js';

/** What the person sees of a request (the contract's view), plus when this device first saw it. */
export const LogRequestRecord = SupportRequestView.extend({ receivedAt: z.string() });
export type LogRequestRecord = z.infer<typeof LogRequestRecord>;

const HistoryFile = z.object({ version: z.literal(1), requests: z.array(LogRequestRecord) });

/** At most this many answered requests are kept (the newest). */
const KEEP = 200;

export class LogRequestHistory {
  private records: LogRequestRecord[];

  constructor(private readonly file: string) {
    this.records = read(file);
  }

  all(): LogRequestRecord[] {
    return [...this.records].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  get(id: string): LogRequestRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** Adds a request seen for the first time; answers false when it was known already. */
  add(record: LogRequestRecord): boolean {
    if (this.get(record.id)) return false;
    this.records.push(record);
    this.save();
    return true;
  }

  update(id: string, change: Partial<LogRequestRecord>): LogRequestRecord {
    const index = this.records.findIndex((r) => r.id === id);
    if (index < 0) throw new Error(`no log request ${id}`);
    const next = LogRequestRecord.parse({ ...this.records[index], ...change });
    this.records[index] = next;
    this.save();
    return next;
  }

  private save(): void {
    const answered = this.records.filter((r) => r.state !== 'pending');
    if (answered.length > KEEP) {
      const drop = new Set(answered.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, answered.length - KEEP).map((r) => r.id));
      this.records = this.records.filter((r) => !drop.has(r.id));
    }
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 1, requests: this.records }), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

function read(file: string): LogRequestRecord[] {
  try {
    const parsed = HistoryFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.requests : [];
  } catch {
    return []; // none yet, or unreadable: start a new history
  }
}
