/**
 * The decision: given the ranked list and the current link, what to do now.
 *
 * Switches are forced or optional:
 * - forced: the current link is gone, or below the usable floor on `lossConfirmScans`
 *   scans in a row; or — to cellular only, when no other Wi-Fi qualifies — forecast to fall
 *   below it within the horizon. Roamdesk switches even during a call (the call is lost
 *   anyway), preparing the new link before the old one is released where it can.
 * - optional: something ranks better. Never while a connection-sensitive app runs
 *   (`hold`), never sooner than the minimum interval (`hold`), never a ping-pong.
 * The user's manual choice is theirs: moving to it is not held.
 */
import type { SelectionPolicy } from './policy.js';
import { leftRecently, reselectWaitMs } from './hysteresis.js';
import { signInFriction } from './quality.js';
import type { Decision, DecisionAction, DecisionCode, ScoredCandidate, SelectionContext, SkippedCandidate } from './types.js';

export interface CurrentState {
  scored: ScoredCandidate | null;
  skipped: SkippedCandidate | null;
  signalDbm: number | null;
  forecastDbm: number | null;
}

export interface DecisionInput {
  eligible: readonly ScoredCandidate[];
  skippedCount: number;
  /** Null when not on Wi-Fi. */
  current: CurrentState | null;
  manualFaded: boolean;
  deviceSuspect: boolean;
  context: SelectionContext;
  policy: SelectionPolicy;
}

function name(s: ScoredCandidate): string {
  return `“${s.candidate.ssid}” (${s.candidate.bssid})`;
}

function points(x: number): string {
  return x.toFixed(1);
}

export function decide(input: DecisionInput): Decision {
  const decision = decideCore(input);
  const { policy, context } = input;
  if (input.manualFaded && context.manualChoice !== null && decision.code !== 'MANUAL_CHOICE') {
    decision.reason += ` Your manual choice faded below ${policy.manual.floorDbm} dBm, so Roamdesk chooses again.`;
    if (decision.action === 'connect' || decision.action === 'switch') decision.code = 'MANUAL_CHOICE_FADED';
  }
  if (input.deviceSuspect) {
    decision.deviceSuspect = true;
    decision.reason += ` Every access point tried in the last ${Math.round(policy.blocklist.deviceSuspectWindowMs / 60_000)} minutes failed, on several networks: this device is the likely cause, not the access points, so none is blocked.`;
  }
  return decision;
}

function make(action: DecisionAction, target: string | null, code: DecisionCode, reason: string, forced: boolean, currentForecastDbm: number | null): Decision {
  return { action, target, code, reason, forced, makeBeforeBreak: forced && (action === 'switch' || action === 'cellular'), deviceSuspect: false, currentForecastDbm };
}

