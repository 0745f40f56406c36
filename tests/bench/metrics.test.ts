import { describe, expect, test } from 'vitest';
import { countHandovers, countInterruptedCalls, countPingPongs, runMetrics } from '../../tools/mobility/metrics.js';
import type { OnlineSegment, SwitchRecord, Trace } from '../../tools/mobility/trace.js';

const STEP_MS = 2000;
const seg = (bssid: string, from: number, to: number): OnlineSegment => ({ bssid, from, to });

describe('ping-pongs', () => {
  test('A → B → A counts when A is back within 60 s of being left', () => {
    // Left A at step 10, back on A at step 25: 30 s.
    expect(countPingPongs([seg('A', 0, 10), seg('B', 12, 20), seg('A', 25, 40)], STEP_MS)).toBe(1);
  });

  test('a return after more than 60 s, or A → B → C, is not one', () => {
    expect(countPingPongs([seg('A', 0, 10), seg('B', 12, 30), seg('A', 41, 60)], STEP_MS)).toBe(0); // 62 s
    expect(countPingPongs([seg('A', 0, 10), seg('B', 12, 20), seg('C', 22, 40)], STEP_MS)).toBe(0);
  });

  test('reconnecting to the same AP merges into one stay: A, A, B, A is one ping-pong and two handovers', () => {
    const segments = [seg('A', 0, 10), seg('A', 13, 20), seg('B', 22, 30), seg('A', 32, 50)];
    expect(countPingPongs(segments, STEP_MS)).toBe(1);
    expect(countHandovers(segments)).toBe(2);
  });

  test('A → B → A → B → A counts every return', () => {
    expect(countPingPongs([seg('A', 0, 5), seg('B', 6, 10), seg('A', 11, 15), seg('B', 16, 20), seg('A', 21, 30)], STEP_MS)).toBe(3);
  });
});

describe('interrupted critical sessions', () => {
  const calls = [
    { from: 10, to: 20, process: 'ms-teams.exe' },
    { from: 30, to: 40, process: 'Zoom.exe' },
    { from: 50, to: 60, process: 'Webex.exe' },
  ];

  function online(offline: number[]): Uint8Array {
    const o = new Uint8Array(70).fill(1);
    for (const t of offline) o[t] = 0;
    return o;
  }

  test('an optional switch during a call counts (and as optional); a forced one counts through its outage only', () => {
    const switches: SwitchRecord[] = [
      { step: 15, from: 'A', to: 'B', optional: true },
      { step: 35, from: 'B', to: 'C', optional: false },
    ];
    // Both switches take the device offline for a step; call 3 sees no switch and no outage.
    const result = countInterruptedCalls(calls, online([15, 35]), switches);
    expect(result).toEqual({ interrupted: 2, byOptionalSwitch: 1 });
  });

  test('a drop during a call interrupts it; being offline before it starts, or a switch outside it, does not', () => {
    const switches: SwitchRecord[] = [{ step: 25, from: 'A', to: 'B', optional: true }];
    // Offline 8–9 (before call 1), back online at 10; offline at 55 (inside call 3).
    expect(countInterruptedCalls(calls, online([8, 9, 25, 55]), switches)).toEqual({ interrupted: 1, byOptionalSwitch: 0 });
  });

  test('runMetrics reads a hand-built trace', () => {
    const trace: Trace = {
      policy: 'hand-built',
      steps: 1800, // one hour
      stepMs: STEP_MS,
      online: online([]),
      attempts: [
        { step: 0, bssid: 'A', success: false, timeToOnlineMs: 0, firstOfEpisode: true },
        { step: 2, bssid: 'A', success: true, timeToOnlineMs: 4000, firstOfEpisode: false },
        { step: 12, bssid: 'B', success: true, timeToOnlineMs: 1000, firstOfEpisode: true },
        { step: 22, bssid: 'A', success: true, timeToOnlineMs: 9000, firstOfEpisode: true },
      ],
      switches: [],
      segments: [seg('A', 4, 12), seg('B', 13, 22), seg('A', 27, 1800)],
      losses: [],
      calls: [],
      reasons: {},
      throughputSum: 0,
    };
    trace.online = new Uint8Array(1800);
    for (const s of trace.segments) trace.online.fill(1, s.from, s.to);
    const m = runMetrics(trace);
    expect(m.successRate).toBe(0.75);
    expect(m.firstAttemptSuccess).toBeCloseTo(2 / 3, 12);
    expect(m.timeToOnlineP50).toBe(4000);
    expect(m.timeToOnlineP95).toBe(9000);
    expect(m.handoversPerHour).toBe(2);
    expect(m.pingPongsPerHour).toBe(1);
    expect(m.onlineShare).toBeCloseTo((8 + 9 + 1773) / 1800, 12);
  });
});
