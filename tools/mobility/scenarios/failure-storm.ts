/**
 * A failure storm: at the office, the laptop's own Wi-Fi stack fails for a few minutes
 * (a driver hang, a DHCP client stuck): every attempt on every network fails at once and
 * the current link drops. When it recovers, every AP works again — a selector that blamed
 * and blocked each AP in turn now sits offline, one that suspected the device reconnects
 * at once. One corporate AP by the meeting room is genuinely broken, so blocking still
 * has to work for real faults.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, makeAp, MINUTE_STEPS, priorHabit, priorHistory, Route } from './kit.js';

const N = 5;

export const failureStorm: ScenarioDefinition = {
  id: 'failure-storm',
  title: 'Failure storm (device-side)',
  description:
    'Desk → meeting room → desk at the office (45 min). A device-side fault of 3–6 min makes every attempt on every network fail; afterwards all APs work. Corporate 802.1X (habit), guest network with a portal, a café next door; one corporate AP by the meeting room is genuinely broken.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'failure-storm');
    const aps: SimAp[] = [];
    let n = 0;
    const corp: SimAp[] = [];
    for (let k = 0; k < 6; k++) {
      const at = { x: 15 + 25 * k, y: k % 2 ? 25 : 5 };
      corp.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'Campus', provider: 'acme', band: '5GHz', standard: '802.11ax', security: 'wpa2-enterprise', auth: '802.1x', at, truth: { successProbability: 0.99, throughputMbps: 300 } }));
      aps.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'Campus-Guest', provider: 'acme', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'web-portal', at, truth: { successProbability: 0.95, throughputMbps: 20, portalMs: 10000 } }));
    }
    const meetingX = d.between('meeting', 100, 140);
    const broken = [...corp].sort((a, b) => Math.abs(a.position.x - meetingX) - Math.abs(b.position.x - meetingX))[0]!;
    broken.truth.successProbability = 0.03;
    aps.push(...corp);
    aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: 'Bistro Free', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 60, y: -25 }, truth: { successProbability: 0.9, throughputMbps: 20 } }));
    aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid: 'Printer-DIRECT', band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 30, y: 15 }, referenceDbm: -40, truth: { successProbability: 0.99, throughputMbps: 10 } }));
    const desk = { x: d.between('desk', 20, 60), y: 14 };
    const meeting = { x: meetingX, y: 18 };
    const route = new Route(desk)
      .stay(d.between('desk-1', 600, 900))
      .moveTo(meeting, 1.2)
      .stay(d.between('meeting-len', 900, 1200))
      .moveTo(desk, 1.2);
    const durationSteps = 45 * MINUTE_STEPS;
    route.until(durationSteps);
    const stormFrom = Math.round(d.between('storm-at', 8, 28) * MINUTE_STEPS);
    const stormTo = stormFrom + Math.round(d.between('storm-len', 3, 6) * MINUTE_STEPS);
    return {
      scenario: 'failure-storm',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [{ from: stormFrom, to: stormTo }],
      directory: [],
      prior: {
        history: corp.map((ap) => priorHistory(ap, { attempts: 30, successes: ap === broken ? 2 : 30, daysAgo: 1, throughputMbps: 250, timeToOnlineMs: 1000 })),
        habits: [priorHabit('Campus', { uses: 120, daysAgo: 1, onlineHours: 700 })],
      },
      credentials: ['Campus'],
      operatorPolicy: {},
    };
  },
};
