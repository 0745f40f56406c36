/**
 * Seeded random-input fuzzing beside the fast-check properties (parser-properties.test.ts):
 * no parser throws or hangs on arbitrary text, on mutated real captures, or on long
 * pathological lines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { WIFI_SOURCES, parseWifiOutput } from '../../main/engine/wifi/parsers/index.js';
import { decodeConsoleOutput } from '../../main/engine/wifi/parsers/text.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sharedDir = path.join(root, '..', 'shared', 'fixtures', 'wifi-cli');
const seeds = readdirSync(sharedDir).map((file) => readFileSync(path.join(sharedDir, file), 'utf8'));

/** mulberry32: a small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [...' \t\r\n:-,.%()"\\/#*<>{}[]0123456789abcdefABCDEF', 'SSID ', 'BSSID 1 : ', 'Signal : ', '\u00a0', 'é', '🧊', ': ', '\\:', 'GHz', 'dBm', '<plist>', '<dict>', '<key>', '"networks":', 'Connected to ', 'BSS ', '\tfreq: ', 'Cell 01 - Address: ', 'LinkID: 0, '];

function randomText(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

function mutate(next: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(next() * 20);
  for (let i = 0; i < edits && chars.length > 0; i++) {
    const at = Math.floor(next() * chars.length);
    const kind = next();
    if (kind < 0.33) chars.splice(at, 1 + Math.floor(next() * 40));
    else if (kind < 0.66) chars.splice(at, 0, ...randomText(next, 1 + Math.floor(next() * 8)));
    else chars[at] = ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  }
  return chars.join('');
}

function check(input: string): void {
  for (const source of WIFI_SOURCES) {
    // A hang ends in the test's timeout; no wall-clock bound (CI load varies).
    const result = parseWifiOutput(source, input);
    // parseWifiOutput turns a parser exception into a failure; a fuzz input must not cause one.
    if (!result.ok) expect(result.reason).not.toMatch(/parser failed/);
    if (result.ok) for (const network of result.networks) expect(Number.isFinite(network.signalDbm) && Number.isFinite(network.frequencyMhz)).toBe(true);
  }
}

describe('parsers on arbitrary input', () => {
  test('random text never throws, hangs or yields non-finite numbers', () => {
    const next = random(0x5eed);
    for (let i = 0; i < 300; i++) check(randomText(next, Math.floor(next() * 400)));
  });

  test('mutated real captures never throw or hang', () => {
    const next = random(20260301);
    for (let i = 0; i < 150; i++) check(mutate(next, seeds[Math.floor(next() * seeds.length)]!));
  });

  test('long pathological lines parse in bounded time', () => {
    for (const line of [': '.repeat(20_000), 'a:'.repeat(20_000), ' '.repeat(40_000) + ':', 'SSID 1 :' + ' x'.repeat(20_000), '\\'.repeat(40_000), '<plist>' + '<array>'.repeat(5_000), '{"networks":' + '['.repeat(5_000)]) check(line);
  });

  test('random bytes decode without throwing in every supported code page', () => {
    const next = random(7);
    for (let i = 0; i < 100; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256));
      for (const page of [undefined, 437, 850, 852, 866, 1252, 65001, 12345]) expect(typeof decodeConsoleOutput(bytes, page).text).toBe('string');
    }
  });
});
