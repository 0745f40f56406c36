/**
 * Building blocks for scenarios: seeded draws scoped to one (scenario, seed), access
 * points from a few realistic profiles, routes from walking/riding legs, and the cache and
 * directory entries a scenario starts with. All layout randomness comes from `Draw`, so a
 * scenario's world is a pure function of its seed.
 */
import type { Band, PhyStandard, Security } from '../../../preload/contract.js';
import type { AuthMethod, BssidHistory, DirectoryHotspot, NetworkHabit } from '../../../main/engine/selection/facts.js';
import { frequencyOfChannel, ssidToHex } from '../../../main/engine/wifi/bss.js';
import { uniform } from '../../../main/engine/wifi/simulated/seeded-random.js';
import { START_EPOCH_MS, STEP_MS, type ApTruth, type Point, type SimAp, type Waypoint } from '../world.js';

export const MINUTE_STEPS = 60_000 / STEP_MS;
export const DAY_MS = 86_400_000;

/** Seeded draws for one (scenario, seed): `draw.u('which-ap', 0)` in [0, 1). */
export class Draw {
  constructor(
    readonly seed: number,
    readonly scope: string,
  ) {}

  u(entity: string, index = 0): number {
    return uniform(this.seed, `${this.scope}/layout/${entity}`, index);
  }

  between(entity: string, lo: number, hi: number, index = 0): number {
    return lo + (hi - lo) * this.u(entity, index);
  }

  int(entity: string, lo: number, hiInclusive: number, index = 0): number {
    return Math.min(hiInclusive, lo + Math.floor((hiInclusive - lo + 1) * this.u(entity, index)));
  }

  /** k distinct indices out of n (a seeded partial shuffle). */
  pick(entity: string, n: number, k: number): number[] {
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < Math.min(k, n); i++) {
      const j = i + Math.floor(this.u(entity, i) * (n - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, k);
  }
}

/** Locally administered BSSIDs: 02:<scenario>:<group>:00:00:<n>. */
export function bssid(scenario: number, group: number, n: number): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `02:${hex(scenario)}:${hex(group)}:00:${hex(n >> 8)}:${hex(n & 0xff)}`;
}

export interface ApInput {
  bssid: string;
  ssid: string;
  provider?: string | null;
  site?: string | null;
  band: Band;
  channel?: number;
  standard: PhyStandard;
  security: Security;
  auth: AuthMethod;
  at: Point;
  widthMhz?: number;
  /** dBm at 1 m; -35 for a ceiling AP, -30 for a loud one, -45 for a phone. */
  referenceDbm?: number;
  /** ~2.7 outdoors, 3.2 in open halls, 3.6 through walls and floors. */
  pathLossExponent?: number;
  fadingDb?: number;
  onboard?: boolean;
  truth: Partial<ApTruth> & { successProbability: number; throughputMbps: number };
  outages?: SimAp['outages'];
}

const DEFAULT_CHANNEL: Record<Band, number> = { '2.4GHz': 6, '5GHz': 36, '6GHz': 37 };

export function makeAp(input: ApInput): SimAp {
  const channel = input.channel ?? DEFAULT_CHANNEL[input.band];
  const ap: SimAp = {
    bssid: input.bssid,
    ssid: input.ssid,
    providerId: input.provider ?? null,
    siteId: input.site ?? null,
    band: input.band,
    frequencyMhz: frequencyOfChannel(input.band, channel),
    standard: input.standard,
    security: input.security,
    channelWidthMhz: input.widthMhz ?? (input.band === '2.4GHz' ? 20 : 80),
    authMethod: input.auth,
    position: input.at,
    referenceDbm: input.referenceDbm ?? -35,
    pathLossExponent: input.pathLossExponent ?? 3.2,
    fadingDb: input.fadingDb ?? 3,
    truth: {
      uplink: 'ok',
      associationMs: input.auth === '802.1x' || input.auth === 'passpoint' ? 900 : 600,
      portalMs: 0,
      dropsPerHour: 0.3,
      ...input.truth,
    },
  };
  if (input.onboard) ap.onboard = true;
  if (input.outages) ap.outages = input.outages;
  return ap;
}

