/**
 * The Node host's secret store: one file, owner-only (0600 in a 0700 directory),
 * encrypted with AES-256-GCM under a key kept in a separate owner-only key file.
 *
 * Honest limits, documented in the README: this protects secrets from other users of the
 * machine and from casual copying of the data file alone, not from someone with the same
 * user's access — the key sits beside it. The Electron app uses the OS store
 * (safeStorage) instead. Writes are atomic (temporary file, then rename).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../engine/ports/secret-store.js';

interface SealedFile {
  version: 1;
  iv: string;
  tag: string;
  data: string;
}

export class FileSecretStore implements SecretStore {
  private readonly file: string;
  private readonly keyFile: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    this.file = path.join(directory, 'secrets.enc');
    this.keyFile = path.join(directory, 'secrets.key');
  }

  async get(key: string): Promise<string | undefined> {
    return this.read()[key];
  }

  async set(key: string, value: string): Promise<void> {
    this.write({ ...this.read(), [key]: value });
  }

  async delete(key: string): Promise<void> {
    const values = this.read();
    delete values[key];
    this.write(values);
  }

  private key(): Buffer {
    if (!existsSync(this.keyFile)) writeFileSync(this.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    const key = readFileSync(this.keyFile);
    if (key.length !== 32) throw new Error(`secret key file ${this.keyFile} is damaged`);
    return key;
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const sealed = JSON.parse(readFileSync(this.file, 'utf8')) as SealedFile;
    const decipher = createDecipheriv('aes-256-gcm', this.key(), Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(clear.toString('utf8')) as Record<string, string>;
  }

  private write(values: Record<string, string>): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const sealed: SealedFile = { version: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(sealed), { mode: 0o600 });
    renameSync(temporary, this.file);
    chmodSync(this.file, 0o600);
  }
}
