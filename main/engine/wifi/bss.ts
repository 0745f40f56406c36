/**
 * The scan model: one BSS (one access point radio on one channel) as a driver reports it.
 * SSIDs are bytes (they may be hidden, emoji, or not UTF-8 at all), so the raw bytes are
 * kept as hex beside a display string.
 */
import type { Band, PhyStandard, Security } from '../../../preload/contract.js';

export interface Bss {
  ssidHex: string;
  ssid: string;
  bssid: string;
  signalDbm: number;
  frequencyMhz: number;
  channel: number;
  band: Band;
  standard: PhyStandard;
  security: Security;
  channelWidthMhz: number;
}

export function ssidToHex(ssid: string): string {
  return Buffer.from(ssid, 'utf8').toString('hex');
}

/** Decodes SSID bytes for display; bytes that are not UTF-8 show as U+FFFD, never vanish. */
export function ssidFromHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** Accepts `AA-BB-CC-DD-EE-FF`, `aa:bb:…`, or `aabbccddeeff`; returns lower-case colon form or undefined. */
export function normaliseBssid(input: string): string | undefined {
  const hex = input.trim().toLowerCase().replace(/[:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

export function bandOfFrequency(frequencyMhz: number): Band {
  if (frequencyMhz >= 5925) return '6GHz';
  if (frequencyMhz >= 5000) return '5GHz';
  return '2.4GHz';
}

/** Channel number from centre frequency (IEEE 802.11 channel plans for 2.4, 5 and 6 GHz). */
export function channelOfFrequency(frequencyMhz: number): number {
  if (frequencyMhz === 2484) return 14;
  if (frequencyMhz < 2484) return (frequencyMhz - 2407) / 5;
  if (frequencyMhz === 5935) return 2; // 6 GHz channel 2
  if (frequencyMhz >= 5955) return (frequencyMhz - 5950) / 5;
  return (frequencyMhz - 5000) / 5;
}

export function frequencyOfChannel(band: Band, channel: number): number {
  if (band === '2.4GHz') return channel === 14 ? 2484 : 2407 + channel * 5;
  // 6 GHz: channel 2 is the odd one out at 5935 MHz; the rest count from 5950 (IEEE 802.11ax, 27.3.23.2).
  if (band === '6GHz') return channel === 2 ? 5935 : 5950 + channel * 5;
  return 5000 + channel * 5;
}
