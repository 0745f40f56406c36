/**
 * `roamdesk diag [--json] [--ping-seconds N]`: runs diagnostics against the engine's current
 * state — the reproducible-state checklist, the probes (DNS, gateway ping series,
 * traceroute, clock, certificates) and the connection timeline by layer with the failing
 * layer highlighted — and prints them (or the DiagnosticsReport as JSON).
 *
 * What the engine does not expose is computed here: when the device is not connected, the
 * last attempt is read from the hotspot cache (a failed connect in another process left it
 * there), so "connect failed, then diag" explains that failure. In a simulated world the
 * probes are pointed at what is real: the simulated gateway is on loopback (so the ping
 * series and traceroute go to 127.0.0.1), while this machine's DNS and clock sources say
 * nothing about the simulated network and are reported as not available, with that reason.
 *
 * Exit status: 0 when the diagnostics ran (whatever they found); 2 for bad options.
 */
import type { Command } from 'commander';
import type { ConnectionState, NetworkView } from '../../preload/contract.js';
import type { HostEngine } from '../common/compose-engine.js';
import { AttemptsRepository } from '../engine/cache/attempts-repository.js';
import { openCacheDatabase } from '../engine/cache/database.js';
import type { ChecklistSources } from '../engine/diagnostics/checklist.js';
import { DiagnosticsError } from '../engine/diagnostics/diagnostics-error.js';
import { type DiagnosticsOptions, type DiagnosticsProgress, type DiagnosticsReport, PING_SECONDS, runDiagnostics } from '../engine/diagnostics/run-diagnostics.js';
import { OWNER_LABELS } from '../engine/diagnostics/timeline.js';
import { errorCodes } from '../engine/errors.js';
import { systemClock } from '../engine/ports/clock.js';
import { silentLogger } from '../engine/ports/logger.js';
import { appPaths } from '../platform/app-paths.js';
import { ExecFileRunner } from '../platform/exec-file.js';
import { NodeHttpClient } from '../platform/node-http-client.js';

export interface DiagCommandOptions {
  world?: string;
  json?: boolean;
}

/** What cli.ts lends the diag command (the same helpers as the portal commands). */
export interface DiagCommandHost {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
  withCommonOptions: (command: Command) => Command;
  withEngine: <T>(options: DiagCommandOptions, work: (host: HostEngine) => Promise<T>) => Promise<T>;
  print: (options: DiagCommandOptions, json: unknown, text: string) => void;
}

function parsePingSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < PING_SECONDS.min || seconds > PING_SECONDS.max) {
    throw new DiagnosticsError('DIAGNOSTICS_INVALID_OPTIONS', `--ping-seconds ${value} is not a number of seconds from ${PING_SECONDS.min} to ${PING_SECONDS.max}.`);
  }
  return seconds;
}

export function registerDiagCommands(program: Command, host: DiagCommandHost): void {
  host
    .withCommonOptions(program.command('diag').description('run diagnostics: the reproducible-state checklist, probes, and the connection timeline by layer'))
    .option('--ping-seconds <n>', `length of the gateway ping series in seconds (${PING_SECONDS.min}–${PING_SECONDS.max})`, String(PING_SECONDS.productDefault))
    .action(
      host.action(async (command: Command) => {
        const options = command.opts<DiagCommandOptions & { pingSeconds: string }>();
        const pingSeconds = parsePingSeconds(options.pingSeconds);
        await host.withEngine(options, async (hostEngine) => {
          const report = await hostEngine.engine.diagnose(pingSeconds, process.stderr.isTTY && !options.json ? terminalProgress() : undefined);
          host.print(options, report, formatReport(report));
        });
      }),
    );
}

function terminalProgress(): (progress: DiagnosticsProgress) => void {
  return ({ step, total, label, state }) => {
    const filled = Math.round(((state === 'done' ? step : step - 1) / total) * 20);
    process.stderr.write(`\r[${'#'.repeat(filled).padEnd(20)}] ${step}/${total} ${label.padEnd(32)}${state === 'done' && step === total ? '\n' : ''}`);
  };
}

const MARK: Record<string, string> = { ok: 'ok', warning: 'WARN', failed: 'FAIL', unknown: '?', 'not-available': 'n/a' };
const LAYER_MARK: Record<string, string> = { ok: 'ok', warning: 'WARNING', failed: 'FAILED', 'in-progress': 'in progress', 'not-reached': 'not reached', 'not-applicable': 'n/a', unknown: '?' };

export function formatReport(report: DiagnosticsReport): string {
  const { checklist, timeline } = report;
  const lines: string[] = [`Roamdesk diagnostics (${report.durationMs} ms)`, '', 'Checklist'];
  const labelWidth = Math.max(...checklist.items.map((item) => item.label.length));
  for (const item of checklist.items) lines.push(`  [${(MARK[item.status] ?? item.status).padEnd(4)}] ${item.label.padEnd(labelWidth)}  ${item.value}`);
  lines.push('', 'Timeline');
  const layerWidth = Math.max(...timeline.layers.map((layer) => layer.label.length));
  for (const layer of timeline.layers) {
    const failing = layer.layer === timeline.failingLayer;
    const status = LAYER_MARK[layer.status] ?? layer.status;
    lines.push(`${failing ? '>>' : '  '} ${layer.label.padEnd(layerWidth)}  ${status.padEnd(11)} ${layer.code}${layer.owner && layer.status !== 'ok' ? ` (${OWNER_LABELS[layer.owner]})` : ''}${failing ? '  <<' : ''}`);
    if (failing || layer.status === 'warning') {
      lines.push(`     ${layer.detail}`);
      for (const evidence of layer.evidence) lines.push(`     evidence: ${evidence}`);
    }
  }
  lines.push('', `Verdict: ${timeline.verdict.code} — ${timeline.verdict.summary}`);
  if (timeline.verdict.owner) lines.push(`  Whose: ${OWNER_LABELS[timeline.verdict.owner]}`);
  if (timeline.verdict.nextStep) lines.push(`  Next step: ${timeline.verdict.nextStep}`);
  return lines.join('\n');
}

/** Error codes of `diag` that mean bad input (exit 2), for cli.ts's INPUT_ERRORS. */
export const DIAG_INPUT_ERRORS = ['DIAGNOSTICS_INVALID_OPTIONS'] as const;
