import { describe, expect, test } from 'vitest';
import { pooledSuccessRate, defaultSelectionPolicy, rank, type Candidate } from '../../main/engine/selection/index.js';
import { DAY, NOW, bssid, candidate, context, directory, history, site } from './fixtures.js';

function term(c: Candidate, name: string): number {
  const scored = rank([c], context()).eligible[0]!;
  return scored.terms.find((t) => t.name === name)!.value;
}

describe('success rate: Laplace-smoothed and pooled over own, crowd and site', () => {
  test('no evidence at all: Laplace gives 50%', () => {
    expect(pooledSuccessRate(candidate(), defaultSelectionPolicy).rate).toBeCloseTo(0.5, 10);
  });

  test('a new AP on a good site beats a new AP on a bad site', () => {
    const onGood = candidate({ bssid: bssid(1), ssid: 'Good', site: site(200, 190, 'good') });
    const onBad = candidate({ bssid: bssid(2), ssid: 'Bad', site: site(200, 40, 'bad') });
    const good = pooledSuccessRate(onGood, defaultSelectionPolicy, { rate: 0, evidence: 0, prior: 0 });
    const bad = pooledSuccessRate(onBad, defaultSelectionPolicy, { rate: 0, evidence: 0, prior: 0 });
    expect(good.rate).toBeGreaterThan(0.9);
    expect(bad.rate).toBeLessThan(0.25);
    expect(good.evidence).toBe(0);
    const ranking = rank([onBad, onGood], context());
    expect(ranking.eligible.map((s) => s.candidate.ssid)).toEqual(['Good', 'Bad']);
  });

  test("the site prior is the site's OTHER APs: an AP's own crowd record is not counted twice", () => {
    // The whole site is this one AP's 10/10: the others are unknown, so the prior is 50%.
    const alone = candidate({ directory: directory({ crowdAttempts: 10, crowdSuccesses: 10 }), site: site(10, 10) });
    const { rate, prior } = pooledSuccessRate(alone, defaultSelectionPolicy);
    expect(prior).toBeCloseTo(0.5, 10);
    expect(rate).toBeCloseTo((10 + 4 * 0.5) / (10 + 4), 10);
  });

  test("own history outweighs the crowd's (each own attempt counts twice, crowd capped at 50)", () => {
    const c = candidate({
      directory: directory({ crowdAttempts: 5000, crowdSuccesses: 4900 }),
      history: history({ attempts: 20, successes: 2, consecutiveFailures: 3 }),
    });
    const pooled = pooledSuccessRate(c, defaultSelectionPolicy);
    // The 3 failures in a row halve the crowd three times (below): 50 → 6.25 attempts, 6.125 successes.
    // (2·2 + 6.125 + 2·0.5) / (2·20 + 6.25 + 2)
    expect(pooled.rate).toBeCloseTo(11.125 / 48.25, 10);
    expect(pooled.evidence).toBe(90);
    // Without a failure streak the crowd counts in full: (2·2 + 49 + 1) / (40 + 50 + 2).
    const noStreak = pooledSuccessRate({ ...c, history: history({ attempts: 20, successes: 2, consecutiveFailures: 0 }) }, defaultSelectionPolicy);
    expect(noStreak.rate).toBeCloseTo(54 / 92, 10);
    expect(noStreak.evidence).toBe(90);
  });

  test('undated crowd data gives way to a fresh failure streak: each failure in a row halves the crowd evidence', () => {
    // The directory rates this AP 95% (a snapshot of unknown age); it just failed us four times.
    const crowd = directory({ crowdAttempts: 400, crowdSuccesses: 380 });
    const failedNow = candidate({ directory: crowd, history: history({ attempts: 4, successes: 0, consecutiveFailures: 4, lastAttemptAt: NOW }) });
    const fresh = { ...pooledSuccessRate(failedNow, defaultSelectionPolicy, undefined, NOW) };
    // Crowd 50 → 50/16 attempts: (47.5/16 + 0 + 2·0.5) / (50/16 + 8 + 2)
    expect(fresh.rate).toBeCloseTo((47.5 / 16 + 1) / (50 / 16 + 10), 10);
    expect(fresh.rate).toBeLessThan(0.35);
    // The evidence behind it is unchanged: 50 crowd + 4 × 2 own attempts.
    expect(fresh.evidence).toBe(58);
    // A crowd that already rates it low agrees with the failures: no discount (it would let
    // the prior flatter the AP).
    const lowCrowd = candidate({
      directory: directory({ crowdAttempts: 400, crowdSuccesses: 40 }),
      history: history({ attempts: 1, successes: 0, consecutiveFailures: 1, lastAttemptAt: NOW }),
      site: site(1000, 950),
    });
    const low = { ...pooledSuccessRate(lowCrowd, defaultSelectionPolicy, undefined, NOW) };
    const lowUndiscounted = pooledSuccessRate(lowCrowd, { ...defaultSelectionPolicy, successRate: { ...defaultSelectionPolicy.successRate, crowdDiscountPerFailure: 1 } }, undefined, NOW);
    expect(low.rate).toBeCloseTo(lowUndiscounted.rate, 10);
    // Without the discount the crowd would still say ~79%.
    const undiscounted = pooledSuccessRate(failedNow, { ...defaultSelectionPolicy, successRate: { ...defaultSelectionPolicy.successRate, crowdDiscountPerFailure: 1 } }, undefined, NOW);
    expect(undiscounted.rate).toBeGreaterThan(0.75);
    // The same streak 60 days old (two half-lives) discounts far less.
    const old = pooledSuccessRate({ ...failedNow, history: history({ attempts: 4, successes: 0, consecutiveFailures: 4, lastAttemptAt: NOW - 60 * DAY }) }, defaultSelectionPolicy, undefined, NOW);
    expect(old.rate).toBeGreaterThan(fresh.rate + 0.3);
  });
});

