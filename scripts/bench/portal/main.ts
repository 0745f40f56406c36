/**
 * `npm run bench:portal`: association → online on a WISPr hotspot, Roamdesk beside the limit.
 *
 * The gateway (hotspot-in-a-box plus a loopback "internet" answering 204) runs in a child
 * process; this process is the client. For each WISPr flow and each injected per-response
 * delay (the `slowResponsesMs` fault, applied to the 204 too), the same sign-in is done N
 * times by Roamdesk (roamdesk-login.ts) and by the bare minimum exchange (raw-login.ts),
 * interleaved, the hotspot reset before each run. Reported: p50/p95 wall time, the ratio
 * Roamdesk/limit (target ≤ 1.2), and client CPU per login. Writes docs/benchmarks/portal.md.
 *
 * Options: --reps 15  --rtts 0,20,50,100  --delay-reps 3  --delay-rtts 0  --flows <ids>  --no-write
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { HotspotConfigInput } from '../../../tools/hotspot-in-a-box/index.js';
import type { ChildCommand, StartReply } from './hotspot-child.js';
import { type IdleBaseline, type Sample, mean, measureIdle, percentile, sample } from './measure.js';
import { rawLogin } from './raw-login.js';
import { roamdeskLogin } from './roamdesk-login.js';
import { type ReportInput, type ScenarioResult, renderMarkdown, renderTable } from './report.js';

const CREDENTIALS = { username: 'alice', password: 'correct horse' };
const LOGIN_HOST = 'login.skyway.example';
const ALLOWED_DOMAINS = ['skyway.example'];
const WARMUP = 2;

export interface Scenario {
  id: string;
  label: string;
  wispr: NonNullable<HotspotConfigInput['wispr']>;
  /** Seconds of gateway-imposed Delay per login (honoured by both sides). */
  delaySeconds: number;
}

export const SCENARIOS: Scenario[] = [
  { id: 'direct', label: 'direct success (302+Redirect → POST → 120/50)', wispr: { pendingPolls: 0, delaySeconds: 0 }, delaySeconds: 0 },
  { id: 'pending-2', label: 'pending, 2 polls, Delay 0 (120/201 → 140/201 → 140/50)', wispr: { pendingPolls: 2, delaySeconds: 0 }, delaySeconds: 0 },
  { id: 'proxy-first', label: 'proxy first, Delay 0 (110/200 → NextURL → Redirect → POST)', wispr: { proxyFirst: true, delaySeconds: 0 }, delaySeconds: 0 },
];
export const DELAY_SCENARIO: Scenario = { id: 'pending-2-delay-1', label: 'pending, 2 polls, Delay 1 s (Delay honoured: 2 s per login)', wispr: { pendingPolls: 2, delaySeconds: 1 }, delaySeconds: 2 };

interface Options {
  reps: number;
  rtts: number[];
  delayReps: number;
  delayRtts: number[];
  flows: string[];
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { reps: 15, rtts: [0, 20, 50, 100], delayReps: 3, delayRtts: [0], flows: [...SCENARIOS.map((s) => s.id), DELAY_SCENARIO.id], write: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    const list = (value: string) => value.split(',').map((v) => Number(v.trim()));
    if (arg === '--reps') options.reps = Number(next());
    else if (arg === '--rtts') options.rtts = list(next());
    else if (arg === '--delay-reps') options.delayReps = Number(next());
    else if (arg === '--delay-rtts') options.delayRtts = list(next());
    else if (arg === '--flows') options.flows = next().split(',');
    else if (arg === '--no-write') options.write = false;
    else throw new Error(`unknown option ${arg} (options: --reps 15 --rtts 0,20,50,100 --delay-reps 3 --delay-rtts 0 --flows direct,pending-2,proxy-first,pending-2-delay-1 --no-write)`);
  }
  return options;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

class Gateway {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  }

