/**
 * Calls during movement: three calls (Teams, Zoom, Webex) while the user walks from the
 * desk to a meeting room, out of the building and down the street to a café. The office
 * has corporate 802.1X APs every 25 m; outside, city hotspots and the café. A switch while
 * the link still carries the call drops its audio; Roamdesk should hold such switches and
 * move only when the link is about to go.
 */
import type { CallWindow, ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, priorHabit, priorHistory, Route } from './kit.js';

const N = 6;

export const callsDuringMovement: ScenarioDefinition = {
  id: 'calls-during-movement',
  title: 'Calls during movement',
  description:
    'Desk → meeting room → out of the office → street → café (40 min) with three calls of 5–9 min (Teams, Zoom, Webex) started at seeded times, two of them while walking. Corporate 802.1X every 25 m (habit), guest network, city hotspots and a café outside.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'calls-during-movement');
    const aps: SimAp[] = [];
    let n = 0;
    const corp: SimAp[] = [];
    for (let k = 0; k < 8; k++) {
      const at = { x: 10 + 25 * k, y: k % 2 ? 18 : 2 };
      corp.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'Acme-Corp', provider: 'acme', band: k % 3 === 2 ? '6GHz' : '5GHz', standard: '802.11ax', security: 'wpa2-enterprise', auth: '802.1x', at, truth: { successProbability: 0.99, throughputMbps: 350 } }));
      if (k % 2 === 0) aps.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Acme-Guest', provider: 'acme', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'web-portal', at, referenceDbm: -32, truth: { successProbability: 0.95, throughputMbps: 20, portalMs: 12000 } }));
    }
    aps.push(...corp);
    const city: SimAp[] = [];
    for (let k = 0; k < 4; k++) {
      city.push(makeAp({ bssid: bssid(N, 3, n++), ssid: 'CityNet', provider: 'citynet', site: 'citynet-centre', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'wispr', at: { x: 260 + 140 * k + d.between(`c${k}`, -20, 20), y: -20 }, pathLossExponent: 2.8, truth: { successProbability: d.between(`cp${k}`, 0.82, 0.92), throughputMbps: 15, portalMs: 7000 } }));
    }
    aps.push(...city);
    const cafeX = d.between('cafe', 700, 780);
    aps.push(makeAp({ bssid: bssid(N, 4, n++), ssid: 'Café Milano', band: '5GHz', standard: '802.11ac', security: 'open', auth: 'open', at: { x: cafeX, y: -30 }, truth: { successProbability: 0.93, throughputMbps: 40 } }));
    const desk = { x: 30, y: 10 };
    const meeting = { x: 150 + d.between('room', -10, 10), y: 10 };
    const route = new Route(desk)
      .stay(d.between('desk', 240, 480))
      .moveTo(meeting, 1.0)
      .stay(d.between('meeting', 300, 480))
      .moveTo({ x: 210, y: -20 }, 1.2)
      .moveTo({ x: cafeX, y: -20 }, 1.3)
      .moveTo({ x: cafeX, y: -28 }, 1.0);
    const durationSteps = 40 * MINUTE_STEPS;
    route.until(durationSteps);
    // Call 1 starts at the desk and continues on the walk to the meeting room; call 2 starts
    // as the user leaves the building; call 3 at the café.
    const w = route.build();
    const leaveDesk = w[1]!.atStep;
    const leaveOffice = w[3]!.atStep;
    const calls: CallWindow[] = [
      { from: leaveDesk - Math.round(d.between('c1', 1, 3) * MINUTE_STEPS), to: 0, process: 'ms-teams.exe' },
      { from: leaveOffice - Math.round(d.between('c2', 0, 1) * MINUTE_STEPS), to: 0, process: 'CptHost.exe' },
      { from: w[5]!.atStep + Math.round(d.between('c3', 1, 3) * MINUTE_STEPS), to: 0, process: 'Webex.exe' },
    ];
    calls.forEach((c, k) => (c.to = Math.min(durationSteps, c.from + Math.round(d.between('len', 5, 9, k) * MINUTE_STEPS))));
    // One call at a time: a call ends before the next begins.
    for (let k = 0; k + 1 < calls.length; k++) calls[k]!.to = Math.min(calls[k]!.to, calls[k + 1]!.from - 1);
    return {
      scenario: 'calls-during-movement',
      seed,
      durationSteps,
      aps,
      route: w,
      calls,
      deviceFaults: [],
      directory: city.map((ap) => directoryEntry(ap, d, { venueKind: 'street' })),
      prior: {
        history: corp.map((ap) => priorHistory(ap, { attempts: 25, successes: 25, daysAgo: 1, throughputMbps: 300, timeToOnlineMs: 1000 })),
        habits: [priorHabit('Acme-Corp', { uses: 150, daysAgo: 1, onlineHours: 800 })],
      },
      credentials: ['Acme-Corp'],
      operatorPolicy: {},
    };
  },
};
