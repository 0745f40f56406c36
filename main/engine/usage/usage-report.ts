/**
 * The usage report support and billing ask for: one row per session online with its
 * times, addresses, network and bytes, as CSV (RFC 4180, formula-safe) or JSON.
 */
import type { CacheDatabase } from '../cache/database.js';

export interface UsageRow {
  start: string;
  end: string | null;
  ssid: string;
  bssid: string;
  provider: string | null;
  mac: string | null;
  ip: string | null;
  bytesUp: number | null;
  bytesDown: number | null;
}

export function usageRows(db: CacheDatabase, range: { from?: number; to?: number } = {}): UsageRow[] {
  const rows = db
    .prepare('SELECT started_at, ended_at, ssid, bssid, provider_id, mac, ip, bytes_up, bytes_down FROM usage_sessions WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id')
    .raw()
    .all(range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER) as Array<[number, number | null, string, string, string | null, string | null, string | null, number | null, number | null]>;
  return rows.map(([start, end, ssid, bssid, provider, mac, ip, up, down]) => ({
    start: new Date(start).toISOString(),
    end: end === null ? null : new Date(end).toISOString(),
    ssid,
    bssid,
    provider,
    mac,
    ip,
    bytesUp: up,
    bytesDown: down,
  }));
}

const COLUMNS: Array<[keyof UsageRow, string]> = [
  ['start', 'start'],
  ['end', 'end'],
  ['ssid', 'ssid'],
  ['bssid', 'bssid'],
  ['provider', 'provider'],
  ['mac', 'mac'],
  ['ip', 'ip'],
  ['bytesUp', 'bytes_up'],
  ['bytesDown', 'bytes_down'],
];

/** One CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usageCsv(rows: readonly UsageRow[]): string {
  const lines = [COLUMNS.map(([, header]) => header).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([key]) => cell(row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
