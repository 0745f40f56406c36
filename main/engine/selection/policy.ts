/**
 * The selection policy: every weight, threshold and list an operator may set. The default
 * is what Roamdesk does out of the box; an operator's configuration is a partial override
 * merged onto it section by section (lists replace, they do not append, so an operator can
 * also empty a default list). Unknown keys are errors: a typo in managed configuration
 * must fail loudly, not silently do nothing.
 *
 * Scores are in points: at full marks the quality weights add up to 100, so the
 * hysteresis bonus and margins below read as "points out of 100".
 */
import { z } from 'zod';
import { Security } from '../../../preload/contract.js';
import { RoamdeskError } from '../errors.js';
import { CriticalAppSpecSchema, defaultCriticalApps } from './critical-apps.js';

const Points = z.number().min(0).max(1000);
const Dbm = z.number().min(-120).max(0);
const Ms = z.number().int().min(0);
const Rate = z.number().min(0).max(1);

const WeightsSchema = z.strictObject({
  signal: Points,
  band: Points,
  standard: Points,
  throughput: Points,
  successRate: Points,
  portalFriction: Points,
  habit: Points,
});

const MinDbmSchema = z.strictObject({ '2.4GHz': Dbm, '5GHz': Dbm, '6GHz': Dbm });

const SignalSchema = z.strictObject({
  /** Entry threshold per band: weaker networks are not joined. */
  minDbm: MinDbmSchema,
  /** Beyond this, more signal adds nothing: it already carries any rate the AP's backhaul can. */
  sufficientDbm: Dbm,
  /** Exit threshold: the current link is kept down to here, and is "lost" below it. */
  usableFloorDbm: Dbm,
  /**
   * Entry threshold when nothing else qualifies (the second, relaxed pass): a weak link
   * beats none. Below the usable floor: a link joined this weak may be kept only briefly,
   * but the device is offline otherwise.
   */
  lastResortDbm: Dbm,
});

/**
 * SSID entries match the SSID as text; `hex:<bytes>` matches the raw SSID bytes (for
 * SSIDs that are not UTF-8).
 */
const ListsSchema = z.strictObject({
  preferredSsids: z.array(z.string()),
  prohibitedSsids: z.array(z.string()),
  /** When not empty, only these SSIDs (or the allowed providers) may be joined. */
  allowedSsids: z.array(z.string()),
  preferredProviders: z.array(z.string()),
  prohibitedProviders: z.array(z.string()),
  allowedProviders: z.array(z.string()),
  /** Providers the organisation contracts with (credentials provisioned): top bucket. */
  managedProviders: z.array(z.string()),
});

const SuccessRateSchema = z.strictObject({
  /**
   * A filter, not a weight: below this pooled rate, with enough evidence, a BSSID is skipped
   * while anything else qualifies. 0 disables.
   */
  minimum: Rate,
  /** Attempts (own + capped crowd) needed before the minimum applies. */
  minimumEvidence: z.number().min(0),
  /** One own attempt counts as this many crowd attempts: it is this device, its drivers and credentials. */
  ownWeight: z.number().min(0),
  /** Crowd evidence is scaled down to at most this many attempts, so a famous AP's history cannot drown out ours. */
  crowdEvidenceCap: z.number().min(0),
  /**
   * Crowd outcomes are undated: per failure in this device's current failure streak (aged
   * like own evidence), the crowd's evidence is multiplied by this. 1 disables.
   */
  crowdDiscountPerFailure: Rate,
  /** Pseudo-attempts the site's other APs contribute as the prior of an AP. */
  sitePriorStrength: z.number().min(0),
  /**
   * Own evidence halves in weight every this many days since the BSSID's last attempt: an
   * AP's behaviour two months ago says less than this morning's (APs get fixed and break).
   */
  ownHalfLifeDays: z.number().positive(),
});

