/**
 * What the selector knows about the networks in view: the meeting point between the
 * hotspot cache (which gathers these facts from SQLite) and the selector (which ranks on
 * them and never touches the database). Keeping this a plain data shape lets the ranker
 * run in the benchmark's simulator, in tests and in the engine alike.
 *
 * Times are epoch milliseconds from the engine's Clock port; signals are dBm.
 */
import type { Band, PhyStandard, Security } from '../../../preload/contract.js';

/** How a hotspot signs a device in, as the directory records it. */
export type AuthMethod = 'open' | 'psk' | 'web-portal' | 'wispr' | 'rfc8908' | '802.1x' | 'passpoint';

/** A directory entry for one BSSID (from a provider's signed directory). */
export interface DirectoryHotspot {
  bssid: string;
  ssidHex: string;
  providerId: string;
  siteId: string | null;
  authMethod: AuthMethod;
  /** The prefix a WISPr/802.1X login puts before the user name, e.g. `ROAMDESK/`. */
  realmPrefix: string | null;
  venueKind: string | null;
  standard: PhyStandard | null;
  band: Band | null;
  lat: number | null;
  lon: number | null;
  /** Crowd-sourced connect outcomes the directory ships with (all users of the provider). */
  crowdAttempts: number;
  crowdSuccesses: number;
  crowdThroughputMbps: number | null;
}

/** This device's own history with one BSSID, from observations and attempts. */
export interface BssidHistory {
  bssid: string;
  attempts: number;
  successes: number;
  /** Failures since the last success, most recent streak. */
  consecutiveFailures: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  meanThroughputMbps: number | null;
  timeToOnlineMsP50: number | null;
}

/** Pooled outcomes of all APs of a site (an airport, a station), own and crowd. */
export interface SiteQuality {
  siteId: string;
  attempts: number;
  successes: number;
}

/** How this device uses a network (by SSID): the basis of habits. */
export interface NetworkHabit {
  ssidHex: string;
  uses: number;
  lastUsedAt: number;
  /** Total time online on it, in ms, over the retention window. */
  onlineMs: number;
}

/** A BSSID's blocklist entry: blocked after repeated failures, with backoff. */
export interface BlockState {
  bssid: string;
  /** How many times it has been blocked in a row (the backoff doubles per streak). */
  streak: number;
  blockedUntil: number;
  /** Signal when it was blocked; a clear rise releases it early. */
  signalAtBlockDbm: number;
}

/** One network in view, as the scanner reports it, with everything known about it. */
export interface Candidate {
  bssid: string;
  ssidHex: string;
  ssid: string;
  signalDbm: number;
  frequencyMhz: number;
  band: Band;
  standard: PhyStandard;
  security: Security;
  channelWidthMhz: number;
  /** The device holds credentials for it (a saved passphrase, an 802.1X profile). */
  hasCredentials: boolean;
  directory: DirectoryHotspot | null;
  history: BssidHistory | null;
  site: SiteQuality | null;
  habit: NetworkHabit | null;
  block: BlockState | null;
}

/** Everything the cache can tell the selector about a set of BSSIDs in one call. */
export interface SelectionFactsSource {
  factsFor(bss: ReadonlyArray<{ bssid: string; ssidHex: string }>): SelectionFacts;
}

export interface SelectionFacts {
  directory: Map<string, DirectoryHotspot>;
  history: Map<string, BssidHistory>;
  sites: Map<string, SiteQuality>;
  habits: Map<string, NetworkHabit>;
  blocks: Map<string, BlockState>;
}
