import { describe, expect, test } from 'vitest';
import { forecastSignal, defaultSelectionPolicy, rank, type SignalSample } from '../../main/engine/selection/index.js';
import { NOW, bssid, candidate, context, on } from './fixtures.js';

const current = candidate({ bssid: bssid(1), ssid: 'Platform', signalDbm: -72 });
const better = candidate({ bssid: bssid(2), ssid: 'Lounge', signalDbm: -52 });

/** One sample per second up to now, falling or rising by `slope` dB/s to reach `endDbm`. */
function trend(endDbm: number, slope: number, count = 6): SignalSample[] {
  return Array.from({ length: count }, (_, i) => ({ at: NOW - (count - 1 - i) * 1000, dbm: endDbm - slope * (count - 1 - i) }));
}

describe('forecast', () => {
  test('a straight line through the recent samples, read 10 s ahead', () => {
    expect(forecastSignal(trend(-70, -2), NOW, defaultSelectionPolicy)).toBeCloseTo(-90, 5);
    expect(forecastSignal(trend(-70, 0), NOW, defaultSelectionPolicy)).toBeCloseTo(-70, 5);
    // Too few samples or too old: no forecast.
    expect(forecastSignal(trend(-70, -2, 2), NOW, defaultSelectionPolicy)).toBeNull();
    expect(forecastSignal(trend(-70, -2), NOW + 60_000, defaultSelectionPolicy)).toBeNull();
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

  test('when loss is forecast, the switch is forced even during a call, make-before-break', () => {
    const signalTrend = new Map([[current.bssid, trend(-72, -2)]]); // → -92 dBm in 10 s
    const ranking = rank([current, better], context({ current: on(current), criticalAppRunning: true, signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: better.bssid, code: 'LOSS_FORECAST', forced: true, makeBeforeBreak: true });
    expect(ranking.decision.currentForecastDbm).toBeCloseTo(-92, 5);
    expect(ranking.decision.reason).toMatch(/make-before-break/);
    expect(ranking.decision.reason).toMatch(/new link/);
  });

  test('a steady weak signal is not a loss: held during the call', () => {
    const signalTrend = new Map([[current.bssid, trend(-72, 0)]]);
    const ranking = rank([current, better], context({ current: on(current), criticalAppRunning: true, signalTrend }));
    expect(ranking.decision.action).toBe('hold');
  });

  test('the forced target is not one that is fading too', () => {
    const alsoFading = candidate({ bssid: bssid(3), ssid: 'Train', signalDbm: -50 });
    const signalTrend = new Map([
      [current.bssid, trend(-72, -2)],
      [alsoFading.bssid, trend(-50, -4)],
    ]);
    const steady = candidate({ bssid: bssid(4), ssid: 'Kiosk', signalDbm: -70, band: '2.4GHz', frequencyMhz: 2412 });
    const ranking = rank([current, alsoFading, steady], context({ current: on(current), signalTrend }));
    expect(ranking.decision).toMatchObject({ action: 'switch', target: steady.bssid, forced: true });
  });

  test('Wi-Fi → cellular when loss is forecast and no Wi-Fi qualifies; stay if there is no cellular', () => {
    const signalTrend = new Map([[current.bssid, trend(-72, -2)]]);
    const withCellular = rank([current], context({ current: on(current), signalTrend, cellularAvailable: true, criticalAppRunning: true }));
    expect(withCellular.decision).toMatchObject({ action: 'cellular', target: null, forced: true, makeBeforeBreak: true });
    const without = rank([current], context({ current: on(current), signalTrend }));
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
