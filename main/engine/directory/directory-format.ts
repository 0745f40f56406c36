/**
 * The directory file format (docs/directory-format.md): a signed header line, a signature
 * line, then one JSON array per line. This module only parses and validates — by hand,
 * not with zod, because a full directory is millions of lines and this is the hot loop.
 * Every failure is DIRECTORY_MALFORMED with the line number, so a bad file is fixable.
 */
import { RoamdeskError } from '../errors.js';
import { bssidToKey } from '../cache/bssid-key.js';
import { authCodes, bandCodes, standardCodes } from '../cache/enum-codes.js';

export const DIRECTORY_FORMAT = 'roamdesk-directory';
export const DIRECTORY_FORMAT_VERSION = 1;

export type DirectoryKind = 'full' | 'delta';

export interface DirectoryHeader {
  format: typeof DIRECTORY_FORMAT;
  formatVersion: typeof DIRECTORY_FORMAT_VERSION;
  kind: DirectoryKind;
  directoryId: string;
  /** The directory's serial after this file is applied; never goes backwards. */
  version: number;
  createdAt: string;
  /** Which signing key (first 16 hex digits of SHA-256 of its raw 32-byte public key). */
  keyId: string;
  /** Byte length and SHA-256 of everything after the signature line. */
  payloadBytes: number;
  payloadSha256: string;
  /** How many payload lines follow: the total for progress. */
  records: number;
  /** full: [tile, version]; delta: [tile, fromVersion, toVersion]. */
  tiles: Array<[number, number] | [number, number, number]>;
}

export interface ProviderRow {
  id: number;
  key: string;
  name: string;
  realmPrefix: string | null;
}

export interface SiteRow {
  id: number;
  name: string;
  kind: string;
  latE6: number;
  lonE6: number;
}

export interface HotspotRow {
  bssid: number;
  ssid: Buffer;
  providerId: number;
  siteId: number | null;
  latE6: number | null;
  lonE6: number | null;
  auth: number;
  realmPrefix: string | null;
  venueKind: string | null;
  standard: number | null;
  band: number | null;
  crowdAttempts: number;
  crowdSuccesses: number;
  crowdThroughputDmbps: number | null;
}

export type DirectoryRecord =
  | { type: 'provider'; row: ProviderRow }
  | { type: 'site'; row: SiteRow }
  | { type: 'hotspot'; row: HotspotRow }
  | { type: 'provider-tombstone'; id: number }
  | { type: 'site-tombstone'; id: number }
  | { type: 'hotspot-tombstone'; bssid: number };

export function malformed(message: string, cause?: unknown): RoamdeskError {
  return new RoamdeskError('DIRECTORY_MALFORMED', message, {
    hint: 'Nothing was applied; the installed directory is unchanged. Fetch the directory again.',
    ...(cause === undefined ? {} : { cause }),
  });
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isOptText = (value: unknown, max: number): value is string | null => value === null || isText(value, max);
const SSID_HEX = /^(?:[0-9a-f]{2}){1,32}$/;

function degreesE6(value: unknown, limit: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) return undefined;
  return Math.round(value * 1e6);
}

export function parseHeader(line: string): DirectoryHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw malformed('the directory header is not JSON', error);
  }
  const h = value as Partial<DirectoryHeader> | null;
  if (typeof h !== 'object' || h === null || h.format !== DIRECTORY_FORMAT) throw malformed('not a Roamdesk directory file');
  if (h.formatVersion !== DIRECTORY_FORMAT_VERSION) throw malformed(`directory format version ${String(h.formatVersion)} is not supported (expected ${DIRECTORY_FORMAT_VERSION})`);
  if (h.kind !== 'full' && h.kind !== 'delta') throw malformed('the directory header has no valid kind');
  if (!isText(h.directoryId, 200) || !isId(h.version) || !isText(h.createdAt, 64) || !isText(h.keyId, 64)) throw malformed('the directory header lacks an id, version, date or key id');
  if (!isCount(h.payloadBytes) || typeof h.payloadSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(h.payloadSha256) || !isCount(h.records)) {
    throw malformed('the directory header lacks the payload size, hash or record count');
  }
  const width = h.kind === 'full' ? 2 : 3;
  if (!Array.isArray(h.tiles) || !h.tiles.every((t) => Array.isArray(t) && t.length === width && t.every((n) => isCount(n)))) {
    throw malformed(`the directory header's tiles must be [tile, ${h.kind === 'full' ? 'version' : 'from, to'}] integer tuples`);
  }
  if (h.kind === 'delta' && !h.tiles.every((t) => (t[2] as number) > t[1])) throw malformed('a delta tile must move to a higher version');
  if (new Set(h.tiles.map((t) => t[0])).size !== h.tiles.length) throw malformed('a tile is listed twice in the directory header');
  return h as DirectoryHeader;
}

