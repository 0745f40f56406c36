/**
 * Policy buckets: who the network is, before how good it is. A candidate in an earlier
 * bucket ranks above every candidate of a later one, whatever the scores — an operator's
 * contracted provider beats a stronger stranger, and the user's office network beats a
 * random café. Quality decides only within a bucket.
 *
 *   preferred  managed or preferred provider, or a preferred SSID
 *   habitual   a network the user keeps using, or one they saved credentials for
 *   partner    any other hotspot in a signed directory
 *   other      unknown networks (open ones, mostly)
 */
import type { Candidate } from './facts.js';
import { type CompiledPolicy, ssidIn } from './compiled-policy.js';
import type { Bucket } from './types.js';

export const BUCKET_RANK: Readonly<Record<Bucket, number>> = { preferred: 0, habitual: 1, partner: 2, other: 3 };

export function bucketOf(c: Candidate, habit: number, compiled: CompiledPolicy): Bucket {
  const provider = c.directory?.providerId ?? null;
  if (provider !== null && (compiled.managedProviders.has(provider) || compiled.preferredProviders.has(provider))) return 'preferred';
  if (ssidIn(compiled.preferredSsids, c.ssid, c.ssidHex)) return 'preferred';
  if (habit >= compiled.policy.habits.habitualMin) return 'habitual';
  // Saved credentials for a network outside the directory: the user added it on purpose.
  if (c.directory === null && c.hasCredentials && c.security !== 'open' && c.security !== 'owe') return 'habitual';
  if (c.directory !== null) return 'partner';
  return 'other';
}
