/**
 * UUIDs derived from a seed and a label (SHA-256, RFC 4122 variant, version 8 "custom"), so a
 * profile rendered twice gets the same identifiers: the OS replaces it instead of adding a
 * second copy, and tests can compare exact output.
 */
import { createHash } from 'node:crypto';

export function seededUuid(seed: string, label: string): string {
  const bytes = createHash('sha256').update(`${seed}\u0000${label}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
