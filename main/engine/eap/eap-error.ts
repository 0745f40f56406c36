/**
 * Stable codes for everything the 802.1X capability can report: building and checking a
 * profile, reading eap-config files, rendering OS settings, explaining failed sign-ins. Each
 * code has a sentence a person understands; callers may replace it with a more specific one,
 * never with a secret.
 *
 * The codes are part of `errors.ts`'s `errorCodes` map (spread from eap-error-codes.ts), so
 * `isRoamdeskError()`, `toInfo()` and the contract's error path work unchanged.
 */
import { RoamdeskError } from '../errors.js';

import { eapErrorCodes } from './eap-error-codes.js';

export { eapErrorCodes };

export type EapErrorCode = keyof typeof eapErrorCodes;

export interface EapErrorInfo {
  code: EapErrorCode;
  message: string;
  hint?: string;
}

export class EapError extends RoamdeskError {
  /** The same value as `code`, typed as an EAP code. */
  readonly eapCode: EapErrorCode;

  constructor(code: EapErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message ?? eapErrorCodes[code], options);
    this.name = 'EapError';
    this.eapCode = code;
  }

  info(): EapErrorInfo {
    return this.hint === undefined ? { code: this.eapCode, message: this.message } : { code: this.eapCode, message: this.message, hint: this.hint };
  }
}

export function isEapError(error: unknown): error is EapError {
  return error instanceof EapError;
}
