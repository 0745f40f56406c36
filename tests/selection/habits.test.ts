import { describe, expect, test } from 'vitest';
import { habitStrength, rank } from '../../main/engine/selection/index.js';
import { DAY, NOW, bssid, candidate, context, hex, on } from './fixtures.js';

describe('habits', () => {
  test('strength decays by half every 14 days without use', () => {
    const habit = (daysAgo: number) => ({ ssidHex: hex('Office'), uses: 40, lastUsedAt: NOW - daysAgo * DAY, onlineMs: 0 });
    expect(habitStrength(habit(0), NOW)).toBeCloseTo(1, 5);
    expect(habitStrength(habit(14), NOW)).toBeCloseTo(0.5, 5);
    expect(habitStrength(habit(28), NOW)).toBeCloseTo(0.25, 5);
    expect(habitStrength(null, NOW)).toBe(0);
  });

  test('more uses, stronger habit (log-scaled)', () => {
    const withUses = (uses: number) => habitStrength({ ssidHex: hex('x'), uses, lastUsedAt: NOW, onlineMs: 0 }, NOW);
    expect(withUses(1)).toBeLessThan(withUses(5));
    expect(withUses(5)).toBeLessThan(withUses(20));
    expect(withUses(200)).toBe(1);
  });

  test('a recent habit outranks a stronger stranger; last year\'s habit does not', () => {
    const office = (daysAgo: number) =>
      candidate({ bssid: bssid(1), ssid: 'Office', signalDbm: -70, habit: { ssidHex: hex('Office'), uses: 30, lastUsedAt: NOW - daysAgo * DAY, onlineMs: 0 } });
    const stranger = candidate({ bssid: bssid(2), ssid: 'Stranger', signalDbm: -50 });
    const fresh = rank([stranger, office(1)], context());
    expect(fresh.eligible[0]!.candidate.ssid).toBe('Office');
    expect(fresh.eligible[0]!.bucket).toBe('habitual');
    expect(fresh.eligible[0]!.terms.find((t) => t.name === 'habit')!.value).toBeGreaterThan(9);
    const stale = rank([stranger, office(365)], context());
    expect(stale.eligible[0]!.candidate.ssid).toBe('Stranger');
  });

  test('a manual choice is respected while its signal holds, and dropped when it fades', () => {
    const chosen = (signalDbm: number) => candidate({ bssid: bssid(1), ssid: 'Chosen', signalDbm, band: '2.4GHz', frequencyMhz: 2412, standard: '802.11n' });
    const better = candidate({ bssid: bssid(2), ssid: 'Better', signalDbm: -50 });
    const manualChoice = { bssid: bssid(1), ssidHex: hex('Chosen'), at: NOW - 60_000 };

    const holds = rank([better, chosen(-75)], context({ manualChoice, current: on(chosen(-75)) }));
    expect(holds.eligible[0]!.candidate.ssid).toBe('Chosen');
    expect(holds.eligible[0]!.manual).toBe(true);
    expect(holds.decision).toMatchObject({ action: 'stay', code: 'MANUAL_CHOICE' });

    // Not yet joined: the decision joins the manual choice although Better scores higher.
    expect(rank([better, chosen(-75)], context({ manualChoice })).decision).toMatchObject({ action: 'connect', target: bssid(1), code: 'MANUAL_CHOICE' });

    // Faded below -80 dBm: no longer pinned; Roamdesk chooses again and says why.
    const faded = rank([better, chosen(-82)], context({ manualChoice, current: on(chosen(-82)) }));
    expect(faded.eligible[0]!.candidate.ssid).toBe('Better');
    expect(faded.decision).toMatchObject({ action: 'switch', target: bssid(2), code: 'MANUAL_CHOICE_FADED' });
    expect(faded.decision.reason).toMatch(/manual choice faded/);
  });
});
