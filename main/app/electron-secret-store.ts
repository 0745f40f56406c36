/**
 * The app's secret store: values encrypted by the OS keychain through safeStorage's async
 * API, kept as ciphertext in an owner-only file. Linux's `basic_text` backend (a hard-coded
 * key) is refused: we would rather not store a secret than pretend to protect it.
 */
import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../engine/ports/secret-store.js';

export class ElectronSecretStore implements SecretStore {
  private readonly file: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    this.file = path.join(directory, 'secrets.safestorage.json');
  }

  async get(key: string): Promise<string | undefined> {
    const sealed = this.read()[key];
    if (sealed === undefined) return undefined;
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
    if (shouldReEncrypt) await this.set(key, result);
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    await this.ensureStrongBackend();
    const sealed = (await safeStorage.encryptStringAsync(value)).toString('base64');
    this.write({ ...this.read(), [key]: sealed });
  }

  async delete(key: string): Promise<void> {
    const values = this.read();
    delete values[key];
    this.write(values);
  }

  private async ensureStrongBackend(): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('The OS secret store is not available.');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('No keyring is available (safeStorage backend basic_text); refusing to store secrets.');
    }
  }

  private read(): Record<string, string> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  private write(values: Record<string, string>): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(values), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
