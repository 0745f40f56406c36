/**
 * npm run bench:selection -- [--seeds N] [--seed-base B] [--scenarios a,b] [--workers W]
 *
 * Runs every scenario × policy × seed on worker threads (one task = one scenario and one
 * seed), prints each scenario's figures as soon as all its seeds are in, then writes
 * docs/benchmarks/selection.md and selection.json. Deterministic: the same arguments give
 * the same files, whatever the worker count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BASELINES, ORACLE, ROAMDESK } from '../../../tools/mobility/policies.js';
import { SCENARIOS } from '../../../tools/mobility/scenarios/index.js';
import { judgeTargets, summariseScenario, type ScenarioSummary } from './aggregate.js';
import { benchmarkJson } from './report-json.js';
import { benchmarkMarkdown } from './report-markdown.js';
import { MODEL_NOTES } from './model-notes.js';
import { runScenarioSeed, type ScenarioSeedResult } from './run-seed.js';

interface Task {
  scenario: string;
  seed: number;
}
interface Done extends Task {
  result: ScenarioSeedResult;
}

function parseArgs(argv: readonly string[]) {
  const opts = { seeds: 30, seedBase: 1, scenarios: SCENARIOS.map((s) => s.id), workers: Math.max(1, Math.min(os.availableParallelism(), 8)), out: 'docs/benchmarks' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    const int = (name: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer, got ${value}`);
      i++;
      return n;
    };
    if (arg === '--seeds') opts.seeds = int('--seeds');
    else if (arg === '--seed-base') opts.seedBase = int('--seed-base');
    else if (arg === '--workers') opts.workers = int('--workers');
    else if (arg === '--scenarios') {
      const wanted = (value ?? '').split(',').filter(Boolean);
      const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.id === w));
      if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
      opts.scenarios = wanted;
      i++;
    } else if (arg === '--out') {
      opts.out = value ?? opts.out;
      i++;
    } else throw new Error(`unknown argument ${arg}; usage: --seeds N --seed-base B [--scenarios a,b] [--workers W] [--out dir]`);
  }
  return opts;
}

function printScenario(id: string, s: ScenarioSummary): void {
  const r = s.policies[ROAMDESK]!;
  const o = s.policies[ORACLE]!;
  const parts = BASELINES.map((b) => {
    const ci = s.ci[b]!.onlineShare;
    const ratio = r.onlineShare / s.policies[b]!.onlineShare;
    return `${b} ${(s.policies[b]!.onlineShare * 100).toFixed(1)}% (×${ratio.toFixed(2)}, Δ ${(ci.mean * 100).toFixed(1)} pp [${(ci.lo * 100).toFixed(1)}, ${(ci.hi * 100).toFixed(1)}])`;
  });
  console.log(`${id}: roamdesk online ${(r.onlineShare * 100).toFixed(1)}% (${((r.onlineShare / o.onlineShare) * 100).toFixed(1)}% of oracle ${(o.onlineShare * 100).toFixed(1)}%), success ${(r.successRate * 100).toFixed(1)}%, ${r.handoversPerHour.toFixed(1)} handovers/h, ${r.pingPongsPerHour.toFixed(2)} ping-pongs/h, calls interrupted ${r.interruptedCriticalSessions.toFixed(2)} (optional ${r.interruptedByOptionalSwitch.toFixed(2)})`);
  console.log(`    vs ${parts.join('; ')}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const tasks: Task[] = [];
  for (const scenario of opts.scenarios) for (let k = 0; k < opts.seeds; k++) tasks.push({ scenario, seed: opts.seedBase + k });
  const results = new Map<string, ScenarioSeedResult[]>(opts.scenarios.map((s) => [s, new Array<ScenarioSeedResult>(opts.seeds)]));
  const remaining = new Map(opts.scenarios.map((s) => [s, opts.seeds]));
  const summaries: Record<string, ScenarioSummary> = {};
  let totalOptional = 0;
  console.log(`bench:selection — ${opts.scenarios.length} scenarios × ${opts.seeds} seeds (base ${opts.seedBase}) × 5 policies on ${opts.workers} workers`);

  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let live = 0;
    const finishScenario = (scenario: string) => {
      const runs = results.get(scenario)!;
      summaries[scenario] = summariseScenario(scenario, runs);
      totalOptional += runs.reduce((sum, r) => sum + r[ROAMDESK]!.interruptedByOptionalSwitch, 0);
      printScenario(scenario, summaries[scenario]!);
    };
    const startWorker = () => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { worker: true } });
      live++;
      const feed = () => {
        if (next < tasks.length) worker.postMessage(tasks[next++]);
        else void worker.terminate();
      };
      worker.on('message', (done: Done) => {
        results.get(done.scenario)![done.seed - opts.seedBase] = done.result;
        const left = remaining.get(done.scenario)! - 1;
        remaining.set(done.scenario, left);
        // Scenarios are queued in order, so each completes in order too (nearly): print as they finish.
        if (left === 0) finishScenario(done.scenario);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        live--;
        if (live === 0) resolve();
      });
      feed();
    };
    for (let w = 0; w < Math.min(opts.workers, tasks.length); w++) startWorker();
  });

  // Scenario order in the report is the definition order, not completion order.
  const ordered: Record<string, ScenarioSummary> = {};
  for (const id of opts.scenarios) ordered[id] = summaries[id]!;
  const summary = judgeTargets(opts.seeds, opts.seedBase, ordered, totalOptional);
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(path.join(opts.out, 'selection.json'), JSON.stringify(benchmarkJson(summary), null, 2) + '\n');
  writeFileSync(path.join(opts.out, 'selection.md'), benchmarkMarkdown(summary, SCENARIOS, MODEL_NOTES));
  const t = summary.targets;
  console.log('targets:');
  for (const target of [t.beatsEveryBaseline, t.oracleShare, t.noOptionalSwitchInCalls, t.pingPongsPerHour]) console.log(`  ${target.met ? 'MET   ' : 'MISSED'} ${target.detail}`);
  console.log(`wrote ${opts.out}/selection.md and selection.json in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(`bench:selection: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
} else if (workerData?.worker) {
  parentPort!.on('message', (task: Task) => {
    parentPort!.postMessage({ ...task, result: runScenarioSeed(task.scenario, task.seed) } satisfies Done);
  });
}
