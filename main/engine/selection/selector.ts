/**
 * The default ranker: filters → policy buckets → quality score → decision, the structure
 * of Android's WifiNetworkSelector. Pure and synchronous; one pass over the candidates,
 * with per-policy lookups precomputed (compiled-policy.ts) and no closures in the loop.
 */
import type { Candidate } from './facts.js';
import { suspectDevice } from './blocklist.js';
import { BUCKET_RANK, bucketOf } from './buckets.js';
import { compilePolicy } from './compiled-policy.js';
import { type FilterFacts, skipReason } from './filters.js';
import { forecastSignal } from './forecast.js';
import { type CurrentState, decide, inViewLongEnough, passingBy } from './handover.js';
import { habitStrength } from './habits.js';
import { defaultSelectionPolicy, type SelectionPolicy } from './policy.js';
import { qualityTerms } from './quality.js';
import { pooledSuccessRate } from './success-rate.js';
import type { Ranking, ScoreTerm, ScoredCandidate, SelectionContext, SkippedCandidate } from './types.js';

const DAY_MS = 86_400_000;

/** Skip reasons the fallback pass may relax. */
const SOFT_SKIPS: ReadonlySet<string> = new Set(['SIGNAL_TOO_WEAK', 'BLOCKLISTED', 'SUCCESS_RATE_BELOW_MINIMUM']);

/** Manual choice first, then bucket, then score; BSSID breaks ties so the order is deterministic. */
function byRank(a: ScoredCandidate, b: ScoredCandidate): number {
  if (a.manual !== b.manual) return a.manual ? -1 : 1;
  const bucket = BUCKET_RANK[a.bucket] - BUCKET_RANK[b.bucket];
  if (bucket !== 0) return bucket;
  if (a.score !== b.score) return b.score - a.score;
  return a.candidate.bssid < b.candidate.bssid ? -1 : a.candidate.bssid > b.candidate.bssid ? 1 : 0;
}

