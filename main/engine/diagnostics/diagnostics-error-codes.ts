/**
 * Stable codes for what the diagnostics capability can report as an error, each with a
 * sentence a person understands. A file of data with no imports, so that `errors.ts` can
 * spread it into the product's one code map without an import cycle.
 *
 * (A probe that cannot run — a tool missing, a timeout — is not an error: it is a probe
 * result with status `not-available` or `timeout` and a reason. These codes are for the
 * requests themselves and for the snapshot queue.)
 */
export const diagnosticsErrorCodes = {
  DIAGNOSTICS_INVALID_OPTIONS: 'The diagnostics options are not valid.',
  DIAGNOSTICS_CANCELLED: 'The diagnostics run was cancelled.',
  DIAGNOSTICS_SNAPSHOT_NOT_FOUND: 'No saved diagnostics snapshot has that id (it may have been sent or expired).',
  DIAGNOSTICS_SNAPSHOT_UNREADABLE: 'A saved diagnostics snapshot could not be read.',
  DIAGNOSTICS_SNAPSHOT_WRITE_FAILED: 'A diagnostics snapshot could not be saved to disk.',
  DIAGNOSTICS_SNAPSHOT_TOO_LARGE: 'The diagnostics snapshot is larger than the space allowed for snapshots.',
} as const;
