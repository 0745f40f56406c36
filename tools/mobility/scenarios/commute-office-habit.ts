/**
 * A commute with an office habit: leave home (saved network), walk a street of cafés and
 * city hotspots (one loud "Free Public WiFi" that never reaches the internet), ride a
 * tram past city hotspots, then the office lobby where the open guest network is the
 * loudest and the corporate 802.1X network the user works on every day is a few metres
 * further in.
 */
import type { ScenarioDefinition, SimAp, WorldInstance } from '../world.js';
import { bssid, Draw, MINUTE_STEPS, directoryEntry, makeAp, priorHabit, priorHistory, Route } from './kit.js';

const N = 1;

export const commuteOfficeHabit: ScenarioDefinition = {
  id: 'commute-office-habit',
  title: 'Commute with an office habit',
  description:
    'Home → street → tram → office lobby → desk (50 min). Saved home and corporate networks with a daily habit; open cafés and city hotspots on the way; a loud open AP with no internet on the square; the office guest network is the loudest in the lobby.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'commute-office-habit');
    const aps: SimAp[] = [];
    let n = 0;
    const j = (e: string, r: number) => d.between(e, -r, r);
    // Home: one dual-band router, a neighbour's router, an open community hotspot.
    const home5 = makeAp({ bssid: bssid(N, 1, n++), ssid: 'Home-5G', band: '5GHz', standard: '802.11ax', security: 'wpa3-personal', auth: 'psk', at: { x: 0, y: 6 }, pathLossExponent: 3.5, truth: { successProbability: 0.995, throughputMbps: 300 } });
    const home2 = makeAp({ bssid: bssid(N, 1, n++), ssid: 'Home-2G', band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 0, y: 6 }, pathLossExponent: 3.3, truth: { successProbability: 0.99, throughputMbps: 60 } });
    aps.push(home5, home2);
    aps.push(makeAp({ bssid: bssid(N, 1, n++), ssid: 'FRITZ!Box 7590 NX', band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 18, y: 12 }, truth: { successProbability: 0.98, throughputMbps: 50 } }));
    const fon = makeAp({ bssid: bssid(N, 1, n++), ssid: 'Telekom_FON', provider: 'telekom', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'wispr', at: { x: 35 + j('fon', 10), y: -12 }, truth: { successProbability: 0.85, throughputMbps: 8, portalMs: 6000 } });
    aps.push(fon);
    // The street (x 60 … 900): cafés, city hotspots on lamp posts, private routers.
    const city: SimAp[] = [];
    for (let k = 0; k < 5; k++) {
      city.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'CityNet', provider: 'citynet', site: 'citynet-old-town', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'wispr', at: { x: 120 + 180 * k + j(`city${k}`, 30), y: 8 }, pathLossExponent: 2.8, truth: { successProbability: d.between(`city-p${k}`, 0.8, 0.92), throughputMbps: 15, portalMs: 8000 } }));
    }
    const cafes = ['BeanBar Free WiFi', 'Café Central', 'Bäckerei Gast'];
    cafes.forEach((ssid, k) => {
      aps.push(makeAp({ bssid: bssid(N, 3, n++), ssid, band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 200 + 260 * k + j(`cafe${k}`, 40), y: 14 }, pathLossExponent: 3.4, truth: { successProbability: d.between(`cafe-p${k}`, 0.85, 0.95), throughputMbps: 20 } }));
    });
    for (let k = 0; k < 6; k++) {
      aps.push(makeAp({ bssid: bssid(N, 4, n++), ssid: `Vodafone-${(0x7a10 + k).toString(16).toUpperCase()}`, band: k % 2 ? '5GHz' : '2.4GHz', standard: k % 2 ? '802.11ac' : '802.11n', security: 'wpa2-personal', auth: 'psk', at: { x: 90 + 140 * k, y: 16 }, truth: { successProbability: 0.98, throughputMbps: 50 } }));
    }
    // The loud open AP on the square: associates fine, never reaches the internet.
    const squareX = d.between('square', 380, 560);
    aps.push(makeAp({ bssid: bssid(N, 5, n++), ssid: 'Free Public WiFi', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: squareX, y: 6 }, referenceDbm: -28, pathLossExponent: 2.7, truth: { successProbability: 0.97, throughputMbps: 30, uplink: 'down' } }));
    // Tram line (x 900 … 3900): city hotspots at the stops, passed at 6 m/s.
    for (let k = 0; k < 8; k++) {
      city.push(makeAp({ bssid: bssid(N, 6, n++), ssid: 'CityNet', provider: 'citynet', site: 'citynet-tram', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'wispr', at: { x: 1100 + 380 * k + j(`tram${k}`, 40), y: 12 }, pathLossExponent: 2.8, truth: { successProbability: d.between(`tram-p${k}`, 0.8, 0.92), throughputMbps: 12, portalMs: 8000 } }));
    }
    aps.push(...city);
    // The office: corporate 802.1X on 5 and 6 GHz through the floor, the guest network loud in the lobby.
    const corp: SimAp[] = [];
    // Designed for -67 dBm or better at every desk, as enterprise Wi-Fi is.
    const corpSpots = [
      { x: 4090, y: 30 },
      { x: 4115, y: 20 },
      { x: 4100, y: 45 },
      { x: 4075, y: 10 },
    ];
    corpSpots.forEach((p, k) => {
      corp.push(makeAp({ bssid: bssid(N, 7, n++), ssid: 'Acme-Corp', provider: 'acme', band: k % 2 ? '6GHz' : '5GHz', standard: '802.11ax', security: 'wpa2-enterprise', auth: '802.1x', at: p, truth: { successProbability: 0.99, throughputMbps: 400 } }));
    });
    aps.push(...corp);
    const guest = makeAp({ bssid: bssid(N, 8, n++), ssid: 'Acme-Guest', provider: 'acme', band: '5GHz', standard: '802.11ac', security: 'open', auth: 'web-portal', at: { x: 4052, y: 0 }, referenceDbm: -30, truth: { successProbability: d.between('guest-p', 0.9, 0.97), throughputMbps: 20, portalMs: 14000 } });
    aps.push(guest);
    aps.push(makeAp({ bssid: bssid(N, 8, n++), ssid: 'Coffee Corner', band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: 4030, y: -15 }, truth: { successProbability: 0.9, throughputMbps: 15 } }));

    const desk = { x: 4100 + j('desk-x', 15), y: 28 + j('desk-y', 6) };
    const route = new Route({ x: 0, y: 0 })
      .stay(d.between('home-stay', 180, 300))
      .moveTo({ x: 60, y: 0 }, 1.3)
      .moveTo({ x: 900, y: 0 }, 1.3)
      .stay(d.between('tram-wait', 60, 180))
      .moveTo({ x: 3900, y: 0 }, 6)
      .moveTo({ x: 4050, y: 0 }, 1.3)
      .stay(60)
      .moveTo(desk, 1.0);
    const durationSteps = 50 * MINUTE_STEPS;
    route.until(durationSteps);

    const directory = [...city.map((ap) => directoryEntry(ap, d, { venueKind: 'street' })), directoryEntry(fon, d, { venueKind: 'residential' })];
    return {
      scenario: 'commute-office-habit',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory,
      prior: {
        history: [
          priorHistory(home5, { attempts: 300, successes: 299, daysAgo: 0.5, throughputMbps: 280, timeToOnlineMs: 700 }),
          priorHistory(home2, { attempts: 20, successes: 20, daysAgo: 9, throughputMbps: 50, timeToOnlineMs: 700 }),
          ...corp.map((ap) => priorHistory(ap, { attempts: 40, successes: 40, daysAgo: 1, throughputMbps: 350, timeToOnlineMs: 1000 })),
          priorHistory(guest, { attempts: 2, successes: 2, daysAgo: 30, throughputMbps: 18, timeToOnlineMs: 15000 }),
        ],
        habits: [
          priorHabit('Home-5G', { uses: 200, daysAgo: 0.5, onlineHours: 600 }),
          priorHabit('Acme-Corp', { uses: 160, daysAgo: 0.7, onlineHours: 900 }),
          priorHabit('Acme-Guest', { uses: 2, daysAgo: 30, onlineHours: 1 }),
          priorHabit('CityNet', { uses: 6, daysAgo: 3, onlineHours: 2 }),
        ],
      },
      credentials: ['Home-5G', 'Home-2G', 'Acme-Corp'],
      operatorPolicy: {},
    };
  },
};
