/**
 * A stale cache: a conference centre the device visited two months ago, with a directory
 * snapshot that is out of date for some APs. Two APs the crowd rated excellent have since
 * broken (a dead uplink, a failing radio), and two the crowd rated broken have been fixed.
 * The device's own two-month-old history agrees with the stale crowd. A selector that
 * trusts the directory must notice, from its own fresh outcomes, that the world moved.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, priorHabit, priorHistory, Route } from './kit.js';

const N = 9;
const SITE = 'messe-hall-4';

export const staleCache: ScenarioDefinition = {
  id: 'stale-cache',
  title: 'Stale cache',
  description:
    'A conference centre visited two months ago (45 min): entrance → hall → session room → hall. Directory and own history are out of date: two APs rated excellent are now broken (dead uplink, failing radio), two rated broken are fixed. 12 provider APs (WISPr), a café, private networks.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'stale-cache');
    const aps: SimAp[] = [];
    let n = 0;
    const messe: SimAp[] = [];
    for (let k = 0; k < 12; k++) {
      const band = k % 3 === 2 ? '2.4GHz' : '5GHz';
      messe.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'Messe-WiFi', provider: 'messe', site: SITE, band, standard: band === '5GHz' ? '802.11ax' : '802.11n', security: 'open', auth: 'wispr', at: { x: 15 + 30 * (k % 6), y: k < 6 ? 5 : 35 }, pathLossExponent: 2.8, truth: { successProbability: d.between(`p${k}`, 0.9, 0.97), throughputMbps: band === '5GHz' ? 90 : 25, portalMs: 5000 } }));
    }
    // What changed since the snapshot: two now broken, two now fixed (seeded which).
    const [b1, b2, f1, f2] = d.pick('changed', messe.length, 4).map((i) => messe[i]!);
    const crowdRate = new Map<SimAp, number>();
    b1!.truth.uplink = 'down';
    crowdRate.set(b1!, 0.95);
    b2!.truth.successProbability = 0.05;
    crowdRate.set(b2!, 0.94);
    crowdRate.set(f1!, 0.08);
    crowdRate.set(f2!, 0.1);
    aps.push(...messe);
    aps.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Messe-Café', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 100, y: -20 }, truth: { successProbability: 0.9, throughputMbps: 15 } }));
    for (let k = 0; k < 6; k++) {
      aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: `Exhibitor-${k}`, band: '5GHz', standard: '802.11ac', security: 'wpa2-personal', auth: 'psk', at: { x: 20 + 35 * k, y: 22 }, referenceDbm: -38, truth: { successProbability: 0.98, throughputMbps: 60 } }));
    }
    // The user spends time by the changed APs: sessions by a now-broken one and a now-fixed one.
    const session = { x: b1!.position.x + 4, y: b1!.position.y + (b1!.position.y > 20 ? -6 : 6) };
    const stand = { x: f1!.position.x + 4, y: f1!.position.y + (f1!.position.y > 20 ? -6 : 6) };
    // Halls are planned like any venue network: an AP every 30 m, so a good one is always in reach.
    const route = new Route({ x: 0, y: 20 })
      .moveTo({ x: 100, y: 20 }, 1.2)
      .stay(120)
      .moveTo(session, 1.0)
      .stay(d.between('session', 900, 1200))
      .moveTo(stand, 1.0)
      .stay(d.between('stand', 600, 900))
      .moveTo({ x: 100, y: 20 }, 1.0);
    const durationSteps = 45 * MINUTE_STEPS;
    route.until(durationSteps);
    const old = (ap: SimAp) => crowdRate.get(ap);
    return {
      scenario: 'stale-cache',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: messe.map((ap) => {
        const rate = old(ap);
        return directoryEntry(ap, d, rate === undefined ? { venueKind: 'conference' } : { venueKind: 'conference', crowdRate: rate });
      }),
      prior: {
        history: messe.map((ap) => {
          const rate = old(ap) ?? 0.95;
          return priorHistory(ap, { attempts: 4, successes: Math.round(4 * rate), daysAgo: 60, throughputMbps: ap.truth.throughputMbps * 0.8, timeToOnlineMs: 5500 });
        }),
        habits: [priorHabit('Messe-WiFi', { uses: 12, daysAgo: 60, onlineHours: 20 })],
      },
      credentials: [],
      operatorPolicy: {},
    };
  },
};
