/**
 * Errors of the real Wi-Fi drivers. The codes live in wifi-error-codes.ts (data only) and
 * are spread into `errors.ts`'s map, so `isRoamdeskError()`, `toInfo()` and the contract's
 * error path work unchanged. Until that spread lands, the code is cast for the base class.
 */
import { RoamdeskError } from '../errors.js';

import { wifiErrorCodes } from './wifi-error-codes.js';

export { wifiErrorCodes };

export type WifiErrorCode = keyof typeof wifiErrorCodes;

export class WifiError extends RoamdeskError {
  /** The same value as `code`, typed as a Wi-Fi code. */
  readonly wifiCode: WifiErrorCode;

  constructor(code: WifiErrorCode, message?: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message ?? wifiErrorCodes[code], options);
    this.name = 'WifiError';
    this.wifiCode = code;
  }
}

export function isWifiError(error: unknown): error is WifiError {
  return error instanceof WifiError;
}
