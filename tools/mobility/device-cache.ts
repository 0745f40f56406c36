/**
 * What the hotspot cache would hold for one device during a run: per-BSSID attempts and
 * outcomes, throughput measured while online, and per-network habits. The simulator keeps
 * one per policy and writes to it exactly as the engine would after each attempt, so every
 * policy reads the same kind of memory, built from its own choices.
 */
import type { BssidHistory, NetworkHabit } from '../../main/engine/selection/facts.js';
import { ssidToHex } from '../../main/engine/wifi/bss.js';

/** How much a new throughput sample moves the cached mean (an exponential average). */
const THROUGHPUT_EWMA = 0.2;
/** Time-to-online samples kept per BSSID for its median. */
const TTO_SAMPLES = 15;

export interface AttemptResult {
  bssid: string;
  ssid: string;
  at: number;
  success: boolean;
  failure: 'rejected' | 'no-internet' | null;
  timeToOnlineMs: number;
}

export class DeviceCache {
  readonly history = new Map<string, BssidHistory>();
  readonly habits = new Map<string, NetworkHabit>();
  private readonly ttoSamples = new Map<string, number[]>();

  constructor(prior: { history: readonly BssidHistory[]; habits: readonly NetworkHabit[] }) {
    for (const h of prior.history) this.history.set(h.bssid, { ...h });
    for (const h of prior.habits) this.habits.set(h.ssidHex, { ...h });
  }

  recordAttempt(result: AttemptResult): void {
    const h = this.history.get(result.bssid) ?? {
      bssid: result.bssid,
      attempts: 0,
      successes: 0,
      consecutiveFailures: 0,
      lastAttemptAt: null,
      lastSuccessAt: null,
      meanThroughputMbps: null,
      timeToOnlineMsP50: null,
    };
    h.attempts += 1;
    h.lastAttemptAt = result.at;
    if (result.success) {
      h.successes += 1;
      h.consecutiveFailures = 0;
      h.lastSuccessAt = result.at;
      const samples = this.ttoSamples.get(result.bssid) ?? [];
      samples.push(result.timeToOnlineMs);
      if (samples.length > TTO_SAMPLES) samples.shift();
      this.ttoSamples.set(result.bssid, samples);
      const sorted = [...samples].sort((a, b) => a - b);
      h.timeToOnlineMsP50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const ssidHex = ssidToHex(result.ssid);
      const habit = this.habits.get(ssidHex) ?? { ssidHex, uses: 0, lastUsedAt: result.at, onlineMs: 0 };
      habit.uses += 1;
      habit.lastUsedAt = result.at;
      this.habits.set(ssidHex, habit);
    } else {
      h.consecutiveFailures += 1;
    }
    this.history.set(result.bssid, h);
  }

  /** One step online: throughput measured, time online added to the network's habit. */
  recordOnline(bssid: string, ssid: string, at: number, stepMs: number, throughputMbps: number): void {
    const h = this.history.get(bssid);
    if (h) h.meanThroughputMbps = h.meanThroughputMbps === null ? throughputMbps : h.meanThroughputMbps + THROUGHPUT_EWMA * (throughputMbps - h.meanThroughputMbps);
    const habit = this.habits.get(ssidToHex(ssid));
    if (habit) {
      habit.onlineMs += stepMs;
      habit.lastUsedAt = at;
    }
  }
}