function decideCore({ eligible, skippedCount, current, context, policy }: DecisionInput): Decision {
  const best = eligible[0] ?? null;
  const floor = policy.signal.usableFloorDbm;

  // Not on Wi-Fi: join the best, unless that interrupts a call on cellular.
  if (current === null || context.current === null) {
    if (best === null) {
      if (context.cellularAvailable === true && context.onCellular !== true) {
        return make('cellular', null, 'NO_CANDIDATES', `No Wi-Fi network in view qualifies (${skippedCount} skipped): using cellular.`, false, null);
      }
      return make('none', null, 'NO_CANDIDATES', `No network in view qualifies (${skippedCount} skipped).`, false, null);
    }
    if (context.onCellular === true && context.criticalAppRunning && !best.manual) {
      return make('hold', best.candidate.bssid, 'HOLD_CRITICAL_APP', `Staying on cellular for now: ${name(best)} is available, but ${apps(context)} is running and moving the call to Wi-Fi would interrupt it.`, false, null);
    }
    if (best.manual) return make('connect', best.candidate.bssid, 'MANUAL_CHOICE', `Joining ${name(best)}: you chose it, and its signal holds (${best.candidate.signalDbm} dBm).`, false, null);
    return make('connect', best.candidate.bssid, 'BEST_AVAILABLE', `Joining ${name(best)}: the best ${best.bucket} network (score ${points(best.score)}).`, false, null);
  }

  const currentBssid = context.current.bssid;
  const forecast = current.forecastDbm;

  // Gone: not in the scan at all.
  if (current.scored === null && current.skipped === null) {
    if (best !== null) return make('connect', best.candidate.bssid, 'CURRENT_LOST', `The current network (${currentBssid}) is out of range: joining ${name(best)}.`, true, forecast);
    if (context.cellularAvailable === true) return make('cellular', null, 'CURRENT_LOST', `The current network (${currentBssid}) is out of range and no Wi-Fi qualifies: using cellular.`, true, forecast);
    return make('none', null, 'CURRENT_LOST', `The current network (${currentBssid}) is out of range and nothing else qualifies (${skippedCount} skipped).`, true, forecast);
  }

  // Losing it: below the usable floor, confirmed over several scans. Scan signals fade by
  // ±3 dB and the fading is correlated from one scan to the next, so one or two scans under
  // the floor are often a dip on a link that holds. A Wi-Fi → Wi-Fi switch is break-before-
  // make on one radio: made early, it gives up the rest of the current link for the
  // target's association and sign-in, which are paid anyway if the link really drops, and
  // gains only the few seconds a driver takes to notice a loss. So it is made only on a
  // confirmed loss, never on a forecast alone.
  const signal = current.signalDbm ?? -120;
  const confirmScans = policy.handover.lossConfirmScans;
  const lossNow = signal < floor && scansBelow(context, currentBssid, floor, confirmScans) >= confirmScans;
  // A forecast loss near the floor brings up cellular (a second radio: truly make-before-
  // break) when no other Wi-Fi qualifies. Far above the floor a falling line is someone
  // walking past the laptop; and during a call a forecast alone, which may be wrong, does
  // not move the call. With other Wi-Fi in view, the forecast lowers the current link's
  // score instead (quality.ts), and an optional switch follows the usual rules.
  const lossForecast =
    forecast !== null &&
    forecast < floor &&
    signal <= floor + policy.handover.nearFloorDb &&
    !context.criticalAppRunning &&
    context.cellularAvailable === true &&
    context.onCellular !== true &&
    eligible.every((s) => s.candidate.bssid === currentBssid);
  if (lossForecast) {
    return make(
      'cellular',
      null,
      'LOSS_FORECAST',
      `The current network's signal (${signal} dBm now) is forecast to fall to ${Math.round(forecast)} dBm within ${policy.handover.horizonMs / 1000} s, below the usable ${floor} dBm, and no other Wi-Fi qualifies: bringing up cellular before leaving Wi-Fi (make-before-break).`,
      true,
      forecast,
    );
  }
  // During a call, a link already degraded (below `degradedDbm` on `lossConfirmScans` scans
  // in a row, where calls break up) is not serving the call: moving it to a clearly stronger
  // AP is a rescue, not an optional switch, and is not held.
  const degradedDbm = policy.handover.degradedDbm;
  const degraded = !lossNow && context.criticalAppRunning && signal < degradedDbm && scansBelow(context, currentBssid, degradedDbm, confirmScans) >= confirmScans;
  if (lossNow || degraded) {
    const why = lossNow
      ? `The current network's signal (${signal} dBm) has been below the usable ${floor} dBm for ${confirmScans} scans`
      : `The current network's signal (${signal} dBm) has been below ${degradedDbm} dBm for ${confirmScans} scans, where ${apps(context)} already breaks up`;
    const target = clearlyStronger(eligible, context, currentBssid, signal, floor, policy);
    if (target !== null) {
      return make('switch', target.candidate.bssid, lossNow ? 'LOSS_FORECAST' : 'LINK_DEGRADED', `${why}: switching to ${name(target)}, preparing the new link before dropping the old one (make-before-break).`, true, forecast);
    }
  }
  if (lossNow) {
    const why = `The current network's signal (${signal} dBm) has been below the usable ${floor} dBm for ${confirmScans} scans`;
    if (context.cellularAvailable === true && context.onCellular !== true) {
      return make('cellular', null, 'LOSS_FORECAST', `${why} and no other Wi-Fi qualifies: bringing up cellular before leaving Wi-Fi (make-before-break).`, true, forecast);
    }
    if (eligible.every((s) => s.candidate.bssid === currentBssid)) {
      return make('stay', currentBssid, 'LOSS_FORECAST_NO_ALTERNATIVE', `${why}, but nothing else qualifies: staying while it lasts.`, false, forecast);
    }
    return make('stay', currentBssid, 'LOSS_FORECAST_NO_ALTERNATIVE', `${why}, but no other network is clearly stronger (${policy.handover.forcedTargetMarginDb} dB needed) and not fading: staying while it lasts.`, false, forecast);
  }

  // Below the floor, but not yet on enough scans to call it lost: stay (fading dips that
  // deep are common, and a confirmed loss moves the device above).
  const currentMean = recentMean(context, currentBssid, signal);
  if (current.scored === null && current.skipped?.reason.code === 'SIGNAL_TOO_WEAK' && signal < floor) {
    return make('stay', currentBssid, 'CURRENT_INELIGIBLE', `The current network's signal (${signal} dBm) is below the usable ${floor} dBm, but not yet for ${confirmScans} scans in a row (fading dips that deep are common): staying until the scans confirm it.`, false, forecast);
  }
  if (best === null) {
    return make('stay', currentBssid, 'CURRENT_INELIGIBLE', `The current network no longer qualifies (${current.skipped?.reason.message ?? 'skipped'}), but nothing else does either: staying.`, false, forecast);
  }
  const cur = current.scored;
  if (cur !== null && best === cur) {
    if (best.manual) return make('stay', currentBssid, 'MANUAL_CHOICE', `Staying on ${name(best)}: you chose it, and its signal holds.`, false, forecast);
    return make('stay', currentBssid, 'CURRENT_IS_BEST', `Staying on ${name(best)}: still the best network (score ${points(best.score)}, including +${policy.hysteresis.currentBonus} for being current).`, false, forecast);
  }

  // An optional switch to `best`. The user's own choice is not held.
  const target = best.candidate.bssid;
  const curName = cur !== null ? name(cur) : `the current network (${currentBssid})`;
  if (best.manual && !(cur?.manual ?? false)) {
    return make('switch', target, 'MANUAL_CHOICE', `Switching to ${name(best)}: you chose it, and its signal holds (${best.candidate.signalDbm} dBm).`, false, forecast);
  }

  let code: DecisionCode;
  let why: string;
  if (cur === null) {
    code = 'CURRENT_INELIGIBLE';
    why = `the current network no longer qualifies (${current.skipped!.reason.message})`;
  } else if (best.bucket !== cur.bucket) {
    code = 'BETTER_BUCKET';
    why = `a ${best.bucket} network ranks above ${cur.bucket} networks by policy`;
    // Policy picks the network, but leaving a working link for a weak one trades a sure
    // connection for a label: the target must be a sound link, or no weaker than this one.
    const targetMean = recentMean(context, target, best.candidate.signalDbm);
    const needed = Math.min(currentMean, policy.hysteresis.bucketSwitchMinDbm);
    if (targetMean < needed) {
      return make(
        'stay',
        currentBssid,
        'CURRENT_IS_BEST',
        `Staying on ${curName}: ${name(best)} is a ${best.bucket} network, which policy ranks above ${cur.bucket} networks, but its signal (recent scans averaging ${Math.round(targetMean)} dBm) is too weak to leave a working link for (${Math.round(needed)} dBm needed).`,
        false,
        forecast,
      );
    }
  } else {
    code = 'BETTER_SCORE';
    why = `it scores ${points(best.score)} against ${points(cur.score)} for ${curName} (which includes +${policy.hysteresis.currentBonus} for being current)`;
    // A switch costs a re-association and the target's sign-in, and moving within one
    // network gains only signal, which fades by several dB between scans.
    const sameNetwork = cur.candidate.ssidHex === best.candidate.ssidHex;
    const margin = (sameNetwork ? policy.hysteresis.sameNetworkMargin : 0) + policy.hysteresis.signInMargin * signInFriction(best.candidate);
    if (best.score < cur.score + margin) {
      return make(
        'stay',
        currentBssid,
        'CURRENT_IS_BEST',
        `Staying on ${curName}: ${name(best)} scores ${points(best.score)} against ${points(cur.score)} (including +${policy.hysteresis.currentBonus} for being current), but a switch${sameNetwork ? ' within the same network' : ''} needs ${points(margin)} points more to pay for the re-association${sameNetwork ? ' and outlast signal fading' : ' and sign-in'}.`,
        false,
        forecast,
      );
    }
    const leftAt = leftRecently(target, context, policy);
    if (leftAt !== null && best.score < cur.score + policy.hysteresis.pingPongMargin) {
      return make(
        'stay',
        currentBssid,
        'PING_PONG_AVOIDED',
        `Staying on ${curName}: going back to ${name(best)}, left ${Math.round((context.now - leftAt) / 1000)} s ago, would be a ping-pong; it is ${points(best.score - cur.score)} points better, ${policy.hysteresis.pingPongMargin} needed.`,
        false,
        forecast,
      );
    }
  }

  // An AP that has just come into view may be passing by (a platform seen from a train) or
  // be showing one faded-up scan: an optional move waits until it has been in view a while,
  // and does not go to one whose signal races up or down (passed at speed). Nor to an AP
  // already near the usable floor.
  const edge = floor + policy.handover.nearFloorDb;
  if (recentMean(context, target, best.candidate.signalDbm) < edge) {
    return make('stay', currentBssid, 'CURRENT_IS_BEST', `Staying on ${curName}: ${name(best)} would be better (${why}), but its signal (${best.candidate.signalDbm} dBm, recent scans averaging under ${edge} dBm) is too close to the usable floor to move to.`, false, forecast);
  }
  const passing = passingBy(context, target, policy);
  if (passing !== null) {
    return make('stay', currentBssid, 'CURRENT_IS_BEST', `Staying on ${curName}: ${name(best)} would be better (${why}), but its signal is changing by ${Math.abs(passing).toFixed(1)} dB/s: it is being passed at speed, and would be gone before a sign-in pays off.`, false, forecast);
  }
  if (!inViewLongEnough(context, target, policy)) {
    return make('stay', currentBssid, 'CURRENT_IS_BEST', `Staying on ${curName} for now: ${name(best)} would be better (${why}), but it has only just come into view; it must stay in view ${Math.round(policy.handover.minSpanMs / 1000)} s first.`, false, forecast);
  }
  if (context.criticalAppRunning) {
    return make('hold', target, 'HOLD_CRITICAL_APP', `Staying on ${curName} for now: ${name(best)} would be better (${why}), but ${apps(context)} is running and switching would interrupt it.`, false, forecast);
  }
  const wait = reselectWaitMs(context, policy);
  if (wait > 0) {
    return make('hold', target, 'HOLD_MIN_INTERVAL', `Staying on ${curName} for now: ${name(best)} would be better (${why}), but the last switch was ${Math.round((context.now - context.lastSwitchAt!) / 1000)} s ago and switches are at least ${Math.round(policy.hysteresis.minReselectIntervalMs / 1000)} s apart.`, false, forecast);
  }
  return make('switch', target, code, `Switching to ${name(best)}: ${why}.`, false, forecast);
}

