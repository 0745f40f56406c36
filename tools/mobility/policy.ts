/**
 * The adapter every selection policy implements: it sees what a real device sees at one
 * step and says what to do. Policies never see the world's truth (except the oracle, which
 * is built with it on purpose).
 */
import type { DirectoryHotspot } from '../../main/engine/selection/facts.js';
import type { Bss } from '../../main/engine/wifi/bss.js';
import type { ProcessInfo } from '../../main/engine/ports/process-list.js';
import type { AttemptResult, DeviceCache } from './device-cache.js';
import type { RealisedWorld } from './luck.js';
import type { WorldInstance } from './world.js';

export interface CurrentConnection {
  bssid: string;
  ssid: string;
  ssidHex: string;
  /** Epoch ms when this link went online. */
  since: number;
  /** The link's signal in this step's scan. */
  signalDbm: number;
}

export interface PolicyView {
  step: number;
  /** Epoch ms. */
  now: number;
  /** This step's scan, strongest first. */
  scan: readonly Bss[];
  /** The online link, or null when idle. */
  current: CurrentConnection | null;
  /** This device's cache (own history and habits), as the engine's cache would hold it. */
  cache: DeviceCache;
  /** The signed directory with crowd data, by BSSID (empty on a cold cache). */
  directory: ReadonlyMap<string, DirectoryHotspot>;
  /** SSIDs the device holds credentials for. */
  credentials: ReadonlySet<string>;
  /** The OS process list (a call app appears during calls). */
  processes: readonly ProcessInfo[];
}

/** `reason` (optional): the policy's own code for the choice, tallied in the trace for the report. */
export type Action = { kind: 'stay'; reason?: string } | { kind: 'connect'; bssid: string; reason?: string } | { kind: 'disconnect' };

export interface Policy {
  readonly name: string;
  decide(view: PolicyView): Action;
  /** Told after each attempt ends and when a link is lost (for a policy's private memory). */
  observeAttempt?(result: AttemptResult): void;
  observeLoss?(bssid: string, at: number): void;
}

/** Builds a fresh policy for one run: policies keep private state (blocklists, trends). */
export interface PolicyFactory {
  readonly name: string;
  /** `truth` is for the oracle only: every other policy must decide from its view alone. */
  create(world: WorldInstance, truth: RealisedWorld): Policy;
}

export const STAY: Action = { kind: 'stay' };
