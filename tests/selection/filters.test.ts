import { describe, expect, test } from 'vitest';
import { defaultSelectionPolicy, parseSelectionPolicy, rank, type Candidate, type SelectionPolicy, type SkipCode } from '../../main/engine/selection/index.js';
import { MINUTE, NOW, bssid, candidate, context, directory, history, on } from './fixtures.js';

/**
 * A loud, clean alternative on another network. The soft filters (signal entry threshold,
 * blocks, an undated crowd success rate) give way when nothing else qualifies, so filters
 * are tested with something else in view, as they apply in practice.
 */
const alternative = candidate({ bssid: bssid(99), ssid: 'Elsewhere', signalDbm: -50 });

function skipCode(c: Candidate, policy: SelectionPolicy = defaultSelectionPolicy, ctx = context()): SkipCode | null {
  const ranking = rank([c, alternative], ctx, policy);
  return ranking.skipped.find((s) => s.candidate.bssid === c.bssid)?.reason.code ?? null;
}

describe('filters', () => {
  test('minimum signal is per band: -78 dBm passes on 2.4 GHz (-80) but not on 5 GHz (-77) or 6 GHz (-74)', () => {
    expect(skipCode(candidate({ signalDbm: -78, band: '2.4GHz', frequencyMhz: 2437 }))).toBeNull();
    expect(skipCode(candidate({ signalDbm: -78, band: '5GHz' }))).toBe('SIGNAL_TOO_WEAK');
    expect(skipCode(candidate({ signalDbm: -75, band: '6GHz', frequencyMhz: 5975 }))).toBe('SIGNAL_TOO_WEAK');
    expect(skipCode(candidate({ signalDbm: -74, band: '6GHz', frequencyMhz: 5975 }))).toBeNull();
  });

  test('the current link is kept down to the exit floor (-83 dBm), below the entry threshold', () => {
    const c = candidate({ signalDbm: -80 });
    expect(skipCode(c)).toBe('SIGNAL_TOO_WEAK');
    expect(skipCode(c, defaultSelectionPolicy, context({ current: on(c) }))).toBeNull();
    expect(skipCode(candidate({ signalDbm: -84 }), defaultSelectionPolicy, context({ current: on(candidate()) }))).toBe('SIGNAL_TOO_WEAK');
  });

  test('a blocklisted BSSID is skipped with the time left; an early signal rise of 8 dB releases it', () => {
    const block = { bssid: bssid(1), streak: 1, blockedUntil: NOW + 3 * MINUTE, signalAtBlockDbm: -70 };
    const ranking = rank([candidate({ signalDbm: -63, block }), alternative], context());
    expect(ranking.skipped[0]?.reason.code).toBe('BLOCKLISTED');
    expect(ranking.skipped[0]?.reason.message).toContain('3 minutes');
    expect(skipCode(candidate({ signalDbm: -62, block }))).toBeNull();
    expect(skipCode(candidate({ signalDbm: -70, block: { ...block, blockedUntil: NOW } }))).toBeNull();
    // Blocks are about connecting: a link that is already up is not dropped for one.
    const blockedCurrent = candidate({ signalDbm: -70, block });
    expect(skipCode(blockedCurrent, defaultSelectionPolicy, context({ current: on(blockedCurrent) }))).toBeNull();
  });

  test('policy deny by SSID (text or hex bytes) and by provider; allow lists deny everything else', () => {
    const c = candidate({ ssid: 'FreeWifi', directory: directory({ providerId: 'shadyco' }) });
    expect(skipCode(c, parseSelectionPolicy({ lists: { prohibitedSsids: ['FreeWifi'] } }))).toBe('POLICY_PROHIBITED_SSID');
    expect(skipCode(c, parseSelectionPolicy({ lists: { prohibitedSsids: [`hex:${c.ssidHex}`] } }))).toBe('POLICY_PROHIBITED_SSID');
    expect(skipCode(c, parseSelectionPolicy({ lists: { prohibitedProviders: ['shadyco'] } }))).toBe('POLICY_PROHIBITED_PROVIDER');
    expect(skipCode(c, parseSelectionPolicy({ lists: { allowedProviders: ['skyfi'] } }))).toBe('POLICY_NOT_ALLOWED');
    expect(skipCode(c, parseSelectionPolicy({ lists: { allowedSsids: ['FreeWifi'] } }))).toBeNull();
    expect(skipCode(c)).toBeNull();
  });

  test('minimum security: with wpa2-personal required, open and WEP are skipped and enterprise passes', () => {
    const policy = parseSelectionPolicy({ minSecurity: 'wpa2-personal' });
    expect(skipCode(candidate({ security: 'open' }), policy)).toBe('SECURITY_BELOW_MINIMUM');
    expect(skipCode(candidate({ security: 'wep', hasCredentials: true }), policy)).toBe('SECURITY_BELOW_MINIMUM');
    expect(skipCode(candidate({ security: 'wpa2-enterprise', hasCredentials: true }), policy)).toBeNull();
  });

  test('a secured network needs credentials, an enterprise one a profile', () => {
    expect(skipCode(candidate({ security: 'wpa2-personal' }))).toBe('NO_CREDENTIALS');
    expect(skipCode(candidate({ security: 'wpa2-personal', hasCredentials: true }))).toBeNull();
    expect(skipCode(candidate({ security: 'wpa3-enterprise' }))).toBe('ENTERPRISE_PROFILE_MISSING');
    expect(skipCode(candidate({ security: 'owe' }))).toBeNull();
  });

  test("operator's minimum success rate is a filter on the pooled rate, applied only with enough evidence", () => {
    const policy = parseSelectionPolicy({ successRate: { minimum: 0.6, minimumEvidence: 10 } });
    // 2 of 20 crowd attempts: ~18% pooled, plenty of evidence → skipped.
    const bad = candidate({ directory: directory({ crowdAttempts: 20, crowdSuccesses: 2 }) });
    expect(skipCode(bad, policy)).toBe('SUCCESS_RATE_BELOW_MINIMUM');
    // Same ratio on 2 attempts: too little evidence to judge → ranked.
    expect(skipCode(candidate({ directory: directory({ crowdAttempts: 2, crowdSuccesses: 0 }) }), policy)).toBeNull();
    // A good AP passes; with the minimum at 0 nothing is filtered.
    expect(skipCode(candidate({ directory: directory({ crowdAttempts: 20, crowdSuccesses: 19 }) }), policy)).toBeNull();
    expect(skipCode(bad, parseSelectionPolicy({ successRate: { minimum: 0 } }))).toBeNull();
    // It is not a weight: the filtered AP is gone, not merely lower.
    expect(rank([bad, alternative], context(), policy).eligible.map((e) => e.candidate.bssid)).toEqual([alternative.bssid]);
  });

  test('own failures count double toward the success-rate minimum', () => {
    const policy = parseSelectionPolicy({ successRate: { minimum: 0.5, minimumEvidence: 10 } });
    const c = candidate({ history: history({ attempts: 5, successes: 1, consecutiveFailures: 3, lastAttemptAt: NOW }) });
    expect(skipCode(c, policy)).toBe('SUCCESS_RATE_BELOW_MINIMUM');
    // Own evidence ages, but a minute does not turn those 5 attempts (10 crowd attempts' worth) into fewer than 10.
    const aMinuteAgo = candidate({ history: history({ attempts: 5, successes: 1, consecutiveFailures: 3, lastAttemptAt: NOW - MINUTE }) });
    expect(skipCode(aMinuteAgo, policy)).toBe('SUCCESS_RATE_BELOW_MINIMUM');
  });

  test('every skipped candidate has a stable code and a readable message', () => {
    const ranking = rank(
      [candidate({ bssid: bssid(1), signalDbm: -90 }), candidate({ bssid: bssid(2), security: 'wpa2-personal' })],
      context(),
    );
    expect(ranking.skipped.map((s) => s.reason.code)).toEqual(['SIGNAL_TOO_WEAK', 'NO_CREDENTIALS']);
    for (const s of ranking.skipped) expect(s.reason.message.length).toBeGreaterThan(10);
    expect(ranking.decision.action).toBe('none');
  });
});

