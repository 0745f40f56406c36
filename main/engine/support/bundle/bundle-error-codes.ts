/**
 * Stable codes for everything the log-bundle capability can report, with a sentence a
 * person understands. A file of data with no imports, so `errors.ts` can spread it into the
 * product's one code map (`...bundleErrorCodes`) without an import cycle.
 */
export const bundleErrorCodes = {
  BUNDLE_INVALID_INPUT: 'The support bundle request is not valid.',
  BUNDLE_ITEM_NOT_FOUND: 'A file meant for the support bundle does not exist.',
  BUNDLE_ITEM_UNREADABLE: 'A file meant for the support bundle could not be read.',
  BUNDLE_ITEM_UNKNOWN: 'The support bundle has no item with that name.',
  BUNDLE_TOO_LARGE: 'The support bundle would be larger than its size limit, even with older logs left out.',
  BUNDLE_SOURCE_CHANGED: 'A log file changed while the support bundle was being written.',
  BUNDLE_CONSENT_MISSING: 'The support bundle cannot be written before it is approved.',
  BUNDLE_WRITE_FAILED: 'The support bundle could not be written.',
  BUNDLE_CANCELLED: 'Writing the support bundle was cancelled.',
} as const;
