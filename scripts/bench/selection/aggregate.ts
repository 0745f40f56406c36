/**
 * From per-seed runs to the benchmark's figures: per (scenario, policy) means over seeds,
 * regret against the oracle, paired bootstrap CIs of Roamdesk − each baseline, and the
 * issue's targets judged on them.
 */
import type { RunMetrics } from '../../../tools/mobility/metrics.js';
import { BASELINES, ORACLE, ROAMDESK } from '../../../tools/mobility/policies.js';
import { excludesZeroAbove, type Interval, pairedBootstrapCi, seedFrom } from './bootstrap.js';
import type { ScenarioSeedResult } from './run-seed.js';

export const RESAMPLES = 2000;

/** Metrics reported per policy (mean over seeds; time-to-online over seeds that had a success). */
export interface PolicySummary {
  successRate: number;
  onlineShare: number;
  handoversPerHour: number;
  interruptedCriticalSessions: number;
  timeToOnlineP50: number | null;
  firstAttemptSuccess: number;
  timeToOnlineP95: number | null;
  pingPongsPerHour: number;
  interruptedByOptionalSwitch: number;
  regret: number;
  meanThroughputMbps: number;
}

/** Metrics whose Roamdesk − baseline difference gets a CI; `higherIsBetter` reads its sign. */
export const CI_METRICS = [
  { key: 'onlineShare', higherIsBetter: true },
  { key: 'successRate', higherIsBetter: true },
  { key: 'firstAttemptSuccess', higherIsBetter: true },
  { key: 'timeToOnlineP50', higherIsBetter: false },
  { key: 'handoversPerHour', higherIsBetter: false },
  { key: 'pingPongsPerHour', higherIsBetter: false },
  { key: 'interruptedCriticalSessions', higherIsBetter: false },
] as const;
export type CiMetric = (typeof CI_METRICS)[number]['key'];

export interface ScenarioSummary {
  policies: Record<string, PolicySummary>;
  /** Roamdesk's decision reasons, mean count per run (switches by code; idle steps by code). */
  roamdeskReasons: Record<string, number>;
  /** baseline → metric → CI of Roamdesk − baseline. */
  ci: Record<string, Record<CiMetric, Interval>>;
}

export interface TargetResult {
  met: boolean;
  detail: string;
}

export interface BenchmarkSummary {
  seeds: number;
  seedBase: number;
  scenarios: Record<string, ScenarioSummary>;
  targets: {
    beatsEveryBaseline: TargetResult & { misses: Array<{ scenario: string; baseline: string; ci: Interval }> };
    oracleShare: TargetResult & { ratio: number; perScenario: Record<string, number> };
    noOptionalSwitchInCalls: TargetResult & { total: number };
    pingPongsPerHour: TargetResult & { worst: number; worstScenario: string };
  };
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : null;
}

function metricOf(m: RunMetrics, key: CiMetric): number | null {
  return m[key];
}

/** `runs[i]` is seed `seedBase + i`'s result for this scenario. */
export function summariseScenario(scenario: string, runs: readonly ScenarioSeedResult[]): ScenarioSummary {
  const policies: Record<string, PolicySummary> = {};
  const names = Object.keys(runs[0] ?? {});
  for (const name of names) {
    const per = runs.map((r) => r[name]!);
    const regret = runs.map((r) => r[ORACLE]!.onlineShare - r[name]!.onlineShare);
    policies[name] = {
      successRate: mean(per.map((m) => m.successRate))!,
      onlineShare: mean(per.map((m) => m.onlineShare))!,
      handoversPerHour: mean(per.map((m) => m.handoversPerHour))!,
      interruptedCriticalSessions: mean(per.map((m) => m.interruptedCriticalSessions))!,
      timeToOnlineP50: mean(per.map((m) => m.timeToOnlineP50)),
      firstAttemptSuccess: mean(per.map((m) => m.firstAttemptSuccess))!,
      timeToOnlineP95: mean(per.map((m) => m.timeToOnlineP95)),
      pingPongsPerHour: mean(per.map((m) => m.pingPongsPerHour))!,
      interruptedByOptionalSwitch: mean(per.map((m) => m.interruptedByOptionalSwitch))!,
      regret: mean(regret)!,
      meanThroughputMbps: mean(per.map((m) => m.meanThroughputMbps))!,
    };
  }
  const ci: ScenarioSummary['ci'] = {};
  for (const baseline of BASELINES) {
    const row = {} as Record<CiMetric, Interval>;
    for (const { key } of CI_METRICS) {
      row[key] = pairedBootstrapCi(
        runs.map((r) => metricOf(r[ROAMDESK]!, key)),
        runs.map((r) => metricOf(r[baseline]!, key)),
        { resamples: RESAMPLES, seed: seedFrom(`${scenario}/${baseline}/${key}`) },
      );
    }
    ci[baseline] = row;
  }
  const roamdeskReasons: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r[ROAMDESK]!.reasons)) roamdeskReasons[k] = (roamdeskReasons[k] ?? 0) + v / runs.length;
  return { policies, ci, roamdeskReasons };
}

export function judgeTargets(seeds: number, seedBase: number, scenarios: Record<string, ScenarioSummary>, totalOptionalInCalls: number): BenchmarkSummary {
  const misses: BenchmarkSummary['targets']['beatsEveryBaseline']['misses'] = [];
  const perScenario: Record<string, number> = {};
  let worst = 0;
  let worstScenario = '';
  for (const [id, s] of Object.entries(scenarios)) {
    for (const baseline of BASELINES) {
      const ci = s.ci[baseline]!.onlineShare;
      if (!excludesZeroAbove(ci)) misses.push({ scenario: id, baseline, ci });
    }
    perScenario[id] = s.policies[ROAMDESK]!.onlineShare / s.policies[ORACLE]!.onlineShare;
    const pp = s.policies[ROAMDESK]!.pingPongsPerHour;
    if (pp >= worst) {
      worst = pp;
      worstScenario = id;
    }
  }
  const ratios = Object.values(perScenario);
  const ratio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const pairs = Object.keys(scenarios).length * BASELINES.length;
  return {
    seeds,
    seedBase,
    scenarios,
    targets: {
      beatsEveryBaseline: { met: misses.length === 0, detail: `${pairs - misses.length} of ${pairs} (scenario, baseline) pairs have a 95% CI of the online-share difference above zero`, misses },
      oracleShare: { met: ratio >= 0.95, detail: `Roamdesk reaches ${(ratio * 100).toFixed(1)}% of the oracle's online share on average over scenarios (target ≥ 95%)`, ratio, perScenario },
      noOptionalSwitchInCalls: { met: totalOptionalInCalls === 0, detail: `${totalOptionalInCalls} critical sessions interrupted by an optional switch over all runs (target 0)`, total: totalOptionalInCalls },
      pingPongsPerHour: { met: worst <= 1, detail: `worst scenario mean ${worst.toFixed(2)} ping-pongs/h (${worstScenario}); target ≤ 1`, worst, worstScenario },
    },
  };
}