describe('quality', () => {
  test('signal has a sufficiency cap: beyond -60 dBm more signal adds nothing', () => {
    expect(term(candidate({ signalDbm: -60 }), 'signal')).toBe(25);
    expect(term(candidate({ signalDbm: -40 }), 'signal')).toBe(25);
    expect(term(candidate({ signalDbm: -70 }), 'signal')).toBeLessThan(25);
    expect(term(candidate({ signalDbm: -77 }), 'signal')).toBe(0);
  });

  test('band and standard: 6 GHz > 5 GHz > 2.4 GHz, 802.11ax > 802.11n', () => {
    expect(term(candidate({ band: '6GHz' }), 'band')).toBeGreaterThan(term(candidate({ band: '5GHz' }), 'band'));
    expect(term(candidate({ band: '5GHz' }), 'band')).toBeGreaterThan(term(candidate({ band: '2.4GHz', signalDbm: -60 }), 'band'));
    expect(term(candidate({ standard: '802.11ax' }), 'standard')).toBeGreaterThan(term(candidate({ standard: '802.11n' }), 'standard'));
  });

  test('throughput: own measurement beats crowd beats the radio estimate, which is capped until measured', () => {
    const slowOwn = candidate({ history: history({ meanThroughputMbps: 3 }), directory: directory({ crowdThroughputMbps: 80 }) });
    const crowdFast = candidate({ directory: directory({ crowdThroughputMbps: 80 }) });
    const radioOnly = candidate({ standard: '802.11be', channelWidthMhz: 320 });
    expect(term(slowOwn, 'throughput')).toBeLessThan(term(radioOnly, 'throughput'));
    expect(term(crowdFast, 'throughput')).toBe(15);
    // A 320 MHz 802.11be radio is not assumed to have a fast uplink: capped at 25 Mbps.
    expect(term(radioOnly, 'throughput')).toBeLessThan(15);
    const detail = rank([radioOnly], context()).eligible[0]!.terms.find((t) => t.name === 'throughput')!.detail;
    expect(detail).toMatch(/^~25 Mbps estimated/);
  });

  test('portal friction: open < psk/802.1X < WISPr/RFC 8908 < web portal', () => {
    const friction = (authMethod: 'open' | 'psk' | '802.1x' | 'wispr' | 'rfc8908' | 'web-portal') =>
      term(candidate({ directory: directory({ authMethod }), security: 'open' }), 'portalFriction');
    expect(friction('open')).toBeGreaterThan(friction('psk'));
    expect(friction('psk')).toBe(friction('802.1x'));
    expect(friction('psk')).toBeGreaterThan(friction('wispr'));
    expect(friction('wispr')).toBe(friction('rfc8908'));
    expect(friction('rfc8908')).toBeGreaterThan(friction('web-portal'));
    expect(friction('web-portal')).toBe(0);
  });

  test('the score is the sum of its terms', () => {
    const scored = rank([candidate({ directory: directory({ crowdAttempts: 9, crowdSuccesses: 8 }) })], context()).eligible[0]!;
    expect(scored.score).toBeCloseTo(scored.terms.reduce((sum, t) => sum + t.value, 0), 10);
    expect(scored.terms.map((t) => t.name)).toEqual(['signal', 'band', 'standard', 'throughput', 'successRate', 'portalFriction']);
  });
});

describe('own evidence ages', () => {
  test('an AP that failed us two months ago is judged less on that than one that failed this morning', () => {
    const failed = (daysAgo: number) => candidate({ history: history({ attempts: 4, successes: 0, consecutiveFailures: 4, lastAttemptAt: NOW - daysAgo * DAY }) });
    const fresh = { ...pooledSuccessRate(failed(0), defaultSelectionPolicy, undefined, NOW) };
    const old = { ...pooledSuccessRate(failed(60), defaultSelectionPolicy, undefined, NOW) };
    // 60 days = two half-lives: the 4 own failures weigh 2 × 1/4 each instead of 2.
    expect(fresh.evidence).toBeCloseTo(8, 6);
    expect(old.evidence).toBeCloseTo(2, 6);
    expect(fresh.rate).toBeCloseTo(0.1, 6);
    expect(old.rate).toBeCloseTo(0.25, 6);
    // Without a clock the evidence counts in full, as before.
    expect(pooledSuccessRate(failed(60), defaultSelectionPolicy).evidence).toBeCloseTo(8, 6);
    // The ranker passes its clock: the old failures no longer sink the AP.
    expect(rank([failed(60)], context()).eligible[0]!.successRate).toBeCloseTo(old.rate, 6);
  });
});
