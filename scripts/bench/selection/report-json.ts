/**
 * docs/benchmarks/selection.json: `{seeds, scenarios: {<scenario>: {<policy>: {successRate,
 * onlineShare, handoversPerHour, interruptedCriticalSessions, timeToOnlineP50, …}}}}` as the
 * issue fixes it, with the CIs and targets alongside. Numbers are rounded so the committed
 * file diffs readably; time to online is in ms.
 */
import type { BenchmarkSummary } from './aggregate.js';
import type { Interval } from './bootstrap.js';

function r(x: number | null, digits = 4): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits));
}

function interval(ci: Interval): { mean: number | null; lo: number | null; hi: number | null; n: number } {
  return { mean: r(ci.mean), lo: r(ci.lo), hi: r(ci.hi), n: ci.n };
}

export function benchmarkJson(summary: BenchmarkSummary): unknown {
  const scenarios: Record<string, Record<string, unknown>> = {};
  const ci: Record<string, Record<string, Record<string, unknown>>> = {};
  const roamdeskDecisions: Record<string, Record<string, number | null>> = {};
  for (const [id, s] of Object.entries(summary.scenarios)) {
    scenarios[id] = {};
    for (const [policy, m] of Object.entries(s.policies)) {
      scenarios[id]![policy] = {
        successRate: r(m.successRate),
        onlineShare: r(m.onlineShare),
        handoversPerHour: r(m.handoversPerHour, 2),
        interruptedCriticalSessions: r(m.interruptedCriticalSessions, 3),
        timeToOnlineP50: r(m.timeToOnlineP50, 0),
        firstAttemptSuccess: r(m.firstAttemptSuccess),
        timeToOnlineP95: r(m.timeToOnlineP95, 0),
        pingPongsPerHour: r(m.pingPongsPerHour, 2),
        interruptedByOptionalSwitch: r(m.interruptedByOptionalSwitch, 3),
        regretVsOracle: r(m.regret),
        meanThroughputMbps: r(m.meanThroughputMbps, 1),
      };
    }
    roamdeskDecisions[id] = Object.fromEntries(Object.entries(s.roamdeskReasons).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, r(v, 2)]));
    ci[id] = {};
    for (const [baseline, metrics] of Object.entries(s.ci)) {
      ci[id]![baseline] = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, interval(v)]));
    }
  }
  const t = summary.targets;
  return {
    seeds: summary.seeds,
    seedBase: summary.seedBase,
    scenarios,
    ci: { of: 'roamdesk − baseline, paired by seed, percentile bootstrap, 95%', resamples: 2000, byScenario: ci },
    roamdeskDecisions: { of: 'mean count per run: switches by the selector’s decision code and whether the link left was still usable (ground truth); idle steps with networks in view by code', byScenario: roamdeskDecisions },
    targets: {
      beatsEveryBaseline: { met: t.beatsEveryBaseline.met, detail: t.beatsEveryBaseline.detail, misses: t.beatsEveryBaseline.misses.map((m) => ({ scenario: m.scenario, baseline: m.baseline, onlineShareDiff: interval(m.ci) })) },
      oracleShare: { met: t.oracleShare.met, ratio: r(t.oracleShare.ratio), perScenario: Object.fromEntries(Object.entries(t.oracleShare.perScenario).map(([k, v]) => [k, r(v)])) },
      noOptionalSwitchInCalls: { met: t.noOptionalSwitchInCalls.met, total: t.noOptionalSwitchInCalls.total },
      pingPongsPerHour: { met: t.pingPongsPerHour.met, worst: r(t.pingPongsPerHour.worst, 2), worstScenario: t.pingPongsPerHour.worstScenario },
    },
  };
}
