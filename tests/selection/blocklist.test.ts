import { describe, expect, test } from 'vitest';
import {
  backoffMs,
  isBlocked,
  onAttemptOutcome,
  rank,
  suspectDevice,
  type AttemptOutcomeFacts,
  type BlockState,
} from '../../main/engine/selection/index.js';
import { MINUTE, NOW, bssid, candidate, context, hex, history } from './fixtures.js';

const AP = bssid(7);

function fail(consecutiveFailures: number, at = NOW, signalDbm = -70, extra: Partial<AttemptOutcomeFacts> = {}): AttemptOutcomeFacts {
  return { bssid: AP, outcome: 'failure', consecutiveFailures, signalDbm, at, ...extra };
}

/** Feeds failures one by one, as the connection manager would. */
function failures(count: number, start = 0, prev: BlockState | null = null, at = NOW): BlockState | null {
  let state = prev;
  for (let i = start + 1; i <= start + count; i++) state = onAttemptOutcome(state, fail(i, at));
  return state;
}

describe('blocklist', () => {
  test('blocks on the 4th consecutive failure, not the 3rd', () => {
    expect(failures(3)).toBeNull();
    const block = failures(4);
    expect(block).toEqual({ bssid: AP, streak: 1, blockedUntil: NOW + 5 * MINUTE, signalAtBlockDbm: -70 });
    expect(isBlocked(block, -70, NOW + 5 * MINUTE - 1)).toBe(true);
    expect(isBlocked(block, -70, NOW + 5 * MINUTE)).toBe(false);
  });

  test('backoff doubles per block in a row and is capped at 60 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((streak) => backoffMs(streak) / MINUTE)).toEqual([5, 10, 20, 40, 60, 60, 60]);
    const first = failures(4)!;
    // The block expires; the very next failure re-blocks with twice the time.
    const afterExpiry = first.blockedUntil;
    const second = onAttemptOutcome(first, fail(5, afterExpiry))!;
    expect(second.streak).toBe(2);
    expect(second.blockedUntil - afterExpiry).toBe(10 * MINUTE);
  });

  test('a failure while still blocked leaves the block as it is; a success clears it', () => {
    const block = failures(4)!;
    expect(onAttemptOutcome(block, fail(5, NOW + MINUTE))).toBe(block);
    expect(onAttemptOutcome(block, { bssid: AP, outcome: 'success', consecutiveFailures: 0, signalDbm: -60, at: NOW + MINUTE })).toBeNull();
  });

  test('early release when the signal rises at least 8 dB above the signal at block time', () => {
    const block = failures(4)!; // at -70 dBm
    expect(isBlocked(block, -63, NOW + MINUTE)).toBe(true);
    expect(isBlocked(block, -62, NOW + MINUTE)).toBe(false);
    // Released early and failing again: blocked anew, one streak longer, at the new signal.
    const again = onAttemptOutcome(block, fail(5, NOW + MINUTE, -60))!;
    expect(again).toMatchObject({ streak: 2, signalAtBlockDbm: -60, blockedUntil: NOW + MINUTE + 10 * MINUTE });
  });

  test('a suspected device blocks nothing', () => {
    expect(onAttemptOutcome(null, fail(4, NOW, -70, { deviceSuspect: true }))).toBeNull();
  });

  test('device suspect: every AP tried recently failed, on several networks; the decision says so and blocks are waived', () => {
    const failed = (n: number, ssid: string) =>
      candidate({
        bssid: bssid(n),
        ssid,
        ssidHex: hex(ssid),
        history: history({ bssid: bssid(n), attempts: 4, successes: 0, consecutiveFailures: 4, lastAttemptAt: NOW - 2 * MINUTE }),
        block: { bssid: bssid(n), streak: 1, blockedUntil: NOW + 3 * MINUTE, signalAtBlockDbm: -60 },
      });
    const storm = [failed(1, 'Airport'), failed(2, 'Airport'), failed(3, 'Lounge')];
    expect(suspectDevice(storm, NOW)).toBe(true);
    const ranking = rank(storm, context());
    expect(ranking.decision.deviceSuspect).toBe(true);
    expect(ranking.decision.reason).toMatch(/this device is the likely cause/);
    expect(ranking.skipped.filter((s) => s.reason.code === 'BLOCKLISTED')).toHaveLength(0);
    expect(ranking.decision.action).toBe('connect');

    // One network only: the network may be down, not the device.
    expect(suspectDevice([failed(1, 'Airport'), failed(2, 'Airport'), failed(3, 'Airport')], NOW)).toBe(false);
    // A recent success anywhere: the device works, the failed APs are to blame.
    const ok = candidate({ bssid: bssid(9), ssid: 'Cafe', history: history({ attempts: 1, successes: 1, lastAttemptAt: NOW - MINUTE }) });
    expect(suspectDevice([...storm, ok], NOW)).toBe(false);
    expect(rank([...storm, ok], context()).skipped.map((s) => s.reason.code)).toEqual(['BLOCKLISTED', 'BLOCKLISTED', 'BLOCKLISTED']);
    // Old failures (outside the 10-minute window) do not count.
    expect(suspectDevice(storm, NOW + 20 * MINUTE)).toBe(false);
  });
});
