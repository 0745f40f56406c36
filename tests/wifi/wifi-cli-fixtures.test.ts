/**
 * Every real capture in ../shared/fixtures/wifi-cli/ (used as it is, LF endings, comment
 * lines and all) and every synthetic one in tests/wifi/fixtures/ goes through its parser,
 * and the test says what must come out: networks, BSSIDs, signal (dBm), band, channel,
 * security, the link, the permission gate. A file with no table entry fails the suite.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Bss } from '../../main/engine/wifi/bss.js';
import { type WifiParseResult, type WifiParseSuccess, type WifiSource, parseWifiOutput } from '../../main/engine/wifi/parsers/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sharedDir = path.join(root, '..', 'shared', 'fixtures', 'wifi-cli');
const localDir = path.join(root, 'tests', 'wifi', 'fixtures');

type Check = (result: WifiParseSuccess, raw: string) => void;
interface Entry {
  source: WifiSource;
  networks: number;
  incomplete?: number;
  links?: number;
  permission?: 'windows' | 'macos' | null;
  radioOff?: boolean;
  check?: Check;
}

function bss(result: WifiParseSuccess, bssid: string): Bss {
  const found = result.networks.find((network) => network.bssid === bssid);
  expect(found, `BSS ${bssid}`).toBeDefined();
  return found!;
}

/** netsh invariants computed from the raw text, independent of the parser. */
const netshCounts: Check = (result, raw) => {
  expect(result.networks.length).toBe(raw.match(/^\s*BSSID \d+\s*:/gm)!.length);
  const ssidBlocks = raw.match(/^SSID \d+\s*:.*$/gm)!.length;
  expect(new Set(result.networks.map((network) => `${network.ssidHex}|${network.security}`)).size).toBeLessThanOrEqual(ssidBlocks);
  const visible = /(\d+) (networks|Netzwerke|réseaux|redes|reti)/.exec(raw);
  if (visible) expect(ssidBlocks).toBe(Number(visible[1]));
  for (const network of result.networks) expect(network.signalDbm).toBeGreaterThanOrEqual(-100), expect(network.signalDbm).toBeLessThanOrEqual(-50);
};

