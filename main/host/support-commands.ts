/**
 * `roamdesk case …` and `roamdesk status-feed`: the support desk from the command line.
 *
 *   roamdesk case create --subject <text> [--description <text>] [--category <c>] [--severity <s>]
 *                        [--phone-call] [--bundle <zip>] [--from-connection [--world <file>]] [--json]
 *   roamdesk case list  [--json]          cases on the relay, plus any still queued on this device
 *   roamdesk case show <id> [--json]
 *   roamdesk status-feed [--json]         the service status (cached for offline use)
 *
 * The relay comes from ROAMDESK_RELAY_URL and the device is activated with
 * ROAMDESK_ACTIVATION_TOKEN (policy will supply both later). `case create` always goes
 * through the offline queue: when the relay cannot be reached the case waits on disk and
 * the next `roamdesk case …` sends it. The CLI's plumbing (errors and exit codes, engine
 * lifetime, output) is lent by cli.ts.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConnectionState } from '../../preload/contract.js';
import type { HostEngine } from '../common/compose-engine.js';
import type { SecretStore } from '../engine/ports/secret-store.js';
import { type CasePrefill, prefillCase } from '../engine/support/client/case-prefill.js';
import { NodeRelayTransport } from '../engine/support/client/node-relay-transport.js';
import { RelayClient } from '../engine/support/client/relay-client.js';
import { CaseCategory, type NewCaseInput, type SupportCase } from '../engine/support/client/relay-schemas.js';
import type { RelayTransport } from '../engine/support/client/relay-transport.js';
import { type FlushReport, type OutboxItem, SupportOutbox } from '../engine/support/client/support-outbox.js';
import { Severity, guidanceFor } from '../engine/support/sla/severity.js';
import { SlaClock } from '../engine/support/sla/sla-clock.js';
import { StatusFeed, type StatusReading } from '../engine/support/status-feed/status-feed.js';
import { SupportError } from '../engine/support/support-error.js';
import { appPaths } from '../platform/app-paths.js';
import { FileSecretStore } from '../platform/file-secret-store.js';

export interface SupportCommandOptions {
  world?: string;
  json?: boolean;
}

/** What cli.ts lends the support commands (the same helpers as the portal commands). */
export interface SupportCommandHelpers {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
  withCommonOptions: (command: Command) => Command;
  withEngine: <T>(options: SupportCommandOptions, work: (host: HostEngine) => Promise<T>) => Promise<T>;
  print: (options: SupportCommandOptions, json: unknown, text: string) => void;
}

/** Where things live and how the relay is reached; defaults for the real CLI, injected by tests. */
export interface SupportCommandDeps {
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  secrets?: SecretStore;
  transport?: RelayTransport;
  now?: () => number;
}

/** Support codes that mean the input or the setup is wrong (cli.ts may map them to exit 2). */
export const SUPPORT_INPUT_ERRORS = ['SUPPORT_RELAY_NOT_CONFIGURED', 'SUPPORT_RELAY_URL_INVALID', 'SUPPORT_NOT_ACTIVATED', 'SUPPORT_CASE_INVALID', 'SUPPORT_BUNDLE_NOT_FOUND', 'SUPPORT_BUNDLE_EMPTY'] as const;

interface CreateOptions extends SupportCommandOptions {
  subject?: string;
  description?: string;
  category?: string;
  severity?: string;
  phoneCall?: boolean;
  bundle?: string;
  fromConnection?: boolean;
}

