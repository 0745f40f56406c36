/**
 * Who runs a hotspot. The radio cannot tell; the provider directory can. Until the
 * directory lives in the hotspot cache (directory sync), it is a static table — in a
 * simulated world, built from the world file's providers.
 */
import type { Provider } from '../../../preload/contract.js';
import type { WorldSpec } from '../wifi/simulated/world-schema.js';

export interface ProviderDirectory {
  providerOf(bssid: string): Provider | null;
}

export class StaticProviderDirectory implements ProviderDirectory {
  constructor(private readonly byBssid: ReadonlyMap<string, Provider>) {}

  static fromWorld(world: WorldSpec): StaticProviderDirectory {
    const providers = new Map(world.providers.map((provider) => [provider.id, provider]));
    const byBssid = new Map<string, Provider>();
    for (const site of world.sites)
      for (const ap of site.accessPoints) {
        const provider = ap.provider ? providers.get(ap.provider) : undefined;
        if (provider) byBssid.set(ap.bssid, { id: provider.id, name: provider.name });
      }
    return new StaticProviderDirectory(byBssid);
  }

  static empty(): StaticProviderDirectory {
    return new StaticProviderDirectory(new Map());
  }

  providerOf(bssid: string): Provider | null {
    return this.byBssid.get(bssid) ?? null;
  }
}