/**
 * The best-ranked AP a forced switch may go to: clearly stronger than the current link (by
 * `forcedTargetMarginDb`, on its recent scans as on this one), not a coin flip between two
 * fading signals at the edge of coverage, and not fading itself. A switch costs a
 * re-association and often a sign-in, while staying costs nothing until the link really
 * drops (and then the best network is joined anyway).
 */
function clearlyStronger(
  eligible: readonly ScoredCandidate[],
  context: SelectionContext,
  currentBssid: string,
  signal: number,
  floor: number,
  policy: SelectionPolicy,
): ScoredCandidate | null {
  const minTargetDbm = recentMean(context, currentBssid, signal) + policy.handover.forcedTargetMarginDb;
  for (const s of eligible) {
    if (s.candidate.bssid === currentBssid) continue;
    if (s.forecastDbm !== null && s.forecastDbm < floor) continue; // fading too
    if (Math.min(s.candidate.signalDbm, recentMean(context, s.candidate.bssid, s.candidate.signalDbm)) < minTargetDbm) continue;
    return s;
  }
  return null;
}

/**
 * The slope (dB/s) of a BSSID's recent scans when it changes faster than
 * `handover.passingDbPerS` either way — an AP being approached or left at speed (a platform
 * from a train, a café from a tram) — else null. At least 3 scans over 4 s.
 */