export function rank(candidates: readonly Candidate[], context: SelectionContext, policy: SelectionPolicy = defaultSelectionPolicy): Ranking {
  const compiled = compilePolicy(policy);
  const { now } = context;
  const deviceSuspect = suspectDevice(candidates, now, policy);
  const currentBssid = context.current?.bssid ?? null;
  const currentSignal = context.current?.signalDbm;
  const manualSsid = context.manualChoice?.ssidHex ?? null;
  const trend = context.signalTrend;
  const { weights, hysteresis, manual } = policy;

  let eligible: ScoredCandidate[] = [];
  let skipped: SkippedCandidate[] = [];
  let current: CurrentState | null = null;
  let anyPinned = false;
  // One facts object reused across the loop: the filters read it synchronously.
  const facts: FilterFacts = { signalDbm: 0, isCurrent: false, isManual: false, deviceSuspect, now, fallback: false };

  const pass = (fallback: boolean): void => {
    eligible = [];
    skipped = [];
    current = currentBssid === null ? null : { scored: null, skipped: null, signalDbm: null, forecastDbm: null };
    anyPinned = false;
    facts.fallback = fallback;
    for (const c of candidates) {
      const isCurrent = c.bssid === currentBssid;
      const signal = isCurrent && currentSignal !== undefined ? currentSignal : c.signalDbm;
      const isManual = manualSsid !== null && c.ssidHex === manualSsid;
      const forecast = trend === undefined ? null : forecastSignal(trend.get(c.bssid), now, policy);
      facts.signalDbm = signal;
      facts.isCurrent = isCurrent;
      facts.isManual = isManual;
      const success = pooledSuccessRate(c, policy, undefined, now);
      const reason = skipReason(c, facts, success, compiled);
      if (isCurrent) {
        current = { scored: null, skipped: null, signalDbm: signal, forecastDbm: forecast };
      }
      if (reason !== null) {
        const entry = { candidate: c, reason };
        skipped.push(entry);
        if (isCurrent) current!.skipped = entry;
        continue;
      }

      const terms: ScoreTerm[] = [];
      let score = qualityTerms(c, signal, forecast, success, compiled, terms);
      const habit = habitStrength(c.habit, now, policy);
      if (habit > 0) {
        const value = weights.habit * habit;
        score += value;
        const days = Math.round((now - c.habit!.lastUsedAt) / DAY_MS);
        terms.push({ name: 'habit', value, detail: `used ${c.habit!.uses} times, last ${days === 0 ? 'today' : `${days} days ago`} (strength ${habit.toFixed(2)})` });
      }
      if (isCurrent) {
        score += hysteresis.currentBonus;
        terms.push({ name: 'current', value: hysteresis.currentBonus, detail: 'the current network: switching costs a re-association' });
      }
      const pinned = isManual && signal >= manual.floorDbm;
      if (pinned) anyPinned = true;
      const scored: ScoredCandidate = {
        candidate: c,
        bucket: bucketOf(c, habit, compiled),
        score,
        terms,
        manual: pinned,
        successRate: success.rate,
        successEvidence: success.evidence,
        forecastDbm: forecast,
      };
      eligible.push(scored);
      if (isCurrent) current!.scored = scored;
    }
  };

  pass(false);
  // Off Wi-Fi, with only networks just come into view (or passing at speed) qualifying, and
  // a settled AP blocked although it got the device online minutes ago: that AP is most
  // likely in a passing outage (a train's uplink in a tunnel), and what flashes past is no
  // alternative to it. The relaxed pass retries it, and the passers-by are left out.
  let settledOnly = false;
  if (context.current === null && trend !== undefined && eligible.length > 0) {
    const unsettled = (b: string): boolean => !inViewLongEnough(context, b, policy) || passingBy(context, b, policy) !== null;
    const recentlyGood = (c: Candidate): boolean => c.history?.lastSuccessAt != null && now - c.history.lastSuccessAt <= policy.blocklist.recentlyGoodMs;
    if (eligible.every((s) => unsettled(s.candidate.bssid)) && skipped.some((s) => s.reason.code === 'BLOCKLISTED' && !unsettled(s.candidate.bssid) && recentlyGood(s.candidate))) {
      pass(true);
      const settled = eligible.filter((s) => !unsettled(s.candidate.bssid));
      if (settled.length > 0) {
        for (const s of eligible) {
          if (!unsettled(s.candidate.bssid)) continue;
          skipped.push({ candidate: s.candidate, reason: { code: 'PASSING_BY', message: 'It has only just come into view (or is being passed at speed), while a network that worked minutes ago is retried.' } });
        }
        eligible = settled;
        settledOnly = true;
      }
    }
  }
  // Nothing qualifies: the soft filters (the entry threshold, blocks, the success-rate
  // minimum) exist to prefer something better, and there is nothing better. A second pass
  // relaxes them rather than leave the device offline.
  let fallback = false;
  // Not while a current link is still in view: the device is online, and a link below the
  // usable floor is handled by the loss rules, which want a clearly better network, not a
  // last resort.
  const currentInView = currentBssid !== null && candidates.some((c) => c.bssid === currentBssid);
  if (eligible.length === 0 && !currentInView && skipped.some((s) => SOFT_SKIPS.has(s.reason.code))) {
    pass(true);
    fallback = eligible.length > 0;
  }

  eligible.sort(byRank);
  const decision = decide({
    eligible,
    skippedCount: skipped.length,
    current,
    manualFaded: manualSsid !== null && !anyPinned,
    deviceSuspect,
    context,
    policy,
  });
  if (settledOnly && decision.action === 'connect') {
    decision.reason += ' It got the device online minutes ago, so its block is set aside: the networks that only just came into view are no alternative to it.';
  } else if (fallback && (decision.action === 'connect' || decision.action === 'switch')) {
    decision.reason += ' Nothing passed the usual thresholds, so the best usable network is tried anyway (weak signal, a block or a low success rate set aside).';
  }
  return { eligible, skipped, decision };
}
