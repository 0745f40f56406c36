/** One (scenario, seed) of the benchmark: every policy on the same realised world. */
import { RealisedWorld } from '../../../tools/mobility/luck.js';
import { runMetrics, type RunMetrics } from '../../../tools/mobility/metrics.js';
import { POLICIES } from '../../../tools/mobility/policies.js';
import { SCENARIOS } from '../../../tools/mobility/scenarios/index.js';
import { simulate } from '../../../tools/mobility/simulate.js';

/** policy → metrics. */
export type ScenarioSeedResult = Record<string, RunMetrics>;

export function runScenarioSeed(scenarioId: string, seed: number): ScenarioSeedResult {
  const scenario = SCENARIOS.find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
  const world = new RealisedWorld(scenario.build(seed));
  const out: ScenarioSeedResult = {};
  for (const policy of POLICIES) out[policy.name] = runMetrics(simulate(world, policy));
  return out;
}
