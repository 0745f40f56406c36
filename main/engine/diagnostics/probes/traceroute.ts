/**
 * Traceroute to a public address (or the portal), through the CommandRunner port:
 *
 *   Linux, macOS  traceroute -n -q 1 -w <seconds> -m <hops> <address>
 *   Windows       tracert -d -h <hops> -w <milliseconds> <address>
 *
 * Output is read into hops: the hop number, the address that answered (null for `*`), and
 * the round-trip times. The product asks for one probe per hop (`-q 1`) to stay fast;
 * the readers take any number.
 */
import { z } from 'zod';

import type { Clock } from '../../ports/clock.js';
import { CommandRunError, type CommandRunner } from '../../ports/command-runner.js';
import { probeBase, runToolWithinBudget, stopwatch } from '../probe-result.js';
import type { DiagPlatform } from './ping.js';

export interface TraceroutePlan {
  address: string;
  maxHops: number;
  /** Per probe. */
  waitMs: number;
}

export function tracerouteCommand(platform: DiagPlatform, plan: TraceroutePlan): { file: string; args: string[] } {
  if (platform === 'win32') return { file: 'tracert', args: ['-d', '-h', String(plan.maxHops), '-w', String(Math.max(1, Math.round(plan.waitMs))), plan.address] };
  return { file: 'traceroute', args: ['-n', '-q', '1', '-w', String(Math.max(1, Math.ceil(plan.waitMs / 1000))), '-m', String(plan.maxHops), plan.address] };
}

export const TracerouteHop = z.object({
  hop: z.number().int().positive(),
  /** null when no hop answered in time (`*`). */
  address: z.string().nullable(),
  rttsMs: z.array(z.number()),
});
export type TracerouteHop = z.infer<typeof TracerouteHop>;

const IP = String.raw`(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)`;

/** traceroute (Linux and macOS): ` 1  192.168.1.1  1.234 ms  0.9 ms`, ` 2  * * *`, and lines that continue a hop with another address. */
export function parseUnixTraceroute(text: string): TracerouteHop[] {
  const hops: TracerouteHop[] = [];
  for (const line of text.split(/\r?\n/)) {
    const head = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!head) continue;
    const hop = Number(head[1]);
    const rest = head[2]!;
    const address = new RegExp(`(?:^|\\s)${IP}(?=\\s|$)`).exec(rest)?.[1] ?? null;
    const rttsMs = [...rest.matchAll(/([\d.]+)\s*ms/g)].map((m) => Number(m[1]));
    hops.push({ hop, address, rttsMs });
  }
  return hops;
}

/** tracert: `  1    <1 ms    <1 ms    <1 ms  192.168.1.1`, `  2     *        *        *     Request timed out.` */
export function parseWindowsTracert(text: string): TracerouteHop[] {
  const hops: TracerouteHop[] = [];
  for (const line of text.split(/\r?\n/)) {
    const head = /^\s*(\d+)\s+((?:(?:<?\d+\s*ms|\*)\s+){1,3})(.*)$/.exec(line);
    if (!head) continue;
    const rttsMs = [...head[2]!.matchAll(/<?(\d+)\s*ms/g)].map((m) => Number(m[1]));
    const address = new RegExp(`${IP}\\s*\\]?\\s*$`).exec(head[3]!.trim())?.[1] ?? null;
    hops.push({ hop: Number(head[1]), address, rttsMs });
  }
  return hops;
}

export function parseTraceroute(platform: DiagPlatform, text: string): TracerouteHop[] {
  return platform === 'win32' ? parseWindowsTracert(text) : parseUnixTraceroute(text);
}

export const TracerouteProbeResult = z.object({
  kind: z.literal('traceroute'),
  ...probeBase,
  data: z.object({ address: z.string(), command: z.array(z.string()), hops: z.array(TracerouteHop), reached: z.boolean() }).nullable(),
});
export type TracerouteProbeResult = z.infer<typeof TracerouteProbeResult>;

export interface TracerouteProbeOptions {
  runner: CommandRunner;
  clock: Clock;
  platform: DiagPlatform;
  address: string | null;
  maxHops?: number;
  waitMs?: number;
  signal?: AbortSignal;
}

export async function probeTraceroute(options: TracerouteProbeOptions): Promise<TracerouteProbeResult> {
  const watch = stopwatch(options.clock);
  const result = (status: TracerouteProbeResult['status'], code: string, summary: string, data: TracerouteProbeResult['data'] = null): TracerouteProbeResult => ({ kind: 'traceroute', status, code, summary, ...watch.stop(), data });
  if (!options.address) return result('not-available', 'NO_TARGET', 'There is no address to trace a route to.');
  const plan = { address: options.address, maxHops: options.maxHops ?? 15, waitMs: options.waitMs ?? 1000 };
  const { file, args } = tracerouteCommand(options.platform, plan);
  // Windows tracert sends three probes a hop; traceroute -q 1 sends one.
  const perHop = options.platform === 'win32' ? 3 : 1;
  const budgetMs = plan.maxHops * perHop * plan.waitMs + 5000;
  const command = [file, ...args];
  const run = await runToolWithinBudget(options.runner, file, args, budgetMs, options.signal);
  if (!run.ok) return result('timeout', 'TRACEROUTE_TIMEOUT', `${file} did not finish within ${Math.round(budgetMs / 1000)} s.`);
  const outcome = run.value;
  if (outcome instanceof CommandRunError) {
    if (outcome.reason === 'not-found') return result('not-available', 'TOOL_MISSING', `The system’s ${file} tool is not installed, so the route could not be traced.`);
    if (outcome.reason === 'timeout') return result('timeout', 'TRACEROUTE_TIMEOUT', `${file} did not finish within ${Math.round(budgetMs / 1000)} s.`);
    return result('not-available', 'TOOL_FAILED', `${file} could not be run (${outcome.message}).`);
  }
  const hops = parseTraceroute(options.platform, outcome.stdout.toString('utf8'));
  if (hops.length === 0) {
    const stderr = outcome.stderr.toString('utf8').trim().split(/\r?\n/)[0] ?? '';
    return result('not-available', 'OUTPUT_UNPARSEABLE', `${file}'s output could not be read${stderr ? ` (${stderr})` : ''}.`);
  }
  const reached = hops.some((hop) => hop.address === options.address);
  const data = { address: options.address, command, hops, reached };
  const answered = hops.filter((hop) => hop.address !== null).length;
  if (reached) return result('ok', 'ROUTE_OK', `${options.address} was reached in ${hops.find((hop) => hop.address === options.address)!.hop} hop(s).`, data);
  if (answered === 0) return result('failed', 'ROUTE_NO_ANSWER', `No hop on the way to ${options.address} answered.`, data);
  const last = [...hops].reverse().find((hop) => hop.address !== null)!;
  return result('warning', 'ROUTE_INCOMPLETE', `The route to ${options.address} stops answering after hop ${last.hop} (${last.address}); many routers do not answer traceroute, so this alone is not a fault.`, data);
}
