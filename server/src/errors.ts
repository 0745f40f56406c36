/**
 * Errors the relay returns. Every 4xx/5xx body is `{ "error": { "code", "message" } }`.
 * Codes are part of the relay's surface (clients branch on them, support reads them in
 * logs): never rename one; add a new one instead. Same style as main/engine/errors.ts.
 */
export const relayErrorCodes = {
  INVALID_REQUEST: { status: 400, message: 'The request was not understood.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request body does not match the schema.' },
  UNAUTHENTICATED: { status: 401, message: 'A valid device credential is required (Authorization: Bearer).' },
  ADMIN_CREDENTIALS_REJECTED: { status: 401, message: 'The admin credentials were not accepted.' },
  ACTIVATION_TOKEN_REJECTED: { status: 401, message: 'The activation token is unknown, expired or used up.' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, message: 'The Idempotency-Key header must be 1–255 visible ASCII characters.' },
  NOT_FOUND: { status: 404, message: 'Nothing with that id exists for this device.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'That route does not exist.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed on this route.' },
  CASE_NOT_RESOLVED: { status: 409, message: 'The case can only be rated after it is resolved.' },
  CASE_ALREADY_RATED: { status: 409, message: 'The case already has a rating.' },
  UPLOAD_OFFSET_MISMATCH: { status: 409, message: 'The chunk does not start at the received offset.' },
  UPLOAD_IN_PROGRESS: { status: 409, message: 'Another chunk for this bundle is being received.' },
  UPLOAD_COMPLETE: { status: 409, message: 'The bundle is already complete.' },
  BUNDLE_NOT_COMPLETE: { status: 409, message: 'The bundle has not been fully uploaded and verified.' },
  REQUEST_NOT_PENDING: { status: 409, message: 'The log request was already answered or has expired.' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, message: 'A request with this Idempotency-Key is still being processed; retry shortly.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  BUNDLE_TOO_LARGE: { status: 413, message: 'The bundle is larger than the relay accepts.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The Content-Type is not accepted here.' },
  BUNDLE_HASH_MISMATCH: { status: 422, message: 'The bundle SHA-256 does not match the stated hash; upload it again.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This Idempotency-Key was already used with a different request.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests from this device; retry later.' },
  INTERNAL: { status: 500, message: 'Something went wrong inside the relay.' },
  TICKETING_UNAVAILABLE: { status: 502, message: 'The ticketing system did not answer as expected.' },
  STATUS_UNAVAILABLE: { status: 502, message: 'The service status page could not be read.' },
  STATUS_NOT_CONFIGURED: { status: 503, message: 'No service status page is configured.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type RelayErrorCode = keyof typeof relayErrorCodes;

export class RelayError extends Error {
  readonly code: RelayErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: RelayErrorCode, message?: string, options?: { headers?: Record<string, string>; cause?: unknown }) {
    super(message ?? relayErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RelayError';
    this.code = code;
    this.status = relayErrorCodes[code].status;
    this.headers = options?.headers ?? {};
  }

  toBody(): { error: { code: RelayErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
