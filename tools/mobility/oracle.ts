/**
 * The clairvoyant oracle: the limit any policy can reach. It reads the realised world (every
 * attempt's outcome, every future signal, the route) and plans by dynamic programming over
 * (step, state) with the simulator's exact rules, so no policy can be online for more steps
 * than it. Among plans with equal online time it makes the fewest attempts.
 *
 *   W(t)    value of being idle and free to act at step t
 *   O(t, a) value of being online on AP a at step t (after the link check)
 *   A(t, b) value of starting an attempt on b at t: the outcome's end step r = t + steps;
 *           a success arrives online at r (unless the link is lost right then), a failure idles.
 *   A link lost at t leaves the device idle and unable to act until t + LOSS_DETECTION_STEPS.
 */
import { isJoinable } from './joinable.js';
import type { RealisedWorld } from './luck.js';
import type { Action, Policy, PolicyFactory, PolicyView } from './policy.js';
import { STAY } from './policy.js';
import { LOSS_DETECTION_STEPS } from './world.js';

/** Cost of one attempt in online steps: small enough never to trade away online time. */
const ATTEMPT_COST = 1e-4;
const TIE = 1e-9;

export class OraclePlan {
  private readonly idle: Float64Array;
  private readonly onlineValue: Float64Array[];
  private readonly joinable: boolean[];

  constructor(private readonly world: RealisedWorld) {
    const T = world.steps;
    const n = world.world.aps.length;
    const credentials = new Set(world.world.credentials);
    this.joinable = world.world.aps.map((ap) => isJoinable(ap, credentials));
    this.idle = new Float64Array(T + 1);
    this.onlineValue = world.world.aps.map(() => new Float64Array(T + 1).fill(Number.NEGATIVE_INFINITY));
    for (let t = T - 1; t >= 0; t--) {
      // Best and second-best attempt, so "switch to another AP" can exclude the current one.
      let best = Number.NEGATIVE_INFINITY;
      let bestAp = -1;
      let second = Number.NEGATIVE_INFINITY;
      for (let b = 0; b < n; b++) {
        const v = this.attemptValue(t, b);
        if (v > best) {
          second = best;
          best = v;
          bestAp = b;
        } else if (v > second) second = v;
      }
      this.idle[t] = Math.max(this.idle[t + 1]!, best);
      for (let a = 0; a < n; a++) {
        if (!world.visible(a, t)) continue;
        const stay = 1 + this.afterStep(t + 1, a);
        this.onlineValue[a]![t] = Math.max(stay, a === bestAp ? second : best);
      }
    }
  }

  /** Value of being online on a at step t-1 and carrying on into step t. */
  private afterStep(t: number, a: number): number {
    if (t >= this.world.steps) return 0;
    return this.world.linkLost(a, t) ? this.afterLoss(t) : this.onlineValue[a]![t]!;
  }

  /** A link lost at t: offline until the loss is detected, then idle. */
  private afterLoss(t: number): number {
    const free = t + LOSS_DETECTION_STEPS;
    return free >= this.world.steps ? 0 : this.idle[free]!;
  }

  attemptValue(t: number, b: number): number {
    if (!this.joinable[b] || !this.world.visible(b, t)) return Number.NEGATIVE_INFINITY;
    const o = this.world.attempt(b, t);
    const r = t + o.steps;
    if (r >= this.world.steps) return -ATTEMPT_COST;
    if (!o.success) return this.idle[r]! - ATTEMPT_COST;
    return (this.world.linkLost(b, r) ? this.afterLoss(r) : this.onlineValue[b]![r]!) - ATTEMPT_COST;
  }

  /** The most online steps any policy can achieve from the start. */
  get bestOnlineSteps(): number {
    return Math.round(this.idle[0]!);
  }

  decide(step: number, currentAp: number | null): Action {
    const n = this.world.world.aps.length;
    let bestValue = currentAp === null ? this.idle[step + 1]! : 1 + this.afterStep(step + 1, currentAp);
    let action: Action = STAY;
    for (let b = 0; b < n; b++) {
      if (b === currentAp) continue;
      const v = this.attemptValue(step, b);
      if (v > bestValue + TIE) {
        bestValue = v;
        action = { kind: 'connect', bssid: this.world.world.aps[b]!.bssid };
      }
    }
    return action;
  }
}

export const oracle: PolicyFactory = {
  name: 'oracle',
  create(_world, truth): Policy {
    const plan = new OraclePlan(truth);
    return {
      name: 'oracle',
      decide(view: PolicyView): Action {
        return plan.decide(view.step, view.current ? truth.apIndex(view.current.bssid) : null);
      },
    };
  },
};
