/**
 * The realised world: every random outcome of one (scenario, seed), as a pure function of
 * (seed, entity, index) through the repo's seeded-random. Outcomes are keyed by AP and
 * step, never by who asks or how often: an attempt on AP a at step t has the same result
 * for every policy, so policies differ only by their choices (common random numbers), and
 * the oracle can read the whole table in advance.
 *
 * Values are computed lazily and memoised: most APs are out of range most of the time.
 */
import { gaussian, uniform } from '../../main/engine/wifi/simulated/seeded-random.js';
import { positionAt } from './route.js';
import { FAILURE_STEPS, LINK_LOSS_DBM, SCAN_FLOOR_DBM, STEP_MS, type SimAp, type StepWindow, type WorldInstance } from './world.js';

/** Shadowing is correlated from one step to the next (AR(1)): people and walls move slowly. */
const SHADOW_RHO = 0.7;
/** An AP whose mean signal is this far under the scan floor cannot fade into view (> 4σ). */
const OUT_OF_REACH_DB = 16;

export interface AttemptOutcome {
  success: boolean;
  /** Steps until the device is online (success) or free to try again (failure); ≥ 1. */
  steps: number;
  /** Association + DHCP + portal, for a success. */
  timeToOnlineMs: number;
  failure: 'rejected' | 'no-internet' | null;
}

function inWindow(windows: readonly StepWindow[] | undefined, step: number): boolean {
  return !!windows?.some((w) => step >= w.from && step < w.to);
}

/** Association gets harder near the edge: full odds from -75 dBm, none at -90 dBm. */
export function signalFactor(signalDbm: number): number {
  return Math.min(1, Math.max(0, (signalDbm + 90) / 15));
}

export class RealisedWorld {
  readonly steps: number;
  private readonly signals: Float64Array[];
  private readonly attempts = new Map<number, AttemptOutcome>();
  /** 0 not computed yet, 1 holds, 2 lost. */
  private readonly lost: Uint8Array[];
  private readonly index = new Map<string, number>();

  constructor(readonly world: WorldInstance) {
    this.steps = world.durationSteps;
    this.signals = world.aps.map(() => new Float64Array(0));
    this.lost = world.aps.map(() => new Uint8Array(0));
    world.aps.forEach((ap, i) => this.index.set(ap.bssid, i));
  }

  apIndex(bssid: string): number {
    const i = this.index.get(bssid);
    if (i === undefined) throw new Error(`unknown BSSID ${bssid}`);
    return i;
  }

  meanSignalDbm(ap: SimAp, step: number): number {
    const device = positionAt(this.world.route, step);
    const d = ap.onboard ? Math.hypot(ap.position.x, ap.position.y) : Math.hypot(ap.position.x - device.x, ap.position.y - device.y);
    return ap.referenceDbm - 10 * ap.pathLossExponent * Math.log10(Math.max(1, d));
  }

  /** The signal a scan reports for AP i at a step, or NaN when the radio cannot see it. */
  signal(i: number, step: number): number {
    let row = this.signals[i]!;
    if (row.length === 0) row = this.signals[i] = this.computeSignals(i);
    return row[step] ?? Number.NaN;
  }

  private computeSignals(i: number): Float64Array {
    const ap = this.world.aps[i]!;
    const row = new Float64Array(this.steps).fill(Number.NaN);
    const { seed, scenario } = this.world;
    let shadow = 0;
    let previousInReach = false;
    for (let t = 0; t < this.steps; t++) {
      const mean = this.meanSignalDbm(ap, t);
      if (mean < SCAN_FLOOR_DBM - OUT_OF_REACH_DB) {
        previousInReach = false;
        continue;
      }
      const g = gaussian(seed, `${scenario}/fading/${ap.bssid}`, t);
      // Entering reach starts from the stationary distribution; then the shadow drifts.
      shadow = previousInReach ? SHADOW_RHO * shadow + Math.sqrt(1 - SHADOW_RHO ** 2) * ap.fadingDb * g : ap.fadingDb * g;
      previousInReach = true;
      const dbm = Math.round(Math.min(-20, mean + shadow));
      if (dbm >= SCAN_FLOOR_DBM) row[t] = dbm;
    }
    return row;
  }

  visible(i: number, step: number): boolean {
    return !Number.isNaN(this.signal(i, step));
  }

  /** Whether AP i's backhaul or the device itself is down at a step. */
  outage(i: number, step: number): boolean {
    return inWindow(this.world.aps[i]!.outages, step);
  }

  deviceFault(step: number): boolean {
    return inWindow(this.world.deviceFaults, step);
  }

  /** Whether a link on AP i is lost at this step (signal under the loss level, or its backhaul fails). */
  linkLost(i: number, step: number): boolean {
    let row = this.lost[i]!;
    if (row.length === 0) row = this.lost[i] = new Uint8Array(this.steps);
    if (row[step] === 0) row[step] = this.computeLinkLost(i, step) ? 2 : 1;
    return row[step] === 2;
  }

  private computeLinkLost(i: number, step: number): boolean {
    const s = this.signal(i, step);
    if (Number.isNaN(s) || s < LINK_LOSS_DBM || this.outage(i, step) || this.deviceFault(step)) return true;
    const drops = this.world.aps[i]!.truth.dropsPerHour;
    return drops > 0 && uniform(this.world.seed, `${this.world.scenario}/drop/${this.world.aps[i]!.bssid}`, step) < (drops * STEP_MS) / 3_600_000;
  }

  /** What an attempt on AP i started at a step leads to. Only for visible APs. */
  attempt(i: number, step: number): AttemptOutcome {
    const key = i * this.steps + step;
    const cached = this.attempts.get(key);
    if (cached) return cached;
    const ap = this.world.aps[i]!;
    const { seed, scenario } = this.world;
    const signal = this.signal(i, step);
    const u = uniform(seed, `${scenario}/associate/${ap.bssid}`, step);
    let outcome: AttemptOutcome;
    if (Number.isNaN(signal) || u >= ap.truth.successProbability * signalFactor(signal)) {
      outcome = { success: false, steps: FAILURE_STEPS.rejected, timeToOnlineMs: 0, failure: 'rejected' };
    } else if (ap.truth.uplink === 'down' || this.outage(i, step) || this.deviceFault(step)) {
      outcome = { success: false, steps: FAILURE_STEPS.noInternet, timeToOnlineMs: 0, failure: 'no-internet' };
    } else {
      // A portal login varies (page load, redirects): lognormal around the AP's typical time.
      const portal = ap.truth.portalMs > 0 ? ap.truth.portalMs * Math.exp(0.35 * gaussian(seed, `${scenario}/portal/${ap.bssid}`, step)) : 0;
      const timeToOnlineMs = Math.round(ap.truth.associationMs + portal);
      outcome = { success: true, steps: Math.max(1, Math.ceil(timeToOnlineMs / STEP_MS)), timeToOnlineMs, failure: null };
    }
    this.attempts.set(key, outcome);
    return outcome;
  }

  /** Throughput measured while online on AP i at a step (what the cache would record). */
  throughputMbps(i: number, step: number): number {
    const ap = this.world.aps[i]!;
    const s = this.signal(i, step);
    const rate = Number.isNaN(s) ? 0 : Math.min(1, Math.max(0.05, (s + 90) / 30));
    return ap.truth.throughputMbps * rate * (0.75 + 0.5 * uniform(this.world.seed, `${this.world.scenario}/throughput/${ap.bssid}`, step));
  }
}
