import { describe, expect, test } from 'vitest';
import { forecastSignal, defaultSelectionPolicy, rank, type SignalSample } from '../../main/engine/selection/index.js';
import { NOW, bssid, candidate, context, on } from './fixtures.js';

const current = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -72 });
const better = candidate({ bssid: bssid(2), ssid: 'Lounge', signalDbm: -52 });

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
const fadingCurrent = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -78 });

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

  test('when loss is forecast near the floor, the switch is forced, make-before-break', () => {
    const signalTrend = new Map([[fadingCurrent.bssid, trend(-78, -2)]]); // → -90 dBm in 6 s
    const ranking = rank([fadingCurrent, better], context({ current: on(fadingCurrent), signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'LOSS_FORECAST', forced: true, makeBeforeBreak: true });
    expect(ranking.decision.currentForecastDbm).toBeCloseTo(-90, 5);
    expect(ranking.decision.reason).toMatch(/make-before-break/);
    expect(ranking.decision.reason).toMatch(/new link/);
  });

  test('during a call a forecast alone does not move the call; a signal below the floor on two scans does', () => {
    const ctx = { current: on(fadingCurrent), criticalAppRunning: true };
    const forecastOnly = rank([fadingCurrent, better], context({ ...ctx, signalTrend: new Map([[fadingCurrent.bssid, trend(-78, -2)], betterInView]) }));
    expect(forecastOnly.decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP', forced: false });
    const below = candidate({ ...fadingCurrent, signalDbm: -85 });
    const lost = rank([below, better], context({ ...ctx, current: on(below), signalTrend: new Map([[below.bssid, samples([-80, -82, -84, -85])]]) }));
    expect(lost.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'LOSS_FORECAST', forced: true });
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
    const signalTrend = new Map([[below.bssid, samples([-84, -85])]]);
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
    const alsoFading = candidate({ bssid: bssid(3), ssid: 'Train', signalDbm: -50 });
    const signalTrend = new Map([
      [fadingCurrent.bssid, trend(-78, -2)],
      [alsoFading.bssid, trend(-50, -6)],
    ]);
    const steady = candidate({ bssid: bssid(4), ssid: 'Kiosk', signalDbm: -66, band: '2.4GHz', frequencyMhz: 2412 });
    const ranking = rank([fadingCurrent, alsoFading, steady], context({ current: on(fadingCurrent), signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: steady.bssid, forced: true });
  });

  test('Wi-Fi → cellular when loss is forecast and no Wi-Fi qualifies; stay if there is no cellular', () => {
    const signalTrend = new Map([[fadingCurrent.bssid, trend(-78, -2)]]);
    const withCellular = rank([fadingCurrent], context({ current: on(fadingCurrent), signalTrend, cellularAvailable: true }));
    expect(withCellular.decision).toMatchObject({ action: 'cellular', target: null, forced: true, makeBeforeBreak: true });
    const without = rank([fadingCurrent], context({ current: on(fadingCurrent), signalTrend }));
    expect(without.decision).toMatchObject({ action: 'stay', code: 'LOSS_FORECAST_NO_ALTERNATIVE', forced: false });
  });

  test('cellular → Wi-Fi is optional: held during a call, done otherwise', () => {
    expect(rank([better], context({ onCellular: true, cellularAvailable: true, criticalAppRunning: true })).decision).toMatchObject({ action: 'hold', code: 'HOLD_CRITICAL_APP' });
    expect(rank([better], context({ onCellular: true, cellularAvailable: true })).decision).toMatchObject({ action: 'connect', target: better.bssid });
  });

  test('the current network out of range: reconnect elsewhere, forced', () => {
    expect(rank([better], context({ current: on(current), criticalAppRunning: true })).decision).toMatchObject({ action: 'connect', target: better.bssid, code: 'CURRENT_LOST', forced: true });
  });
});
