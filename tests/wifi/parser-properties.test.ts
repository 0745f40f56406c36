/**
 * Property-based (fast-check): no parser throws or hangs on arbitrary input — random text
 * built from the tokens real outputs are made of, arbitrary Unicode, and real captures
 * with random edits. Every result is either a parse (with BSSIDs normalised and signals in
 * a physical range) or a coded refusal.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { WIFI_SOURCES, parseWifiOutput } from '../../main/engine/wifi/parsers/index.js';

const sharedDir = path.join(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'fixtures', 'wifi-cli');
const captures = readdirSync(sharedDir).map((file) => readFileSync(path.join(sharedDir, file), 'utf8'));

const TOKENS = ['SSID 1 : ', 'BSSID 1                 : ', 'Signal             : ', '%', ' dBm', 'Channel : ', 'Band : 5 GHz', '\r\n', '\n', '\t', ':', '\\:', '\u00a0', 'é', '🧊', '"', '<dict>', '<key>SSID_STR</key>', '<string>', '</string>', '{"networks":[', ']}', 'BSS 02:00:00:00:01:01(on wlan0)', '\tsignal: -', '\tfreq: ', 'Cell 01 - Address: ', 'agrCtlRSSI: ', 'Connected to ', 'Authentication         : WPA2-Enterprise', '*:', 'yes:', '0', '9', 'ff', '-'];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((parts) => parts.join(''));
const mutatedCapture = fc
  .tuple(fc.constantFrom(...captures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 8 })), { maxLength: 12 }))
  .map(([text, edits]) => edits.reduce((acc, [at, del, insert]) => { const i = acc.length ? at % acc.length : 0; return acc.slice(0, i) + insert + acc.slice(i + del); }, text));
const anyInput = fc.oneof(tokenText, fc.string({ unit: 'grapheme', maxLength: 2000 }), mutatedCapture);

describe('wifi parsers under arbitrary input', () => {
  test.each(WIFI_SOURCES.map((source) => [source]))('%s never throws and returns sane values', (source) => {
    fc.assert(
      fc.property(anyInput, (input) => {
        // A hang would end in the test's own timeout; no wall-clock bounds here (load varies).
        const result = parseWifiOutput(source, input);
        if (!result.ok) {
          expect(result.code).toBe('WIFI_OUTPUT_UNPARSEABLE');
          // parseWifiOutput turns a parser exception into a refusal: that must never be what happened.
          expect(result.reason).not.toMatch(/parser failed/);
          return;
        }
        for (const bss of result.networks) {
          expect(bss.bssid).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
          expect(bss.signalDbm).toBeGreaterThanOrEqual(-120);
          expect(bss.signalDbm).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });
});
