/**
 * `roamdesk portal …`: the captive-portal commands.
 *
 *   roamdesk portal parse <file> [--json]          explain a saved portal page / HTTP answer / RFC 8908 JSON (no engine)
 *   roamdesk portal probe [--world <file>] [--json] probe the current network's path: online, captive (how, where), no internet
 *   roamdesk portal login [--world <file>] [--json] sign in on the current network's portal and verify
 *
 * The CLI's plumbing (error handling and exit codes, engine lifetime, output) is handed in by
 * cli.ts, so these commands behave exactly like the others.
 */
import type { Command } from 'commander';
import type { ConnectionState, PortalProbeResult } from '../../preload/contract.js';
import type { HostEngine } from '../common/compose-engine.js';
import { wisprMessageTypes } from '../engine/portal/wispr-parse.js';
import { type CapportSummary, type PortalFileSummary, type WisprSummary, explainPortalFile } from './portal-file.js';

export interface PortalCommandOptions {
  world?: string;
  json?: boolean;
}

/** What cli.ts lends the portal commands. */
export interface PortalCommandHost {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
  withCommonOptions: (command: Command) => Command;
  withEngine: <T>(options: PortalCommandOptions, work: (host: HostEngine) => Promise<T>) => Promise<T>;
  print: (options: PortalCommandOptions, json: unknown, text: string) => void;
  formatState: (state: ConnectionState) => string;
}

/** Error codes of `portal parse` that mean the input file is unusable (exit 2). */
export const PORTAL_INPUT_ERRORS = [
  'WISPR_NOT_FOUND',
  'WISPR_MALFORMED',
  'WISPR_UNKNOWN_MESSAGE',
  'CAPPORT_HTTP_STATUS',
  'CAPPORT_CONTENT_TYPE',
  'CAPPORT_TOO_LARGE',
  'CAPPORT_NOT_JSON',
  'CAPPORT_CAPTIVE_MISSING',
  'CAPPORT_PORTAL_URL_MISSING',
  'CAPPORT_PORTAL_URL_NOT_HTTPS',
  'CAPPORT_INVALID_FIELD',
] as const;

export function registerPortalCommands(program: Command, host: PortalCommandHost): void {
  const portal = program.command('portal').description('captive portals: explain a saved answer, probe the current network, sign in');

  portal
    .command('parse')
    .argument('<file>', 'a saved portal page or reply with a WISPr block, a raw HTTP response or exchange, or an RFC 8908 JSON answer')
    .option('--json', 'print machine-readable JSON')
    .description('explain a saved captive-portal answer the way Roamdesk reads it (WISPr or RFC 8908)')
    .action(
      host.action(async (command: Command, file = '') => {
        const options = command.opts<PortalCommandOptions>();
        const summary = explainPortalFile(file);
        host.print(options, summary, formatSummary(summary));
      }),
    );

  host.withCommonOptions(portal.command('probe').description("probe the current network's path: online, captive (and how), or no internet")).action(
    host.action(async (command: Command) => {
      const options = command.opts<PortalCommandOptions>();
      await host.withEngine(options, async ({ engine }) => {
        const result = await engine.handlers['portal.probe']({});
        host.print(options, result, formatProbe(result));
      });
    }),
  );

  host.withCommonOptions(portal.command('login').description("sign in on the current network's portal (smart client where possible) and verify")).action(
    host.action(async (command: Command) => {
      const options = command.opts<PortalCommandOptions>();
      await host.withEngine(options, async ({ engine }) => {
        const state = await engine.handlers['portal.login']({});
        host.print(options, state, host.formatState(state));
        if (state.phase !== 'online') process.exitCode = 1;
      });
    }),
  );
}

function formatSummary(summary: PortalFileSummary): string {
  const from = summary.source === 'http-response' ? ` (from an HTTP ${summary.httpStatus} response)` : summary.source === 'json' ? ' (JSON body)' : '';
  return summary.kind === 'wispr' ? formatWispr(summary, from) : formatCapport(summary, from);
}

function rows(entries: Array<[string, string | number | boolean | undefined]>): string[] {
  const present = entries.filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  const width = Math.max(0, ...present.map(([label]) => label.length));
  return present.map(([label, value]) => `  ${`${label}:`.padEnd(width + 1)} ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : value}`);
}

type Loose<T> = { [K in keyof T]?: T[K] | undefined };
type WisprFields = Loose<Omit<WisprSummary, 'kind' | 'source'>> & Pick<WisprSummary, 'messageType' | 'messageName' | 'responseCode'>;
type CapportFields = Loose<Omit<CapportSummary, 'kind' | 'source'>> & Pick<CapportSummary, 'captive' | 'canExtendSession'>;

function formatWispr(summary: WisprFields, from: string): string {
  return [
    `WISPr ${summary.messageName} (message type ${summary.messageType}, response code ${summary.responseCode})${from}`,
    ...rows([
      ['login URL', summary.loginUrl],
      ['abort login URL', summary.abortLoginUrl],
      ['login results URL', summary.loginResultsUrl],
      ['logoff URL', summary.logoffUrl],
      ['next URL', summary.nextUrl],
      ['delay', summary.delay !== undefined ? `${summary.delay} s` : undefined],
      ['reply message', summary.replyMessage],
      ['location', summary.locationName],
      ['max session time', summary.maxSessionTime !== undefined ? `${summary.maxSessionTime} s` : undefined],
    ]),
    ...(summary.warnings ?? []).map((warning) => `  warning: ${warning}`),
  ].join('\n');
}

function formatCapport(summary: CapportFields, from: string): string {
  return [
    `RFC 8908 captive-portal API: ${summary.captive ? 'captive' : 'not captive'}${from}`,
    ...rows([
      ['user portal URL', summary.userPortalUrl],
      ['venue info URL', summary.venueInfoUrl],
      ['seconds remaining', summary.secondsRemaining],
      ['bytes remaining', summary.bytesRemaining],
      ['can extend session', summary.canExtendSession],
      ['ignored keys', summary.ignoredKeys?.join(', ')],
    ]),
  ].join('\n');
}

function formatProbe(result: PortalProbeResult): string {
  const lines = [`${result.state}${result.via ? ` (via ${result.via})` : ''}: ${result.detail}`];
  if (result.portalUrl) lines.push(`  portal: ${result.portalUrl}`);
  if (result.wispr) {
    const name = (wisprMessageTypes as Record<number, string>)[result.wispr.messageType] ?? 'message';
    lines.push(...formatWispr({ ...result.wispr, messageName: name }, '').split('\n').map((line) => `  ${line}`));
  }
  if (result.capport) lines.push(...formatCapport(result.capport, '').split('\n').map((line) => `  ${line}`));
  return lines.join('\n');
}