export function passingBy(context: SelectionContext, bssid: string, policy: SelectionPolicy): number | null {
  const samples = context.signalTrend?.get(bssid);
  if (samples === undefined) return null;
  const since = context.now - policy.handover.sampleMaxAgeMs;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let first = Infinity;
  for (let i = samples.length - 1; i >= 0 && n < policy.handover.maxSamples; i--) {
    const s = samples[i]!;
    if (s.at > context.now) continue;
    if (s.at < since) break;
    const x = (s.at - context.now) / 1000;
    n++;
    sx += x;
    sy += s.dbm;
    sxx += x * x;
    sxy += x * s.dbm;
    first = Math.min(first, x);
  }
  if (n < 3 || -first < 4) return null;
  const sXX = sxx - (sx * sx) / n;
  if (sXX <= 0) return null;
  const slope = (sxy - (sx * sy) / n) / sXX;
  return Math.abs(slope) > policy.handover.passingDbPerS ? slope : null;
}

/** Samples further apart than this break "continuously in view". */
const IN_VIEW_GAP_MS = 12_000;

/** Whether the BSSID has been in view continuously for `minSpanMs` (true when the caller keeps no trend). */
export function inViewLongEnough(context: SelectionContext, bssid: string, policy: SelectionPolicy): boolean {
  if (context.signalTrend === undefined) return true;
  const samples = context.signalTrend.get(bssid);
  if (samples === undefined || samples.length === 0) return false;
  // Walk back while samples are close enough to count as continuous presence: scans pause
  // while the device connects (a failed internet check takes 10 s).
  let earliest = samples[samples.length - 1]!.at;
  for (let i = samples.length - 2; i >= 0; i--) {
    if (earliest - samples[i]!.at > IN_VIEW_GAP_MS) break;
    earliest = samples[i]!.at;
  }
  return context.now - earliest >= policy.handover.minSpanMs;
}

