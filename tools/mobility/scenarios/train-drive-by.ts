/**
 * A train: the on-board network travels with the device (open, WISPr, a cellular backhaul
 * that drops out in tunnels and dead zones), while platform hotspots of the rail provider
 * flash past at 33 m/s — loud for a few seconds, gone before a portal sign-in finishes —
 * except at the two stops where the train halts for a minute or two. Houses and cafés
 * near the track pass by too.
 */
import type { ScenarioDefinition, SimAp, StepWindow, WorldInstance } from '../world.js';
import { bssid, Draw, directoryEntry, makeAp, MINUTE_STEPS, Route } from './kit.js';

const N = 4;
const SPEED = 33;

export const trainDriveBy: ScenarioDefinition = {
  id: 'train-drive-by',
  title: 'Train drive-by',
  description:
    'A 40 min ride at 120 km/h: on-board Wi-Fi (WISPr, cellular backhaul with 4–6 outages of 40–120 s), platform hotspots passed at speed every ~3 km (in view for a few seconds), two stops of 1–2 min, open networks of houses by the track. Directory with crowd data for the rail provider.',
  build(seed: number): WorldInstance {
    const d = new Draw(seed, 'train-drive-by');
    const durationSteps = 40 * MINUTE_STEPS;
    const outages: StepWindow[] = [];
    const count = d.int('outages', 4, 6);
    for (let k = 0; k < count; k++) {
      const from = Math.floor(((k + 0.2 + 0.6 * d.u('out-at', k)) * durationSteps) / count);
      outages.push({ from, to: from + Math.round(d.between('out-len', 20, 60, k)) });
    }
    let n = 0;
    const onboard = makeAp({ bssid: bssid(N, 1, n++), ssid: 'WIFIonICE', provider: 'db', band: '5GHz', standard: '802.11ac', security: 'open', auth: 'wispr', at: { x: 12, y: 0 }, onboard: true, pathLossExponent: 3.0, truth: { successProbability: 0.95, throughputMbps: 8, portalMs: 5000, dropsPerHour: 1 }, outages });
    const aps: SimAp[] = [onboard];
    const platforms: SimAp[] = [];
    // Stations every ~3 km; the train stops at two of them.
    const stations = 12;
    const stops = d.pick('stops', stations - 2, 2).map((i) => i + 1);
    const route = new Route({ x: 0, y: 0 });
    let x = 0;
    for (let s = 0; s < stations; s++) {
      const sx = 1500 + 3000 * s + d.between(`st${s}`, -400, 400);
      for (let k = 0; k < 2; k++) {
        platforms.push(makeAp({ bssid: bssid(N, 2, n++), ssid: 'RailNet', provider: 'railnet', site: `station-${s}`, band: k ? '2.4GHz' : '5GHz', standard: k ? '802.11n' : '802.11ac', security: 'open', auth: 'wispr', at: { x: sx + 60 * k, y: 9 }, referenceDbm: -30, pathLossExponent: 2.8, truth: { successProbability: d.between(`rp${s}-${k}`, 0.85, 0.95), throughputMbps: 30, portalMs: 6000 } }));
      }
      if (stops.includes(s)) {
        route.moveTo({ x: sx + 30, y: 0 }, SPEED).stay(d.between(`stop${s}`, 60, 120));
        x = sx + 30;
      }
      // Open networks of houses and cafés along the line.
      platforms.push(makeAp({ bssid: bssid(N, 3, n++), ssid: `Café Gleis ${s + 1}`, band: '2.4GHz', standard: '802.11n', security: 'open', auth: 'open', at: { x: sx + d.between(`cafe${s}`, 300, 1200), y: d.between(`cafe-y${s}`, 20, 50) }, pathLossExponent: 2.9, truth: { successProbability: 0.85, throughputMbps: 15 } }));
    }
    aps.push(...platforms);
    route.moveTo({ x: x + SPEED * 2 * 60 * 40, y: 0 }, SPEED);
    route.until(durationSteps);
    return {
      scenario: 'train-drive-by',
      seed,
      durationSteps,
      aps,
      route: route.build(),
      calls: [],
      deviceFaults: [],
      directory: [onboard, ...platforms.filter((ap) => ap.providerId === 'railnet')].map((ap) => directoryEntry(ap, d, { venueKind: 'rail' })),
      prior: { history: [], habits: [] },
      credentials: [],
      operatorPolicy: {},
    };
  },
};
