/**
 * The mobility simulator's world: access points with hidden truth, a route the device
 * follows, call windows, and what the device's cache and directory know before the run.
 * A scenario builds one of these per seed; nothing in it is random after it is built, and
 * every random outcome of the run comes from `luck.ts`.
 *
 * Time is in steps of STEP_MS; the simulator never sleeps.
 */
import type { Band, PhyStandard, Security } from '../../preload/contract.js';
import type { AuthMethod, BssidHistory, DirectoryHotspot, NetworkHabit } from '../../main/engine/selection/facts.js';

/** One simulated step. 2 s resolves a portal login, a 10 s drive-by and a ping-pong window. */
export const STEP_MS = 2000;

/** Epoch ms of step 0 (a Monday morning); prior cache entries are dated before it. */
export const START_EPOCH_MS = Date.UTC(2026, 2, 2, 7, 0, 0);

/** Below this a radio does not report the BSS (as in wifi/simulated/signal-model.ts). */
export const SCAN_FLOOR_DBM = -92;

/** A link whose sampled signal falls below this is lost (beacons and frames no longer get through). */
export const LINK_LOSS_DBM = -87;

/**
 * A switch away from a link is *forced* (not optional) when that link was already degraded
 * below this, or would have been lost within FORCED_LOOKAHEAD_STEPS had the device stayed.
 * Ground truth, so it judges every policy alike, including ones that forecast.
 */
export const DEGRADED_DBM = -80;
export const FORCED_LOOKAHEAD_STEPS = 15; // 30 s

/**
 * After a link is lost the device can act again only this many steps later: the driver
 * first notices (missed beacons, ~1 s) and then needs a fresh scan (~2-3 s over 2.4 and
 * 5 GHz). A switch made before the loss skips this; that is what a loss forecast buys.
 */
export const LOSS_DETECTION_STEPS = 2;

/** How long a failed attempt occupies the device before it can try again. */
export const FAILURE_STEPS = {
  /** Association rejected or timed out (the driver retries a few times first). */
  rejected: 2,
  /** Associated but no DHCP lease / no internet: the probe times out. */
  noInternet: 5,
} as const;

export interface Point {
  x: number;
  y: number;
}

export interface ApTruth {
  /** Probability that an attempt at good signal gets the device online (before uplink). */
  successProbability: number;
  throughputMbps: number;
  /** 'down': associates, but the internet is never reached (the verify probe fails). */
  uplink: 'ok' | 'down';
  /** Association plus DHCP. */
  associationMs: number;
  /** Captive-portal login on top (0 for none); each attempt varies around it. */
  portalMs: number;
  /** Links dropped by the AP itself (deauth storms, DHCP lease loss on an overloaded AP), per hour online. */
  dropsPerHour: number;
}

/** A window of steps [from, to). */
export interface StepWindow {
  from: number;
  to: number;
}

export interface SimAp {
  bssid: string;
  ssid: string;
  providerId: string | null;
  siteId: string | null;
  band: Band;
  frequencyMhz: number;
  standard: PhyStandard;
  security: Security;
  channelWidthMhz: number;
  authMethod: AuthMethod;
  position: Point;
  /** Received power at 1 m. */
  referenceDbm: number;
  pathLossExponent: number;
  /** Standard deviation of the slow (shadowing) fading, dB. */
  fadingDb: number;
  /** Travels with the device (a train's on-board AP): its distance stays `position`'s length. */
  onboard?: boolean;
  truth: ApTruth;
  /** Windows when the AP's backhaul is out: attempts fail (no internet), links drop. */
  outages?: StepWindow[];
}

export interface Waypoint {
  atStep: number;
  position: Point;
}

export interface CallWindow extends StepWindow {
  /** The process a call runs as (what the process list shows). */
  process: string;
}

export interface WorldInstance {
  scenario: string;
  seed: number;
  durationSteps: number;
  aps: SimAp[];
  route: Waypoint[];
  calls: CallWindow[];
  /** Steps when the device itself fails every attempt (driver/DHCP fault): suspect the device. */
  deviceFaults: StepWindow[];
  /** The signed directory as shipped (cold cache: empty; stale: out of date for some APs). */
  directory: DirectoryHotspot[];
  /** The device's cache before the run. */
  prior: { history: BssidHistory[]; habits: NetworkHabit[] };
  /** SSIDs the device holds credentials for. */
  credentials: string[];
  /** An operator's selection-policy override for Roamdesk (see main/engine/selection/policy.ts). */
  operatorPolicy: Record<string, unknown>;
}

export interface ScenarioDefinition {
  id: string;
  title: string;
  /** What it tests and why it is realistic; goes into the report. */
  description: string;
  build(seed: number): WorldInstance;
}