const SHARED: Record<string, Entry> = {
  'win-netsh-networks-bssid-en-win10-schollz.txt': {
    source: 'netsh-networks',
    networks: 12,
    check: (result, raw) => {
      netshCounts(result, raw);
      expect(bss(result, '5e:4c:9b:8e:46:d2')).toEqual({ ssid: 'iPhone', ssidHex: '6950686f6e65', bssid: '5e:4c:9b:8e:46:d2', signalDbm: -67.5, frequencyMhz: 2437, channel: 6, band: '2.4GHz', standard: '802.11n', security: 'wpa2-personal', channelWidthMhz: 20 });
      expect(bss(result, 'a0:3d:6f:66:d8:1e')).toMatchObject({ ssid: 'eduroam', signalDbm: -50, band: '5GHz', channel: 36, frequencyMhz: 5180, standard: '802.11ac', security: 'wpa2-enterprise' });
      // SSID 5 is hidden: two BSSes with an empty SSID, kept (not dropped, not crashed on).
      expect(result.networks.filter((network) => network.ssidHex === '').map((network) => network.bssid)).toEqual(['b6:b0:24:e3:e5:6c', 'b6:b0:24:e3:e5:6b']);
      expect(bss(result, 'b4:b0:24:c3:e5:6b')).toMatchObject({ ssid: 'PowerElectronics_5G', band: '5GHz', channel: 44 });
      expect(bss(result, 'f4:cf:e2:67:58:e0')).toMatchObject({ ssid: 'tecnico-guest', security: 'open' });
    },
  },
  'win-netsh-networks-bssid-en-legacy-no-band-schollz.txt': {
    source: 'netsh-networks',
    networks: 86,
    check: (result, raw) => {
      netshCounts(result, raw);
      // No Band line: band from the channel number.
      expect(result.networks[0]).toMatchObject({ ssid: '', bssid: '00:f2:8b:8c:a6:88', signalDbm: -88.5, channel: 1, band: '2.4GHz', security: 'wpa2-personal' });
      expect(result.networks.find((network) => network.channel === 36)).toMatchObject({ bssid: '00:f2:8b:8f:58:78', band: '5GHz', frequencyMhz: 5180, signalDbm: -75 });
      expect(result.networks.find((network) => network.standard === '802.11a')).toMatchObject({ bssid: '00:35:1a:90:56:05', channel: 60 });
      expect(new Set(result.networks.map((network) => network.ssid))).toEqual(new Set(['', 'Network-1', 'Network-2', 'Network-3', 'Network-4', 'Network-5', 'Network-6', 'Network-7']));
      expect(result.networks.at(-1)).toMatchObject({ ssid: 'Network-7', bssid: '00:f2:8b:8c:a6:85', signalDbm: -89.5, channel: 1 });
    },
  },
  'win-netsh-networks-bssid-en-heatmapper.txt': {
    source: 'netsh-networks',
    networks: 8,
    check: (result, raw) => {
      netshCounts(result, raw);
      // "fe:dc:ba:09:87:01 " has a trailing space in the capture.
      expect(bss(result, 'fe:dc:ba:09:87:01')).toMatchObject({ ssid: 'SSID-1', signalDbm: -84.5, standard: '802.11ax', band: '2.4GHz', channel: 1, security: 'open' });
      expect(bss(result, 'fe:dc:ba:09:87:07')).toMatchObject({ ssid: 'SSID-2', signalDbm: -56.5, band: '5GHz', channel: 44 });
      expect(bss(result, 'fe:dc:ba:09:87:08')).toMatchObject({ ssid: 'SSID-3', security: 'wpa2-personal', channel: 4 });
    },
  },
  'win-netsh-networks-bssid-en-hidden-ssid-heatmapper.txt': {
    source: 'netsh-networks',
    networks: 15,
    check: (result, raw) => {
      netshCounts(result, raw);
      expect(result.networks[0]).toMatchObject({ ssid: '', ssidHex: '', bssid: 'fe:dc:ba:09:87:01', signalDbm: -93, channel: 11, security: 'wpa2-personal' });
      expect(result.networks.filter((network) => network.ssid === 'SSID-2')).toHaveLength(5);
      expect(bss(result, 'fe:dc:ba:09:87:0f').ssid).toBe('SSID-9');
    },
  },
  'win-netsh-networks-bssid-de-heatmapper.txt': {
    source: 'netsh-networks',
    networks: 9,
    check: (result, raw) => {
      netshCounts(result, raw);
      // German labels, "Band : 2,4 GHz" with a decimal comma, "Offen"/"Keine".
      expect(bss(result, 'fe:dc:ba:09:87:01')).toMatchObject({ ssid: 'SSID-1', signalDbm: -93.5, band: '2.4GHz', channel: 6, standard: '802.11n', security: 'wpa2-personal' });
      expect(bss(result, 'fe:dc:ba:09:87:03')).toMatchObject({ ssid: 'SSID-2', signalDbm: -56.5, band: '5GHz', channel: 44, standard: '802.11ax', security: 'open' });
      expect(bss(result, 'fe:dc:ba:09:87:08')).toMatchObject({ ssid: 'SSID-4', band: '2.4GHz', channel: 11 });
    },
  },
  'win-netsh-networks-bssid-location-denied-win11-24h2-heatmapper.txt': { source: 'netsh-networks', networks: 0, permission: 'windows' },
  'win-netsh-interfaces-en-heatmapper.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 1,
    check: (result) =>
      expect(result.links[0]).toMatchObject({ interfaceName: 'Wi-Fi', state: 'connected', ssid: 'SSID-1', bssid: 'fe:dc:ba:09:87:02', signalPercent: 42, signalDbm: -79, channel: 44, band: '5GHz', frequencyMhz: 5220, standard: '802.11ax', security: 'wpa2-personal', rxRateMbps: 103, txRateMbps: 103, profile: 'SomeProfile' }),
  },
  'win-netsh-interfaces-de-heatmapper.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 1,
    check: (result) =>
      expect(result.links[0]).toMatchObject({ interfaceName: 'WLAN', state: 'connected', ssid: 'SSID-1', bssid: 'fe:dc:ba:09:87:02', signalPercent: 43, signalDbm: -78.5, channel: 116, band: '5GHz', standard: '802.11ac', security: 'wpa2-enterprise', rxRateMbps: 300, txRateMbps: 300, profile: 'Profile1 2' }),
  },
  'win-netsh-interfaces-location-denied-win11-24h2-heatmapper.txt': { source: 'netsh-interfaces', networks: 0, links: 0, permission: 'windows' },
  'mac-airport-s-node-wifi-scan-01.log': {
    source: 'airport-scan',
    networks: 4,
    check: (result) => {
      expect(bss(result, 'f6:d1:6d:b3:d2:88')).toMatchObject({ ssid: 'foo-bar', signalDbm: -86, channel: 6, band: '2.4GHz', security: 'wpa2-personal', standard: '802.11n' });
      expect(bss(result, '45:ff:7b:43:b5:26')).toMatchObject({ ssid: 'NERMNET', signalDbm: -64, channel: 149, band: '5GHz', frequencyMhz: 5745 });
    },
  },
  'mac-airport-s-node-wifi-scan-monterey.log': {
    source: 'airport-scan',
    networks: 0,
    incomplete: 4,
    permission: 'macos',
    check: (result) => expect(result.incomplete.map((partial) => [partial.ssid, partial.signalDbm, partial.channel, partial.missing])).toEqual([
      ['XXXX-AMPLIFI', -81, 36, ['bssid']],
      ['XXXX-AMPLIFI', -65, 36, ['bssid']],
      ['XXXX-2.4GHz', -27, 11, ['bssid']],
      ['XXXX-5GHz', -33, 149, ['bssid']],
    ]),
  },
  'mac-airport-s-schollz-01.txt': {
    source: 'airport-scan',
    networks: 36,
    check: (result) => {
      expect(result.networks[0]).toMatchObject({ ssid: 'OurTest', bssid: '00:35:1a:90:56:03', signalDbm: -70, channel: 112, band: '5GHz' });
      expect(bss(result, '10:bd:18:ab:4d:8f')).toMatchObject({ ssid: 'TEST Training', standard: '802.11g', security: 'wpa2-personal', channel: 6 });
    },
  },
  'mac-airport-s-schollz-02.txt': {
    source: 'airport-scan',
    networks: 4,
    check: (result) => {
      // First row: hidden network (no SSID); "9,-1": 40 MHz.
      expect(result.networks[0]).toMatchObject({ ssid: '', bssid: '7c:b7:33:ae:3b:06', signalDbm: -80, channel: 64 });
      expect(bss(result, '7c:b7:33:ae:3b:04')).toMatchObject({ ssid: 'Visitor Raupo', channel: 9, channelWidthMhz: 40, signalDbm: -66 });
    },
  },
  'mac-airport-s-xml-node-wifi-airport-xml-2.log': {
    source: 'airport-scan',
    networks: 18,
    check: (result) => {
      expect(result.warnings.join(' ')).toMatch(/cut off/);
      expect(result.networks[0]).toMatchObject({ ssid: 'eduroam', bssid: 'bc:9f:e4:b0:f8:70', signalDbm: -89, channel: 44, band: '5GHz', security: 'wpa2-enterprise' });
      // Un-padded octets in the plist ("bc:9f:e4:b1:1:b2"), 80 MHz from CHANNEL_FLAGS 1040.
      expect(bss(result, 'bc:9f:e4:b1:01:b2')).toMatchObject({ ssid: 'ETS-Invites', channel: 132 });
      expect(bss(result, 'd8:47:32:af:ae:ff')).toMatchObject({ ssid: 'TP-Link_AF00_5G', channel: 149, channelWidthMhz: 80, signalDbm: -67 });
    },
  },
  'mac-airport-I-node-wifi-current-connections-01.log': {
    source: 'airport-info',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ state: 'connected', ssid: 'Linksys01227_5GHz', bssid: '31:23:03:1a:9f:1d', signalDbm: -50, noiseDbm: -92, channel: 36, channelWidthMhz: 80, band: '5GHz', security: 'wpa2-personal', txRateMbps: 650 }),
  },
  'mac-airport-I-nosudo-empty-bssid-blog-thenicestword.txt': {
    source: 'airport-info',
    networks: 0,
    links: 1,
    permission: 'macos',
    check: (result) => expect(result.links[0]).toMatchObject({ ssid: 'Anudder', bssid: null, signalDbm: -33, channel: 52, channelWidthMhz: 80 }),
  },
  'mac-airport-I-sudo-wpa3-blog-thenicestword.txt': {
    source: 'airport-info',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ ssid: 'Flowers By Irene', bssid: '4c:43:41:04:1c:bc', security: 'wpa3-personal', signalDbm: -45, channel: 149, frequencyMhz: 5745 }),
  },
  'mac-system_profiler-SPAirPortDataType-json-15.5.json': {
    source: 'system-profiler',
    networks: 0,
    incomplete: 6,
    links: 1,
    permission: 'macos',
    check: (result) => {
      expect(result.links[0]).toMatchObject({ interfaceName: 'en0', ssid: 'SSID-2', bssid: null, signalDbm: -40, noiseDbm: -97, channel: 6, band: '2.4GHz', channelWidthMhz: 20, standard: '802.11n', security: 'open', txRateMbps: 144 });
      expect(result.incomplete.find((partial) => partial.ssid === 'SSID-3')).toMatchObject({ channel: 44, band: '5GHz', channelWidthMhz: 80, standard: '802.11ax', signalDbm: null, missing: ['bssid', 'signal'] });
    },
  },
  'mac-system_profiler-SPAirPortDataType-json-15.5-wpa2-en.json': {
    source: 'system-profiler',
    networks: 0,
    incomplete: 7,
    links: 1,
    permission: 'macos',
    check: (result) => expect(result.links[0]).toMatchObject({ ssid: 'SSID-7', signalDbm: -58, security: 'wpa2-personal' }),
  },
  'mac-system_profiler-SPAirPortDataType-json-15.5-wifi-disabled.json': { source: 'system-profiler', networks: 0, links: 1, radioOff: true },
  'mac-wdutil-info-macos15-5GHz-heatmapper.txt': {
    source: 'wdutil',
    networks: 0,
    links: 1,
    permission: 'macos',
    check: (result) => expect(result.links[0]).toMatchObject({ interfaceName: 'en0', state: 'connected', ssid: null, bssid: null, signalDbm: -79, noiseDbm: -91, channel: 44, band: '5GHz', channelWidthMhz: 40, standard: '802.11ax', security: 'wpa2-personal', txRateMbps: 103 }),
  },
  'mac-wdutil-info-not-associated-heatmapper.txt': {
    source: 'wdutil',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ state: 'disconnected', signalDbm: null, bssid: null }),
  },
  'mac-corewlan-helper-scan-authorized-heatmapper.json': {
    source: 'corewlan-helper',
    networks: 3,
    links: 1,
    check: (result) => {
      expect(bss(result, '9e:05:d6:96:e8:2f')).toMatchObject({ ssid: 'Demo Network', signalDbm: -48, band: '2.4GHz', channel: 1, security: 'wpa3-personal' });
      expect(bss(result, 'aa:bb:cc:00:11:22')).toMatchObject({ ssid: 'Neighbour', band: '6GHz', channel: 37, frequencyMhz: 6135, channelWidthMhz: 160, standard: '802.11ax' });
      expect(result.links[0]).toMatchObject({ bssid: '9e:05:d6:96:e8:30', signalDbm: -59, noiseDbm: -78, standard: '802.11ax', txRateMbps: 864 });
    },
  },
  'mac-corewlan-helper-scan-no-location-heatmapper.json': {
    source: 'corewlan-helper',
    networks: 0,
    incomplete: 2,
    links: 1,
    permission: 'macos',
    check: (result) => expect(result.incomplete[0]).toMatchObject({ ssid: null, bssid: null, signalDbm: -58, channel: 44, band: '5GHz', missing: ['bssid', 'ssid'] }),
  },
  'linux-nmcli-t-dev-wifi-list-default-fields-heatmapper.txt': {
    source: 'nmcli',
    networks: 11,
    links: 1,
    check: (result) => {
      // NM strength 100% is −40 dBm on NetworkManager's scale (not −50).
      expect(bss(result, 'fe:dc:ba:09:87:01')).toMatchObject({ ssid: 'SSID-1', signalDbm: -40, channel: 6, band: '2.4GHz', security: 'wpa2-personal' });
      expect(bss(result, 'fe:dc:ba:09:87:02').ssid).toBe('SSID-2-\\foo:bar');
      expect(bss(result, 'fe:dc:ba:09:87:0b')).toMatchObject({ signalDbm: -91, security: 'wpa3-personal' });
      expect(bss(result, 'fe:dc:ba:09:87:05').security).toBe('open');
      expect(result.links[0]).toMatchObject({ state: 'connected', bssid: 'fe:dc:ba:09:87:03', ssid: 'SSID-3', signalPercent: 87 });
    },
  },
  'linux-iw-dev-link-heatmapper.txt': {
    source: 'iw-link',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ interfaceName: 'wlp1s0', state: 'connected', bssid: 'fe:dc:ba:98:76:02', ssid: 'SSID-1', frequencyMhz: 2412, channel: 1, band: '2.4GHz', signalDbm: -51, txRateMbps: 26 }),
  },
  'linux-iw-dev-link-802.11ax-wavemon-issue86.txt': {
    source: 'iw-link',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ interfaceName: 'wlp2s0', bssid: null, ssid: null, frequencyMhz: 5600, channel: 120, band: '5GHz', signalDbm: -61, standard: '802.11ax', channelWidthMhz: 80, rxRateMbps: 720.6, txRateMbps: 960.7 }),
  },
  'linux-iw-dev-info-heatmapper.txt': {
    source: 'iw-info',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ interfaceName: 'wlp1s0', ssid: 'HBTL', state: 'connected' }),
  },
  'linux-iwlist-scan-ubuntu1404-schollz.txt': {
    source: 'iwlist-scan',
    networks: 29,
    check: (result, raw) => {
      expect(result.networks).toHaveLength(raw.match(/Cell \d+ - Address/g)!.length);
      expect(result.networks[0]).toMatchObject({ ssid: 'TEST-Wifi', bssid: '00:35:1a:6f:0f:40', frequencyMhz: 2437, channel: 6, standard: '802.11n', security: 'wpa2-personal' });
      expect(bss(result, '00:35:1a:90:56:04').ssid).toBe('');
      expect(bss(result, '10:bd:18:ab:4d:8f')).toMatchObject({ ssid: 'TEST Training', standard: '802.11g' });
    },
  },
};