const ThroughputSchema = z.strictObject({
  /** Mbps beyond which more throughput adds nothing for laptop work. */
  sufficientMbps: z.number().positive(),
  /**
   * Without a measurement (own or crowd), the radio's estimate is capped here: a hotspot's
   * uplink, not its radio, is usually the limit, and an unmeasured AP must not look better
   * than a measured one just because it advertises 802.11ax at 160 MHz.
   */
  unmeasuredCapMbps: z.number().positive(),
});

const HabitsSchema = z.strictObject({
  /** A network's habit strength halves every this many days without use. */
  halfLifeDays: z.number().positive(),
  /** Habit strength (0..1) from which a network counts as habitual (its own bucket). */
  habitualMin: Rate,
  /** Uses at which the habit's frequency part is full. */
  usesForFullStrength: z.number().positive(),
});

const ManualSchema = z.strictObject({
  /** A manual choice is respected while its best AP is at least this strong. */
  floorDbm: Dbm,
});

const HysteresisSchema = z.strictObject({
  /** Points added to the current link: a newcomer must beat it by more than this. */
  currentBonus: Points,
  /** No optional re-selection sooner than this after the last switch. */
  minReselectIntervalMs: Ms,
  /** Going back to an AP left within this window is a ping-pong... */
  pingPongWindowMs: Ms,
  /** ...and needs this many points of advantage on top of the current bonus. */
  pingPongMargin: Points,
  /**
   * Moving between APs of the same network (SSID) gains nothing but signal, and scan
   * signals fade by several dB from one scan to the next: such a move needs this many
   * points on top of the current bonus.
   */
  sameNetworkMargin: Points,
  /**
   * Joining a network costs its sign-in (a web portal: seconds offline, perhaps a click).
   * An optional switch needs this many points × the target's sign-in friction (0..1) more.
   */
  signInMargin: Points,
  /**
   * An optional move to a better bucket needs the target this strong on its recent scans
   * (or no weaker than the current link): policy picks the network, not a weak link over a
   * working one.
   */
  bucketSwitchMinDbm: Dbm,
});

const BlocklistSchema = z.strictObject({
  /** Consecutive failures that block a BSSID. */
  failuresToBlock: z.number().int().min(1),
  /** First block's length; doubles per block in a row. */
  baseBackoffMs: Ms,
  maxBackoffMs: Ms,
  /** A blocked BSSID is released early when its signal rises this much above the signal at block time. */
  earlyReleaseDb: z.number().min(0),
  /** The device is suspected when every AP tried within this window failed... */
  deviceSuspectWindowMs: Ms,
  /** ...and they are at least this many APs... */
  deviceSuspectMinAps: z.number().int().min(1),
  /** ...of at least this many different networks (SSIDs). */
  deviceSuspectMinSsids: z.number().int().min(1),
  /**
   * When nothing else qualifies, a blocked AP is still tried, at most once per this
   * interval: a block exists to steer the device to an alternative, and without one it
   * only keeps the device offline (a train's on-board AP after an uplink outage).
   */
  aloneRetryMs: Ms,
  /**
   * A blocked AP that got the device online within this long is probably in a passing
   * outage (a train's uplink in a tunnel): networks only just in view are not counted as
   * alternatives to retrying it.
   */
  recentlyGoodMs: Ms,
});

