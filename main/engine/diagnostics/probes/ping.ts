/**
 * The gateway ping series: the platform's own `ping`, run through the CommandRunner port
 * with an argument array (never a shell), and its output read back into samples, loss and
 * jitter.
 *
 *   Linux (iputils)  ping -n -c <count> -i <seconds> -W <seconds> <address>
 *   macOS (BSD)      ping -n -c <count> -i <seconds> -W <milliseconds> <address>
 *   Windows          ping -n <count> -w <milliseconds> <address>     (one echo a second, fixed)
 *
 * Jitter is the mean absolute difference between consecutive round-trip times (the
 * smoothing-free form of RFC 3550's interarrival jitter), over the replies received.
 */
import { z } from 'zod';

import type { Clock } from '../../ports/clock.js';
import { CommandRunError, type CommandRunner } from '../../ports/command-runner.js';
import { probeBase, runToolWithinBudget, stopwatch } from '../probe-result.js';

export type DiagPlatform = 'linux' | 'darwin' | 'win32';

export function diagPlatform(platform: string): DiagPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

export interface PingPlan {
  address: string;
  count: number;
  intervalSeconds: number;
  /** How long to wait for each reply. */
  replyTimeoutMs: number;
}

/** The exact command per platform, as data (tests check the argv). */
export function pingCommand(platform: DiagPlatform, plan: PingPlan): { file: string; args: string[] } {
  const count = String(plan.count);
  switch (platform) {
    case 'win32':
      return { file: 'ping', args: ['-n', count, '-w', String(Math.max(1, Math.round(plan.replyTimeoutMs))), plan.address] };
    case 'darwin':
      return { file: 'ping', args: ['-n', '-c', count, '-i', formatSeconds(plan.intervalSeconds), '-W', String(Math.max(1, Math.round(plan.replyTimeoutMs))), plan.address] };
    default:
      return { file: 'ping', args: ['-n', '-c', count, '-i', formatSeconds(plan.intervalSeconds), '-W', String(Math.max(1, Math.ceil(plan.replyTimeoutMs / 1000))), plan.address] };
  }
}

function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

export interface PingOutput {
  transmitted: number;
  received: number;
  /** Round-trip times of the replies, in order, in ms. */
  rttsMs: number[];
}

/** iputils and BSD ping print the same reply lines and nearly the same summary. */
export function parseUnixPing(text: string): PingOutput | undefined {
  const rttsMs = [...text.matchAll(/^\d+ bytes from .*?time[=<]\s*([\d.]+)\s*ms/gm)].map((match) => Number(match[1]));
  const summary = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
  if (!summary) return undefined;
  return { transmitted: Number(summary[1]), received: Number(summary[2]), rttsMs };
}

/**
 * Windows ping. The words are localised, so the reader leans on what is not: the
 * `=`/`<` before "<n>ms" on a reply line, and the three numbers of the statistics line.
 */
export function parseWindowsPing(text: string): PingOutput | undefined {
  const rttsMs: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const reply = /(?:[=<])\s*(\d+)\s*ms\s+TTL[=<]?\s*\d+/i.exec(line);
    if (reply) rttsMs.push(Number(reply[1]));
  }
  const stats = /=\s*(\d+),[^=]*=\s*(\d+),[^=]*=\s*(\d+)\s*\([^)]*?\d+\s*%/.exec(text);
  if (!stats) return undefined;
  return { transmitted: Number(stats[1]), received: Number(stats[2]), rttsMs };
}

export function parsePing(platform: DiagPlatform, text: string): PingOutput | undefined {
  return platform === 'win32' ? parseWindowsPing(text) : parseUnixPing(text);
}

export interface PingStats {
  transmitted: number;
  received: number;
  /** 0..1 */
  loss: number;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
  jitterMs: number | null;
}

export function pingStats(output: PingOutput): PingStats {
  const { transmitted, received, rttsMs } = output;
  const loss = transmitted > 0 ? Math.max(0, (transmitted - received) / transmitted) : 1;
  if (rttsMs.length === 0) return { transmitted, received, loss, minMs: null, avgMs: null, maxMs: null, jitterMs: null };
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const diffs = rttsMs.slice(1).map((rtt, i) => Math.abs(rtt - rttsMs[i]!));
  return {
    transmitted,
    received,
    loss: round(loss),
    minMs: round(Math.min(...rttsMs)),
    avgMs: round(rttsMs.reduce((a, b) => a + b, 0) / rttsMs.length),
    maxMs: round(Math.max(...rttsMs)),
    jitterMs: diffs.length ? round(diffs.reduce((a, b) => a + b, 0) / diffs.length) : 0,
  };
}

