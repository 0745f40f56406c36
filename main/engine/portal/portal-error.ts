/**
 * Stable codes for everything the portal capability can report: finding and reading WISPr
 * and RFC 8908 answers, and the outcome of a smart-client login. Each code has a sentence a
 * person understands; callers may replace it with a more specific one, never with a secret.
 *
 * The codes are part of `errors.ts`'s `errorCodes` map (spread from portal-error-codes.ts),
 * so `isRoamdeskError()`, `toInfo()` and the contract's error path work unchanged.
 */
import { RoamdeskError } from '../errors.js';

import { portalErrorCodes } from './portal-error-codes.js';

export { portalErrorCodes };

export type PortalErrorCode = keyof typeof portalErrorCodes;

export interface PortalErrorInfo {
  code: PortalErrorCode;
  message: string;
  hint?: string;
}

export class PortalError extends RoamdeskError {
  /** The same value as `code`, typed as a portal code. */
  readonly portalCode: PortalErrorCode;

  constructor(code: PortalErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message ?? portalErrorCodes[code], options);
    this.name = 'PortalError';
    this.portalCode = code;
  }

  info(): PortalErrorInfo {
    return this.hint === undefined ? { code: this.portalCode, message: this.message } : { code: this.portalCode, message: this.message, hint: this.hint };
  }
}

export function isPortalError(error: unknown): error is PortalError {
  return error instanceof PortalError;
}