const HandoverSchema = z.strictObject({
  /** How far ahead the signal forecast looks. */
  horizonMs: Ms,
  /** Fewer samples than this: no forecast (the scan signal stands). */
  minSamples: z.number().int().min(2),
  /** Only the newest samples count: the forecast follows the latest movement. */
  maxSamples: z.number().int().min(2),
  /** Samples older than this are ignored. */
  sampleMaxAgeMs: Ms,
  /** The samples must span at least this long: a line through a few seconds fits fading, not movement. */
  minSpanMs: Ms,
  /** A fall slower than this (dB/s) is not a trend worth forecasting. */
  minFallDbPerS: z.number().min(0),
  /** The fall must also exceed its own standard error this many times (fading is ±3 dB from scan to scan). */
  slopeSignificance: z.number().min(0),
  /**
   * A Wi-Fi link counts as lost (a forced switch) once its signal has been below the usable
   * floor on this many scans in a row: fading dips of one or two scans are common.
   */
  lossConfirmScans: z.number().int().min(1),
  /** A forecast loss (→ cellular) counts only while the signal is already within this many dB of the usable floor. */
  nearFloorDb: z.number().min(0),
  /**
   * During a call, a link below this on the current and recent scans is degraded (calls
   * break up): a switch to a clearly stronger AP is then made, not held.
   */
  degradedDbm: Dbm,
  /**
   * An AP whose recent scans change faster than this (dB/s, either way) is being passed at
   * speed (a platform from a train): no optional switch goes to it.
   */
  passingDbPerS: z.number().positive(),
  /** A forced switch goes only to an AP at least this many dB stronger than the current one (recent scans). */
  forcedTargetMarginDb: z.number().min(0),
});

export const SelectionPolicySchema = z
  .strictObject({
    weights: WeightsSchema,
    signal: SignalSchema,
    minSecurity: Security,
    successRate: SuccessRateSchema,
    throughput: ThroughputSchema,
    habits: HabitsSchema,
    manual: ManualSchema,
    hysteresis: HysteresisSchema,
    blocklist: BlocklistSchema,
    handover: HandoverSchema,
    lists: ListsSchema,
    criticalApps: z.array(CriticalAppSpecSchema),
  })
  .superRefine((policy, ctx) => {
    for (const band of ['2.4GHz', '5GHz', '6GHz'] as const) {
      if (policy.signal.sufficientDbm <= policy.signal.minDbm[band]) {
        ctx.addIssue({ code: 'custom', path: ['signal', 'sufficientDbm'], message: `must be stronger than signal.minDbm.${band} (${policy.signal.minDbm[band]} dBm)` });
      }
    }
    if (policy.blocklist.maxBackoffMs < policy.blocklist.baseBackoffMs) {
      ctx.addIssue({ code: 'custom', path: ['blocklist', 'maxBackoffMs'], message: 'must be at least blocklist.baseBackoffMs' });
    }
    if (policy.handover.maxSamples < policy.handover.minSamples) {
      ctx.addIssue({ code: 'custom', path: ['handover', 'maxSamples'], message: 'must be at least handover.minSamples' });
    }
  });

export type SelectionPolicy = z.infer<typeof SelectionPolicySchema>;

/** What an operator writes: any section, any key within it. */
export const SelectionPolicyOverrideSchema = z.strictObject({
  weights: WeightsSchema.partial().optional(),
  signal: SignalSchema.extend({ minDbm: MinDbmSchema.partial() }).partial().optional(),
  minSecurity: Security.optional(),
  successRate: SuccessRateSchema.partial().optional(),
  throughput: ThroughputSchema.partial().optional(),
  habits: HabitsSchema.partial().optional(),
  manual: ManualSchema.partial().optional(),
  hysteresis: HysteresisSchema.partial().optional(),
  blocklist: BlocklistSchema.partial().optional(),
  handover: HandoverSchema.partial().optional(),
  lists: ListsSchema.partial().optional(),
  criticalApps: z.array(CriticalAppSpecSchema).optional(),
});
export type SelectionPolicyOverride = z.infer<typeof SelectionPolicyOverrideSchema>;

const MINUTE = 60_000;

