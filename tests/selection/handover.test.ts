import { describe, expect, test } from 'vitest';
import { forecastSignal, defaultSelectionPolicy, rank, type SignalSample } from '../../main/engine/selection/index.js';
import { NOW, bssid, candidate, context, directory, on } from './fixtures.js';

/** Open hotspots of one provider, known to need no sign-in: switches between them pay no sign-in margin. */
const openHotspot = (n: number) => directory({ bssid: bssid(n), providerId: 'citynet', authMethod: 'open' });
const current = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -72, directory: openHotspot(1) });
const better = candidate({ bssid: bssid(2), ssid: 'Lounge', signalDbm: -52, directory: openHotspot(2) });

/** One sample every 2 s up to now, falling or rising by `slope` dB/s to reach `endDbm` (6 samples span 10 s). */
function trend(endDbm: number, slope: number, count = 6, everyMs = 2000): SignalSample[] {
  return Array.from({ length: count }, (_, i) => ({ at: NOW - (count - 1 - i) * everyMs, dbm: endDbm - (slope * (count - 1 - i) * everyMs) / 1000 }));
}

/** Scans of a laptop that does not move: ±3 dB of fading around -78 dBm, drifting down by chance. */
const STATIONARY_NOISE = [-74, -78, -75, -79, -77, -80, -79, -82];
function samples(dbms: readonly number[], everyMs = 2000): SignalSample[] {
  return dbms.map((dbm, i) => ({ at: NOW - (dbms.length - 1 - i) * everyMs, dbm }));
}

/** `better` has been in view, steady, for 10 s: a switch to it is worth making (not a passer-by). */
const betterInView = [better.bssid, trend(-52, 0)] as const;

/** The current link near the floor, falling 2 dB/s: -78 dBm now, -90 forecast in 6 s. */
const fadingCurrent = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -78, directory: openHotspot(1) });

describe('forecast', () => {
  test('a straight line through the recent samples, read 6 s ahead, when the fall is real', () => {
    expect(forecastSignal(trend(-70, -2), NOW, defaultSelectionPolicy)).toBeCloseTo(-82, 5);
    // Steady or rising: no forecast, the scan signal stands.
    expect(forecastSignal(trend(-70, 0), NOW, defaultSelectionPolicy)).toBeNull();
    expect(forecastSignal(trend(-70, 1), NOW, defaultSelectionPolicy)).toBeNull();
    // Too few samples, too short a span, or too old: no forecast.
    expect(forecastSignal(trend(-70, -2, 3), NOW, defaultSelectionPolicy)).toBeNull();
    expect(forecastSignal(trend(-70, -2, 8, 1000), NOW, defaultSelectionPolicy)).toBeNull();
    expect(forecastSignal(trend(-70, -2), NOW + 60_000, defaultSelectionPolicy)).toBeNull();
  });

  test('fading noise is not a trend: a slow or insignificant slope gives no forecast', () => {
    // A line through these, read 10 s ahead, said -85 dBm: a loss that never comes.
    expect(forecastSignal(samples(STATIONARY_NOISE), NOW, defaultSelectionPolicy)).toBeNull();
    // A slope of -1 dB/s hidden in ±4 dB scatter is not beyond its standard error either.
    expect(forecastSignal(samples([-70, -78, -70, -80, -72, -82, -74, -84]), NOW, defaultSelectionPolicy)).toBeNull();
    // The same fall without the scatter is a trend.
    expect(forecastSignal(samples([-70, -72, -74, -76, -78, -80, -82, -84]), NOW, defaultSelectionPolicy)).toBeCloseTo(-90, 5);
  });

  test('a falling candidate counts at its forecast signal', () => {
    const a = candidate({ bssid: bssid(3), signalDbm: -60 });
    const steady = rank([a], context()).eligible[0]!.score;
    const falling = rank([a], context({ signalTrend: new Map([[a.bssid, trend(-60, -1.5)]]) })).eligible[0]!.score;
    expect(falling).toBeLessThan(steady - 5);
  });
});

