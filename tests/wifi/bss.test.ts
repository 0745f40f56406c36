import { describe, expect, test } from 'vitest';
import { bandOfFrequency, channelOfFrequency, frequencyOfChannel, normaliseBssid, ssidFromHex, ssidToHex } from '../../main/engine/wifi/bss.js';

describe('SSID bytes', () => {
  test('round-trip through hex, emoji and all', () => {
    for (const ssid of ['Lobby', 'Café ☕', 'FRITZ!Box 7590 NX', '']) expect(ssidFromHex(ssidToHex(ssid))).toBe(ssid);
    expect(ssidToHex('Ab')).toBe('4162');
  });

  test('bytes that are not UTF-8 show as U+FFFD instead of vanishing', () => {
    expect(ssidFromHex('41ff42')).toBe('A\uFFFDB');
  });
});

describe('normaliseBssid', () => {
  test.each([
    ['02:5C:01:00:00:0A', '02:5c:01:00:00:0a'],
    ['02-5c-01-00-00-0a', '02:5c:01:00:00:0a'],
    ['025C0100000A', '02:5c:01:00:00:0a'],
    ['  02:5c:01:00:00:0a  ', '02:5c:01:00:00:0a'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseBssid(input)).toBe(expected);
  });

  test.each(['', 'Lobby', '02:5c:01:00:00', '02:5c:01:00:00:0g', '02:5c:01:00:00:0a:ff'])('%j is not a BSSID', (input) => {
    expect(normaliseBssid(input)).toBeUndefined();
  });
});

describe('channels and frequencies', () => {
  test.each([
    ['2.4GHz', 1, 2412],
    ['2.4GHz', 6, 2437],
    ['2.4GHz', 13, 2472],
    ['2.4GHz', 14, 2484],
    ['5GHz', 36, 5180],
    ['5GHz', 149, 5745],
    ['5GHz', 165, 5825],
    ['6GHz', 1, 5955],
    ['6GHz', 2, 5935],
    ['6GHz', 37, 6135],
    ['6GHz', 233, 7115],
  ] as const)('%s channel %i is %i MHz, and back', (band, channel, frequency) => {
    expect(frequencyOfChannel(band, channel)).toBe(frequency);
    expect(channelOfFrequency(frequency)).toBe(channel);
    expect(bandOfFrequency(frequency)).toBe(band);
  });
});
