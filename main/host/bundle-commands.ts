/**
 * `roamdesk bundle`: a support bundle of this device, for IT and support.
 *
 *   roamdesk bundle [--out <file>] [--level strict|standard|minimal] [--max-size <MB>] [--case <id>] [--world <file>] [--json]
 *   roamdesk bundle --preview [--json]     list the items and their sizes after redaction; write nothing
 *
 * Collects the app's logs (appPaths().logDir), app info and — when an engine can run (a
 * world file for now) — the engine's connection state. Running the command with --out is the
 * consent (recorded as `via: cli`); the bundle's SHA-256 is printed for the case comment.
 */
import type { Command } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostEngine } from '../common/compose-engine.js';
import { BundleError } from '../engine/support/bundle/bundle-error.js';
import { type BundlePreview, type BundleRequest, type MemoryItemInput, type PreviewItem, previewBundle, redactionLevelSchema } from '../engine/support/bundle/index.js';
import { appPaths } from '../platform/app-paths.js';
import { roamdeskVersion } from './version.js';

export interface BundleCommandOptions {
  world?: string;
  json?: boolean;
  out?: string;
  preview?: boolean;
  level?: string;
  maxSize?: string;
  case?: string;
}

/** What cli.ts lends the bundle command. */
export interface BundleCommandHost {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
  withCommonOptions: (command: Command) => Command;
  withEngine: <T>(options: BundleCommandOptions, work: (host: HostEngine) => Promise<T>) => Promise<T>;
  print: (options: BundleCommandOptions, json: unknown, text: string) => void;
}

/** Error codes of `roamdesk bundle` that mean the input is unusable (exit 2). */
export const BUNDLE_INPUT_ERRORS = ['BUNDLE_INVALID_INPUT', 'BUNDLE_ITEM_NOT_FOUND', 'BUNDLE_TOO_LARGE'] as const;

export function registerBundleCommands(program: Command, host: BundleCommandHost): void {
  host
    .withCommonOptions(program.command('bundle').description('make a support bundle: the app’s logs and state, redacted, in a zip with a manifest'))
    .option('--out <file>', 'where to write the zip (default: roamdesk-bundle-<time>.zip here)')
    .option('--preview', 'list what the bundle would hold, with sizes after redaction; write nothing')
    .option('--level <level>', 'redaction level: strict, standard or minimal', 'standard')
    .option('--max-size <MB>', 'cap on the content after redaction (oldest logs are left out first)', '20')
    .option('--case <id>', 'the support case this bundle is for')
    .action(
      host.action(async (command: Command) => {
        const options = command.opts<BundleCommandOptions>();
        const level = redactionLevelSchema.safeParse(options.level ?? 'standard');
        if (!level.success) throw new BundleError('BUNDLE_INVALID_INPUT', `"${options.level}" is not a redaction level.`, { hint: 'Use strict, standard or minimal.' });
        const maxMb = Number(options.maxSize ?? '20');
        if (!Number.isFinite(maxMb) || maxMb <= 0) throw new BundleError('BUNDLE_INVALID_INPUT', '--max-size takes a positive number of megabytes.');
        const request: BundleRequest = {
          logs: logFiles(appPaths().logDir),
          items: [appInfo(), ...(await engineState(host, options))],
          trigger: { kind: 'cli' },
          ...(options.case ? { caseId: options.case } : {}),
          client: { version: roamdeskVersion(), host: 'node' },
          redaction: { level: level.data },
          sizeCapBytes: Math.floor(maxMb * 1024 * 1024),
          known: { users: [safeUserName()].filter((name): name is string => !!name), hosts: [os.hostname()] },
        };
        const preview = await previewBundle(request);
        if (options.preview) {
          host.print(options, { items: preview.items(), contentBytes: preview.contentBytes, sizeCapBytes: preview.sizeCapBytes, level: preview.level, fits: preview.fits }, formatPreview(preview));
          return;
        }
        const out = path.resolve(options.out ?? `roamdesk-bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
        const result = await preview.build({ out, consent: { approvedAt: new Date().toISOString(), via: 'cli', statement: 'Made with `roamdesk bundle` by the person at this device.' } });
        const { manifest } = result;
        host.print(
          options,
          { path: result.path, sha256: result.sha256, bytes: result.bytes, bundleId: manifest.bundleId, files: manifest.files.length, omitted: manifest.omitted, redactions: manifest.redaction.counts },
          [`Wrote ${result.path} (${formatBytes(result.bytes)}, ${manifest.files.length} files, redaction ${manifest.redaction.level}).`, `SHA-256 ${result.sha256}`, ...manifest.omitted.map((item) => `  left out ${item.name}: ${item.reason}`)].join('\n'),
        );
      }),
    );
}

function logFiles(logDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(logDir);
  } catch {
    return [];
  }
  return names.filter((name) => /\.(log|txt)$/i.test(name)).map((name) => path.join(logDir, name)).filter((file) => statSync(file).isFile());
}

function safeUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

function appInfo(): MemoryItemInput {
  return {
    name: 'app/info.json',
    category: 'app',
    json: { name: 'Roamdesk', version: roamdeskVersion(), host: 'node', node: process.version, platform: process.platform, arch: process.arch, osRelease: os.release(), hostname: os.hostname(), logDir: appPaths().logDir },
  };
}

/** The engine's connection state, when an engine can run here (a world file until real drivers land). */
async function engineState(host: BundleCommandHost, options: BundleCommandOptions): Promise<MemoryItemInput[]> {
  if (!options.world) return [{ name: 'connection/state.json', category: 'connection', json: { available: false, reason: 'No engine ran: Roamdesk has no Wi-Fi driver for this system yet and no --world was given.' } }];
  return host.withEngine(options, async ({ engine, worldName }) => {
    const state = await engine.handlers['connection.get']({});
    return [{ name: 'connection/state.json', category: 'connection', json: { available: true, world: worldName, state } }];
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
}

function formatPreview(preview: BundlePreview): string {
  const items: PreviewItem[] = preview.items();
  const rows = items.map((item) => [item.name, item.status, formatBytes(item.bytes), Object.values(item.redactions).reduce((sum, count) => sum + (count ?? 0), 0).toString()]);
  const header = ['ITEM', 'STATUS', 'SIZE', 'REDACTIONS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const table = [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  return [...table, '', `${formatBytes(preview.contentBytes)} of ${formatBytes(preview.sizeCapBytes)} allowed, redaction ${preview.level}. Nothing was written.`].join('\n');
}
