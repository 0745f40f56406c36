/**
 * A small world for engine tests: one lobby with an access point for each outcome the
 * connection manager must handle, and a street next door. Every access point lets a
 * device on at once (associationMs 0) unless a test wants otherwise.
 */
import type { AccessPointSpec, WorldInput } from '../../main/engine/wifi/simulated/world-schema.js';
import { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';

export const PSK_PASSPHRASE = 'correct horse battery';

type ApInput = Omit<WorldInput['sites'][number]['accessPoints'][number], 'truth'> & { truth: Partial<AccessPointSpec['truth']> };

function ap(input: ApInput): WorldInput['sites'][number]['accessPoints'][number] {
  return { ...input, truth: { successProbability: 1, throughputMbps: 50, uplink: 'ok', associationMs: 0, ...input.truth } };
}

export const BSSID = {
  good: '02:00:00:00:01:01',
  goodFar: '02:00:00:00:01:02',
  deadUplink: '02:00:00:00:01:03',
  broken: '02:00:00:00:01:04',
  psk: '02:00:00:00:01:05',
  slow: '02:00:00:00:01:06',
  enterprise: '02:00:00:00:01:07',
  street: '02:00:00:00:02:01',
} as const;

export function smallWorldInput(): WorldInput {
  return {
    name: 'Test world',
    seed: 7,
    providers: [{ id: 'lobbynet', name: 'LobbyNet' }],
    sites: [
      {
        id: 'lobby',
        name: 'Hotel lobby',
        kind: 'hotel',
        location: { lat: 52.52, lon: 13.4 },
        accessPoints: [
          ap({ ssid: 'Lobby', bssid: BSSID.good, provider: 'lobbynet', band: '5GHz', channel: 36, standard: '802.11ax', security: 'open', signal: { position: { x: 2, y: 0 }, fadingDb: 0 }, truth: {} }),
          ap({ ssid: 'Lobby', bssid: BSSID.goodFar, provider: 'lobbynet', band: '2.4GHz', channel: 6, standard: '802.11n', security: 'open', signal: { position: { x: 40, y: 0 }, fadingDb: 0 }, truth: {} }),
          ap({ ssid: 'Conference', bssid: BSSID.deadUplink, band: '5GHz', channel: 100, standard: '802.11ac', security: 'open', signal: { position: { x: 5, y: 5 }, fadingDb: 0 }, truth: { uplink: 'down' } }),
          ap({ ssid: 'Broken', bssid: BSSID.broken, band: '2.4GHz', channel: 11, standard: '802.11g', security: 'open', signal: { position: { x: 8, y: 0 }, fadingDb: 0 }, truth: { successProbability: 0 } }),
          ap({ ssid: 'Private', bssid: BSSID.psk, band: '5GHz', channel: 44, standard: '802.11ac', security: 'wpa2-personal', passphrase: PSK_PASSPHRASE, signal: { position: { x: 3, y: 3 }, fadingDb: 0 }, truth: {} }),
          ap({ ssid: 'Slow', bssid: BSSID.slow, band: '5GHz', channel: 149, standard: '802.11ac', security: 'open', signal: { position: { x: 10, y: 0 }, fadingDb: 0 }, truth: { associationMs: 5000 } }),
          ap({ ssid: 'Staff', bssid: BSSID.enterprise, band: '6GHz', channel: 37, standard: '802.11ax', security: 'wpa3-enterprise', signal: { position: { x: 6, y: 0 }, fadingDb: 0 }, truth: {} }),
        ],
      },
      {
        id: 'street',
        name: 'Street',
        kind: 'other',
        location: { lat: 52.521, lon: 13.401 },
        accessPoints: [ap({ ssid: 'Street', bssid: BSSID.street, band: '2.4GHz', channel: 1, standard: '802.11n', security: 'open', signal: { position: { x: 0, y: 0 } }, truth: {} })],
      },
    ],
    device: { track: [{ siteId: 'lobby', position: { x: 0, y: 0 }, atSeconds: 0 }] },
  };
}

export function smallWorld(): WorldSpec {
  return WorldSpec.parse(smallWorldInput());
}