/** Parses one payload line. `kind` decides whether tombstones are allowed. */
export function parseRecord(line: string, lineNumber: number, kind: DirectoryKind): DirectoryRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw malformed(`line ${lineNumber}: not JSON`, error);
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string') throw malformed(`line ${lineNumber}: a record must be a JSON array starting with its type`);
  const bad = (what: string) => malformed(`line ${lineNumber}: ${what}`);
  const r = value as unknown[];
  switch (r[0]) {
    case 'H': {
      if (r.length !== 15) throw bad('a hotspot record has 15 fields');
      const bssid = typeof r[1] === 'string' ? bssidToKey(r[1]) : undefined;
      if (bssid === undefined) throw bad('bad BSSID');
      if (typeof r[2] !== 'string' || !SSID_HEX.test(r[2])) throw bad('the SSID must be 1–32 bytes as lower-case hex');
      if (!isId(r[3])) throw bad('bad provider id');
      if (r[4] !== null && !isId(r[4])) throw bad('bad site id');
      const lat = r[5] === null ? null : degreesE6(r[5], 90);
      const lon = r[6] === null ? null : degreesE6(r[6], 180);
      if (lat === undefined || lon === undefined || (lat === null) !== (lon === null)) throw bad('bad coordinates');
      if (!authCodes.has(r[7])) throw bad(`unknown auth method ${JSON.stringify(r[7])}`);
      if (!isOptText(r[8], 64) || !isOptText(r[9], 64)) throw bad('bad realm prefix or venue kind');
      if (r[10] !== null && !standardCodes.has(r[10])) throw bad(`unknown PHY standard ${JSON.stringify(r[10])}`);
      if (r[11] !== null && !bandCodes.has(r[11])) throw bad(`unknown band ${JSON.stringify(r[11])}`);
      if (!isCount(r[12]) || !isCount(r[13]) || r[13] > r[12]) throw bad('crowd successes must be a count no larger than crowd attempts');
      if (r[14] !== null && (typeof r[14] !== 'number' || !(r[14] >= 0) || r[14] > 100_000)) throw bad('bad crowd throughput');
      return {
        type: 'hotspot',
        row: {
          bssid,
          ssid: Buffer.from(r[2], 'hex'),
          providerId: r[3],
          siteId: r[4],
          latE6: lat,
          lonE6: lon,
          auth: authCodes.encode(r[7]),
          realmPrefix: r[8],
          venueKind: r[9],
          standard: r[10] === null ? null : standardCodes.encode(r[10]),
          band: r[11] === null ? null : bandCodes.encode(r[11]),
          crowdAttempts: r[12],
          crowdSuccesses: r[13],
          crowdThroughputDmbps: r[14] === null ? null : Math.round(r[14] * 10),
        },
      };
    }
    case 'S': {
      if (r.length !== 6 || !isId(r[1]) || !isText(r[2], 200) || !isText(r[3], 64)) throw bad('a site record is ["S", id, name, kind, lat, lon]');
      const lat = degreesE6(r[4], 90);
      const lon = degreesE6(r[5], 180);
      if (lat === undefined || lon === undefined) throw bad('bad site coordinates');
      return { type: 'site', row: { id: r[1], name: r[2], kind: r[3], latE6: lat, lonE6: lon } };
    }
    case 'P': {
      if (r.length !== 5 || !isId(r[1]) || !isText(r[2], 64) || !isText(r[3], 200) || !isOptText(r[4], 64)) throw bad('a provider record is ["P", id, key, name, realmPrefix|null]');
      return { type: 'provider', row: { id: r[1], key: r[2], name: r[3], realmPrefix: r[4] } };
    }
    case '-H':
    case '-S':
    case '-P': {
      if (kind !== 'delta') throw bad('tombstones belong in a delta, not a full directory');
      if (r.length !== 2) throw bad('a tombstone is [type, id]');
      if (r[0] === '-H') {
        const bssid = typeof r[1] === 'string' ? bssidToKey(r[1]) : undefined;
        if (bssid === undefined) throw bad('bad BSSID');
        return { type: 'hotspot-tombstone', bssid };
      }
      if (!isId(r[1])) throw bad('bad id');
      return r[0] === '-S' ? { type: 'site-tombstone', id: r[1] } : { type: 'provider-tombstone', id: r[1] };
    }
    default:
      throw bad(`unknown record type ${JSON.stringify(r[0])}`);
  }
}
