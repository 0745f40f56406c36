/**
 * `roamdesk usage export`: the usage report (one row per session online) from the hotspot
 * cache, as CSV or JSON, for support and billing. Reads the cache only; no engine needed.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openCacheDatabase } from '../engine/cache/database.js';
import { RoamdeskError } from '../engine/errors.js';
import { usageCsv, usageRows } from '../engine/usage/usage-report.js';
import { appPaths } from '../platform/app-paths.js';

interface UsageHelpers {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
}

function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new RoamdeskError('INVALID_REQUEST', `${flag} ${value} is not a date or time.`, { hint: 'Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00:00Z.' });
  return at;
}

export function registerUsageCommands(program: Command, { action }: UsageHelpers): void {
  const usage = program.command('usage').description('what this device used: sessions online with their bytes');
  usage
    .command('export')
    .description('write the usage report (start, end, SSID, BSSID, provider, MAC, IP, bytes up/down)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--from <time>', 'sessions that started at or after this time (ISO 8601)')
    .option('--to <time>', 'sessions that started before this time (ISO 8601)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--json', 'same as --format json')
    .action(
      action(async (command: Command) => {
        const options = command.opts<{ format: string; from?: string; to?: string; out?: string; json?: boolean }>();
        const format = options.json ? 'json' : options.format;
        if (format !== 'csv' && format !== 'json') throw new RoamdeskError('INVALID_REQUEST', `--format ${format} is not csv or json.`);
        const from = parseTime(options.from, '--from');
        const to = parseTime(options.to, '--to');
        const { db } = openCacheDatabase(appPaths().cacheDatabase);
        try {
          const rows = usageRows(db, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
          const text = format === 'csv' ? usageCsv(rows) : `${JSON.stringify({ sessions: rows }, null, 2)}\n`;
          if (options.out) writeFileSync(options.out, text, { mode: 0o600 });
          else process.stdout.write(text);
        } finally {
          db.close();
        }
      }),
    );
}
