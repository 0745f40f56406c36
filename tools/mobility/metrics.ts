/**
 * Metrics of one run, computed from its trace alone. Definitions (also in the report):
 * - successRate: attempts that got online / attempts.
 * - firstAttemptSuccess: connection episodes (attempts since last online) whose first attempt worked.
 * - timeToOnline p50/p95: association + portal time of successful attempts, ms.
 * - onlineShare: steps online / steps.
 * - handoversPerHour: changes of the serving BSSID (a reconnect to the same one is not one).
 * - pingPongsPerHour: A → B → A with the return within PING_PONG_WINDOW_MS of leaving A.
 * - interruptedCriticalSessions: calls during which the device went offline or the policy
 *   made an optional switch; interruptedByOptionalSwitch counts the latter alone.
 */
import type { CallWindow } from './world.js';
import type { OnlineSegment, SwitchRecord, Trace } from './trace.js';

export const PING_PONG_WINDOW_MS = 60_000;

export interface RunMetrics {
  successRate: number;
  firstAttemptSuccess: number;
  timeToOnlineP50: number | null;
  timeToOnlineP95: number | null;
  onlineShare: number;
  handoversPerHour: number;
  pingPongs: number;
  pingPongsPerHour: number;
  interruptedCriticalSessions: number;
  interruptedByOptionalSwitch: number;
  attempts: number;
  meanThroughputMbps: number;
  /** The policy's decision reasons (see Trace.reasons), when it gives them. */
  reasons: Record<string, number>;
}

/** Nearest-rank percentile; null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Consecutive segments on the same BSSID merged: the sequence of serving APs. */
export function servingSequence(segments: readonly OnlineSegment[]): OnlineSegment[] {
  const out: OnlineSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.bssid === s.bssid) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}

export function countHandovers(segments: readonly OnlineSegment[]): number {
  return Math.max(0, servingSequence(segments).length - 1);
}

export function countPingPongs(segments: readonly OnlineSegment[], stepMs: number, windowMs = PING_PONG_WINDOW_MS): number {
  const seq = servingSequence(segments);
  let count = 0;
  for (let i = 0; i + 2 < seq.length; i++) {
    const a = seq[i]!;
    const back = seq[i + 2]!;
    if (back.bssid === a.bssid && (back.from - a.to) * stepMs <= windowMs) count++;
  }
  return count;
}

export interface Interruptions {
  interrupted: number;
  byOptionalSwitch: number;
}

export function countInterruptedCalls(calls: readonly CallWindow[], online: Uint8Array, switches: readonly SwitchRecord[]): Interruptions {
  let interrupted = 0;
  let byOptionalSwitch = 0;
  for (const call of calls) {
    const optional = switches.some((s) => s.optional && s.step >= call.from && s.step < call.to);
    let dropped = false;
    for (let t = Math.max(1, call.from); t < Math.min(call.to, online.length); t++) {
      if (online[t - 1] === 1 && online[t] === 0) {
        dropped = true;
        break;
      }
    }
    if (optional) byOptionalSwitch++;
    if (optional || dropped) interrupted++;
  }
  return { interrupted, byOptionalSwitch };
}

export function runMetrics(trace: Trace): RunMetrics {
  const hours = (trace.steps * trace.stepMs) / 3_600_000;
  const successes = trace.attempts.filter((a) => a.success);
  const firsts = trace.attempts.filter((a) => a.firstOfEpisode);
  let onlineSteps = 0;
  for (const o of trace.online) onlineSteps += o;
  const tto = successes.map((a) => a.timeToOnlineMs);
  const pingPongs = countPingPongs(trace.segments, trace.stepMs);
  const calls = countInterruptedCalls(trace.calls, trace.online, trace.switches);
  return {
    successRate: trace.attempts.length ? successes.length / trace.attempts.length : 0,
    firstAttemptSuccess: firsts.length ? firsts.filter((a) => a.success).length / firsts.length : 0,
    timeToOnlineP50: percentile(tto, 50),
    timeToOnlineP95: percentile(tto, 95),
    onlineShare: onlineSteps / trace.steps,
    handoversPerHour: countHandovers(trace.segments) / hours,
    pingPongs,
    pingPongsPerHour: pingPongs / hours,
    interruptedCriticalSessions: calls.interrupted,
    interruptedByOptionalSwitch: calls.byOptionalSwitch,
    attempts: trace.attempts.length,
    meanThroughputMbps: trace.throughputSum / trace.steps,
    reasons: { ...trace.reasons },
  };
}
