/**
 * The simulated world's directory service. A real deployment fetches a signed directory
 * from the provider directory service; in a simulated world the world file is that
 * service's truth, so at start the host turns the world's providers, sites and access
 * points into a directory file, signs it with a key pair made for this run only, and
 * installs it through the same DirectorySync path a downloaded directory takes
 * (signature check, shadow tables, swap). The per-run key is trusted for this one file
 * and never persisted: the pinned production keys are untouched.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CacheDatabase } from '../engine/cache/database.js';
import { DirectorySync, type SyncResult } from '../engine/directory/directory-sync.js';
import type { Clock } from '../engine/ports/clock.js';
import type { Logger } from '../engine/ports/logger.js';
import type { AuthMethod } from '../engine/selection/facts.js';
import type { AccessPointSpec, WorldSpec } from '../engine/wifi/simulated/world-schema.js';
import { ssidToHex } from '../engine/wifi/bss.js';
import { type AnyRecord, writeDirectory } from '../../tools/directory-generator/directory-writer.js';

/** A world's directory identity: changes whenever the world file's content does. */
export function worldDirectoryId(world: WorldSpec): string {
  return `world-${createHash('sha256').update(JSON.stringify(world)).digest('hex').slice(0, 16)}`;
}

/** How a directory would describe the access point's sign-in. */
export function authOf(ap: AccessPointSpec): AuthMethod {
  switch (ap.security) {
    case 'wpa2-enterprise':
    case 'wpa3-enterprise':
      return '802.1x';
    case 'wpa2-personal':
    case 'wpa3-personal':
    case 'wep':
      return 'psk';
    default:
      return 'open';
  }
}

/** The records of a full directory describing every provider-run access point of the world. */
export function worldDirectoryRecords(world: WorldSpec): AnyRecord[] {
  const providerIds = new Map(world.providers.map((p, i) => [p.id, i + 1]));
  const records: AnyRecord[] = world.providers.map((p, i) => ['P', i + 1, p.id, p.name, p.realmPrefix ?? null]);
  world.sites.forEach((site, s) => {
    const siteId = s + 1;
    const listed = site.accessPoints.filter((ap) => ap.provider !== undefined);
    if (listed.length === 0) return;
    records.push(['S', siteId, site.name, site.kind, site.location.lat, site.location.lon]);
    for (const ap of listed) {
      const provider = world.providers.find((p) => p.id === ap.provider);
      records.push([
        'H',
        ap.bssid,
        ssidToHex(ap.ssid),
        providerIds.get(ap.provider!)!,
        siteId,
        site.location.lat,
        site.location.lon,
        authOf(ap),
        provider?.realmPrefix ?? null,
        site.kind,
        ap.standard,
        ap.band,
        ap.crowd?.attempts ?? 0,
        ap.crowd?.successes ?? 0,
        null,
      ]);
    }
  });
  return records;
}

const tileOf = (lat: number, lon: number) => (Math.floor(lat) + 90) * 360 + (Math.floor(lon) + 180);

/**
 * Installs the world's directory unless this exact world is already installed. Returns the
 * sync result, or null when nothing had to change.
 */
export async function installWorldDirectory(db: CacheDatabase, world: WorldSpec, options: { workDir: string; clock: Clock; logger: Logger }): Promise<SyncResult | null> {
  const directoryId = worldDirectoryId(world);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const sync = new DirectorySync(db, { trustedKeys: [publicKey], clock: options.clock, logger: options.logger });
  const installed = sync.installed();
  if (installed?.directoryId === directoryId) return null;

  const records = worldDirectoryRecords(world);
  const tiles = [...new Set(world.sites.map((s) => tileOf(s.location.lat, s.location.lon)))].sort((a, b) => a - b);
  mkdirSync(options.workDir, { recursive: true });
  const file = path.join(options.workDir, `${directoryId}.rdir`);
  try {
    writeDirectory(file, { kind: 'full', directoryId, version: (installed?.version ?? 0) + 1, createdAt: new Date(options.clock.now()).toISOString(), tiles: tiles.map((t) => [t, 1]), privateKey }, records);
    return await sync.apply(file);
  } finally {
    rmSync(file, { force: true });
  }
}