export function registerSupportCommands(program: Command, helpers: SupportCommandHelpers, deps: SupportCommandDeps = {}): void {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => Date.now());
  const dataDir = () => deps.dataDir ?? appPaths(env).dataDir;

  const relay = (): RelayClient => {
    const url = env.ROAMDESK_RELAY_URL?.trim();
    if (!url) {
      throw new SupportError('SUPPORT_RELAY_NOT_CONFIGURED', undefined, {
        hint: 'Set ROAMDESK_RELAY_URL to the support relay’s address (and ROAMDESK_ACTIVATION_TOKEN to register this device); your IT department has both.',
      });
    }
    const token = env.ROAMDESK_ACTIVATION_TOKEN?.trim();
    return new RelayClient({
      baseUrl: url,
      transport: deps.transport ?? new NodeRelayTransport(),
      secrets: deps.secrets ?? new FileSecretStore(path.join(dataDir(), 'secrets')),
      ...(token ? { activation: { token } } : {}),
    });
  };
  const withOutbox = async <T>(work: (outbox: SupportOutbox) => Promise<T>): Promise<T> => {
    const outbox = SupportOutbox.open(path.join(dataDir(), 'support-outbox.sqlite'));
    try {
      return await work(outbox);
    } finally {
      outbox.close();
    }
  };

  const cases = program.command('case').description('support cases: file one (with a diagnostic bundle), list yours, show one');

  helpers
    .withCommonOptions(
      cases
        .command('create')
        .description('file a support case; it waits on this device when the relay cannot be reached')
        .option('--subject <text>', 'one line: what is wrong')
        .option('--description <text>', 'what happened, in your words')
        .addOption(new Option('--category <category>', 'what kind of problem').choices(CaseCategory.options))
        .addOption(new Option('--severity <severity>', 'end-user (default), sev1, sev2 or sev3 — see the guidance in docs/support-desk.md').choices(Severity.options))
        .option('--phone-call', 'Severity 1: you will also phone the support line (15-minute target)')
        .option('--bundle <file>', 'a diagnostic bundle (zip) to attach')
        .option('--from-connection', 'fill in the case from the current connection (its failure, network and stages)'),
    )
    .action(
      helpers.action(async (command: Command) => {
        const options = command.opts<CreateOptions>();
        const client = relay();
        let prefill: CasePrefill | undefined;
        if (options.fromConnection) {
          const state = await helpers.withEngine(options, async ({ engine }) => (await engine.handlers['connection.get']({})) as ConnectionState);
          prefill = prefillCase(state);
        }
        const subject = options.subject ?? prefill?.subject;
        if (!subject) throw new SupportError('SUPPORT_CASE_INVALID', 'A case needs a subject.', { hint: 'Pass --subject "what is wrong", or --from-connection to fill it in.' });
        const severity = Severity.parse(options.severity ?? prefill?.severity ?? 'end-user');
        const createdAt = now();
        const expectedDueAt = SlaClock.fromConfig({}).dueAt(createdAt, severity, options.phoneCall ?? false).toISOString();
        const input: NewCaseInput = {
          subject,
          description: [options.description, prefill?.description].filter(Boolean).join('\n\n'),
          category: CaseCategory.parse(options.category ?? prefill?.category ?? 'other'),
          severity,
          ...(options.phoneCall ? { phoneCall: true } : {}),
          ...(prefill ? { connection: prefill.connection } : {}),
          clientCreatedAt: new Date(createdAt).toISOString(),
          expectedDueAt,
        };
        const result = await withOutbox(async (outbox) => {
          const item = await outbox.enqueue({ case: input, ...(options.bundle ? { bundle: { path: path.resolve(options.bundle) } } : {}) });
          const report = await outbox.flush(client);
          return { item: outbox.get(item.key)!, report };
        });
        const sent = result.report.sent.find((entry) => entry.key === result.item.key);
        const json = { queued: !sent, item: result.item, flush: result.report, expectedDueAt };
        const text = sent
          ? `Case ${sent.caseId} filed${sent.uploadId ? ' with its diagnostic bundle' : ''}. ${guidanceFor(severity).label}: first response expected by ${expectedDueAt}.`
          : describeQueued(result.item, result.report);
        helpers.print(options, json, text);
        if (result.item.state === 'rejected') process.exitCode = 1;
      }),
    );

  cases
    .command('list')
    .option('--json', 'print machine-readable JSON')
    .description('your cases on the support desk, and any still waiting on this device')
    .action(
      helpers.action(async (command: Command) => {
        const options = command.opts<SupportCommandOptions>();
        const client = relay();
        const { report, queued } = await withOutbox(async (outbox) => ({ report: await outbox.flush(client), queued: outbox.list() }));
        const remote = await client.listCases();
        helpers.print(options, { cases: remote, queued, flush: report }, formatList(remote, queued));
      }),
    );

  cases
    .command('show')
    .argument('<id>', 'the case number')
    .option('--json', 'print machine-readable JSON')
    .description('one case with its replies')
    .action(
      helpers.action(async (command: Command, id = '') => {
        const options = command.opts<SupportCommandOptions>();
        const found = await relay().getCase(id);
        helpers.print(options, found, formatCase(found));
      }),
    );

  program
    .command('status-feed')
    .option('--json', 'print machine-readable JSON')
    .description('the support desk’s service status (last known copy when offline)')
    .action(
      helpers.action(async (command: Command) => {
        const options = command.opts<SupportCommandOptions>();
        const client = relay();
        const feed = new StatusFeed({ cacheFile: path.join(dataDir(), 'status-summary.json') });
        const reading = await feed.refresh(() => client.fetchStatus());
        helpers.print(options, reading, formatStatus(reading));
      }),
    );
}

function describeQueued(item: OutboxItem, report: FlushReport): string {
  if (item.state === 'rejected') return `The support desk refused the case: ${item.lastError?.code}: ${item.lastError?.message}`;
  const why = item.lastError ? ` (${item.lastError.code}: ${item.lastError.message})` : '';
  return `Case queued on this device${why}. It will be sent when the support relay can be reached (${report.remaining} waiting).`;
}

function formatList(remote: SupportCase[], queued: OutboxItem[]): string {
  const lines = remote.length === 0 ? ['No cases on the support desk.'] : remote.map((c) => `${c.id.padEnd(8)} ${c.status.padEnd(12)} ${c.severity.padEnd(9)} ${c.subject}`);
  for (const item of queued) lines.push(`(queued) ${item.state.padEnd(12)} ${item.severity.padEnd(9)} ${item.subject}${item.lastError ? `  [${item.lastError.code}]` : ''}`);
  return lines.join('\n');
}

function formatCase(c: SupportCase): string {
  const lines = [`Case ${c.id}: ${c.subject}`, `  status:   ${c.status}`, `  severity: ${c.severity}`, `  created:  ${c.createdAt}`];
  if (c.dueAt) lines.push(`  due:      ${c.dueAt}`);
  if (c.rating) lines.push(`  rating:   ${c.rating.score}/5`);
  for (const reply of c.replies) lines.push('', `  ${reply.author ?? 'reply'}${reply.createdAt ? ` at ${reply.createdAt}` : ''}:`, ...reply.body.split('\n').map((line) => `    ${line}`));
  return lines.join('\n');
}

function formatStatus(reading: StatusReading): string {
  const { summary, knownIssue } = reading;
  const lines = [`${summary.page.name}: ${summary.description || summary.indicator} (${summary.level})`];
  if (reading.fromCache) lines.push(`  offline — last known status from ${reading.fetchedAt}${reading.stale ? ' (may be out of date)' : ''}`);
  if (knownIssue) {
    lines.push(`  ${knownIssue.kind}: ${knownIssue.title}`, `  ${knownIssue.message}`);
    if (knownIssue.link) lines.push(`  ${knownIssue.link}`);
  }
  for (const incident of reading.changes.newIncidents) lines.push(`  new: ${incident.name}`);
  return lines.join('\n');
}
