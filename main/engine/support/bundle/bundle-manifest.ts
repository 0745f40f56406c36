/**
 * `manifest.json`, the first entry of every bundle: what is inside (each file's size and
 * SHA-256 as sent, i.e. after redaction), what was redacted and how often, what the size cap
 * left out or cut, why the bundle exists (trigger, case), and the user's consent.
 * The schema is zod so the contract, the relay and tests read the same shape.
 */
import { z } from 'zod';
import { REDACTION_RULES_VERSION, redactionKinds, redactionLevelSchema } from './redaction-level.js';

export const BUNDLE_SCHEMA = 'roamdesk.bundle/1';
export const MANIFEST_NAME = 'manifest.json';

export const bundleCategories = ['log', 'diagnostics', 'connection', 'portal', 'supplicant', 'settings', 'app', 'other'] as const;
export const bundleCategorySchema = z.enum(bundleCategories);
export type BundleCategory = z.infer<typeof bundleCategorySchema>;

export const redactionCountsSchema = z.partialRecord(z.enum(redactionKinds), z.number().int().nonnegative());

export const bundleTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user') }),
  z.object({ kind: z.literal('cli') }),
  z.object({ kind: z.literal('agent-request'), caseId: z.string().min(1), requestId: z.string().min(1), agent: z.string().optional() }),
  z.object({ kind: z.literal('automatic'), reason: z.string().min(1) }),
]);
export type BundleTrigger = z.infer<typeof bundleTriggerSchema>;

/** What the user (or policy) agreed to, given to `build`; the manifest adds the items it covered. */
export const consentSchema = z.object({
  approvedAt: z.string().min(1),
  via: z.enum(['app', 'cli', 'policy']),
  uiVersion: z.string().optional(),
  destination: z.string().optional(),
  statement: z.string().optional(),
});
export type BundleConsent = z.infer<typeof consentSchema>;

export const manifestFileSchema = z.object({
  name: z.string(),
  category: bundleCategorySchema,
  source: z.enum(['file', 'memory']),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Size of the original (the kept range of a trimmed log), before redaction. */
  originalBytes: z.number().int().nonnegative(),
  redactions: redactionCountsSchema,
  trimmed: z.object({ reason: z.literal('size-cap'), droppedOriginalBytes: z.number().int().nonnegative(), droppedBytes: z.number().int().nonnegative() }).optional(),
  /**
   * Set when the original was UTF-16 (Windows tools write it): the bundle holds it as UTF-8,
   * and `originalBytes` counts the bytes of that UTF-8 form before redaction.
   */
  sourceEncoding: z.enum(['utf-16le', 'utf-16be']).optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const omittedItemSchema = z.object({
  name: z.string(),
  category: bundleCategorySchema,
  bytes: z.number().int().nonnegative(),
  reason: z.enum(['size-cap', 'removed-by-user']),
});
export type OmittedItem = z.infer<typeof omittedItemSchema>;

export const bundleManifestSchema = z.object({
  schema: z.literal(BUNDLE_SCHEMA),
  bundleId: z.string().uuid(),
  createdAt: z.string(),
  client: z.object({ name: z.literal('Roamdesk'), version: z.string(), host: z.string().optional(), platform: z.string(), arch: z.string(), osRelease: z.string().optional() }),
  trigger: bundleTriggerSchema,
  caseId: z.string().optional(),
  consent: consentSchema.extend({ approvedItems: z.array(z.string()), removedItems: z.array(z.string()) }).optional(),
  redaction: z.object({
    level: redactionLevelSchema,
    locked: z.boolean(),
    rulesVersion: z.number().int(),
    /** Pseudonyms are HMAC-SHA-256 with a random per-bundle salt that is not in the bundle. */
    pseudonyms: z.literal('hmac-sha256-per-bundle-salt'),
    counts: redactionCountsSchema,
  }),
  sizeCap: z.object({
    /** Cap on the files' content after redaction, before compression. */
    bytes: z.number().int().positive(),
    contentBytes: z.number().int().nonnegative(),
    applied: z.boolean(),
    note: z.string().optional(),
  }),
  files: z.array(manifestFileSchema),
  omitted: z.array(omittedItemSchema),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

export { REDACTION_RULES_VERSION };
