/**
 * `roamdesk`: the engine for IT, support and CI, without Electron.
 *
 *   roamdesk scan        [--world <file>] [--json]
 *   roamdesk connect <ssid|bssid> [--passphrase-stdin] [--world <file>] [--json]
 *   roamdesk connect --best      [--world <file>] [--json]
 *   roamdesk rank [--explain]    [--world <file>] [--json]
 *   roamdesk disconnect  [--world <file>] [--json]
 *   roamdesk status      [--world <file>] [--json]
 *   roamdesk serve       [--world <file>] [--port <n>] [--json]
 *   roamdesk portal parse <file> [--json] | portal probe | portal login   (see portal-commands.ts)
 *   roamdesk net [--interface <name>] [--json]   this machine's interface facts (see net-commands.ts)
 *
 * Exit status: 0 done; 1 the operation ran and failed (e.g. the connection failed);
 * 2 bad input (unknown network, invalid world file, …). Errors carry a stable code.
 */
import { Command, Option } from 'commander';
import type { ConnectionState, ErrorInfo, NetworkView, SelectionResult } from '../../preload/contract.js';
import { RoamdeskError, isRoamdeskError } from '../engine/errors.js';
import type { Logger } from '../engine/ports/logger.js';
import { appPaths } from '../platform/app-paths.js';
import { createNodeLogger } from '../platform/node-logger.js';
import { type HostEngine, composeEngine } from '../common/compose-engine.js';
import { serve } from './serve.js';
import { openCacheDatabase } from '../engine/cache/database.js';
import { DirectorySync } from '../engine/directory/directory-sync.js';
import { installedDirectory } from '../engine/directory/directory-state.js';
import { pinnedDirectoryKeys } from '../engine/directory/pinned-keys.js';
import type { SyncProgress } from '../engine/directory/sync-context.js';
import { systemClock } from '../engine/ports/clock.js';
import { rendererDir, roamdeskVersion } from './version.js';
import { PORTAL_INPUT_ERRORS, registerPortalCommands } from './portal-commands.js';
import { registerEapCommands } from './eap-commands.js';
import { registerWifiCommands } from './wifi-commands.js';
import { registerUsageCommands } from './usage-commands.js';
import { registerNetCommands } from './net-commands.js';
import { DIAG_INPUT_ERRORS, registerDiagCommands } from './diag-commands.js';
import { BUNDLE_INPUT_ERRORS, registerBundleCommands } from './bundle-commands.js';
import { SUPPORT_INPUT_ERRORS, registerSupportCommands } from './support-commands.js';
import { registerPolicyCommands } from './policy-commands.js';

interface CommonOptions {
  world?: string;
  json?: boolean;
}

const INPUT_ERRORS = new Set(['INVALID_REQUEST', 'NETWORK_NOT_FOUND', 'WORLD_NOT_FOUND', 'WORLD_INVALID', 'CREDENTIALS_REQUIRED', 'WIFI_DRIVER_UNAVAILABLE', 'SITE_NOT_FOUND', 'DATABASE_FROM_NEWER_VERSION', 'POLICY_INVALID', 'DIRECTORY_NOT_FOUND', 'DIRECTORY_SIGNATURE_INVALID', 'DIRECTORY_MALFORMED', 'DIRECTORY_VERSION_MISMATCH', ...PORTAL_INPUT_ERRORS, ...DIAG_INPUT_ERRORS, ...BUNDLE_INPUT_ERRORS, ...SUPPORT_INPUT_ERRORS, 'SETTING_UNKNOWN', 'SETTING_VALUE_INVALID']);

function withCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--world <file>', 'run in a simulated world (e.g. assets/worlds/demo.json)').env('ROAMDESK_WORLD'))
    .option('--json', 'print machine-readable JSON');
}

function logger(): Logger {
  const paths = appPaths();
  const level = (process.env.ROAMDESK_LOG_LEVEL as 'error' | 'warn' | 'info' | 'debug' | undefined) ?? 'info';
  return createNodeLogger({ logDir: paths.logDir, fileName: 'roamdesk.log', level });
}