export const defaultSelectionPolicy: SelectionPolicy = Object.freeze({
  // Success matters most (a network that does not connect is worth nothing), then signal
  // and throughput; band/standard are mostly captured by throughput, so they weigh little.
  weights: { signal: 25, band: 6, standard: 4, throughput: 15, successRate: 30, portalFriction: 10, habit: 10 },
  // Android's entry thresholds (config_wifi_framework_wifi_score_entry_rssi_threshold_*).
  signal: { minDbm: { '2.4GHz': -80, '5GHz': -77, '6GHz': -74 }, sufficientDbm: -60, usableFloorDbm: -83, lastResortDbm: -86 },
  minSecurity: 'open',
  successRate: { minimum: 0.2, minimumEvidence: 10, ownWeight: 2, crowdEvidenceCap: 50, crowdDiscountPerFailure: 0.5, sitePriorStrength: 4, ownHalfLifeDays: 30 },
  throughput: { sufficientMbps: 50, unmeasuredCapMbps: 25 },
  habits: { halfLifeDays: 14, habitualMin: 0.3, usesForFullStrength: 20 },
  manual: { floorDbm: -80 },
  hysteresis: { currentBonus: 8, minReselectIntervalMs: MINUTE, pingPongWindowMs: 5 * MINUTE, pingPongMargin: 20, sameNetworkMargin: 10, signInMargin: 24, bucketSwitchMinDbm: -70 },
  blocklist: {
    failuresToBlock: 4,
    baseBackoffMs: 5 * MINUTE,
    maxBackoffMs: 60 * MINUTE,
    earlyReleaseDb: 8,
    deviceSuspectWindowMs: 10 * MINUTE,
    deviceSuspectMinAps: 3,
    deviceSuspectMinSsids: 2,
    aloneRetryMs: 0,
    recentlyGoodMs: 10 * MINUTE,
  },
  handover: {
    horizonMs: 6_000,
    minSamples: 6,
    maxSamples: 8,
    sampleMaxAgeMs: 30_000,
    minSpanMs: 8_000,
    minFallDbPerS: 0.5,
    slopeSignificance: 3,
    lossConfirmScans: 3,
    degradedDbm: -80,
    passingDbPerS: 2.5,
    nearFloorDb: 6,
    forcedTargetMarginDb: 5,
  },
  lists: { preferredSsids: [], prohibitedSsids: [], allowedSsids: [], preferredProviders: [], prohibitedProviders: [], allowedProviders: [], managedProviders: [] },
  criticalApps: defaultCriticalApps,
}) as SelectionPolicy;

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(policy)'}: ${issue.message}`).join('; ');
}

/**
 * An operator's override merged onto `base` (the default unless given), validated whole.
 * Throws RoamdeskError `POLICY_INVALID` naming every bad key.
 */
export function parseSelectionPolicy(override: unknown, base: SelectionPolicy = defaultSelectionPolicy): SelectionPolicy {
  const parsedOverride = SelectionPolicyOverrideSchema.safeParse(override ?? {});
  if (!parsedOverride.success) {
    throw new RoamdeskError('POLICY_INVALID', `The selection policy is not valid: ${issuesText(parsedOverride.error)}.`, {
      hint: 'Fix or remove the keys named; every other setting keeps its default.',
    });
  }
  const o = parsedOverride.data;
  const merged = {
    weights: { ...base.weights, ...o.weights },
    signal: { ...base.signal, ...o.signal, minDbm: { ...base.signal.minDbm, ...o.signal?.minDbm } },
    minSecurity: o.minSecurity ?? base.minSecurity,
    successRate: { ...base.successRate, ...o.successRate },
    throughput: { ...base.throughput, ...o.throughput },
    habits: { ...base.habits, ...o.habits },
    manual: { ...base.manual, ...o.manual },
    hysteresis: { ...base.hysteresis, ...o.hysteresis },
    blocklist: { ...base.blocklist, ...o.blocklist },
    handover: { ...base.handover, ...o.handover },
    lists: { ...base.lists, ...o.lists },
    criticalApps: o.criticalApps ?? base.criticalApps,
  };
  const result = SelectionPolicySchema.safeParse(merged);
  if (!result.success) {
    throw new RoamdeskError('POLICY_INVALID', `The selection policy is not consistent: ${issuesText(result.error)}.`, {
      hint: 'Adjust the settings named so they agree with each other.',
    });
  }
  return result.data;
}