const LOCAL: Record<string, Entry> = {
  'netsh-networks-fr-synthetic.txt': {
    source: 'netsh-networks',
    networks: 3,
    check: (result) => {
      expect(bss(result, '11:22:33:44:55:66')).toMatchObject({ ssid: 'Maison', signalDbm: -60, band: '5GHz', channel: 36, standard: '802.11ax', security: 'wpa2-personal' });
      expect(bss(result, '11:22:33:44:55:67')).toMatchObject({ band: '2.4GHz', channel: 6, signalDbm: -79.5 });
      expect(bss(result, 'aa:bb:cc:00:11:22')).toMatchObject({ ssid: 'Café de la Gare', security: 'open', signalDbm: -50, channel: 149 });
    },
  },
  'netsh-networks-es-synthetic.txt': {
    source: 'netsh-networks',
    networks: 1,
    check: (result) => expect(result.networks[0]).toMatchObject({ ssid: 'Cafetería', security: 'open', signalDbm: -70, band: '2.4GHz', channel: 11, standard: '802.11n' }),
  },
  'netsh-networks-it-synthetic.txt': {
    source: 'netsh-networks',
    networks: 2,
    check: (result) => {
      expect(bss(result, '02:00:00:00:00:02')).toMatchObject({ ssid: 'Ufficio', band: '6GHz', channel: 37, frequencyMhz: 6135, security: 'wpa3-personal', signalDbm: -50.5 });
      // netsh printed 🧊 as hex: read back as the bytes it stands for, with a warning.
      expect(bss(result, '02:00:00:00:00:03')).toMatchObject({ ssid: '🧊', ssidHex: 'f09fa78a', security: 'wpa2-enterprise' });
      expect(result.warnings.join(' ')).toMatch(/hex/);
    },
  },
  'netsh-interfaces-fr-synthetic.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ interfaceName: 'Wi-Fi', state: 'connected', ssid: 'Maison', bssid: '11:22:33:44:55:66', band: '5GHz', channel: 36, signalPercent: 92, signalDbm: -54, rxRateMbps: 1201, security: 'wpa2-personal', profile: 'Maison' }),
  },
  'netsh-interfaces-es-synthetic.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 1,
    check: (result) => expect(result.links[0]).toMatchObject({ state: 'connected', ssid: 'Cafetería', bssid: '02:00:00:00:00:01', band: '2.4GHz', channel: 11, signalDbm: -70, security: 'open', rxRateMbps: 72 }),
  },
  'netsh-interfaces-wifi7-mlo-synthetic.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 1,
    check: (result) => {
      expect(result.links[0]).toMatchObject({ ssid: 'Office-7', bssid: '02:11:22:33:44:52', standard: '802.11be', security: 'wpa3-personal', channel: 37, band: '6GHz', channelWidthMhz: 320, signalPercent: 78, signalDbm: -61 });
      expect(result.links[0]!.mloLinks).toEqual([
        { linkId: 0, localMac: 'aa:bb:cc:dd:ee:03', apBssid: '02:11:22:33:44:51', signalDbm: -70, channel: 100, band: '5GHz', channelWidthMhz: 80 },
        { linkId: 1, localMac: 'aa:bb:cc:dd:ee:04', apBssid: '02:11:22:33:44:52', signalDbm: -58, channel: 37, band: '6GHz', channelWidthMhz: 320 },
      ]);
    },
  },
  'netsh-interfaces-win11-rssi-two-adapters-synthetic.txt': {
    source: 'netsh-interfaces',
    networks: 0,
    links: 2,
    check: (result) => {
      // The Rssi line wins over the percentage.
      expect(result.links[0]).toMatchObject({ interfaceName: 'Wi-Fi', ssid: 'Lobby Guest', bssid: '02:5c:01:00:00:0a', signalDbm: -59, signalPercent: 84, rxRateMbps: 573.5 });
      expect(result.links[1]).toMatchObject({ interfaceName: 'Wi-Fi 2', state: 'disconnected', bssid: null });
    },
  },
  'iw-scan-synthetic.txt': {
    source: 'iw-scan',
    networks: 4,
    links: 1,
    check: (result) => {
      expect(bss(result, '11:22:33:44:55:66')).toEqual({ ssid: 'Café Lobby', ssidHex: '436166c3a9204c6f626279', bssid: '11:22:33:44:55:66', signalDbm: -52, frequencyMhz: 5180, channel: 36, band: '5GHz', standard: '802.11ax', security: 'wpa3-personal', channelWidthMhz: 80 });
      expect(bss(result, 'aa:bb:cc:00:00:01')).toMatchObject({ ssid: 'Guest WiFi', security: 'open', standard: '802.11n', band: '2.4GHz', channel: 6 });
      expect(bss(result, 'aa:bb:cc:00:00:02')).toMatchObject({ ssid: '', security: 'wpa2-enterprise', channel: 11 });
      expect(bss(result, 'aa:bb:cc:00:00:03')).toMatchObject({ ssid: 'Office-6E', band: '6GHz', channel: 1, security: 'wpa3-personal', standard: '802.11ax' });
      expect(result.links[0]).toMatchObject({ bssid: '11:22:33:44:55:66', state: 'connected' });
    },
  },
  'corewlan-helper-roamdesk-scan-authorized.json': {
    source: 'corewlan-helper',
    networks: 4,
    links: 1,
    check: (result) => {
      expect(bss(result, '02:5c:01:00:00:0b')).toMatchObject({ ssid: '🧊 Ice Bar', ssidHex: 'f09fa78a2049636520426172', security: 'open', band: '2.4GHz' });
      expect(bss(result, '02:5c:01:00:00:0c')).toMatchObject({ ssid: '', ssidHex: '', band: '6GHz', standard: '802.11be', channelWidthMhz: 160 });
      expect(bss(result, '02:5c:01:00:00:0d').security).toBe('wpa2-enterprise');
    },
  },
  'corewlan-helper-roamdesk-scan-denied.json': { source: 'corewlan-helper', networks: 0, incomplete: 1, links: 1, permission: 'macos' },
  'corewlan-helper-roamdesk-associate-rejected.json': {
    source: 'corewlan-helper',
    networks: 0,
    links: 1,
    check: (result) => expect(result.warnings.join(' ')).toMatch(/credentialsRejected/),
  },
};

