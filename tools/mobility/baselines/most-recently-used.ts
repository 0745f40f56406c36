/**
 * Most recently used: the "connect automatically to known networks" behaviour of desktop
 * OSes. When offline it joins the network (SSID) it was last online on, among those in
 * view, at its loudest AP; with nothing known in view, the loudest joinable one. Once
 * online it stays until the link drops, roaming only within the same SSID when the link is
 * weak (as drivers do by themselves).
 */
import { isJoinable } from '../joinable.js';
import type { Action, PolicyFactory, PolicyView } from '../policy.js';
import { STAY } from '../policy.js';

const ENTRY_FLOOR_DBM = -85;
/** Driver roaming within one SSID: below this, look for a louder AP of the same network. */
const ROAM_TRIGGER_DBM = -75;
const ROAM_MARGIN_DB = 8;

export const mostRecentlyUsed: PolicyFactory = {
  name: 'most-recent',
  create() {
    return {
      name: 'most-recent',
      decide(view: PolicyView): Action {
        const joinable = view.scan.filter((b) => b.signalDbm >= ENTRY_FLOOR_DBM && isJoinable(b, view.credentials));
        if (joinable.length === 0) return STAY;
        if (view.current) {
          const current = view.current;
          if (current.signalDbm >= ROAM_TRIGGER_DBM) return STAY;
          const sibling = joinable.find((b) => b.ssidHex === current.ssidHex && b.bssid !== current.bssid);
          return sibling && sibling.signalDbm >= current.signalDbm + ROAM_MARGIN_DB ? { kind: 'connect', bssid: sibling.bssid } : STAY;
        }
        let best = joinable[0]!;
        let bestUsedAt = Number.NEGATIVE_INFINITY;
        for (const b of joinable) {
          const usedAt = view.cache.habits.get(b.ssidHex)?.lastUsedAt ?? Number.NEGATIVE_INFINITY;
          // Scan is loudest first, so the first AP of the most recent SSID is its loudest.
          if (usedAt > bestUsedAt) {
            best = b;
            bestUsedAt = usedAt;
          }
        }
        return { kind: 'connect', bssid: best.bssid };
      },
    };
  },
};
