import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileSecretStore } from '../../main/platform/file-secret-store.js';
import { tempDir } from '../support/temp-dir.js';

const posix = process.platform !== 'win32';
const mode = (file: string) => statSync(file).mode & 0o777;

describe('FileSecretStore', () => {
  test('set, get and delete round-trip, across instances', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = new FileSecretStore(dir);
    expect(await store.get('wifi-psk:4c6f626279')).toBeUndefined();
    await store.set('wifi-psk:4c6f626279', 'correct horse battery');
    await store.set('provider:skyfi', 'p@ss "quoted" ünïcode');
    expect(await store.get('wifi-psk:4c6f626279')).toBe('correct horse battery');

    const reopened = new FileSecretStore(dir);
    expect(await reopened.get('provider:skyfi')).toBe('p@ss "quoted" ünïcode');
    await reopened.delete('wifi-psk:4c6f626279');
    expect(await new FileSecretStore(dir).get('wifi-psk:4c6f626279')).toBeUndefined();
    expect(await new FileSecretStore(dir).get('provider:skyfi')).toBe('p@ss "quoted" ünïcode');
    await reopened.set('provider:skyfi', 'replaced-value');
    expect(await store.get('provider:skyfi')).toBe('replaced-value');
  });

  test('no file in the directory holds the clear value or the key name', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = new FileSecretStore(dir);
    await store.set('wifi-psk:clear-key-name', 'very-recognisable-passphrase');
    await store.set('other', 'second-recognisable-value');
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['secrets.enc', 'secrets.key']);
    for (const name of files) {
      const bytes = readFileSync(path.join(dir, name));
      for (const needle of ['very-recognisable-passphrase', 'second-recognisable-value', 'clear-key-name']) {
        expect(bytes.includes(Buffer.from(needle))).toBe(false);
        expect(bytes.includes(Buffer.from(Buffer.from(needle).toString('base64').slice(0, 12)))).toBe(false);
      }
    }
    expect(readFileSync(path.join(dir, 'secrets.key'))).toHaveLength(32);
  });

  test.runIf(posix)('files are owner-only (0600) in an owner-only directory (0700)', async () => {
    const dir = path.join(tempDir(), 'deeper', 'secrets');
    const store = new FileSecretStore(dir);
    expect(mode(dir)).toBe(0o700);
    await store.set('k', 'v-value');
    expect(mode(path.join(dir, 'secrets.enc'))).toBe(0o600);
    expect(mode(path.join(dir, 'secrets.key'))).toBe(0o600);
  });

  test('a tampered ciphertext is refused, not silently read', async () => {
    const dir = path.join(tempDir(), 'secrets');
    await new FileSecretStore(dir).set('k', 'original-value');
    const file = path.join(dir, 'secrets.enc');
    const sealed = JSON.parse(readFileSync(file, 'utf8')) as { data: string };
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = data[0]! ^ 0x01;
    writeFileSync(file, JSON.stringify({ ...sealed, data: data.toString('base64') }));
    await expect(new FileSecretStore(dir).get('k')).rejects.toThrow(/authenticate/i);
  });

  test('a ciphertext sealed under another key is refused', async () => {
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    await new FileSecretStore(a).set('k', 'value-a');
    await new FileSecretStore(b).set('k', 'value-b');
    writeFileSync(path.join(b, 'secrets.enc'), readFileSync(path.join(a, 'secrets.enc')));
    await expect(new FileSecretStore(b).get('k')).rejects.toThrow();
  });

  test('a damaged key file is reported', async () => {
    const dir = path.join(tempDir(), 'secrets');
    await new FileSecretStore(dir).set('k', 'v-value');
    writeFileSync(path.join(dir, 'secrets.key'), 'short');
    await expect(new FileSecretStore(dir).get('k')).rejects.toThrow(/damaged/);
  });

  test('each write uses a fresh IV', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = new FileSecretStore(dir);
    await store.set('k', 'same');
    const first = JSON.parse(readFileSync(path.join(dir, 'secrets.enc'), 'utf8')) as { iv: string; data: string };
    await store.set('k', 'same');
    const second = JSON.parse(readFileSync(path.join(dir, 'secrets.enc'), 'utf8')) as { iv: string; data: string };
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });
});
