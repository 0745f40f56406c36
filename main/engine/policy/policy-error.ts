/**
 * Errors of the settings-and-policy capability: a locked setting, an unknown key, a value
 * that fails validation, a policy source that cannot be read.
 *
 * The codes live in policy-error-codes.ts (data only) so `errors.ts` can spread them into
 * the product's `errorCodes` map. Until that spread lands, the code is cast when handed to
 * RoamdeskError: at run time a code is just its string, so `toInfo()`, `isRoamdeskError()`
 * and the CLI's exit handling work unchanged.
 */
import { RoamdeskError } from '../errors.js';

import { policyErrorCodes } from './policy-error-codes.js';

export { policyErrorCodes };

export type PolicyErrorCode = keyof typeof policyErrorCodes;

export interface PolicyErrorInfo {
  code: PolicyErrorCode;
  message: string;
  hint?: string;
}

export class PolicyError extends RoamdeskError {
  /** The same value as `code`, typed as a policy code. */
  readonly policyCode: PolicyErrorCode;

  constructor(code: PolicyErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message ?? policyErrorCodes[code], options);
    this.name = 'PolicyError';
    this.policyCode = code;
  }

  info(): PolicyErrorInfo {
    return this.hint === undefined ? { code: this.policyCode, message: this.message } : { code: this.policyCode, message: this.message, hint: this.hint };
  }
}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}
