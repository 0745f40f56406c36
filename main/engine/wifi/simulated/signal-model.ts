/** Log-distance path loss with seeded fading: how loud an access point is from a point. */
import type { AccessPointSpec } from './world-schema.js';
import { gaussian } from './seeded-random.js';

/** Below this a real radio does not report the BSS at all. */
export const SCAN_FLOOR_DBM = -92;

export function meanSignalDbm(ap: AccessPointSpec, position: { x: number; y: number }): number {
  const distance = Math.max(1, Math.hypot(ap.signal.position.x - position.x, ap.signal.position.y - position.y));
  return ap.signal.referenceDbm - 10 * ap.signal.pathLossExponent * Math.log10(distance);
}

export function sampledSignalDbm(seed: number, ap: AccessPointSpec, position: { x: number; y: number }, scanIndex: number): number {
  const fading = ap.signal.fadingDb * gaussian(seed, `fading:${ap.bssid}`, scanIndex);
  return Math.round(Math.min(-20, Math.max(-110, meanSignalDbm(ap, position) + fading)));
}
