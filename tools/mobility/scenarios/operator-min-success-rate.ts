/**
 * An operator's minimum success rate: the organisation requires 80% connection success.
 * A station concourse where the partner provider's APs by the food court and the ticket
 * hall are overloaded (35–55% of attempts succeed, links dropped often) — loud, because the
 * crowds are right under them — while good APs of the same provider are a little further
 * off. The directory's crowd data knows which are which.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, Route } from './kit.js';

const N = 7;
const SITE = 'hbf-concourse';

export const operatorMinSuccessRate: ScenarioDefinition = {
  id: 'operator-min-success-rate',
  title: 'Operator minimum success rate',
  description:
    'A station concourse (45 min): food court, ticket hall, platform walk. Operator policy: successRate.minimum 0.8. Overloaded partner APs (35–55% success, ~20 drops/h) are the loudest where the user lingers; good ones of the same provider are 20–30 m further. Directory with crowd data; no own history.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'operator-min-success-rate');
    const aps: SimAp[] = [];
    let n = 0;
    const foodCourt = { x: d.between('food', 60, 90), y: 10 };
    const ticketHall = { x: d.between('tickets', 200, 240), y: 10 };
    const hub: SimAp[] = [];
    // Overloaded APs right above where people gather.
    for (const [k, spot] of [foodCourt, ticketHall].entries()) {
      hub.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'HBF-WiFi', provider: 'railnet', site: SITE, band: '5GHz', standard: '802.11ac', security: 'open', auth: 'wispr', at: { x: spot.x + 3, y: 14 }, referenceDbm: -30, truth: { successProbability: d.between(`bad${k}`, 0.35, 0.55), throughputMbps: 6, portalMs: 5000, dropsPerHour: 20 } }));
    }
    // Good APs of the same provider every ~45 m.
    for (let k = 0; k < 7; k++) {
      hub.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'HBF-WiFi', provider: 'railnet', site: SITE, band: k % 2 ? '2.4GHz' : '5GHz', standard: k % 2 ? '802.11n' : '802.11ax', security: 'open', auth: 'wispr', at: { x: 10 + 48 * k + d.between(`g${k}`, -6, 6), y: k % 2 ? 30 : 0 }, truth: { successProbability: d.between(`gp${k}`, 0.9, 0.97), throughputMbps: 60, portalMs: 5000 } }));
    }
    aps.push(...hub);
    aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: 'BurgerPlace Free', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: foodCourt.x - 12, y: 25 }, referenceDbm: -38, truth: { successProbability: 0.6, throughputMbps: 4, dropsPerHour: 10 } }));
    for (let k = 0; k < 6; k++) {
      aps.push(makeAp({ bssid: bssid(N, 4, n++), ssid: `Kiosk-${k}`, band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 30 + 50 * k, y: 35 }, truth: { successProbability: 0.98, throughputMbps: 20 } }));
    }
    const route = new Route({ x: 0, y: 10 })
      .moveTo(foodCourt, 1.2)
      .stay(d.between('eat', 900, 1200))
      .moveTo(ticketHall, 1.2)
      .stay(d.between('queue', 420, 720))
      .moveTo({ x: 320, y: 10 }, 1.2)
      .stay(300)
      .moveTo(foodCourt, 1.2);
    const durationSteps = 45 * MINUTE_STEPS;
    route.until(durationSteps);
    return {
      scenario: 'operator-min-success-rate',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: hub.map((ap) => directoryEntry(ap, d, { venueKind: 'station' })),
      prior: { history: [], habits: [] },
      credentials: [],
      operatorPolicy: { successRate: { minimum: 0.8 } },
    };
  },
};
