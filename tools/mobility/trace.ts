/** What one run of one policy did, step by step: the raw material of every metric. */
import type { CallWindow } from './world.js';

export interface AttemptRecord {
  step: number;
  bssid: string;
  success: boolean;
  timeToOnlineMs: number;
  /** The first attempt since the device was last online (a new connection episode). */
  firstOfEpisode: boolean;
}

/** A connect the policy chose while it was online elsewhere. */
export interface SwitchRecord {
  step: number;
  from: string;
  to: string;
  /** The link left was still usable (not degraded, not about to be lost): the policy's choice. */
  optional: boolean;
}

/** An interval of steps [from, to) online on one BSSID. */
export interface OnlineSegment {
  bssid: string;
  from: number;
  to: number;
}

export interface Trace {
  policy: string;
  steps: number;
  stepMs: number;
  /** 1 when the device is online at the end of the step. */
  online: Uint8Array;
  attempts: AttemptRecord[];
  switches: SwitchRecord[];
  segments: OnlineSegment[];
  losses: Array<{ step: number; bssid: string }>;
  calls: CallWindow[];
  /**
   * Why the policy did what it did, for policies that say (Action.reason): switches as
   * `switch <reason> (link usable|degraded)`, and idle steps with networks in view as
   * `idle <reason>`; counts.
   */
  reasons: Record<string, number>;
  /** Sum over steps of the throughput measured while online (Mbps·steps). */
  throughputSum: number;
}
