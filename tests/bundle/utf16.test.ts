/**
 * Logs Windows tools write in UTF-16 (little-endian with a BOM, big-endian with a BOM, and
 * little-endian without one): detected, decoded, redacted and stored as UTF-8, with the
 * original encoding noted in the manifest. Planted secrets must not survive in any form.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bundleManifestSchema, buildBundle, previewBundle } from '../../main/engine/support/bundle/index.js';
import { detectEncoding } from '../../main/engine/support/bundle/bundle-source.js';
import { tempDir } from '../support/temp-dir.js';
import { IDENTIFIERS, KNOWN, SECRETS, encodings, secretLog } from './plant.js';
import { unzip } from './unzip.js';

const consent = { approvedAt: '2026-11-30T08:05:00.000Z', via: 'cli' as const };

/** `text` as UTF-16 bytes, with or without a byte-order mark. */
function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

// Windows line ends and a character outside the BMP (a surrogate pair in UTF-16), as such logs have.
const windowsLog = `${secretLog.replaceAll('\n', '\r\n')}netsh wlan: profile "Café 𝄞" user=Bill Smith password=Netsh-Pw-77 bssid 3c:22:fb:a1:b2:c3\r\n`;
const secrets = [...SECRETS.filter((secret) => secretLog.includes(secret)), 'Netsh-Pw-77'];

function leaks(content: Buffer, values: readonly string[]): string[] {
  const text = content.toString('utf8').toLowerCase();
  return values.flatMap((value) => encodings(value).filter((form) => content.includes(Buffer.from(form)) || text.includes(form.toLowerCase())).map((form) => `${value} as ${form}`));
}

describe('UTF-16 logs', () => {
  for (const [label, order, bom, encoding] of [
    ['UTF-16LE with a BOM', 'le', true, 'utf-16le'],
    ['UTF-16BE with a BOM', 'be', true, 'utf-16be'],
    ['UTF-16LE without a BOM', 'le', false, 'utf-16le'],
  ] as const) {
    test(`${label}: decoded, redacted, stored as UTF-8, encoding in the manifest; no planted secret survives`, async () => {
      const dir = tempDir();
      const log = path.join(dir, 'netsh.log');
      writeFileSync(log, utf16(windowsLog, order, bom));
      const out = path.join(dir, 'bundle.zip');
      const result = await buildBundle({ logs: [log], trigger: { kind: 'cli' }, client: { version: '0' }, known: KNOWN, out, consent, chunkBytes: 777 });
      const entries = await unzip(out);
      const manifest = bundleManifestSchema.parse(JSON.parse(entries[0]!.content.toString('utf8')));
      const entry = entries.find((candidate) => candidate.name === 'logs/netsh.log')!;
      const file = manifest.files.find((candidate) => candidate.name === 'logs/netsh.log')!;
      expect(file.sourceEncoding).toBe(encoding);
      expect(result.manifest.files[0]!.sourceEncoding).toBe(encoding);
      expect(createHash('sha256').update(entry.content).digest('hex')).toBe(file.sha256);
      expect(entry.content.length).toBe(file.bytes);
      expect(file.originalBytes).toBe(Buffer.byteLength(windowsLog, 'utf8'));
      const text = entry.content.toString('utf8');
      expect(entry.content.includes(0)).toBe(false);
      expect(text.startsWith('\ufeff')).toBe(false);
      expect(text).toContain('[2026-11-30 08:00:03.000] [info]  done\r\n');
      expect(text).toContain('"Café 𝄞"');
      expect(leaks(entry.content, secrets)).toEqual([]);
      expect(leaks(entry.content, IDENTIFIERS.filter((value) => windowsLog.includes(value) && value !== 'user03'))).toEqual([]);
      expect(file.redactions.password).toBeGreaterThan(0);
      expect(file.redactions['private-key']).toBe(1);
    });
  }

  test('the preview renders a UTF-16 log as the zip holds it, however it is chunked', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'wlan.log');
    writeFileSync(log, utf16(windowsLog, 'be', true));
    const whole = await previewBundle({ logs: [log], trigger: { kind: 'user' }, client: { version: '0' }, known: KNOWN, salt: Buffer.alloc(32, 1) });
    for (const chunkBytes of [1, 3, 64 * 1024]) {
      const preview = await previewBundle({ logs: [log], trigger: { kind: 'user' }, client: { version: '0' }, known: KNOWN, salt: Buffer.alloc(32, 1), chunkBytes });
      expect(await preview.render('logs/wlan.log'), `chunks of ${chunkBytes}`).toBe(await whole.render('logs/wlan.log'));
    }
    expect(whole.items()[0]!.bytes).toBe(Buffer.byteLength(await whole.render('logs/wlan.log')));
  });

  test('UTF-16 bytes handed in memory are decoded too; UTF-8 (with or without a BOM) is left as it is', async () => {
    const preview = await previewBundle({ items: [{ name: 'tools/netsh.txt', bytes: utf16('password=Mem-Pw-1\r\nok\r\n', 'le', true) }], trigger: { kind: 'user' }, client: { version: '0' } });
    expect(await preview.render('tools/netsh.txt')).toBe('password=[redacted]\r\nok\r\n');
    expect(preview.manifest().files[0]!.sourceEncoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('plain ascii log line\n'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('\ufeffutf-8 with a bom\n'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('ü€ mostly not ascii ü€ü€\n'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0, 0, 0, 1, 2, 0, 0, 0]))).toBe('utf-8');
    expect(detectEncoding(utf16('x', 'le', false))).toBe('utf-8'); // one character: too little to tell
    expect(detectEncoding(utf16('abc', 'le', false))).toBe('utf-16le');
  });
});
