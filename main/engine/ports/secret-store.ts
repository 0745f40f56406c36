/**
 * Secrets (Wi-Fi passphrases, provider passwords, device credentials) live only behind this
 * port: the OS store through Electron's safeStorage in the app, an owner-only encrypted
 * file in the Node host. Keys are namespaced strings such as `wifi-psk:<ssidHex>`.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}
