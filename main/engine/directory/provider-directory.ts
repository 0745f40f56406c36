/**
 * Who runs a hotspot. The radio cannot tell; the provider directory can. Until the
 * directory lives in the hotspot cache (directory sync), it is a static table — in a
 * simulated world, built from the world file's providers.
 */
import type { Provider } from '../../../preload/contract.js';
import type { WorldSpec } from '../wifi/simulated/world-schema.js';

/** What the directory says about a provider's sign-in. */
export interface ProviderInfo {
  id: string;
  name: string;
  /** Put before the user name in a WISPr login (e.g. `SKYFI/`). */
  realmPrefix: string | null;
  /** The only hosts (and their subdomains) a login may be sent to, over HTTPS. */
  loginDomains: readonly string[];
}

/** What the directory says about one hotspot's portal (RFC 8910's API URL when the OS does not give it). */
export interface HotspotPortalHint {
  capportApiUrl: string | null;
}

export interface ProviderDirectory {
  providerOf(bssid: string): Provider | null;
  providers(): readonly ProviderInfo[];
  provider(id: string): ProviderInfo | null;
  portalHintOf(bssid: string): HotspotPortalHint | null;
}

export class StaticProviderDirectory implements ProviderDirectory {
  constructor(
    private readonly byBssid: ReadonlyMap<string, Provider>,
    private readonly infos: readonly ProviderInfo[] = [],
    private readonly hints: ReadonlyMap<string, HotspotPortalHint> = new Map(),
  ) {}

  static fromWorld(world: WorldSpec): StaticProviderDirectory {
    const providers = new Map(world.providers.map((provider) => [provider.id, provider]));
    const byBssid = new Map<string, Provider>();
    const hints = new Map<string, HotspotPortalHint>();
    for (const site of world.sites)
      for (const ap of site.accessPoints) {
        const provider = ap.provider ? providers.get(ap.provider) : undefined;
        if (provider) byBssid.set(ap.bssid, { id: provider.id, name: provider.name });
        if (ap.portal?.kind === 'capport') hints.set(ap.bssid, { capportApiUrl: `https://${ap.portal.loginHost}/api` });
      }
    const infos = world.providers.map((p) => ({ id: p.id, name: p.name, realmPrefix: p.realmPrefix ?? null, loginDomains: p.loginDomains }));
    return new StaticProviderDirectory(byBssid, infos, hints);
  }

  static empty(): StaticProviderDirectory {
    return new StaticProviderDirectory(new Map());
  }

  providerOf(bssid: string): Provider | null {
    return this.byBssid.get(bssid) ?? null;
  }

  providers(): readonly ProviderInfo[] {
    return this.infos;
  }

  provider(id: string): ProviderInfo | null {
    return this.infos.find((p) => p.id === id) ?? null;
  }

  portalHintOf(bssid: string): HotspotPortalHint | null {
    return this.hints.get(bssid) ?? null;
  }
}
