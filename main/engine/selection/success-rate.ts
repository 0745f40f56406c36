/**
 * Connection success rate, smoothed and pooled hierarchically, so that a BSSID with no
 * history of its own still gets an informed estimate:
 *
 *   site prior   p_site = (s_others + 1) / (n_others + 2)          Laplace over the site's OTHER APs
 *   AP estimate  p = (w·s_own + s_crowd + k·p_site) / (w·n_own + n_crowd + k)
 *
 * - The site's other APs (an airport's 40 APs share a backhaul and a portal) are the prior
 *   of a new AP there, with strength k (default 4 pseudo-attempts); without a site the
 *   prior is plain Laplace (1 success in 2 tries, p = 0.5).
 * - Own attempts weigh w (default 2) crowd attempts each: they are this device, its
 *   drivers and its credentials. w halves every `ownHalfLifeDays` (default 30) since the
 *   AP's last attempt: an AP fixed or broken since our last visit must be relearnt.
 * - Crowd evidence is scaled down to at most `crowdEvidenceCap` (default 50) attempts so a
 *   busy AP's thousands of crowd outcomes still leave room for what happened to us.
 * - Crowd outcomes carry no date: they may describe the AP as it was months ago. When this
 *   device's own latest attempts failed in a row, the crowd's evidence is multiplied by
 *   `crowdDiscountPerFailure` (default 0.5) per failure of that streak (the streak ages
 *   like own evidence): an AP the crowd rates 95% that just failed us four times is judged
 *   mostly on those four failures, not on a record that may be out of date. Only where
 *   that lowers the estimate, and the evidence (for the minimum's `minimumEvidence`) stays
 *   the undiscounted count.
 * The site's totals include this AP's own and crowd outcomes; they are subtracted so the
 * prior is not this AP's evidence counted twice.
 */
import type { Candidate } from './facts.js';
import type { SelectionPolicy } from './policy.js';

export interface PooledSuccess {
  /** Smoothed success probability, 0..1. */
  rate: number;
  /** Effective attempts behind it (weighted own + capped crowd), without the prior. */
  evidence: number;
  /** The prior it was shrunk toward: the site's other APs, or 0.5 without a site. */
  prior: number;
  /** The part of `evidence` that is this device's own (age-weighted) attempts. */
  ownEvidence?: number;
}

// Reused result object: the ranking loop reads it immediately, so one allocation serves all.
const scratch: PooledSuccess = { rate: 0, evidence: 0, prior: 0.5 };

/** The pooled estimate; the returned object is reused by the next call unless `into` is given. */
export function pooledSuccessRate(c: Candidate, policy: SelectionPolicy, into: PooledSuccess = scratch, now?: number): PooledSuccess {
  const { crowdEvidenceCap, sitePriorStrength, ownHalfLifeDays } = policy.successRate;
  const ownN = c.history?.attempts ?? 0;
  const ownS = Math.min(c.history?.successes ?? 0, ownN);
  // Own evidence fades with the age of the last attempt: what this AP did months ago is a
  // weaker guide to what it does today. Without a clock (`now`), it counts in full.
  const last = c.history?.lastAttemptAt ?? null;
  const ageDays = now === undefined || last === null ? 0 : Math.max(0, now - last) / 86_400_000;
  const ageFactor = 2 ** (-ageDays / ownHalfLifeDays);
  const ownWeight = policy.successRate.ownWeight * ageFactor;
  const rawCrowdN = c.directory?.crowdAttempts ?? 0;
  const rawCrowdS = Math.min(c.directory?.crowdSuccesses ?? 0, rawCrowdN);
  let crowdN = rawCrowdN;
  let crowdS = rawCrowdS;
  if (crowdN > crowdEvidenceCap) {
    crowdS = (crowdS * crowdEvidenceCap) / crowdN;
    crowdN = crowdEvidenceCap;
  }
  let priorRate = 0.5;
  let priorStrength = 2;
  if (c.site !== null) {
    const othersN = Math.max(0, c.site.attempts - rawCrowdN - ownN);
    const othersS = Math.min(othersN, Math.max(0, c.site.successes - rawCrowdS - ownS));
    priorRate = (othersS + 1) / (othersN + 2);
    priorStrength = sitePriorStrength;
  }

  const evidence = ownWeight * ownN + crowdN;
  const denominator = evidence + priorStrength;
  let rate = denominator > 0 ? (ownWeight * ownS + crowdS + priorStrength * priorRate) / denominator : priorRate;
  // Undated crowd data against a fresh failure streak: discount the crowd. Only where that
  // lowers the estimate: a stale record is a risk when it flatters the AP, and a crowd that
  // already rates it low agrees with the failures.
  const streak = Math.min(c.history?.consecutiveFailures ?? 0, ownN);
  if (streak > 0 && crowdN > 0) {
    const discount = policy.successRate.crowdDiscountPerFailure ** (streak * ageFactor);
    const discounted = (ownWeight * ownS + crowdS * discount + priorStrength * priorRate) / (ownWeight * ownN + crowdN * discount + priorStrength);
    if (discounted < rate) rate = discounted;
  }
  into.rate = rate;
  // The evidence stays what it is: how many attempts the estimate rests on.
  into.evidence = evidence;
  into.ownEvidence = ownWeight * ownN;
  into.prior = priorRate;
  return into;
}
