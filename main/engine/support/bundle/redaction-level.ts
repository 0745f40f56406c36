/**
 * How much a support bundle hides. A setting that policy (MDM) can lock; the bundle takes
 * it as an input and records it in its manifest. See docs/bundle.md for the full table.
 *
 *   minimal   secrets removed; identifiers (emails, user and host names, MAC and IP addresses) kept
 *   standard  secrets removed; emails, user and host names hashed; MAC keeps its OUI, IPv4 its /16, IPv6 its /32
 *   strict    as standard, but email domains hashed too, MAC fully masked, IPv4 keeps /8, IPv6 /16, SSIDs hashed
 *
 * Secrets are removed at every level: no setting sends a password.
 */
import { z } from 'zod';

export const redactionLevels = ['strict', 'standard', 'minimal'] as const;
export const redactionLevelSchema = z.enum(redactionLevels);
export type RedactionLevel = z.infer<typeof redactionLevelSchema>;
export const DEFAULT_REDACTION_LEVEL: RedactionLevel = 'standard';

/** Every kind of replacement the redactor counts, as named in the manifest. */
export const redactionKinds = [
  'private-key',
  'authorization',
  'cookie',
  'bearer-token',
  'jwt',
  'url-credentials',
  'password',
  'secret-element',
  'eap-message',
  'binary-data',
  'email',
  'user',
  'host',
  'ssid',
  'mac',
  'ipv4',
  'ipv6',
  'line-truncated',
] as const;
export type RedactionKind = (typeof redactionKinds)[number];
export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/** Bumped whenever a rule changes what it matches or what it writes. */
export const REDACTION_RULES_VERSION = 1;