/** Runs one command against a fresh engine, then closes everything so the process can exit. */
async function withEngine<T>(options: CommonOptions, work: (host: HostEngine) => Promise<T>): Promise<T> {
  const host = await composeEngine({ host: 'node', version: roamdeskVersion(), worldFile: options.world, paths: appPaths(), logger: logger() });
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

function print(options: CommonOptions, json: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

function fail(options: CommonOptions, error: ErrorInfo, exitCode: number): void {
  if (options.json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  else process.stderr.write(`roamdesk: ${error.code}: ${error.message}${error.hint ? `\n  ${error.hint}` : ''}\n`);
  process.exitCode = exitCode;
}

/** Commander calls an action with (...positional, options, command); we hand on the command and the positionals. */
function action(run: (command: Command, ...positional: string[]) => Promise<void>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.opts<CommonOptions>();
    try {
      await run(command, ...(args.slice(0, -2) as string[]));
    } catch (error) {
      if (isRoamdeskError(error)) fail(options, error.toInfo(), INPUT_ERRORS.has(error.code) ? 2 : 1);
      else fail(options, { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) }, 1);
    }
  };
}

function formatRanking(result: SelectionResult): string {
  const rows = result.ranked.map((n, i) => [`${i + 1}.`, n.ssid || '(hidden)', n.bssid, `${n.signalDbm} dBm`, n.band, n.bucket, n.score.toFixed(1), `${Math.round(n.successRate * 100)} %`]);
  const header = ['#', 'SSID', 'BSSID', 'SIGNAL', 'BAND', 'BUCKET', 'SCORE', 'SUCCESS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const table = [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  const skipped = result.skipped.map((n) => `skipped ${n.ssid || '(hidden)'} ${n.bssid}: ${n.code} — ${n.reason}`);
  return [`${result.decision.action}: ${result.decision.reason}`, '', ...(rows.length ? table : ['No network in range can be joined.']), ...(skipped.length ? ['', ...skipped] : [])].join('\n');
}

function formatNetworks(networks: NetworkView[]): string {
  if (networks.length === 0) return 'No networks in range.';
  const rows = networks.map((n) => [n.ssid || '(hidden)', n.bssid, `${n.signalDbm} dBm`, n.band, n.standard, n.security, n.provider?.name ?? '']);
  const header = ['SSID', 'BSSID', 'SIGNAL', 'BAND', 'STANDARD', 'SECURITY', 'PROVIDER'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function formatState(state: ConnectionState): string {
  const lines: string[] = [];
  const where = state.network ? ` ${state.network.ssid} (${state.network.bssid}${state.network.provider ? `, ${state.network.provider.name}` : ''})` : '';
  lines.push(`${state.phase}${where}`);
  for (const stage of state.timeline) lines.push(`  ${stage.stage.padEnd(10)} ${stage.status.padEnd(9)} ${stage.durationMs !== undefined ? `${stage.durationMs} ms` : ''}  ${stage.detail ?? ''}`.trimEnd());
  if (state.error) lines.push(`  ${state.error.code}: ${state.error.message}${state.error.hint ? `\n  ${state.error.hint}` : ''}`);
  if (state.phase === 'sign-in-required') lines.push('  This network needs you to sign in on its page. Open it from the app (or `roamdesk serve`), which notices the sign-in and goes online.');
  return lines.join('\n');
}

async function readPassphrase(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const passphrase = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (passphrase.length < 8 || passphrase.length > 63) throw new RoamdeskError('INVALID_REQUEST', 'A WPA passphrase has 8 to 63 characters.');
  return passphrase;
}

/** A one-line progress bar on a terminal: verify, then stage, then done. */
function directoryProgress(): (progress: SyncProgress) => void {
  let last = '';
  return ({ phase, done, total }) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `${phase.padEnd(8)} [${'#'.repeat(Math.floor(percent / 5)).padEnd(20)}] ${percent}%`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r${line}${phase === 'done' ? '\n' : ''}`);
  };
}

export function buildProgram(): Command {
  const program = new Command('roamdesk')
    .description('Roamdesk: the connection manager with a support desk built in')
    .version(roamdeskVersion())
    .showHelpAfterError();

  withCommonOptions(program.command('scan').description('list the networks in range')).action(
    action(async (command: Command) => {
      const options = command.opts<CommonOptions>();
      await withEngine(options, async ({ engine }) => {
        const { networks } = await engine.handlers['wifi.scan']({});
        const json = networks.map(({ ssid, bssid, signalDbm, frequencyMhz, band, standard, security }) => ({ ssid, bssid, signalDbm, frequencyMhz, band, standard, security }));
        print(options, json, formatNetworks(networks));
      });
    }),
  );

  withCommonOptions(program.command('connect').argument('[target]', 'an SSID, or a BSSID to pin one access point').description('connect to a network'))
    .option('--best', 'connect to the network the selector ranks best (see `roamdesk rank --explain`)')
    .option('--passphrase-stdin', 'read the WPA passphrase from standard input (never from the command line)')
    .action(
      action(async (command: Command, target = '') => {
        const options = command.opts<CommonOptions & { passphraseStdin?: boolean; best?: boolean }>();
        if (options.best === Boolean(target)) {
          throw new RoamdeskError('INVALID_REQUEST', options.best ? 'Give either a network or --best, not both.' : 'Say which network to join, or --best.', {
            hint: 'roamdesk connect <ssid|bssid>, or roamdesk connect --best',
          });
        }
        const passphrase = options.passphraseStdin ? await readPassphrase() : undefined;
        await withEngine(options, async ({ engine }) => {
          const state = options.best
            ? await engine.handlers['connection.connectBest']({})
            : await engine.handlers['connection.connect']({ target, ...(passphrase ? { passphrase } : {}) });
          print(options, state, formatState(state));
          if (state.phase !== 'online') process.exitCode = 1;
        });
      }),
    );

  withCommonOptions(program.command('rank').description('rank the networks in range, best first, as SmartConnect sees them'))
    .option('--explain', "break every score into its parts and say why each skipped network was skipped")
    .action(
      action(async (command: Command) => {
        const options = command.opts<CommonOptions & { explain?: boolean }>();
        await withEngine(options, async ({ engine }) => {
          const result = await engine.handlers['selection.rank']({});
          print(options, result, options.explain ? result.explanation.join('\n') : formatRanking(result));
        });
      }),
    );

  withCommonOptions(program.command('disconnect').description('leave the current network')).action(
    action(async (command: Command) => {
      const options = command.opts<CommonOptions>();
      await withEngine(options, async ({ engine }) => {
        const state = await engine.handlers['connection.disconnect']({});
        print(options, state, formatState(state));
      });
    }),
  );

  withCommonOptions(program.command('status').description('show the current connection')).action(
    action(async (command: Command) => {
      const options = command.opts<CommonOptions>();
      await withEngine(options, async ({ engine }) => {
        const state = await engine.handlers['connection.get']({});
        print(options, state, formatState(state));
      });
    }),
  );

  const directory = program.command('directory').description('the provider directory in the hotspot cache');
  directory
    .command('sync')
    .argument('<file>', 'a signed directory file (full or delta) from the directory service')
    .option('--json', 'print machine-readable JSON')
    .description('verify a directory file against the pinned keys and apply it; nothing is applied if any check fails')
    .action(
      action(async (command: Command, file = '') => {
        const options = command.opts<CommonOptions>();
        const log = logger();
        const { db } = openCacheDatabase(appPaths().cacheDatabase, { logger: log });
        try {
          const progress = process.stderr.isTTY && !options.json ? directoryProgress() : undefined;
          const sync = new DirectorySync(db, { trustedKeys: pinnedDirectoryKeys(), clock: systemClock, logger: log, ...(progress ? { onProgress: progress } : {}) });
          const result = await sync.apply(file);
          print(options, result, `Directory ${result.directoryId} is now at version ${result.version} (${result.records} records, ${result.kind}).`);
        } finally {
          db.close();
        }
      }),
    );
  directory
    .command('status')
    .option('--json', 'print machine-readable JSON')
    .description('show which directory is installed')
    .action(
      action(async (command: Command) => {
        const options = command.opts<CommonOptions>();
        const { db } = openCacheDatabase(appPaths().cacheDatabase, { logger: logger() });
        try {
          const installed = installedDirectory(db);
          const hotspots = db.prepare('SELECT count(*) FROM directory_hotspots').pluck().get() as number;
          const json = { installed, hotspots };
          print(options, json, installed ? `Directory ${installed.directoryId}, version ${installed.version} (created ${installed.createdAt}), ${hotspots} hotspots.` : 'No directory is installed.');
        } finally {
          db.close();
        }
      }),
    );

  registerPortalCommands(program, { action, withCommonOptions, withEngine, print, formatState });
  registerEapCommands(program);
  registerWifiCommands(program);
  registerUsageCommands(program, { action });
  registerNetCommands(program, { action });
  registerDiagCommands(program, { action, withCommonOptions, withEngine, print });
  registerBundleCommands(program, { action, withCommonOptions, withEngine, print });
  registerSupportCommands(program, { action, withCommonOptions, withEngine, print });
  registerPolicyCommands(program, { action, withCommonOptions, withEngine, print });

  withCommonOptions(program.command('serve').description('serve the UI on 127.0.0.1 against this engine'))
    .option('--auto-connect', 'keep the device on the best network in the background, as the app does')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RoamdeskError('INVALID_REQUEST', `--port ${value} is not a port number.`);
      return port;
    })
    .action(
      action(async (command: Command) => {
        const options = command.opts<CommonOptions & { port?: number; autoConnect?: boolean }>();
        const log = logger();
        const host = await composeEngine({ host: 'node', version: roamdeskVersion(), worldFile: options.world, paths: appPaths(), logger: log, backgroundScanMs: 15_000, autoConnect: options.autoConnect ?? false });
        const server = await serve({ engine: host.engine, logger: log, rendererDir: rendererDir(), ...(options.port !== undefined ? { port: options.port } : {}) });
        log.info('serving', { origin: server.origin });
        print(options, { url: server.url, world: host.worldName }, `Roamdesk is serving "${host.worldName}" at ${server.url}`);
        const stop = async () => {
          await server.close();
          await host.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      }),
    );

  return program;
}

await buildProgram().parseAsync(process.argv);
