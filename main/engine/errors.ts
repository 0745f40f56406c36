/**
 * Errors that reach a person carry a stable code, what happened, and what to do next.
 * Codes are part of the product's surface (CLI exit output, UI, support cases): never
 * rename one; add a new one instead.
 */
import { portalErrorCodes } from './portal/portal-error-codes.js';
import { eapErrorCodes } from './eap/eap-error-codes.js';
import { wifiErrorCodes } from './wifi/wifi-error-codes.js';
import { diagnosticsErrorCodes } from './diagnostics/diagnostics-error-codes.js';
import { bundleErrorCodes } from './support/bundle/bundle-error-codes.js';
import { supportErrorCodes } from './support/support-error-codes.js';
import { policyErrorCodes } from './policy/policy-error-codes.js';

export const errorCodes = {
  INVALID_REQUEST: 'The request was not understood.',
  UNKNOWN_METHOD: 'That operation does not exist.',
  INTERNAL: 'Something went wrong inside Roamdesk.',
  CANCELLED: 'The operation was cancelled.',
  NETWORK_NOT_FOUND: 'No network with that name or BSSID is in range.',
  NETWORK_OUT_OF_RANGE: 'The network is no longer in range.',
  ASSOCIATION_REJECTED: 'The access point did not accept the connection.',
  CREDENTIALS_REQUIRED: 'This network needs a password.',
  CREDENTIALS_REJECTED: 'The network rejected the password.',
  EAP_PROFILE_MISSING: 'This network needs an enterprise (802.1X) profile.',
  NO_INTERNET: 'Connected to the access point, but it does not reach the internet.',
  INTERNET_CHECK_TIMEOUT: 'The internet check did not answer in time.',
  WIFI_DRIVER_UNAVAILABLE: 'There is no Wi-Fi driver for this system yet.',
  NOT_SIMULATED: 'This only works in a simulated world.',
  SITE_NOT_FOUND: 'No site with that id in the simulated world.',
  WORLD_NOT_FOUND: 'The world file could not be read.',
  WORLD_INVALID: 'The world file is not valid.',
  DATABASE_FROM_NEWER_VERSION: 'The hotspot database was written by a newer Roamdesk.',
  DATABASE_UNAVAILABLE: 'The hotspot database could not be opened.',
  DIRECTORY_NOT_FOUND: 'The hotspot directory file could not be read.',
  DIRECTORY_SIGNATURE_INVALID: 'The hotspot directory is not signed by a trusted key.',
  DIRECTORY_MALFORMED: 'The hotspot directory file is not valid.',
  DIRECTORY_VERSION_MISMATCH: 'The directory update does not fit the installed directory.',
  POLICY_INVALID: 'The selection policy is not valid.',
  NOT_CONNECTED: 'The device is not connected to any network.',
  PORTAL_STILL_CAPTIVE: 'Signed in, but the network still holds traffic back.',
  PORTAL_SIGN_IN_TIMEOUT: 'Nobody finished the sign-in page in time.',
  PORTAL_CREDENTIALS_MISSING: 'No sign-in details are saved for this provider.',
  ...portalErrorCodes,
  ...eapErrorCodes,
  ...wifiErrorCodes,
  ...diagnosticsErrorCodes,
  ...bundleErrorCodes,
  ...supportErrorCodes,
  ...policyErrorCodes,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class RoamdeskError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(message ?? errorCodes[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RoamdeskError';
    this.code = code;
    this.hint = options?.hint;
  }

  toInfo(): { code: ErrorCode; message: string; hint?: string } {
    return this.hint === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isRoamdeskError(error: unknown): error is RoamdeskError {
  return error instanceof RoamdeskError;
}
