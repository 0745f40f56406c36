/**
 * A small hand-built world for the simulator's tests: a corridor with three open APs (one
 * good, one with a dead uplink and loud, one flaky), walked end to end in 10 minutes, with
 * one call. Small enough for exhaustive checks, rich enough that policies differ.
 */
import { bssid, makeAp, MINUTE_STEPS, Route } from '../../tools/mobility/scenarios/kit.js';
import type { WorldInstance } from '../../tools/mobility/world.js';

export function smallWorld(seed: number): WorldInstance {
  const good = makeAp({ bssid: bssid(99, 1, 1), ssid: 'Good', band: '5GHz', standard: '802.11ax', security: 'open', auth: 'open', at: { x: 20, y: 5 }, truth: { successProbability: 0.9, throughputMbps: 80 } });
  const dead = makeAp({ bssid: bssid(99, 1, 2), ssid: 'Loud but dead', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 60, y: 3 }, referenceDbm: -28, truth: { successProbability: 0.98, throughputMbps: 30, uplink: 'down' } });
  const flaky = makeAp({ bssid: bssid(99, 1, 3), ssid: 'Flaky', band: '5GHz', standard: '802.11ac', security: 'open', auth: 'wispr', at: { x: 100, y: 5 }, truth: { successProbability: 0.5, throughputMbps: 40, portalMs: 5000, dropsPerHour: 10 } });
  const route = new Route({ x: 0, y: 0 }).moveTo({ x: 120, y: 0 }, 0.4).until(10 * MINUTE_STEPS);
  return {
    scenario: 'small-test-world',
    seed,
    durationSteps: 10 * MINUTE_STEPS,
    aps: [good, dead, flaky],
    route: route.build(),
    calls: [{ from: 60, to: 180, process: 'ms-teams.exe' }],
    deviceFaults: [],
    directory: [],
    prior: { history: [], habits: [] },
    credentials: [],
    operatorPolicy: {},
  };
}