function run(dir: string, table: Record<string, Entry>, file: string): { result: WifiParseResult; raw: string; entry: Entry } {
  const raw = readFileSync(path.join(dir, file), 'utf8');
  const entry = table[file]!;
  return { result: parseWifiOutput(entry.source, raw), raw, entry };
}

function verify({ result, raw, entry }: ReturnType<typeof run>): void {
  expect(result.ok, result.ok ? '' : result.reason).toBe(true);
  if (!result.ok) return;
  expect(result.networks).toHaveLength(entry.networks);
  expect(result.incomplete).toHaveLength(entry.incomplete ?? 0);
  expect(result.links).toHaveLength(entry.links ?? 0);
  expect(result.permission?.platform ?? null).toBe(entry.permission ?? null);
  if (result.permission) expect(result.permission.settingsUri).toBe(result.permission.platform === 'windows' ? 'ms-settings:privacy-location' : 'x-apple.systempreferences:com.apple.preference.security?Privacy_LocationServices');
  expect(result.radioOff).toBe(entry.radioOff ?? false);
  // Never a silent empty scan: no networks means a permission gate, radio off, or nothing was a scan.
  for (const network of result.networks) {
    expect(network.bssid).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(network.frequencyMhz).toBeGreaterThan(2400);
    expect(Buffer.from(network.ssidHex, 'hex').length).toBeLessThanOrEqual(32);
  }
  entry.check?.(result, raw);
}

