/**
 * The selector's inputs besides the candidates (the moment, the current link, what the
 * user chose) and its outputs (the ranked list with reasons, and one decision). Plain data
 * so the same ranking runs in the engine, in tests and in the benchmark's simulator.
 */
import type { Candidate } from './facts.js';

/** One signal reading of one BSSID; the handover forecast fits a line through these. */
export interface SignalSample {
  /** Epoch ms. */
  at: number;
  dbm: number;
}

export interface CurrentLink {
  bssid: string;
  ssidHex: string;
  /** When this link went online (epoch ms). */
  since: number;
  /** The link's latest signal; when absent, the candidate's scan signal is used. */
  signalDbm?: number;
}

/** One past re-selection, newest last; the ping-pong guard looks for A→B→A in these. */
export interface SwitchRecord {
  from: string | null;
  to: string;
  at: number;
}

export interface SelectionContext {
  /** Epoch ms from the engine's Clock port; the only clock the selector knows. */
  now: number;
  /** The Wi-Fi link in use, or null when not on Wi-Fi. */
  current: CurrentLink | null;
  /** When the selector last moved the device to another network (min interval guard). */
  lastSwitchAt: number | null;
  /** The network the user picked by hand; respected while its signal holds. */
  manualChoice: { bssid: string; ssidHex: string; at: number } | null;
  /** A connection-sensitive app (call, video) is running: optional switches are held. */
  criticalAppRunning: boolean;
  /** Which ones, for the decision's reason (see critical-apps.ts). */
  criticalAppNames?: readonly string[];
  /** Recent signal samples per BSSID, oldest first, for the short forecast. */
  signalTrend?: ReadonlyMap<string, readonly SignalSample[]>;
  /** Recent re-selections, oldest first (the ping-pong guard). */
  recentSwitches?: readonly SwitchRecord[];
  /** A cellular link can be brought up (Wi-Fi → cellular handover when Wi-Fi is lost). */
  cellularAvailable?: boolean;
  /** The device is on cellular now (moving to Wi-Fi is then an optional switch). */
  onCellular?: boolean;
}

/** Policy buckets, strictly ordered: a candidate in an earlier bucket always ranks higher. */
export type Bucket = 'preferred' | 'habitual' | 'partner' | 'other';
export const BUCKET_ORDER: readonly Bucket[] = ['preferred', 'habitual', 'partner', 'other'];

/** One part of a candidate's score: `value` points, and what they came from. */
export interface ScoreTerm {
  name: TermName;
  value: number;
  detail: string;
}
export type TermName = 'signal' | 'band' | 'standard' | 'throughput' | 'successRate' | 'portalFriction' | 'habit' | 'current' | 'manual';

export interface ScoredCandidate {
  candidate: Candidate;
  bucket: Bucket;
  /** Sum of the terms; compares candidates within one bucket only. */
  score: number;
  terms: ScoreTerm[];
  /** The user's manual choice (pinned first while its signal holds). */
  manual: boolean;
  /** The pooled, smoothed connection success rate (0..1) and its evidence in attempts. */
  successRate: number;
  successEvidence: number;
  /** Forecast signal at now + horizon, when the BSSID has a trend; else null. */
  forecastDbm: number | null;
}

/** Why a candidate was not ranked. Codes are stable: the UI and CLI key on them. */
export type SkipCode =
  | 'POLICY_PROHIBITED_SSID'
  | 'POLICY_PROHIBITED_PROVIDER'
  | 'POLICY_NOT_ALLOWED'
  | 'SECURITY_BELOW_MINIMUM'
  | 'NO_CREDENTIALS'
  | 'ENTERPRISE_PROFILE_MISSING'
  | 'SIGNAL_TOO_WEAK'
  | 'BLOCKLISTED'
  | 'SUCCESS_RATE_BELOW_MINIMUM'
  | 'PASSING_BY';

export interface SkipReason {
  code: SkipCode;
  message: string;
}

export interface SkippedCandidate {
  candidate: Candidate;
  reason: SkipReason;
}

/**
 * - `connect`: not on Wi-Fi (or the current link is gone): join `target`.
 * - `stay`: keep the current link (`target` is its BSSID).
 * - `switch`: move from the current link to `target`.
 * - `hold`: a switch to `target` would be worth it but is held (a call, min interval).
 * - `cellular`: Wi-Fi is being lost and nothing usable is in view: bring up cellular.
 * - `none`: nothing eligible and nothing to keep.
 */
export type DecisionAction = 'connect' | 'stay' | 'switch' | 'hold' | 'cellular' | 'none';

/** Stable machine-readable reason for the decision (the text is in `reason`). */
export type DecisionCode =
  | 'BEST_AVAILABLE'
  | 'CURRENT_IS_BEST'
  | 'BETTER_BUCKET'
  | 'BETTER_SCORE'
  | 'CURRENT_INELIGIBLE'
  | 'CURRENT_LOST'
  | 'LOSS_FORECAST'
  | 'LOSS_FORECAST_NO_ALTERNATIVE'
  | 'LINK_DEGRADED'
  | 'MANUAL_CHOICE'
  | 'MANUAL_CHOICE_FADED'
  | 'HOLD_CRITICAL_APP'
  | 'HOLD_MIN_INTERVAL'
  | 'PING_PONG_AVOIDED'
  | 'NO_CANDIDATES';

export interface Decision {
  action: DecisionAction;
  /** The BSSID to join (connect/switch/hold), the current one (stay), or null. */
  target: string | null;
  code: DecisionCode;
  /** One sentence a person can read: why. */
  reason: string;
  /**
   * Not optional: the current link is lost (out of range, or below the floor on several
   * scans), degraded during a call, or forecast lost with only cellular to go to. Critical
   * apps do not hold it.
   */
  forced: boolean;
  /** Bring the new link up before dropping the old one (forced switches). */
  makeBeforeBreak: boolean;
  /** Every AP tried recently failed: the device is suspected, blocks are not trusted. */
  deviceSuspect: boolean;
  /** The current link's forecast signal at now + horizon, when known. */
  currentForecastDbm: number | null;
}

export interface Ranking {
  /** Best first: bucket order, then score; the manual choice pinned first. */
  eligible: ScoredCandidate[];
  skipped: SkippedCandidate[];
  decision: Decision;
}
