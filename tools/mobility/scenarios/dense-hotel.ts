/**
 * A dense hotel: the hotel network on every floor (dual-band APs in the corridors, a web
 * portal), a conference network that is loud by the lobby but has no uplink (as in the
 * demo world), a café across the street, and dozens of guests' and neighbours' private
 * networks. Floors are folded into the plane: 15 m of "distance" per floor stands for the
 * concrete between them.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, Route } from './kit.js';

const N = 3;
const SITE = 'staybright-berlin';
const FLOOR_M = 15;

export const denseHotel: ScenarioDefinition = {
  id: 'dense-hotel',
  title: 'Dense hotel',
  description:
    'Room → lobby breakfast → room (60 min). StayBright dual-band APs on five floors (web portal), a loud conference network by the lobby with a dead uplink, a café across the street, 24 private networks. Directory with crowd data for the hotel.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'dense-hotel');
    const aps: SimAp[] = [];
    let n = 0;
    const hotel: SimAp[] = [];
    for (let floor = 0; floor < 5; floor++) {
      for (let k = 0; k < 3; k++) {
        const at = { x: 10 + 30 * k + d.between(`h-x${floor}-${k}`, -4, 4), y: floor * FLOOR_M };
        const p = d.between(`h-p${floor}-${k}`, 0.88, 0.96);
        hotel.push(makeAp({ bssid: bssid(N, 1 + floor, n++), ssid: 'StayBright-Guest', provider: 'staybright', site: SITE, band: '5GHz', standard: '802.11ac', security: 'open', auth: 'web-portal', at, pathLossExponent: 3.6, truth: { successProbability: p, throughputMbps: 45, portalMs: 9000 } }));
        hotel.push(makeAp({ bssid: bssid(N, 1 + floor, n++), ssid: 'StayBright-Guest', provider: 'staybright', site: SITE, band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'web-portal', at, referenceDbm: -32, pathLossExponent: 3.4, truth: { successProbability: p, throughputMbps: 8, portalMs: 9000 } }));
      }
    }
    aps.push(...hotel);
    const conference = makeAp({ bssid: bssid(N, 7, n++), ssid: 'Lindenhof-Conference', provider: 'staybright', site: SITE, band: '5GHz', standard: '802.11ax', security: 'open', auth: 'open', at: { x: 45 + d.between('conf', -10, 10), y: 2 }, referenceDbm: -28, pathLossExponent: 3.2, truth: { successProbability: 0.98, throughputMbps: 150, uplink: 'down' } });
    aps.push(conference);
    const cafe = makeAp({ bssid: bssid(N, 8, n++), ssid: 'Café Olé', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 100, y: -20 }, pathLossExponent: 3.0, truth: { successProbability: 0.9, throughputMbps: 15 } });
    aps.push(cafe);
    for (let k = 0; k < 24; k++) {
      const band = k % 3 ? '5GHz' : '2.4GHz';
      aps.push(makeAp({ bssid: bssid(N, 9, n++), ssid: `DIRECT-${k}-guest`, band, standard: band === '5GHz' ? '802.11ac' : '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: d.between(`p-x${k}`, -20, 120), y: d.between(`p-y${k}`, -30, 70) }, referenceDbm: -40, truth: { successProbability: 0.97, throughputMbps: 30 } }));
    }
    const floor = 2 + d.int('floor', 0, 2);
    const room = { x: d.between('room', 5, 85), y: floor * FLOOR_M + 6 };
    const lobby = { x: 55 + d.between('table', -10, 10), y: 4 };
    const route = new Route(room)
      .stay(d.between('room-1', 900, 1500))
      .moveTo({ x: 50, y: floor * FLOOR_M }, 1.2)
      .moveTo({ x: 50, y: 0 }, 0.6) // the lift
      .moveTo(lobby, 1.2)
      .stay(d.between('breakfast', 900, 1300))
      .moveTo({ x: 50, y: 0 }, 1.2)
      .moveTo({ x: 50, y: floor * FLOOR_M }, 0.6)
      .moveTo(room, 1.2);
    const durationSteps = 60 * MINUTE_STEPS;
    route.until(durationSteps);
    return {
      scenario: 'dense-hotel',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: [...hotel, conference].map((ap) => directoryEntry(ap, d, { venueKind: 'hotel' })),
      prior: { history: [], habits: [] },
      credentials: [],
      operatorPolicy: {},
    };
  },
};