describe('real captures in ../shared/fixtures/wifi-cli', () => {
  const files = readdirSync(sharedDir).filter((file) => file !== 'SOURCES.txt');

  test('every capture has a table entry, and every entry a capture', () => {
    expect(files.filter((file) => !(file in SHARED))).toEqual([]);
    expect(Object.keys(SHARED).filter((file) => !files.includes(file))).toEqual([]);
  });

  test.each(files.filter((file) => file in SHARED))('%s', (file) => verify(run(sharedDir, SHARED, file)));

  test('CRLF and a leading blank line, as real netsh prints, change nothing', () => {
    for (const file of files.filter((name) => name.startsWith('win-'))) {
      const raw = readFileSync(path.join(sharedDir, file), 'utf8');
      const entry = SHARED[file]!;
      const lf = parseWifiOutput(entry.source, raw);
      const crlf = parseWifiOutput(entry.source, `\r\n${raw.replace(/\n/g, '\r\n')}`);
      expect(crlf).toEqual(lf);
    }
  });
});

describe('synthetic inputs in tests/wifi/fixtures', () => {
  const files = readdirSync(localDir).filter((file) => file !== 'README.md');

  test('every synthetic file has a table entry', () => {
    expect(files.filter((file) => !(file in LOCAL))).toEqual([]);
  });

  test.each(files.filter((file) => file in LOCAL))('%s', (file) => verify(run(localDir, LOCAL, file)));
});
