/**
 * `roamdesk policy …`: what IT configured, as Roamdesk sees it.
 *
 *   roamdesk policy show [--json]   every setting's effective value, where it came from
 *                                   (default, user, managed + the registry key or file),
 *                                   whether it is locked, every rejected value, and the
 *                                   state of each policy source
 *
 * Policy sources per OS are in main/platform/policy-sources/index.ts. ROAMDESK_POLICY_FILE
 * names a policy file (the demo and tests; on Linux it replaces /etc/roamdesk/policy.json).
 * The user's settings are `<data dir>/settings.json` (ROAMDESK_HOME moves the data dir).
 * Secret values (the activation token) are masked. Exit status 0 even with rejected values:
 * they are reported, not fatal.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { HostEngine } from '../common/compose-engine.js';
import { type EffectiveSettings, displayValue, settingsView } from '../engine/policy/effective-settings.js';
import { settingKeys } from '../engine/policy/schema.js';
import { appPaths } from '../platform/app-paths.js';
import { ExecFileRunner } from '../platform/exec-file.js';
import { createSettingsService } from '../platform/policy-sources/index.js';

export interface PolicyCommandOptions {
  world?: string;
  json?: boolean;
}

/** What cli.ts lends the policy commands (the same plumbing as portal-commands.ts). */
export interface PolicyCommandHost {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
  withCommonOptions: (command: Command) => Command;
  withEngine: <T>(options: PolicyCommandOptions, work: (host: HostEngine) => Promise<T>) => Promise<T>;
  print: (options: PolicyCommandOptions, json: unknown, text: string) => void;
}

export function userSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(appPaths(env).dataDir, 'settings.json');
}

/** The effective settings as `policy show` reads them: this OS's sources plus the user's file. */
export async function readEffectiveSettings(env: NodeJS.ProcessEnv = process.env): Promise<EffectiveSettings> {
  const service = createSettingsService({ env, runner: new ExecFileRunner(), userSettingsFile: userSettingsPath(env) });
  return service.reload();
}

export function policyShowJson(effective: EffectiveSettings) {
  return {
    settings: settingKeys.map((key) => {
      const entry = effective.entries[key];
      return {
        key,
        value: displayValue(key, entry.value),
        source: entry.source,
        locked: entry.locked,
        ...(entry.origin !== undefined ? { origin: entry.origin } : {}),
        ...(entry.scope !== undefined ? { scope: entry.scope } : {}),
      };
    }),
    rejected: effective.rejected.map(({ key, source, origin, reason, message }) => ({ key, source, origin, reason, message })),
    sources: effective.sources,
  };
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(not set)' : value;
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(empty)';
  return JSON.stringify(value);
}

export function formatPolicyShow(effective: EffectiveSettings): string {
  const rows = settingsView(effective).map((row) => [row.key, shown(row.value), row.source + (row.locked ? ' (locked)' : ''), effective.entries[row.key].origin ?? '']);
  const header = ['SETTING', 'VALUE', 'SOURCE', 'FROM'];
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
  const cells = [header, ...rows.map((row) => row.map(clip))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const lines = cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  const sources = effective.sources.map((source) => `  ${source.scope.padEnd(7)} ${source.status.padEnd(6)} ${source.origin}${source.error ? ` — ${source.error}` : ''}${source.stale ? ' (previous values kept)' : ''}`);
  const rejected = effective.rejected.map((item) => `  ${item.message} (${item.origin})`);
  const organisation = effective.values.managedByOrganization;
  return [
    ...(organisation ? [`Managed by ${organisation}${effective.values.managedByUrl ? ` — ${effective.values.managedByUrl}` : ''}`, ''] : []),
    ...lines,
    '',
    'Sources:',
    ...sources,
    ...(rejected.length ? ['', 'Rejected:', ...rejected] : []),
  ].join('\n');
}

export function registerPolicyCommands(program: Command, host: PolicyCommandHost): void {
  const policy = program.command('policy').description('settings managed by your organisation (Group Policy, MDM, /etc/roamdesk/policy.json)');
  policy
    .command('show')
    .option('--json', 'print machine-readable JSON')
    .description('every setting with its effective value, its source, whether it is locked, and every rejected policy value')
    .action(
      host.action(async (command: Command) => {
        const options = command.opts<PolicyCommandOptions>();
        const effective = await readEffectiveSettings();
        host.print(options, policyShowJson(effective), formatPolicyShow(effective));
      }),
    );
}
