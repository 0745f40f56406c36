import { describe, expect, test } from 'vitest';
import { RealisedWorld } from '../../tools/mobility/luck.js';
import { runMetrics } from '../../tools/mobility/metrics.js';
import { OraclePlan, oracle } from '../../tools/mobility/oracle.js';
import { POLICIES } from '../../tools/mobility/policies.js';
import { SCENARIOS } from '../../tools/mobility/scenarios/index.js';
import { simulate } from '../../tools/mobility/simulate.js';
import { smallWorld } from './small-world.js';

describe('the clairvoyant oracle is the limit', () => {
  test('on a small world, no policy is online for more steps than the oracle, over many seeds', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const world = new RealisedWorld(smallWorld(seed));
      const best = runMetrics(simulate(world, oracle)).onlineShare;
      // The plan's own bound and the simulated run agree: the planner models the simulator exactly.
      expect(best).toBeCloseTo(new OraclePlan(world).bestOnlineSteps / world.steps, 12);
      for (const policy of POLICIES) expect(runMetrics(simulate(world, policy)).onlineShare).toBeLessThanOrEqual(best);
    }
  });

  test('on a real scenario too (cold cache, one seed)', () => {
    const world = new RealisedWorld(SCENARIOS.find((s) => s.id === 'cold-cache')!.build(1));
    const best = runMetrics(simulate(world, oracle)).onlineShare;
    for (const policy of POLICIES) expect(runMetrics(simulate(world, policy)).onlineShare).toBeLessThanOrEqual(best);
  });
});