export const PingProbeResult = z.object({
  kind: z.literal('gateway-ping'),
  ...probeBase,
  data: z
    .object({
      address: z.string(),
      command: z.array(z.string()),
      transmitted: z.number().int().nonnegative(),
      received: z.number().int().nonnegative(),
      loss: z.number().min(0).max(1),
      minMs: z.number().nullable(),
      avgMs: z.number().nullable(),
      maxMs: z.number().nullable(),
      jitterMs: z.number().nullable(),
    })
    .nullable(),
});
export type PingProbeResult = z.infer<typeof PingProbeResult>;

export interface PingProbeOptions {
  runner: CommandRunner;
  clock: Clock;
  platform: DiagPlatform;
  /** The default gateway; null when the device has none (not connected). */
  address: string | null;
  /** How long the series runs (30–60 s in the product; short in tests). */
  seconds: number;
  /** Time between echoes (default 1 s; Windows always uses 1 s). */
  intervalSeconds?: number;
  replyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Loss above this is a warning; everything lost is a failure. */
const LOSS_WARNING = 0.02;
const JITTER_WARNING_MS = 30;

export async function probeGatewayPing(options: PingProbeOptions): Promise<PingProbeResult> {
  const watch = stopwatch(options.clock);
  const result = (status: PingProbeResult['status'], code: string, summary: string, data: PingProbeResult['data'] = null): PingProbeResult => ({ kind: 'gateway-ping', status, code, summary, ...watch.stop(), data });
  if (!options.address) return result('not-available', 'NO_GATEWAY', 'There is no default gateway to ping: the device has no IP route (not connected, or no address from DHCP).');

  const intervalSeconds = options.platform === 'win32' ? 1 : (options.intervalSeconds ?? 1);
  const count = Math.max(1, Math.round(options.seconds / intervalSeconds));
  const replyTimeoutMs = options.replyTimeoutMs ?? 1000;
  const { file, args } = pingCommand(options.platform, { address: options.address, count, intervalSeconds, replyTimeoutMs });
  const budgetMs = count * intervalSeconds * 1000 + replyTimeoutMs + 5000;
  const command = [file, ...args];

  const run = await runToolWithinBudget(options.runner, file, args, budgetMs, options.signal);
  if (!run.ok) return result('timeout', 'PING_TIMEOUT', `ping did not finish within ${Math.round(budgetMs / 1000)} s.`);
  const outcome = run.value;
  if (outcome instanceof CommandRunError) {
    if (outcome.reason === 'not-found') return result('not-available', 'TOOL_MISSING', 'The system’s ping tool is not installed, so the gateway could not be pinged.');
    if (outcome.reason === 'timeout') return result('timeout', 'PING_TIMEOUT', `ping did not finish within ${Math.round(budgetMs / 1000)} s.`);
    return result('not-available', 'TOOL_FAILED', `ping could not be run (${outcome.message}).`);
  }
  const text = outcome.stdout.toString('utf8');
  const parsed = parsePing(options.platform, text);
  if (!parsed) {
    const stderr = outcome.stderr.toString('utf8').trim().split(/\r?\n/)[0] ?? '';
    if (/permission|operation not permitted|socket/i.test(stderr)) return result('not-available', 'TOOL_NOT_PERMITTED', `ping is not allowed to send echoes here (${stderr}).`);
    return result('not-available', 'OUTPUT_UNPARSEABLE', `ping's output could not be read${stderr ? ` (${stderr})` : ''}.`);
  }
  const stats = pingStats(parsed);
  const data = { address: options.address, command, ...stats };
  const lossPercent = `${Math.round(stats.loss * 1000) / 10} %`;
  if (stats.received === 0) return result('failed', 'GATEWAY_UNREACHABLE', `The gateway ${options.address} answered none of ${stats.transmitted} pings.`, data);
  const figures = `${stats.received}/${stats.transmitted} replies, loss ${lossPercent}, avg ${stats.avgMs} ms, jitter ${stats.jitterMs} ms`;
  if (stats.loss > LOSS_WARNING) return result('warning', 'PING_LOSS', `The gateway ${options.address} drops pings: ${figures}.`, data);
  if ((stats.jitterMs ?? 0) > JITTER_WARNING_MS) return result('warning', 'PING_JITTER', `The link to the gateway ${options.address} is unsteady: ${figures}.`, data);
  return result('ok', 'PING_OK', `The gateway ${options.address} answers: ${figures}.`, data);
}
