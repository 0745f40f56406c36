/**
 * An airport site: one provider's APs along the terminal (open, WISPr sign-in), two of them
 * broken — one rejects almost every association (as in the demo world), one associates but
 * its uplink is dead — and both sit by the gate where the traveller waits, so they are the
 * loudest there. The directory ships crowd data for the whole site. A second, slower
 * airport network with a form portal, a lounge and shops (passwords) complete the air.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, Route } from './kit.js';

const N = 2;
const SITE = 'fra-terminal-1';

export const airportSite: ScenarioDefinition = {
  id: 'airport-site',
  title: 'Airport site',
  description:
    'Check-in → security queue → walk to the gate → wait → board (45 min). 25 SkyFi APs (open, WISPr) along a 600 m terminal, two broken ones by the gate (one rejects 95% of associations and drops the rest, one has a dead uplink), a slower airport network with a form portal, lounge and shop networks without passwords. Directory with crowd data for the site; no own history.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'airport-site');
    const aps: SimAp[] = [];
    let n = 0;
    const gateX = d.between('gate', 300, 520);
    const skyfi: SimAp[] = [];
    // Planned for coverage like a real terminal: an AP every ~24 m, -75 dBm or better everywhere.
    for (let k = 0; k < 25; k++) {
      const band = k % 3 === 2 ? '2.4GHz' : k % 3 === 1 ? '6GHz' : '5GHz';
      skyfi.push(
        makeAp({
          bssid: bssid(N, 1, n++),
          ssid: 'SkyFi',
          provider: 'skyfi',
          site: SITE,
          band,
          standard: band === '2.4GHz' ? '802.11n' : '802.11ax',
          security: 'open',
          auth: 'wispr',
          at: { x: 12 + 24 * k + d.between(`sky-x${k}`, -5, 5), y: k % 2 ? 32 : 6 },
          pathLossExponent: 2.8,
          truth: { successProbability: d.between(`sky-p${k}`, 0.92, 0.98), throughputMbps: band === '2.4GHz' ? 30 : d.between(`sky-t${k}`, 80, 160), portalMs: 4000 },
        }),
      );
    }
    // The two APs nearest the gate are the broken ones: one rejects nearly every association
    // and drops the few it accepts (a failing radio), one has a dead uplink.
    const byGate = [...skyfi].sort((a, b) => Math.abs(a.position.x - gateX) - Math.abs(b.position.x - gateX));
    byGate[0]!.truth.successProbability = 0.05;
    byGate[0]!.truth.dropsPerHour = 30;
    byGate[0]!.referenceDbm = -30;
    byGate[1]!.truth.uplink = 'down';
    aps.push(...skyfi);
    const airportFree: SimAp[] = [];
    for (let k = 0; k < 4; k++) {
      airportFree.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Airport-Free-WiFi', provider: 'fraport', site: SITE, band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'web-portal', at: { x: 80 + 150 * k, y: 20 }, truth: { successProbability: 0.9, throughputMbps: 6, portalMs: 25000 } }));
    }
    aps.push(...airportFree);
    aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: 'Lufthansa Lounge', band: '5GHz', standard: '802.11ac', security: 'wpa2-personal', auth: 'psk', at: { x: gateX + 40, y: 45 }, truth: { successProbability: 0.99, throughputMbps: 200 } }));
    for (let k = 0; k < 5; k++) {
      aps.push(makeAp({ bssid: bssid(N, 4, n++), ssid: `Shop-${k + 1}`, band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 60 + 120 * k, y: 40 }, truth: { successProbability: 0.98, throughputMbps: 40 } }));
    }
    const seat = { x: gateX + d.between('seat', -6, 6), y: 10 };
    const route = new Route({ x: 0, y: 15 })
      .stay(120)
      .moveTo({ x: 100, y: 15 }, 1.2)
      .stay(d.between('queue', 360, 600))
      .moveTo({ x: gateX, y: 15 }, 1.3)
      .moveTo(seat, 0.8)
      .stay(d.between('wait', 1200, 1500))
      .moveTo({ x: gateX + 60, y: 0 }, 0.8);
    const durationSteps = 45 * MINUTE_STEPS;
    route.until(durationSteps);
    return {
      scenario: 'airport-site',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: [...skyfi, ...airportFree].map((ap) => directoryEntry(ap, d, { venueKind: 'airport' })),
      prior: { history: [], habits: [] },
      credentials: [],
      operatorPolicy: {},
    };
  },
};
