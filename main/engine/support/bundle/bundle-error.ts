/**
 * Errors of the log-bundle capability. The codes live in bundle-error-codes.ts (data only);
 * until `errors.ts` spreads them into `errorCodes`, the constructor casts the code so the
 * base class accepts it — `code`, `toInfo()` and the CLI's error path work unchanged.
 */
import { RoamdeskError } from '../../errors.js';

import { bundleErrorCodes } from './bundle-error-codes.js';

export { bundleErrorCodes };

export type BundleErrorCode = keyof typeof bundleErrorCodes;

export interface BundleErrorInfo {
  code: BundleErrorCode;
  message: string;
  hint?: string;
}

export class BundleError extends RoamdeskError {
  /** The same value as `code`, typed as a bundle code. */
  readonly bundleCode: BundleErrorCode;

  constructor(code: BundleErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message ?? bundleErrorCodes[code], options);
    this.name = 'BundleError';
    this.bundleCode = code;
  }

  info(): BundleErrorInfo {
    return this.hint === undefined ? { code: this.bundleCode, message: this.message } : { code: this.bundleCode, message: this.message, hint: this.hint };
  }
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError;
}