  static async start(childPath: string): Promise<Gateway> {
    const child = fork(childPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}`)));
    });
    return new Gateway(child);
  }

  send<T>(command: WithoutId<ChildCommand>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...command, id });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.send({ cmd: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill(), 2000);
    await exited;
    clearTimeout(timer);
  }
}

async function runScenario(gateway: Gateway, idle: IdleBaseline, scenario: Scenario, rttMs: number, reps: number, warmup: number): Promise<ScenarioResult> {
  const started = await gateway.send<StartReply>({ cmd: 'start', config: { kind: 'wispr', loginHost: LOGIN_HOST, credentials: CREDENTIALS, wispr: scenario.wispr }, rttMs });
  const roamdesk = roamdeskLogin({ ...started, ...CREDENTIALS, allowedDomains: ALLOWED_DOMAINS });
  const secureContext = tls.createSecureContext({ ca: [...tls.rootCertificates, started.caPem] });
  const raw = () => rawLogin({ proxyUrl: started.proxyUrl, probeUrl: started.probeUrl, secureContext, ...CREDENTIALS });
  // Attribution (at 0 ms only): the limit, but with a trust store built per connection as NodeHttpClient does.
  const perConnectionCa = [...tls.rootCertificates, started.caPem];
  const rawCa = () => rawLogin({ proxyUrl: started.proxyUrl, probeUrl: started.probeUrl, secureContext, perConnectionCa, ...CREDENTIALS });
  const attribute = rttMs === 0;

  const roamdeskSamples: Sample[] = [];
  const rawSamples: Sample[] = [];
  const rawCaSamples: Sample[] = [];
  let roamdeskRequests = 0;
  let rawRequests = 0;
  type Side = 'roamdesk' | 'raw' | 'raw-ca';
  const once = async (side: Side, keep: boolean) => {
    await gateway.send({ cmd: 'reset' });
    if (side === 'raw-ca') {
      const { sample: s } = await sample(idle, rawCa);
      if (keep) rawCaSamples.push(s);
    } else if (side === 'roamdesk') {
      const { sample: s, result } = await sample(idle, roamdesk);
      roamdeskRequests = result.requests;
      if (keep) roamdeskSamples.push(s);
    } else {
      const { sample: s, result } = await sample(idle, raw);
      rawRequests = result.requests;
      if (keep) rawSamples.push(s);
    }
  };
  for (let i = 0; i < warmup; i += 1) {
    await once('roamdesk', false);
    await once('raw', false);
  }
  for (let i = 0; i < reps; i += 1) {
    // Interleaved, alternating who goes first, so drift hits both sides alike.
    const order: Side[] = i % 2 === 0 ? ['roamdesk', 'raw'] : ['raw', 'roamdesk'];
    if (attribute) order.push('raw-ca');
    for (const side of order) await once(side, true);
  }
  if (roamdeskRequests !== rawRequests) throw new Error(`${scenario.id}: Roamdesk made ${roamdeskRequests} requests, the limit ${rawRequests}`);
  const stats = (samples: Sample[]) => ({
    p50: percentile(samples.map((s) => s.wallMs), 50),
    p95: percentile(samples.map((s) => s.wallMs), 95),
    cpuMs: mean(samples.map((s) => s.cpuMs)),
  });
  return { scenario: scenario.id, label: scenario.label, rttMs, reps, roundTrips: rawRequests, delaySeconds: scenario.delaySeconds, roamdesk: stats(roamdeskSamples), limit: stats(rawSamples), ...(attribute ? { limitPerConnectionCa: stats(rawCaSamples) } : {}) };
}

/** What building the TLS trust store costs (per connection in NodeHttpClient, which passes `ca`; once in the limit). */
function secureContextCostMs(caPem: string, times = 20): number {
  const ca = [...tls.rootCertificates, caPem];
  tls.createSecureContext({ ca });
  const start = performance.now();
  for (let i = 0; i < times; i += 1) tls.createSecureContext({ ca });
  return (performance.now() - start) / times;
}

export async function runPortalBench(root: string, childPath: string, argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const began = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const gateway = await Gateway.start(childPath);
  const results: ScenarioResult[] = [];
  const delayResults: ScenarioResult[] = [];
  let contextMs = Number.NaN;
  try {
    const idle = await measureIdle(1000);
    for (const scenario of SCENARIOS.filter((s) => options.flows.includes(s.id))) {
      for (const rtt of options.rtts) {
        const result = await runScenario(gateway, idle, scenario, rtt, options.reps, WARMUP);
        results.push(result);
        process.stdout.write(`${renderTable([result], false).split('\n').at(-1)}\n`);
      }
    }
    for (const rtt of options.flows.includes(DELAY_SCENARIO.id) ? options.delayRtts : []) {
      const result = await runScenario(gateway, idle, DELAY_SCENARIO, rtt, options.delayReps, 1);
      delayResults.push(result);
      process.stdout.write(`${renderTable([result], false).split('\n').at(-1)}\n`);
    }
    const probe = await gateway.send<StartReply>({ cmd: 'start', config: { kind: 'wispr', loginHost: LOGIN_HOST }, rttMs: 0 });
    contextMs = secureContextCostMs(probe.caPem);
    const cpu = os.cpus();
    const input: ReportInput = {
      date: new Date().toISOString().slice(0, 10),
      load: [loadAtStart, os.loadavg()[0] ?? 0],
      node: process.version,
      machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`,
      reps: options.reps,
      delayReps: options.delayReps,
      warmup: WARMUP,
      idleCpuPerSecondMs: idle.cpuPerWallMs * 1000,
      secureContextMs: contextMs,
      results,
      delayResults,
      totalSeconds: (performance.now() - began) / 1000,
    };
    process.stdout.write(`\n${renderTable(results, true)}\n\n${renderTable(delayResults, true)}\n`);
    process.stdout.write(`\nTLS trust store (Node roots + hotspot CA) built per connection by NodeHttpClient: ${contextMs.toFixed(2)} ms of CPU each.\n`);
    process.stdout.write(`Total ${input.totalSeconds.toFixed(0)} s.\n`);
    if (options.write) {
      const file = path.join(root, 'docs', 'benchmarks', 'portal.md');
      writeFileSync(file, renderMarkdown(input));
      process.stdout.write(`Wrote ${path.relative(root, file)}\n`);
    }
  } finally {
    await gateway.close();
  }
}
