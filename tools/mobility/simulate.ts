/**
 * Runs one policy through one realised world. Each step, in this order:
 *   1. an attempt whose time is up ends (online, or failed), and the cache records it;
 *   2. an online link that the world says is lost at this step drops (the device can act
 *      again LOSS_DETECTION_STEPS later);
 *   3. unless an attempt is under way or a loss is still being detected, the policy sees
 *      the scan and decides;
 *   4. the step counts as online if the device ends it online.
 * The oracle's planner (oracle.ts) models exactly these rules.
 */
import { ssidToHex, type Bss } from '../../main/engine/wifi/bss.js';
import { channelOfFrequency } from '../../main/engine/wifi/bss.js';
import type { ProcessInfo } from '../../main/engine/ports/process-list.js';
import { DeviceCache } from './device-cache.js';
import { isJoinable } from './joinable.js';
import type { AttemptOutcome, RealisedWorld } from './luck.js';
import type { Policy, PolicyFactory, PolicyView } from './policy.js';
import type { Trace } from './trace.js';
import { DEGRADED_DBM, FORCED_LOOKAHEAD_STEPS, LOSS_DETECTION_STEPS, START_EPOCH_MS, STEP_MS, type SimAp } from './world.js';

type DeviceState =
  | { kind: 'idle'; freeAt: number }
  | { kind: 'connecting'; ap: number; startedAt: number; readyAt: number; outcome: AttemptOutcome }
  | { kind: 'online'; ap: number; since: number };

/** What runs on the laptop besides a call app: the process list is never empty. */
const BACKGROUND: readonly ProcessInfo[] = [
  { pid: 4, name: 'System' },
  { pid: 812, name: 'explorer.exe' },
  { pid: 1904, name: 'chrome.exe' },
  { pid: 2210, name: 'OUTLOOK.EXE' },
];

export function stepEpochMs(step: number): number {
  return START_EPOCH_MS + step * STEP_MS;
}

function scanAt(world: RealisedWorld, step: number): Bss[] {
  const scan: Bss[] = [];
  world.world.aps.forEach((ap: SimAp, i) => {
    const signalDbm = world.signal(i, step);
    if (Number.isNaN(signalDbm)) return;
    scan.push({
      ssidHex: ssidToHex(ap.ssid),
      ssid: ap.ssid,
      bssid: ap.bssid,
      signalDbm,
      frequencyMhz: ap.frequencyMhz,
      channel: channelOfFrequency(ap.frequencyMhz),
      band: ap.band,
      standard: ap.standard,
      security: ap.security,
      channelWidthMhz: ap.channelWidthMhz,
    });
  });
  return scan.sort((a, b) => b.signalDbm - a.signalDbm || a.bssid.localeCompare(b.bssid));
}

/** Ground truth: was the link on AP i still usable at a step (strong enough, and not about to drop)? */
export function linkStillUsable(world: RealisedWorld, i: number, step: number): boolean {
  if (!(world.signal(i, step) >= DEGRADED_DBM)) return false;
  for (let t = step + 1; t <= Math.min(world.steps - 1, step + FORCED_LOOKAHEAD_STEPS); t++) if (world.linkLost(i, t)) return false;
  return true;
}

