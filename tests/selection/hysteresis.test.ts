import { describe, expect, test } from 'vitest';
import { rank } from '../../main/engine/selection/index.js';
import { MINUTE, NOW, bssid, candidate, context, directory, hex, on } from './fixtures.js';

// Hotel APs the directory knows to need no sign-in: these tests are about signal and
// hysteresis, not the sign-in margin (tested last).
const A = candidate({ bssid: bssid(0xa), ssid: 'Hotel', signalDbm: -66, directory: directory({ bssid: bssid(0xa), providerId: 'hotel', authMethod: 'open' }) });
const B = candidate({ bssid: bssid(0xb), ssid: 'Hotel', signalDbm: -63, directory: directory({ bssid: bssid(0xb), providerId: 'hotel', authMethod: 'open' }) });

describe('hysteresis', () => {
  test('the current-network bonus keeps a near-equal current network', () => {
    // B is a few points better on signal alone...
    const fresh = rank([A, B], context());
    expect(fresh.eligible[0]!.candidate.bssid).toBe(B.bssid);
    const gap = fresh.eligible[0]!.score - fresh.eligible[1]!.score;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(8);
    // ...but on A, the +8 bonus keeps it.
    const onA = rank([A, B], context({ current: on(A) }));
    expect(onA.decision).toMatchObject({ action: 'stay', target: A.bssid, code: 'CURRENT_IS_BEST' });
    expect(onA.eligible[0]!.terms.find((t) => t.name === 'current')!.value).toBe(8);
  });

  test('a clearly better network wins despite the bonus', () => {
    const far = candidate({ ...A, signalDbm: -76 });
    const near = candidate({ ...B, signalDbm: -55 });
    expect(rank([far, near], context({ current: on(far) })).decision).toMatchObject({ action: 'switch', target: near.bssid, code: 'BETTER_SCORE' });
  });

  test('minimum interval: no optional switch within 60 s of the last one', () => {
    const far = candidate({ ...A, signalDbm: -76 });
    const near = candidate({ ...B, signalDbm: -55 });
    const soon = rank([far, near], context({ current: on(far), lastSwitchAt: NOW - 30_000 }));
    expect(soon.decision).toMatchObject({ action: 'hold', target: near.bssid, code: 'HOLD_MIN_INTERVAL', forced: false });
    const later = rank([far, near], context({ current: on(far), lastSwitchAt: NOW - 61_000 }));
    expect(later.decision.action).toBe('switch');
  });

  test('no ping-pong: going back to an AP left minutes ago needs a much larger advantage', () => {
    // On B, having left A 2 minutes ago; A is now better than B + bonus, but not by the 20-point margin.
    // (Different networks: moves within one network need a further margin, tested below.)
    const a = candidate({ ...A, signalDbm: -55 });
    const b = candidate({ ...B, ssid: 'Lobby', ssidHex: hex('Lobby'), signalDbm: -74 });
    const recentSwitches = [{ from: a.bssid, to: b.bssid, at: NOW - 2 * MINUTE }];
    const ranking = rank([a, b], context({ current: on(b), recentSwitches, lastSwitchAt: NOW - 2 * MINUTE }));
    expect(ranking.eligible[0]!.candidate.bssid).toBe(a.bssid);
    expect(ranking.decision).toMatchObject({ action: 'stay', target: b.bssid, code: 'PING_PONG_AVOIDED' });
    // The same situation without the recent A→B switch: it would switch.
    expect(rank([a, b], context({ current: on(b), lastSwitchAt: NOW - 2 * MINUTE })).decision.action).toBe('switch');
    // Outside the 5-minute window it is an ordinary switch again.
    const old = [{ from: a.bssid, to: b.bssid, at: NOW - 6 * MINUTE }];
    expect(rank([a, b], context({ current: on(b), recentSwitches: old, lastSwitchAt: NOW - 6 * MINUTE })).decision.action).toBe('switch');
  });

  test('a move within the same network needs a margin beyond fading; another network does not', () => {
    // On A at -74 dBm; C, same network, at -66: ~4 points better (bonus included), within what
    // fading moves between two APs, and less than the same-network margin (10).
    const a = candidate({ ...A, signalDbm: -74 });
    const sameNet = candidate({ ...A, bssid: bssid(0xc), signalDbm: -66, directory: directory({ bssid: bssid(0xc), providerId: 'hotel', authMethod: 'open' }) });
    const onA = rank([a, sameNet], context({ current: on(a) }));
    const gap = onA.eligible[0]!.score - onA.eligible[1]!.score;
    expect(onA.eligible[0]!.candidate.bssid).toBe(sameNet.bssid);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(10);
    expect(onA.decision).toMatchObject({ action: 'stay', target: a.bssid, code: 'CURRENT_IS_BEST' });
    expect(onA.decision.reason).toMatch(/same network/);
    // The same gap to another network (no sign-in either) switches.
    const otherNet = candidate({ ...sameNet, ssid: 'Cafe', ssidHex: hex('Cafe') });
    expect(rank([a, otherNet], context({ current: on(a) })).decision).toMatchObject({ action: 'switch', target: otherNet.bssid, code: 'BETTER_SCORE' });
    // A clearly stronger AP of the same network (-55 dBm) is worth the move.
    const near = candidate({ ...sameNet, signalDbm: -55 });
    expect(rank([a, near], context({ current: on(a) })).decision).toMatchObject({ action: 'switch', target: near.bssid, code: 'BETTER_SCORE' });
  });

  test('a switch to a network that needs a sign-in must pay for it: 24 points × its friction', () => {
    const a = candidate({ ...A, ssid: 'Cafe', ssidHex: hex('Cafe'), signalDbm: -74, directory: directory({ authMethod: 'open' }) });
    const portal = candidate({ bssid: bssid(0xd), ssid: 'Lobby', signalDbm: -60, directory: directory({ bssid: bssid(0xd), authMethod: 'web-portal' }) });
    const noPortal = candidate({ ...portal, directory: directory({ bssid: bssid(0xd), authMethod: 'open' }) });
    // Without the portal it is clearly better and wins.
    expect(rank([a, noPortal], context({ current: on(a) })).decision).toMatchObject({ action: 'switch', target: noPortal.bssid });
    // Its portal friction already costs it points; what is left does not pay for a sign-in.
    const ranking = rank([a, portal], context({ current: on(a) }));
    expect(ranking.eligible[0]!.candidate.bssid).toBe(portal.bssid);
    expect(ranking.decision).toMatchObject({ action: 'stay', target: a.bssid });
    expect(ranking.decision.reason).toMatch(/needs 24\.0 points more to pay for the re-association and sign-in/);
    // WISPr (friction 0.3) needs 7.2 points: a few points better is not enough, while the
    // same AP without a sign-in would be joined.
    const wispr = candidate({ ...portal, signalDbm: -64, directory: directory({ bssid: bssid(0xd), authMethod: 'wispr' }) });
    const wisprRanking = rank([a, wispr], context({ current: on(a) }));
    const gap = wisprRanking.eligible[0]!.score - wisprRanking.eligible[1]!.score;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(7.2);
    expect(wisprRanking.decision).toMatchObject({ action: 'stay', target: a.bssid, code: 'CURRENT_IS_BEST' });
    expect(rank([a, candidate({ ...wispr, directory: directory({ bssid: bssid(0xd), authMethod: 'open' }) })], context({ current: on(a) })).decision.action).toBe('switch');
  });
});