/** The chance a crowd member's attempt got online, as the directory would have measured it. */
export function effectiveSuccess(ap: SimAp): number {
  return ap.truth.uplink === 'down' ? 0 : ap.truth.successProbability;
}

/**
 * The directory's entry for an AP: crowd outcomes drawn around `crowdRate` (the truth by
 * default; a stale directory passes an old rate) with a seeded number of attempts.
 */
export function directoryEntry(ap: SimAp, draw: Draw, opts: { crowdRate?: number; crowdThroughputMbps?: number | null; attempts?: number; venueKind?: string } = {}): DirectoryHotspot {
  const attempts = opts.attempts ?? Math.round(draw.between(`crowd-n/${ap.bssid}`, 40, 400));
  const rate = opts.crowdRate ?? effectiveSuccess(ap);
  // Binomial noise by its normal approximation, clamped.
  const sd = Math.sqrt(Math.max(rate * (1 - rate), 0.0025) / attempts);
  const noisy = Math.min(1, Math.max(0, rate + sd * (2 * draw.u(`crowd-s/${ap.bssid}`) - 1) * 1.7));
  return {
    bssid: ap.bssid,
    ssidHex: ssidToHex(ap.ssid),
    providerId: ap.providerId ?? 'unknown',
    siteId: ap.siteId,
    authMethod: ap.authMethod,
    realmPrefix: null,
    venueKind: opts.venueKind ?? null,
    standard: ap.standard,
    band: ap.band,
    lat: null,
    lon: null,
    crowdAttempts: attempts,
    crowdSuccesses: Math.round(noisy * attempts),
    crowdThroughputMbps: opts.crowdThroughputMbps === undefined ? Math.round(ap.truth.throughputMbps * draw.between(`crowd-t/${ap.bssid}`, 0.7, 1.1)) : opts.crowdThroughputMbps,
  };
}

/** Own history from earlier days (a warm cache). */
export function priorHistory(ap: SimAp, opts: { attempts: number; successes: number; daysAgo: number; throughputMbps?: number; timeToOnlineMs?: number }): BssidHistory {
  const at = START_EPOCH_MS - opts.daysAgo * DAY_MS;
  return {
    bssid: ap.bssid,
    attempts: opts.attempts,
    successes: opts.successes,
    consecutiveFailures: opts.successes === opts.attempts ? 0 : 0,
    lastAttemptAt: at,
    lastSuccessAt: opts.successes > 0 ? at : null,
    meanThroughputMbps: opts.throughputMbps ?? null,
    timeToOnlineMsP50: opts.timeToOnlineMs ?? null,
  };
}

export function priorHabit(ssid: string, opts: { uses: number; daysAgo: number; onlineHours: number }): NetworkHabit {
  return { ssidHex: ssidToHex(ssid), uses: opts.uses, lastUsedAt: START_EPOCH_MS - opts.daysAgo * DAY_MS, onlineMs: opts.onlineHours * 3_600_000 };
}

/** A route built leg by leg, in metres and seconds. */
export class Route {
  private readonly points: Waypoint[];
  private step = 0;
  private here: Point;

  constructor(start: Point) {
    this.here = start;
    this.points = [{ atStep: 0, position: start }];
  }

  /** Stay put for a while. */
  stay(seconds: number): this {
    this.step += Math.round((seconds * 1000) / STEP_MS);
    this.points.push({ atStep: this.step, position: this.here });
    return this;
  }

  /** Move in a straight line at a speed (m/s): 1.3 walking, 5 a tram, 33 a train. */
  moveTo(to: Point, speedMps: number): this {
    const seconds = Math.hypot(to.x - this.here.x, to.y - this.here.y) / speedMps;
    this.step += Math.max(1, Math.round((seconds * 1000) / STEP_MS));
    this.here = to;
    this.points.push({ atStep: this.step, position: to });
    return this;
  }

  /** Stay put until a given step (the end of the scenario). */
  until(step: number): this {
    if (step > this.step) {
      this.step = step;
      this.points.push({ atStep: step, position: this.here });
    }
    return this;
  }

  get steps(): number {
    return this.step;
  }

  build(): Waypoint[] {
    return this.points;
  }
}
