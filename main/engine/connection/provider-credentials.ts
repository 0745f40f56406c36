/**
 * A provider's smart-client login (user name and password), kept in the secret store as
 * one entry per provider. The password goes in and is read only by the sign-in itself:
 * the list the UI sees says whether one is saved, never what it is.
 */
import type { ProviderCredentialsList } from '../../../preload/contract.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { ProviderDirectory } from '../directory/provider-directory.js';

export interface ProviderLogin {
  username: string;
  password: string;
}

const keyOf = (providerId: string) => `provider-login:${providerId}`;

export class ProviderCredentials {
  constructor(
    private readonly secrets: SecretStore,
    private readonly directory: ProviderDirectory,
  ) {}

  async get(providerId: string): Promise<ProviderLogin | undefined> {
    const raw = await this.secrets.get(keyOf(providerId));
    if (raw === undefined) return undefined;
    try {
      const value = JSON.parse(raw) as Partial<ProviderLogin>;
      return typeof value.username === 'string' && typeof value.password === 'string' ? { username: value.username, password: value.password } : undefined;
    } catch {
      return undefined; // an unreadable entry is as good as none: the person enters it again
    }
  }

  async set(providerId: string, login: ProviderLogin): Promise<void> {
    await this.secrets.set(keyOf(providerId), JSON.stringify(login));
  }

  async delete(providerId: string): Promise<void> {
    await this.secrets.delete(keyOf(providerId));
  }

  async list(): Promise<ProviderCredentialsList> {
    const providers = [];
    // Only providers whose directory entry names login domains can take a smart-client login.
    for (const provider of this.directory.providers().filter((p) => p.loginDomains.length > 0)) {
      const login = await this.get(provider.id);
      providers.push({ providerId: provider.id, name: provider.name, realmPrefix: provider.realmPrefix, username: login?.username ?? null, hasPassword: login !== undefined && login.password.length > 0 });
    }
    return { providers };
  }
}