/** Mean of a BSSID's scans over the last 6 s (at most 3), or `fallback` without samples. */
function recentMean(context: SelectionContext, bssid: string, fallback: number): number {
  const samples = context.signalTrend?.get(bssid);
  if (samples === undefined) return fallback;
  let n = 0;
  let sum = 0;
  for (let i = samples.length - 1; i >= 0 && n < 3; i--) {
    const s = samples[i]!;
    if (s.at > context.now) continue;
    if (context.now - s.at > 6_000) break;
    sum += s.dbm;
    n++;
  }
  return n === 0 ? fallback : sum / n;
}

/**
 * How many of the BSSID's newest scans in a row, up to `max`, are below `floor` (scans at
 * most 10 s apart, the newest within 10 s of now). Without a trend the caller keeps no
 * history: the one reading it has counts for all.
 */
function scansBelow(context: SelectionContext, bssid: string, floor: number, max: number): number {
  const samples = context.signalTrend?.get(bssid);
  if (samples === undefined) return max;
  let n = 0;
  let next = context.now;
  for (let i = samples.length - 1; i >= 0 && n < max; i--) {
    const s = samples[i]!;
    if (s.at > context.now) continue;
    if (next - s.at > 10_000 || s.dbm >= floor) break;
    n++;
    next = s.at;
  }
  return n;
}

function apps(context: SelectionContext): string {
  const names = context.criticalAppNames;
  return names !== undefined && names.length > 0 ? names.join(', ') : 'a call or video app';
}