describe('critical-app hold-off and forced handover', () => {
  test('an optional switch is held while Teams runs, and made when it is not', () => {
    const ctx = { current: on(current), criticalAppNames: ['Microsoft Teams'] };
    const held = rank([current, better], context({ ...ctx, criticalAppRunning: true }));
    expect(held.decision).toMatchObject({ action: 'hold', target: better.bssid, code: 'HOLD_CRITICAL_APP', forced: false });
    expect(held.decision.reason).toContain('Microsoft Teams');
    expect(rank([current, better], context({ ...ctx, criticalAppRunning: false })).decision).toMatchObject({ action: 'switch', target: better.bssid });
  });

  test('a forecast loss with other Wi-Fi in view forces nothing: the falling link counts at its forecast, and an optional switch follows', () => {
    const signalTrend = new Map([[fadingCurrent.bssid, trend(-78, -2)], betterInView]); // → -90 dBm in 6 s
    const ranking = rank([fadingCurrent, better], context({ current: on(fadingCurrent), signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'BETTER_SCORE', forced: false, makeBeforeBreak: false });
    expect(ranking.decision.currentForecastDbm).toBeCloseTo(-90, 5);
    const cur = ranking.eligible.find((s) => s.candidate.bssid === fadingCurrent.bssid)!;
    expect(cur.terms.find((t) => t.name === 'signal')!.detail).toMatch(/forecast -90 dBm in 6 s/);
    // An optional switch, so a call holds it.
    const during = rank([fadingCurrent, better], context({ current: on(fadingCurrent), signalTrend, criticalAppRunning: true }));
    expect(during.decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP', forced: false });
  });

  test('a loss confirmed on three scans below the floor forces the switch, make-before-break, even during a call; two scans do not', () => {
    const below = candidate({ ...fadingCurrent, signalDbm: -85 });
    const ctx = { current: on(below), criticalAppRunning: true };
    const lost = rank([below, better], context({ ...ctx, signalTrend: new Map([[below.bssid, samples([-80, -84, -84, -85])], betterInView]) }));
    expect(lost.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'LOSS_FORECAST', forced: true, makeBeforeBreak: true });
    expect(lost.decision.reason).toMatch(/below the usable -83 dBm for 3 scans/);
    // Two scans below the floor: not yet a loss (without a call, nothing moves).
    const twoScans = rank([below, better], context({ current: on(below), signalTrend: new Map([[below.bssid, samples([-79, -79, -84, -85])], betterInView]) }));
    expect(twoScans.decision).toMatchObject({ action: 'stay', code: 'CURRENT_INELIGIBLE', forced: false });
    // Scans further apart than 10 s are not "in a row".
    const gap = rank([below, better], context({ current: on(below), signalTrend: new Map([[below.bssid, samples([-84, -84, -85], 12_000)], betterInView]) }));
    expect(gap.decision.forced).toBe(false);
  });

  test('during a call, a link below -80 dBm on three scans is rescued to a clearly stronger AP; one scan that low is held', () => {
    const weak = candidate({ ...fadingCurrent, signalDbm: -82 });
    const ctx = { current: on(weak), criticalAppRunning: true, criticalAppNames: ['Zoom'] };
    const degraded = rank([weak, better], context({ ...ctx, signalTrend: new Map([[weak.bssid, samples([-78, -81, -82, -82])], betterInView]) }));
    expect(degraded.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'LINK_DEGRADED', forced: true });
    expect(degraded.decision.reason).toMatch(/below -80 dBm for 3 scans, where Zoom already breaks up/);
    // One scan below -80 after good ones: the call is held on its link.
    const dip = rank([weak, better], context({ ...ctx, signalTrend: new Map([[weak.bssid, samples([-76, -77, -76, -82])], betterInView]) }));
    expect(dip.decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP', forced: false });
    // No clearly stronger AP (5 dB): held, not a coin flip.
    const edge = candidate({ bssid: bssid(7), ssid: 'Lounge', signalDbm: -79 });
    const noRescue = rank([weak, edge], context({ ...ctx, signalTrend: new Map([[weak.bssid, samples([-78, -81, -82, -82])], [edge.bssid, trend(-79, 0)]]) }));
    expect(noRescue.decision.forced).toBe(false);
    // Without a call, the same degraded link is an ordinary optional decision.
    const noCall = rank([weak, better], context({ current: on(weak), signalTrend: new Map([[weak.bssid, samples([-78, -81, -82, -82])], betterInView]) }));
    expect(noCall.decision).toMatchObject({ action: 'switch', code: 'BETTER_SCORE', forced: false });
  });

  test('an optional switch waits for an AP to be in view 8 s, and never goes to one passed at speed', () => {
    const ctx = { current: on(current) };
    // Seen on two scans only: it may be a passer-by or one faded-up scan.
    const justSeen = rank([current, better], context({ ...ctx, signalTrend: new Map([[better.bssid, samples([-55, -52])]]) }));
    expect(justSeen.decision).toMatchObject({ action: 'stay', code: 'CURRENT_IS_BEST' });
    expect(justSeen.decision.reason).toMatch(/only just come into view/);
    // In view 10 s but racing up at 4 dB/s: a platform seen from a train.
    const racing = rank([current, better], context({ ...ctx, signalTrend: new Map([[better.bssid, trend(-52, 4)]]) }));
    expect(racing.decision).toMatchObject({ action: 'stay', code: 'CURRENT_IS_BEST' });
    expect(racing.decision.reason).toMatch(/changing by 4\.0 dB\/s: it is being passed at speed/);
    // Steady for 10 s: the switch is made.
    expect(rank([current, better], context({ ...ctx, signalTrend: new Map([betterInView]) })).decision).toMatchObject({ action: 'switch', target: better.bssid });
    // Scans pause while the device connects: a 10 s gap (a failed internet check) does not
    // break "continuously in view".
    const gapped = samples([-52, -52], 10_000);
    expect(rank([current, better], context({ ...ctx, signalTrend: new Map([[better.bssid, gapped]]) })).decision.action).toBe('switch');
  });

  test('a stationary laptop in fading noise near -80 dBm is not forced off its AP', () => {
    const here = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -82 });
    const signalTrend = new Map([[here.bssid, samples(STATIONARY_NOISE)], betterInView]);
    const ranking = rank([here, better], context({ current: on(here), signalTrend, criticalAppRunning: true }));
    expect(ranking.decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP', forced: false });
  });

  test('a steep fall far above the floor is not a loss yet', () => {
    const strong = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -62 });
    const signalTrend = new Map([[strong.bssid, trend(-62, -4)]]); // → -86 in 6 s, but -62 now
    const ranking = rank([strong, better], context({ current: on(strong), signalTrend, criticalAppRunning: true }));
    expect(ranking.decision.forced).toBe(false);
  });

  test('one scan below the floor after a normal one is a fading dip: stay', () => {
    const dip = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -85 });
    const signalTrend = new Map([[dip.bssid, samples([-79, -78, -80, -79, -85])]]);
    const ranking = rank([dip, better], context({ current: on(dip), signalTrend, criticalAppRunning: true }));
    expect(ranking.decision).toMatchObject({ action: 'stay', forced: false });
  });

  test('a forced switch goes only to a clearly stronger AP, not a coin flip at the edge', () => {
    const below = candidate({ bssid: bssid(1), ssid: 'Gate', signalDbm: -85 });
    const signalTrend = new Map([[below.bssid, samples([-84, -84, -85])]]);
    const sameEdge = candidate({ bssid: bssid(5), ssid: 'Gate', signalDbm: -82, band: '2.4GHz', frequencyMhz: 2412 });
    const clearly = candidate({ bssid: bssid(6), ssid: 'Gate', signalDbm: -74, band: '2.4GHz', frequencyMhz: 2437 });
    expect(rank([below, sameEdge], context({ current: on(below), signalTrend })).decision).toMatchObject({ action: 'stay', code: 'LOSS_FORECAST_NO_ALTERNATIVE' });
    expect(rank([below, sameEdge, clearly], context({ current: on(below), signalTrend })).decision).toMatchObject({ action: 'switch', target: clearly.bssid, forced: true });
  });

  test('a steady weak signal is not a loss: held during the call', () => {
    const signalTrend = new Map([[current.bssid, trend(-72, 0)], betterInView]);
    const ranking = rank([current, better], context({ current: on(current), criticalAppRunning: true, signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP', forced: false });
  });

  test('the forced target is not one that is fading too', () => {
    const below = candidate({ ...fadingCurrent, signalDbm: -85 });
    const alsoFading = candidate({ bssid: bssid(3), ssid: 'Train', signalDbm: -50 });
    const signalTrend = new Map([
      [below.bssid, samples([-84, -85, -84, -85])],
      [alsoFading.bssid, trend(-50, -6)],
    ]);
    const steady = candidate({ bssid: bssid(4), ssid: 'Kiosk', signalDbm: -66, band: '2.4GHz', frequencyMhz: 2412 });
    const ranking = rank([below, alsoFading, steady], context({ current: on(below), signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: steady.bssid, forced: true });
  });

  test('Wi-Fi → cellular when loss is forecast and no Wi-Fi qualifies; stay if there is no cellular', () => {
    const signalTrend = new Map([[fadingCurrent.bssid, trend(-78, -2)]]);
    const withCellular = rank([fadingCurrent], context({ current: on(fadingCurrent), signalTrend, cellularAvailable: true }));
    expect(withCellular.decision).toMatchObject({ action: 'cellular', target: null, code: 'LOSS_FORECAST', forced: true, makeBeforeBreak: true });
    // Not during a call: a forecast alone does not move it.
    expect(rank([fadingCurrent], context({ current: on(fadingCurrent), signalTrend, cellularAvailable: true, criticalAppRunning: true })).decision.action).toBe('stay');
    // Without cellular there is nowhere to go before the link drops.
    const without = rank([fadingCurrent], context({ current: on(fadingCurrent), signalTrend }));
    expect(without.decision).toMatchObject({ action: 'stay', forced: false });
    // A confirmed loss with nothing else: cellular, forced.
    const below = candidate({ ...fadingCurrent, signalDbm: -85 });
    const confirmed = rank([below], context({ current: on(below), signalTrend: new Map([[below.bssid, samples([-84, -84, -85])]]), cellularAvailable: true }));
    expect(confirmed.decision).toMatchObject({ action: 'cellular', forced: true, makeBeforeBreak: true });
    expect(rank([below], context({ current: on(below), signalTrend: new Map([[below.bssid, samples([-84, -84, -85])]]) })).decision).toMatchObject({
      action: 'stay',
      code: 'LOSS_FORECAST_NO_ALTERNATIVE',
    });
  });

  test('cellular → Wi-Fi is optional: held during a call, done otherwise', () => {
    expect(rank([better], context({ onCellular: true, cellularAvailable: true, criticalAppRunning: true })).decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP' });
    expect(rank([better], context({ onCellular: true, cellularAvailable: true })).decision).toMatchObject({ action: 'connect', target: better.bssid });
  });

  test('the current network out of range: reconnect elsewhere, forced', () => {
    expect(rank([better], context({ current: on(current), criticalAppRunning: true })).decision).toMatchObject({ action: 'connect', target: better.bssid, code: 'CURRENT_LOST', forced: true });
  });
});
