/**
 * The log bundle: redaction, manifest, preview, streamed zip. What the rest of Roamdesk
 * (contract handlers, the CLI, the support client) uses; see docs/bundle.md.
 */
export { BundleError, type BundleErrorCode, bundleErrorCodes, isBundleError } from './bundle-error.js';
export {
  BUNDLE_SCHEMA,
  MANIFEST_NAME,
  type BundleCategory,
  type BundleConsent,
  type BundleManifest,
  type BundleTrigger,
  type ManifestFile,
  type OmittedItem,
  bundleCategories,
  bundleManifestSchema,
  bundleTriggerSchema,
  consentSchema,
} from './bundle-manifest.js';
export { type BuildOptions, type BundlePreview, type BundleRequest, DEFAULT_SIZE_CAP_BYTES, type PreviewItem, type PreviewItemStatus, buildBundle, previewBundle } from './bundle-preview.js';
export type { LogFileInput, MemoryItemInput } from './bundle-source.js';
export type { BundleOutput, BundleProgress, BundleResult } from './bundle-writer.js';
export { Pseudonymizer } from './pseudonymizer.js';
export { DEFAULT_REDACTION_LEVEL, type RedactionCounts, type RedactionKind, type RedactionLevel, redactionKinds, redactionLevelSchema, redactionLevels } from './redaction-level.js';
export { RedactingStream } from './redacting-stream.js';
export { type KnownIdentifiers, TextRedactor } from './text-redactor.js';
