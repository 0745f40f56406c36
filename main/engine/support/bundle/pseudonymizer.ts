/**
 * Salted per-bundle pseudonyms: the same value gives the same token within one bundle (so
 * support can follow "user#3f…" through the logs) and a different one in the next bundle
 * (so bundles cannot be joined across cases). HMAC-SHA-256 keyed with a random 32-byte salt
 * that never leaves the process: the bundle holds no salt, so a token cannot be reversed by
 * guessing (not even a 24-bit MAC suffix).
 */
import { randomBytes } from 'node:crypto';
import { HmacSha256 } from './hmac-sha256.js';

/** Hex characters of the HMAC kept in a token (40 bits). */
const TAG_LENGTH = 10;
/** Values remembered per bundle; past this the cache starts over (it only saves time). */
const CACHE_LIMIT = 50_000;

export class Pseudonymizer {
  private readonly salt: Buffer;
  private readonly hmac: HmacSha256;
  /** Tags by space, then by value as written; `cached` values in all (bounded by CACHE_LIMIT). */
  private readonly cache = new Map<string, Map<string, string>>();
  private cached = 0;

  constructor(salt: Uint8Array = randomBytes(32)) {
    if (salt.byteLength < 16) throw new RangeError('A pseudonym salt has at least 16 bytes.');
    this.salt = Buffer.from(salt);
    this.hmac = new HmacSha256(this.salt);
  }

  /**
   * The salt, for a worker thread that redacts part of the same bundle (it must give the same
   * tokens). It is passed in memory to threads of this process only, never written anywhere.
   */
  saltForWorker(): Uint8Array {
    return Uint8Array.from(this.salt);
  }

  /** The hash tag of `value` in `space` (e.g. 'user', 'mac'): hex, lower case. Values are compared case-insensitively. */
  tag(space: string, value: string): string {
    // Cached per space by the value as written (no key string built, no lower-casing on a hit); the
    // HMAC is of the lower-cased value, so two spellings of one value share a tag.
    let values = this.cache.get(space);
    if (values === undefined) {
      values = new Map<string, string>();
      this.cache.set(space, values);
    }
    let tag = values.get(value);
    if (tag === undefined) {
      tag = this.hmac.hex(`${space}\u0000${value.toLowerCase()}`, TAG_LENGTH);
      if (this.cached >= CACHE_LIMIT) {
        for (const map of this.cache.values()) map.clear();
        this.cached = 0;
      }
      values.set(value, tag);
      this.cached++;
    }
    return tag;
  }

  /** `kind#tag`, the form user names, host names and emails take in a bundle. */
  token(kind: string, value: string): string {
    return `${kind}#${this.tag(kind, value)}`;
  }
}