describe('when nothing else qualifies, the soft filters give way', () => {
  test('a weak AP is joined when it is the only one, down to the last-resort -86 dBm; skipped when something better is there', () => {
    const weak = candidate({ signalDbm: -81, band: '5GHz' }); // below the 5 GHz entry (-77)
    const alone = rank([weak], context());
    expect(alone.decision).toMatchObject({ action: 'connect', target: weak.bssid });
    expect(alone.decision.reason).toMatch(/Nothing passed the usual thresholds/);
    expect(skipCode(weak)).toBe('SIGNAL_TOO_WEAK');
    // Below the usable floor (-83) but at the last resort: a weak link beats none.
    expect(rank([candidate({ signalDbm: -86 })], context()).decision.action).toBe('connect');
    // Below the last resort it stays out, alone or not.
    const tooWeak = rank([candidate({ signalDbm: -87 })], context());
    expect(tooWeak.decision.action).toBe('none');
    expect(tooWeak.skipped[0]!.reason.message).toContain('-86 dBm');
  });

  test('a blocked AP that is the only usable network is retried at once (or spaced by aloneRetryMs); with an alternative the block holds', () => {
    // The on-board AP of a train after an uplink outage: 4 verify failures, blocked for 5 min.
    const block = { bssid: bssid(1), streak: 1, blockedUntil: NOW + 5 * MINUTE, signalAtBlockDbm: -60 };
    const justFailed = candidate({ signalDbm: -60, block, history: history({ attempts: 4, consecutiveFailures: 4, lastAttemptAt: NOW }) });
    // By default the failed attempt itself (seconds of association and an internet check) is the spacing.
    const alone = rank([justFailed], context());
    expect(alone.decision).toMatchObject({ action: 'connect', target: justFailed.bssid });
    expect(alone.decision.reason).toMatch(/a block .* set aside/);
    // An operator may space the retries.
    const spaced = parseSelectionPolicy({ blocklist: { aloneRetryMs: 10_000 } });
    const waiting = rank([candidate({ ...justFailed, history: history({ attempts: 4, consecutiveFailures: 4, lastAttemptAt: NOW - 5_000 }) })], context(), spaced);
    expect(waiting.decision.action).toBe('none');
    expect(waiting.skipped[0]!.reason).toMatchObject({ code: 'BLOCKLISTED' });
    expect(waiting.skipped[0]!.reason.message).toMatch(/retried in 5 s/);
    const due = candidate({ ...justFailed, history: history({ attempts: 4, consecutiveFailures: 4, lastAttemptAt: NOW - 10_000 }) });
    expect(rank([due], context(), spaced).decision).toMatchObject({ action: 'connect', target: due.bssid });
    // Something else qualifies: the normal block stands.
    expect(skipCode(justFailed)).toBe('BLOCKLISTED');
  });

  test('an AP that worked minutes ago and is blocked after an outage is retried rather than a network just come into view', () => {
    // The train's on-board AP: online until 3 minutes ago, then 4 failed internet checks (its uplink is in a tunnel).
    const block = { bssid: bssid(1), streak: 1, blockedUntil: NOW + 4 * MINUTE, signalAtBlockDbm: -62 };
    const onboard = candidate({
      bssid: bssid(1),
      ssid: 'WIFIonICE',
      signalDbm: -62,
      block,
      history: history({ attempts: 6, successes: 2, consecutiveFailures: 4, lastAttemptAt: NOW, lastSuccessAt: NOW - 5 * MINUTE }),
    });
    const platform = candidate({ bssid: bssid(2), ssid: 'RailNet', signalDbm: -66 });
    const every2s = (dbm: number, count: number) => Array.from({ length: count }, (_, i) => ({ at: NOW - (count - 1 - i) * 2000, dbm }));
    // The platform AP appeared 2 s ago; the on-board AP has been in view all along.
    const signalTrend = new Map([
      [onboard.bssid, every2s(-62, 10)],
      [platform.bssid, every2s(-66, 2)],
    ]);
    const ranking = rank([onboard, platform], context({ signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'connect', target: onboard.bssid });
    expect(ranking.decision.reason).toMatch(/got the device online minutes ago/);
    expect(ranking.skipped.find((s) => s.candidate.bssid === platform.bssid)!.reason.code).toBe('PASSING_BY');
    // The platform AP in view for 10 s is a real alternative: the block holds.
    const settled = rank([onboard, platform], context({ signalTrend: new Map([[onboard.bssid, every2s(-62, 10)], [platform.bssid, every2s(-66, 6)]]) }));
    expect(settled.decision).toMatchObject({ action: 'connect', target: platform.bssid });
    // An AP that never worked (a dead uplink) gets no such benefit of the doubt.
    const neverWorked = candidate({ ...onboard, history: history({ attempts: 4, successes: 0, consecutiveFailures: 4, lastAttemptAt: NOW }) });
    expect(rank([neverWorked, platform], context({ signalTrend })).decision).toMatchObject({ action: 'connect', target: platform.bssid });
  });

  test('on a link still in view, the soft filters do not give way: a dying link wants a clearly better network, not a last resort', () => {
    const policy = parseSelectionPolicy({ successRate: { minimum: 0.8 } });
    const dying = candidate({ bssid: bssid(1), ssid: 'Good', signalDbm: -85 });
    const overloaded = candidate({ bssid: bssid(2), ssid: 'Busy', signalDbm: -55, directory: directory({ bssid: bssid(2), crowdAttempts: 200, crowdSuccesses: 90 }) });
    const signalTrend = new Map([
      [dying.bssid, [-84, -85, -85].map((dbm, i) => ({ at: NOW - (2 - i) * 2000, dbm }))],
      [overloaded.bssid, Array.from({ length: 6 }, (_, i) => ({ at: NOW - (5 - i) * 2000, dbm: -55 }))],
    ]);
    const onDying = rank([dying, overloaded], context({ current: on(dying), signalTrend }), policy);
    expect(onDying.skipped.map((s) => s.reason.code).sort()).toEqual(['SIGNAL_TOO_WEAK', 'SUCCESS_RATE_BELOW_MINIMUM']);
    expect(onDying.decision).toMatchObject({ action: 'stay', code: 'LOSS_FORECAST_NO_ALTERNATIVE' });
    // Once the link is gone, the 45% AP is the last resort.
    expect(rank([overloaded], context({ current: on(dying), signalTrend }), policy).decision).toMatchObject({ action: 'connect', target: overloaded.bssid });
  });

  test('the success-rate minimum steers away from a bad AP while there is a choice, and gives way when there is none', () => {
    const policy = parseSelectionPolicy({ successRate: { minimum: 0.6, minimumEvidence: 10 } });
    const crowdBad = candidate({ directory: directory({ crowdAttempts: 20, crowdSuccesses: 2 }) });
    const ownBad = candidate({ history: history({ attempts: 6, successes: 0, consecutiveFailures: 6, lastAttemptAt: NOW - MINUTE }) });
    for (const bad of [crowdBad, ownBad]) {
      expect(skipCode(bad, policy)).toBe('SUCCESS_RATE_BELOW_MINIMUM');
      const alone = rank([bad], context(), policy);
      expect(alone.decision).toMatchObject({ action: 'connect', target: bad.bssid });
      expect(alone.decision.reason).toMatch(/low success rate set aside/);
    }
    // Policy is never relaxed: a prohibited SSID stays out even alone.
    expect(rank([crowdBad], context(), parseSelectionPolicy({ successRate: { minimum: 0.6 }, lists: { prohibitedSsids: ['Cafe'] } })).decision.action).toBe('none');
  });
});
