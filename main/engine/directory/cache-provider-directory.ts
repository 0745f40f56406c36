/**
 * The provider directory read from the hotspot cache — what a downloaded signed directory
 * installed (directory_providers, directory_hotspots). Used on the real radio's path, where
 * no world file names providers. The directory format carries no login domains, so a
 * provider known only from here gets no WISPr smart login (ProviderInfo.loginDomains is
 * empty: the person signs in on the portal page) and no RFC 8908 API hint.
 */
import type { Provider } from '../../../preload/contract.js';
import type { CacheDatabase } from '../cache/database.js';
import { bssidToKey } from '../cache/bssid-key.js';
import type { HotspotPortalHint, ProviderDirectory, ProviderInfo } from './provider-directory.js';

export class CacheProviderDirectory implements ProviderDirectory {
  private readonly byBssid;
  private readonly all;
  private readonly byKey;

  constructor(db: CacheDatabase) {
    this.byBssid = db.prepare<[number], { key: string; name: string }>('SELECT p.key AS key, p.name AS name FROM directory_hotspots h JOIN directory_providers p ON p.id = h.provider_id WHERE h.bssid = ?');
    this.all = db.prepare<[], { key: string; name: string; realm_prefix: string | null }>('SELECT key, name, realm_prefix FROM directory_providers ORDER BY name, key');
    this.byKey = db.prepare<[string], { key: string; name: string; realm_prefix: string | null }>('SELECT key, name, realm_prefix FROM directory_providers WHERE key = ? LIMIT 1');
  }

  providerOf(bssid: string): Provider | null {
    const key = bssidToKey(bssid);
    if (key === undefined) return null;
    const row = this.byBssid.get(key);
    return row ? { id: row.key, name: row.name } : null;
  }

  providers(): readonly ProviderInfo[] {
    return this.all.all().map((row) => ({ id: row.key, name: row.name, realmPrefix: row.realm_prefix, loginDomains: [] }));
  }

  provider(id: string): ProviderInfo | null {
    const row = this.byKey.get(id);
    return row ? { id: row.key, name: row.name, realmPrefix: row.realm_prefix, loginDomains: [] } : null;
  }

  portalHintOf(): HotspotPortalHint | null {
    return null;
  }
}
