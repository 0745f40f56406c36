/**
 * Hysteresis: staying put is worth something. Every switch costs a re-association (a
 * second or two of no traffic, often a portal round trip), so:
 * - the current link gets a bonus (default 8 points of 100): a newcomer must be clearly
 *   better, not better by noise;
 * - optional re-selections are at least `minReselectIntervalMs` apart (default 60 s);
 * - going back to an AP left within `pingPongWindowMs` (default 5 min) — A→B→A — needs a
 *   further `pingPongMargin` (default 20 points): the reason to leave it was recent.
 */
import type { SelectionPolicy } from './policy.js';
import type { SelectionContext } from './types.js';

/** Milliseconds still to wait before an optional switch, or 0. */
export function reselectWaitMs(context: SelectionContext, policy: SelectionPolicy): number {
  if (context.lastSwitchAt === null) return 0;
  return Math.max(0, context.lastSwitchAt + policy.hysteresis.minReselectIntervalMs - context.now);
}

/** When the device left `target` for the current link within the ping-pong window: that time, else null. */
export function leftRecently(target: string, context: SelectionContext, policy: SelectionPolicy): number | null {
  const switches = context.recentSwitches;
  const current = context.current?.bssid;
  if (switches === undefined || current === undefined) return null;
  const since = context.now - policy.hysteresis.pingPongWindowMs;
  for (let i = switches.length - 1; i >= 0; i--) {
    const s = switches[i]!;
    if (s.at < since) break;
    if (s.from === target && s.to === current) return s.at;
  }
  return null;
}
