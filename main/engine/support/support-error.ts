/**
 * Errors of the support desk's client side. The codes live in support-error-codes.ts (data
 * only). `errors.ts` does not spread them into its map yet, so the code is cast on the way
 * into RoamdeskError: `isRoamdeskError()`, `toInfo()` and the CLI's error path work
 * unchanged, and the code reaches the person as written here.
 */
import { RoamdeskError } from '../errors.js';

import { supportErrorCodes } from './support-error-codes.js';

export { supportErrorCodes };

export type SupportErrorCode = keyof typeof supportErrorCodes;

export interface SupportErrorInfo {
  code: SupportErrorCode;
  message: string;
  hint?: string;
}

export class SupportError extends RoamdeskError {
  /** The same value as `code`, typed as a support code. */
  readonly supportCode: SupportErrorCode;
  /** For relay answers: the HTTP status, when there was one. */
  readonly status: number | undefined;
  /** Whether trying again later may succeed (network gone, 5xx, 429). */
  readonly retryable: boolean;

  constructor(code: SupportErrorCode, message?: string, options?: { hint?: string; cause?: unknown; status?: number; retryable?: boolean }) {
    super(code, message ?? supportErrorCodes[code], options);
    this.name = 'SupportError';
    this.supportCode = code;
    this.status = options?.status;
    this.retryable = options?.retryable ?? false;
  }

  info(): SupportErrorInfo {
    return this.hint === undefined ? { code: this.supportCode, message: this.message } : { code: this.supportCode, message: this.message, hint: this.hint };
  }
}

export function isSupportError(error: unknown): error is SupportError {
  return error instanceof SupportError;
}