export function simulate(world: RealisedWorld, factory: PolicyFactory): Trace {
  const policy: Policy = factory.create(world.world, world);
  const w = world.world;
  const cache = new DeviceCache(w.prior);
  const directory = new Map(w.directory.map((d) => [d.bssid, d]));
  const credentials = new Set(w.credentials);
  const trace: Trace = {
    policy: factory.name,
    steps: world.steps,
    stepMs: STEP_MS,
    online: new Uint8Array(world.steps),
    attempts: [],
    switches: [],
    segments: [],
    losses: [],
    calls: w.calls,
    reasons: {},
    throughputSum: 0,
  };
  let state: DeviceState = { kind: 'idle', freeAt: 0 };
  let failedSinceOnline = false;

  const endSegment = (step: number) => {
    const last = trace.segments[trace.segments.length - 1];
    if (last && last.to < 0) last.to = step;
  };

  for (let t = 0; t < world.steps; t++) {
    const now = stepEpochMs(t);
    if (state.kind === 'connecting' && t >= state.readyAt) {
      const ap = w.aps[state.ap]!;
      const result = { bssid: ap.bssid, ssid: ap.ssid, at: now, success: state.outcome.success, failure: state.outcome.failure, timeToOnlineMs: state.outcome.timeToOnlineMs };
      cache.recordAttempt(result);
      policy.observeAttempt?.(result);
      if (state.outcome.success) {
        state = { kind: 'online', ap: state.ap, since: t };
        trace.segments.push({ bssid: ap.bssid, from: t, to: -1 });
        failedSinceOnline = false;
      } else {
        state = { kind: 'idle', freeAt: t };
        failedSinceOnline = true;
      }
    }
    if (state.kind === 'online' && world.linkLost(state.ap, t)) {
      const bssid = w.aps[state.ap]!.bssid;
      trace.losses.push({ step: t, bssid });
      endSegment(t);
      policy.observeLoss?.(bssid, now);
      state = { kind: 'idle', freeAt: t + LOSS_DETECTION_STEPS };
    }
    if (state.kind === 'online' || (state.kind === 'idle' && t >= state.freeAt)) {
      const scan = scanAt(world, t);
      const call = w.calls.find((c) => t >= c.from && t < c.to);
      let current: PolicyView['current'] = null;
      if (state.kind === 'online') {
        const ap = w.aps[state.ap]!;
        current = { bssid: ap.bssid, ssid: ap.ssid, ssidHex: ssidToHex(ap.ssid), since: stepEpochMs(state.since), signalDbm: world.signal(state.ap, t) };
      }
      const view: PolicyView = {
        step: t,
        now,
        scan,
        current,
        cache,
        directory,
        credentials,
        processes: call ? [...BACKGROUND, { pid: 6120, name: call.process }] : BACKGROUND,
      };
      const action = policy.decide(view);
      const tally = (key: string) => (trace.reasons[key] = (trace.reasons[key] ?? 0) + 1);
      if (action.kind === 'stay' && action.reason && state.kind === 'idle' && scan.length > 0) tally(`idle ${action.reason}`);
      if (action.kind === 'disconnect' && state.kind === 'online') {
        endSegment(t);
        state = { kind: 'idle', freeAt: t + 1 };
      } else if (action.kind === 'connect' && !(state.kind === 'online' && w.aps[state.ap]!.bssid === action.bssid)) {
        const target = world.apIndex(action.bssid);
        const seen = scan.find((b) => b.bssid === action.bssid);
        if (!seen) throw new Error(`${factory.name} chose ${action.bssid}, which is not in the scan at step ${t}`);
        if (!isJoinable(seen, credentials)) throw new Error(`${factory.name} chose ${action.bssid} (${seen.ssid}) without credentials`);
        if (state.kind === 'online') {
          const from = w.aps[state.ap]!.bssid;
          const optional = linkStillUsable(world, state.ap, t);
          trace.switches.push({ step: t, from, to: action.bssid, optional });
          if (action.reason) tally(`switch ${action.reason} (link ${optional ? 'usable' : 'degraded'})`);
          endSegment(t);
        }
        const outcome = world.attempt(target, t);
        trace.attempts.push({ step: t, bssid: action.bssid, success: outcome.success, timeToOnlineMs: outcome.timeToOnlineMs, firstOfEpisode: !failedSinceOnline || state.kind === 'online' });
        state = { kind: 'connecting', ap: target, startedAt: t, readyAt: t + outcome.steps, outcome };
      }
    }
    if (state.kind === 'online') {
      const ap = w.aps[state.ap]!;
      const tput = world.throughputMbps(state.ap, t);
      trace.online[t] = 1;
      trace.throughputSum += tput;
      cache.recordOnline(ap.bssid, ap.ssid, now, STEP_MS, tput);
    }
  }
  endSegment(world.steps);
  return trace;
}
