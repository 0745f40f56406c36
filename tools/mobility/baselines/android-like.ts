/**
 * An Android-like selector, after AOSP's WifiNetworkSelector + ThroughputScorer +
 * WifiBlocklistMonitor, simplified: per-band entry thresholds; a score of saturating RSSI,
 * a predicted-throughput term (band, standard, width), a saved-network award, a security
 * award and a current-network bonus; re-selection only when the current link is
 * insufficient, at most every 10 s; its own BSSID blocklist (3 failures in a row, or one
 * failed internet validation, blocks for 5 min doubling per streak). It has no crowd data,
 * no site pooling, no habits beyond "saved", and no notion of calls.
 */
import type { Band } from '../../../preload/contract.js';
import type { Bss } from '../../../main/engine/wifi/bss.js';
import type { AttemptResult } from '../device-cache.js';
import { isJoinable } from '../joinable.js';
import type { Action, Policy, PolicyFactory, PolicyView } from '../policy.js';
import { STAY } from '../policy.js';

const ENTRY_DBM: Record<Band, number> = { '2.4GHz': -80, '5GHz': -77, '6GHz': -77 };
/** The current link is sufficient (no re-selection) at or above this. */
const SUFFICIENT_DBM: Record<Band, number> = { '2.4GHz': -73, '5GHz': -70, '6GHz': -70 };
const RSSI_SATURATION_DBM: Record<Band, number> = { '2.4GHz': -60, '5GHz': -57, '6GHz': -57 };
const RSSI_OFFSET = 85;
const RSSI_SLOPE = 4;
const SAVED_AWARD = 500;
const SECURED_AWARD = 80;
const CURRENT_BONUS = 40; // ~ 10 dB of RSSI
const MIN_SELECTION_INTERVAL_MS = 10_000;
const FAILURES_TO_BLOCK = 3;
const BASE_BLOCK_MS = 5 * 60_000;
const MAX_BLOCK_MS = 80 * 60_000;

function predictedMbps(b: Bss): number {
  const perStream = b.standard === '802.11be' || b.standard === '802.11ax' ? 1.4 : b.standard === '802.11ac' ? 1.1 : b.standard === '802.11n' ? 0.6 : 0.2;
  const snrFactor = Math.min(1, Math.max(0, (b.signalDbm + 90) / 30));
  return 100 * perStream * (b.channelWidthMhz / 40) * snrFactor;
}

interface BlockEntry {
  failures: number;
  streak: number;
  until: number;
}

export const androidLike: PolicyFactory = {
  name: 'android-like',
  create(): Policy {
    const blocks = new Map<string, BlockEntry>();
    let lastSelectionAt = Number.NEGATIVE_INFINITY;
    const score = (b: Bss, view: PolicyView): number => {
      const rssi = Math.min(b.signalDbm, RSSI_SATURATION_DBM[b.band]);
      let s = (rssi + RSSI_OFFSET) * RSSI_SLOPE + Math.min(predictedMbps(b), 800) / 8;
      if (view.credentials.has(b.ssid)) s += SAVED_AWARD;
      if (b.security !== 'open' && b.security !== 'owe') s += SECURED_AWARD;
      if (view.current?.bssid === b.bssid) s += CURRENT_BONUS;
      return s;
    };
    return {
      name: 'android-like',
      observeAttempt(result: AttemptResult) {
        const entry = blocks.get(result.bssid) ?? { failures: 0, streak: 0, until: 0 };
        if (result.success) entry.failures = 0;
        else {
          entry.failures += 1;
          if (entry.failures >= FAILURES_TO_BLOCK || result.failure === 'no-internet') {
            entry.until = result.at + Math.min(MAX_BLOCK_MS, BASE_BLOCK_MS * 2 ** entry.streak);
            entry.streak += 1;
            entry.failures = 0;
          }
        }
        blocks.set(result.bssid, entry);
      },
      decide(view: PolicyView): Action {
        if (view.current) {
          const band = view.scan.find((b) => b.bssid === view.current!.bssid)?.band ?? '2.4GHz';
          if (view.current.signalDbm >= SUFFICIENT_DBM[band]) return STAY;
          if (view.now - lastSelectionAt < MIN_SELECTION_INTERVAL_MS) return STAY;
        }
        const candidates = view.scan.filter(
          (b) => b.signalDbm >= ENTRY_DBM[b.band] && isJoinable(b, view.credentials) && (blocks.get(b.bssid)?.until ?? 0) <= view.now,
        );
        // The current link stays a candidate while it holds, even under the entry threshold.
        const current = view.current ? view.scan.find((b) => b.bssid === view.current!.bssid) : undefined;
        if (current && !candidates.includes(current)) candidates.push(current);
        if (candidates.length === 0) return STAY;
        lastSelectionAt = view.now;
        let best = candidates[0]!;
        for (const b of candidates) if (score(b, view) > score(best, view)) best = b;
        return best.bssid === view.current?.bssid ? STAY : { kind: 'connect', bssid: best.bssid };
      },
    };
  },
};
