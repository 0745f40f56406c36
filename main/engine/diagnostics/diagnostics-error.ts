/**
 * Errors of the diagnostics capability. The codes live in diagnostics-error-codes.ts (data
 * only) and are spread into `errors.ts`'s `errorCodes` map, so `isRoamdeskError()`,
 * `toInfo()` and the contract's error path work unchanged.
 */
import { RoamdeskError } from '../errors.js';

import { diagnosticsErrorCodes } from './diagnostics-error-codes.js';

export { diagnosticsErrorCodes };

export type DiagnosticsErrorCode = keyof typeof diagnosticsErrorCodes;

export interface DiagnosticsErrorInfo {
  code: DiagnosticsErrorCode;
  message: string;
  hint?: string;
}

export class DiagnosticsError extends RoamdeskError {
  /** The same value as `code`, typed as a diagnostics code. */
  readonly diagnosticsCode: DiagnosticsErrorCode;

  constructor(code: DiagnosticsErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    // Cast until errors.ts spreads diagnosticsErrorCodes into its map (done by the lead).
    super(code, message ?? diagnosticsErrorCodes[code], options);
    this.name = 'DiagnosticsError';
    this.diagnosticsCode = code;
  }

  info(): DiagnosticsErrorInfo {
    return this.hint === undefined ? { code: this.diagnosticsCode, message: this.message } : { code: this.diagnosticsCode, message: this.message, hint: this.hint };
  }
}

export function isDiagnosticsError(error: unknown): error is DiagnosticsError {
  return error instanceof DiagnosticsError;
}
