/**
 * Strongest signal: what a plain OS connection manager does. Joins the loudest network it
 * may join; once online, moves only when another is clearly louder (a hysteresis margin, as
 * every real client has). No memory of failures: a broken but loud AP is retried.
 */
import { isJoinable } from '../joinable.js';
import type { Action, PolicyFactory, PolicyView } from '../policy.js';
import { STAY } from '../policy.js';

/** A candidate must be this much louder than the current link to move (legacy roaming delta). */
const SWITCH_MARGIN_DB = 8;
/** Nothing weaker is joined: the driver's own floor. */
const ENTRY_FLOOR_DBM = -85;

export const strongestSignal: PolicyFactory = {
  name: 'strongest',
  create() {
    return {
      name: 'strongest',
      decide(view: PolicyView): Action {
        const best = view.scan.find((b) => b.signalDbm >= ENTRY_FLOOR_DBM && isJoinable(b, view.credentials));
        if (!best) return STAY;
        if (!view.current) return { kind: 'connect', bssid: best.bssid };
        if (best.bssid !== view.current.bssid && best.signalDbm >= view.current.signalDbm + SWITCH_MARGIN_DB) return { kind: 'connect', bssid: best.bssid };
        return STAY;
      },
    };
  },
};
