import { describe, expect, test } from 'vitest';
import type { ConnectionState } from '../../preload/contract.js';
import { notificationFor, trayTooltip } from '../../main/app/connection-summary.js';

const lobby = { ssid: 'Lobby', bssid: '02:00:00:00:01:01', band: '5GHz', security: 'open', provider: { id: 'lobbynet', name: 'LobbyNet' } } as const;
const home = { ssid: 'Home-5G', bssid: '02:00:00:00:05:01', band: '5GHz', security: 'wpa3-personal', provider: null } as const;

function state(overrides: Partial<ConnectionState>): ConnectionState {
  return { phase: 'idle', attemptId: null, network: null, timeline: [], error: null, since: '2026-01-15T09:00:00.000Z', portal: null, ...overrides };
}

const failure = { code: 'NO_INTERNET', message: 'Connected, but no internet.', hint: 'Pick another network.' };

describe('trayTooltip', () => {
  test.each([
    [state({ phase: 'online', network: { ...lobby } }), 'Roamdesk — online via Lobby'],
    [state({ phase: 'connecting', network: { ...lobby } }), 'Roamdesk — connecting to Lobby…'],
    [state({ phase: 'failed', network: { ...lobby }, error: failure }), 'Roamdesk — connection failed: Connected, but no internet.'],
    [state({ phase: 'failed' }), 'Roamdesk — connection failed'],
    [state({ phase: 'disconnecting', network: { ...lobby } }), 'Roamdesk — disconnecting…'],
    [state({ phase: 'sign-in-required', network: { ...lobby } }), 'Roamdesk — Lobby needs you to sign in'],
    [state({ phase: 'idle' }), 'Roamdesk — not connected'],
  ])('%#: %s', (input, expected) => {
    expect(trayTooltip(input)).toBe(expected);
  });
});

describe('notificationFor', () => {
  test('going online names the network and its provider', () => {
    expect(notificationFor(state({ phase: 'connecting', network: { ...lobby } }), state({ phase: 'online', network: { ...lobby } }))).toEqual({ title: 'Online', body: 'Connected to Lobby (LobbyNet).' });
    expect(notificationFor(undefined, state({ phase: 'online', network: { ...home } }))).toEqual({ title: 'Online', body: 'Connected to Home-5G.' });
  });

  test('a failure says what happened and what to do', () => {
    expect(notificationFor(state({ phase: 'connecting', network: { ...lobby } }), state({ phase: 'failed', network: { ...lobby }, error: failure }))).toEqual({
      title: 'Connection failed',
      body: 'Connected, but no internet. Pick another network.',
    });
    expect(notificationFor(state({ phase: 'connecting' }), state({ phase: 'failed', error: { code: 'X', message: 'No hint.' } }))).toEqual({ title: 'Connection failed', body: 'No hint.' });
    expect(notificationFor(state({ phase: 'connecting' }), state({ phase: 'failed' }))).toEqual({ title: 'Connection failed', body: 'The connection failed.' });
  });

  test('leaving an online network says so', () => {
    expect(notificationFor(state({ phase: 'online', network: { ...lobby } }), state({ phase: 'idle' }))).toEqual({ title: 'Disconnected', body: 'Left Lobby.' });
  });

  test('nothing for an unchanged phase on the same access point, or for passing states', () => {
    const online = state({ phase: 'online', network: { ...lobby } });
    expect(notificationFor(online, { ...online, timeline: [] })).toBeNull();
    expect(notificationFor(state({ phase: 'idle' }), state({ phase: 'connecting', network: { ...lobby } }))).toBeNull();
    expect(notificationFor(online, state({ phase: 'disconnecting', network: { ...lobby } }))).toBeNull();
    expect(notificationFor(state({ phase: 'disconnecting' }), state({ phase: 'idle' }))).toBeNull();
  });

  test('online on another access point is news', () => {
    const online = state({ phase: 'online', network: { ...lobby } });
    expect(notificationFor(online, state({ phase: 'online', network: { ...lobby, bssid: '02:00:00:00:01:02' } }))).toEqual({ title: 'Online', body: 'Connected to Lobby (LobbyNet).' });
  });
});

describe('session expiry', () => {
  const portal = { kind: 'capport', openUrl: 'https://portal.example/', venueInfoUrl: null, secondsRemaining: 240, bytesRemaining: null, expiresAt: null, expiringSoon: true, canExtend: true, replyMessage: null, canLogOff: false } as const;
  test('warns once when an RFC 8908 session is about to end, saying whether it can be extended', () => {
    const before = state({ phase: 'online', network: { ...lobby }, portal: { ...portal, expiringSoon: false, secondsRemaining: 900 } });
    const soon = state({ phase: 'online', network: { ...lobby }, portal: { ...portal } });
    expect(notificationFor(before, soon)).toEqual({ title: 'Session ending soon', body: 'Your session on Lobby ends soon. The venue lets you extend it: open Roamdesk.' });
    expect(notificationFor(soon, soon)).toBeNull();
    expect(notificationFor(before, state({ phase: 'online', network: { ...lobby }, portal: { ...portal, canExtend: false } }))?.body).toBe('Your session on Lobby ends soon.');
  });
});
