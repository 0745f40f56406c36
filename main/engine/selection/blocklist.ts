/**
 * The blocklist: a BSSID that keeps failing is set aside for a while, so the selector does
 * not hammer a broken AP; the time doubles each time it is blocked again.
 *
 * - Blocked on the `failuresToBlock`-th consecutive failure (default 4: fewer would block
 *   APs for a passing interference burst, more wastes the user's minutes).
 * - Backoff: base × 2^(streak−1), capped (defaults 5 min doubling, at most 60 min).
 *   `streak` counts blocks in a row; a success clears the entry, so a recovered AP starts
 *   over. A failure after a block expires re-blocks at once (the streak of failures never
 *   ended), with the doubled backoff.
 * - Early release: an AP blocked while weak is often fine up close; a clear rise of its
 *   signal (default 8 dB above the signal at block time) releases it before time.
 * - Device suspect: when every AP tried recently failed, across several networks, the
 *   common factor is this device (driver, adapter, clock, credentials), not the APs.
 *   Then no new block is applied and existing blocks are not trusted by the ranking.
 */
import type { BlockState, Candidate } from './facts.js';
import { defaultSelectionPolicy, type SelectionPolicy } from './policy.js';

export interface AttemptOutcomeFacts {
  bssid: string;
  outcome: 'success' | 'failure';
  /** Failures since the last success, INCLUDING this attempt (0 after a success). */
  consecutiveFailures: number;
  /** The AP's signal during the attempt. */
  signalDbm: number;
  /** Epoch ms of the outcome. */
  at: number;
  /** From suspectDevice(): when true, a failure blames the device and blocks nothing. */
  deviceSuspect?: boolean;
}

/** How long the `streak`-th block in a row lasts. */
export function backoffMs(streak: number, policy: SelectionPolicy = defaultSelectionPolicy): number {
  const { baseBackoffMs, maxBackoffMs } = policy.blocklist;
  // 2^30 already exceeds any sane cap; bounding the exponent keeps the number finite.
  return Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.min(Math.max(streak, 1) - 1, 30));
}

/** The block state after one attempt's outcome: null when the BSSID is not (or no longer) blocked. */
export function onAttemptOutcome(prev: BlockState | null, attempt: AttemptOutcomeFacts, policy: SelectionPolicy = defaultSelectionPolicy): BlockState | null {
  if (attempt.outcome === 'success') return null;
  // Still blocked (the user forced an attempt): the running block stands as it is. An AP
  // released early by a signal rise that fails again is blocked anew, one streak longer.
  if (isBlocked(prev, attempt.signalDbm, attempt.at, policy)) return prev;
  if (attempt.deviceSuspect === true) return prev;
  if (attempt.consecutiveFailures < policy.blocklist.failuresToBlock) return prev;
  const streak = (prev?.streak ?? 0) + 1;
  return { bssid: attempt.bssid, streak, blockedUntil: attempt.at + backoffMs(streak, policy), signalAtBlockDbm: attempt.signalDbm };
}

/** Whether a block still holds now, given the AP's current signal. */
export function isBlocked(block: BlockState | null, currentSignalDbm: number, now: number, policy: SelectionPolicy = defaultSelectionPolicy): boolean {
  if (block === null || now >= block.blockedUntil) return false;
  return currentSignalDbm < block.signalAtBlockDbm + policy.blocklist.earlyReleaseDb;
}

/**
 * Every AP tried within the window failed its latest attempt, and they are enough APs on
 * enough different networks that the APs are unlikely to be at fault together.
 */
export function suspectDevice(candidates: readonly Candidate[], now: number, policy: SelectionPolicy = defaultSelectionPolicy): boolean {
  const { deviceSuspectWindowMs, deviceSuspectMinAps, deviceSuspectMinSsids } = policy.blocklist;
  const since = now - deviceSuspectWindowMs;
  let failedAps = 0;
  let firstSsid: string | null = null;
  let ssids: Set<string> | null = null;
  for (const c of candidates) {
    const h = c.history;
    if (h === null || h.lastAttemptAt === null || h.lastAttemptAt < since) continue;
    if (h.consecutiveFailures === 0) return false; // a recent success: the device works
    failedAps++;
    // Count distinct SSIDs without allocating a set in the common one-SSID case.
    if (firstSsid === null) firstSsid = c.ssidHex;
    else if (c.ssidHex !== firstSsid) (ssids ??= new Set([firstSsid])).add(c.ssidHex);
  }
  const distinctSsids = ssids?.size ?? (firstSsid === null ? 0 : 1);
  return failedAps >= deviceSuspectMinAps && distinctSsids >= deviceSuspectMinSsids;
}
