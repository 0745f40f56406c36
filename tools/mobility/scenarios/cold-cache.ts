/**
 * A cold cache: a fresh install in a city the device has never seen. No directory, no
 * history, no habits, no saved networks — every selector starts from the scan alone and
 * learns from its own attempts. The street has a loud open AP with a dead uplink, a
 * flaky one, cafés, a hostel with a slow portal.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, makeAp, MINUTE_STEPS, Route } from './kit.js';

const N = 8;

export const coldCache: ScenarioDefinition = {
  id: 'cold-cache',
  title: 'Cold cache',
  description:
    'A city never visited, fresh install (45 min): street → café → street → hostel lobby. No directory, no history, no saved networks. A loud open AP with a dead uplink, a flaky open AP (40% success), cafés, a hostel network with a slow portal, private networks.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'cold-cache');
    const aps: SimAp[] = [];
    let n = 0;
    const cafeX = d.between('cafe', 250, 350);
    const hostelX = d.between('hostel', 650, 750);
    const deadX = d.between('dead', 80, 600);
    aps.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'FREE_WIFI', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: deadX, y: 8 }, referenceDbm: -28, pathLossExponent: 2.8, truth: { successProbability: 0.97, throughputMbps: 30, uplink: 'down' } }));
    aps.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'Guest', band: '2.4GHz', standard: '802.11g', security: 'open', auth: 'open', at: { x: d.between('flaky', 100, 600), y: 12 }, referenceDbm: -30, pathLossExponent: 2.9, truth: { successProbability: 0.4, throughputMbps: 5, dropsPerHour: 8 } }));
    aps.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Caffè Roma', band: '5GHz', standard: '802.11ac', security: 'open', auth: 'open', at: { x: cafeX, y: 15 }, truth: { successProbability: 0.94, throughputMbps: 50 } }));
    aps.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Caffè Roma', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: cafeX, y: 15 }, truth: { successProbability: 0.92, throughputMbps: 12 } }));
    for (let k = 0; k < 4; k++) {
      aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: `Bar ${k + 1}`, band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 60 + 190 * k + d.between(`bar${k}`, -30, 30), y: 14 }, pathLossExponent: 3.3, truth: { successProbability: d.between(`bar-p${k}`, 0.8, 0.95), throughputMbps: 15 } }));
    }
    for (let k = 0; k < 3; k++) {
      aps.push(makeAp({ bssid: bssid(N, 4, n++), ssid: 'Hostel Sole', band: k === 1 ? '2.4GHz' : '5GHz', standard: k === 1 ? '802.11n' : '802.11ac', security: 'open', auth: 'web-portal', at: { x: hostelX + 20 * k, y: 20 }, truth: { successProbability: 0.93, throughputMbps: 40, portalMs: 20000 } }));
    }
    for (let k = 0; k < 10; k++) {
      aps.push(makeAp({ bssid: bssid(N, 5, n++), ssid: `TIM-${1000 + k}`, band: k % 2 ? '5GHz' : '2.4GHz', standard: '802.11ac', security: 'wpa2-personal', auth: 'psk', at: { x: 40 + 75 * k, y: d.between(`priv${k}`, 10, 30) }, truth: { successProbability: 0.98, throughputMbps: 40 } }));
    }
    const route = new Route({ x: 0, y: 0 })
      .moveTo({ x: cafeX, y: 0 }, 1.2)
      .moveTo({ x: cafeX, y: 10 }, 1.0)
      .stay(d.between('coffee', 900, 1200))
      .moveTo({ x: cafeX, y: 0 }, 1.0)
      .moveTo({ x: hostelX, y: 0 }, 1.2)
      .moveTo({ x: hostelX + 10, y: 15 }, 1.0);
    const durationSteps = 45 * MINUTE_STEPS;
    route.until(durationSteps);
    return {
      scenario: 'cold-cache',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: [],
      prior: { history: [], habits: [] },
      credentials: [],
      operatorPolicy: {},
    };
  },
};
