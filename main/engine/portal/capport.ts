/**
 * RFC 8908 captive-portal API answers, read strictly (the ChromeOS shill rules):
 *  - the answer must be HTTP 200 with `Content-Type: application/captive+json` (UTF-8, or no
 *    charset), at most 4 KiB, a JSON object;
 *  - `captive` (boolean) is required;
 *  - `user-portal-url` must be an https URL, and is required when `captive` is true;
 *  - `venue-info-url` must be an absolute http(s) URL when present;
 *  - `seconds-remaining` / `bytes-remaining` must be integers; negative ones count as absent,
 *    and both are dropped while captive (they describe an open session);
 *  - `can-extend-session` must be a boolean; unknown keys are ignored (RFC 8908 §5).
 * Anything else is a PortalError with a CAPPORT_* code. The API never proves "online" on its
 * own: a `captive: false` answer is still followed by a probe (see detect.ts).
 */
import { PortalError } from './portal-error.js';

export const CAPPORT_MEDIA_TYPE = 'application/captive+json';
export const CAPPORT_MAX_BYTES = 4096;

export interface CapportState {
  captive: boolean;
  userPortalUrl?: string;
  venueInfoUrl?: string;
  canExtendSession: boolean;
  secondsRemaining?: number;
  bytesRemaining?: number;
  /** Keys the answer had that RFC 8908 does not define (ignored, listed for diagnostics). */
  ignoredKeys: string[];
}

export interface CapportHttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Checks status, content type and size, then reads the JSON body. */
export function parseCapportResponse(response: CapportHttpAnswer): CapportState {
  if (response.status !== 200) {
    throw new PortalError('CAPPORT_HTTP_STATUS', `The network’s captive-portal API answered HTTP ${response.status} instead of 200.`);
  }
  const contentType = headerValue(response.headers, 'content-type');
  if (contentType === undefined) throw new PortalError('CAPPORT_CONTENT_TYPE', 'The network’s captive-portal API answer has no Content-Type.');
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim());
  if (mediaType?.toLowerCase() !== CAPPORT_MEDIA_TYPE) {
    throw new PortalError('CAPPORT_CONTENT_TYPE', `The network’s captive-portal API answered as "${mediaType ?? ''}" instead of ${CAPPORT_MEDIA_TYPE}.`);
  }
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim().replace(/^"|"$/g, ''));
    if (name?.toLowerCase() === 'charset' && value?.toLowerCase() !== 'utf-8') {
      throw new PortalError('CAPPORT_CONTENT_TYPE', `The network’s captive-portal API answered in charset "${value ?? ''}"; RFC 8908 answers are UTF-8.`);
    }
  }
  return parseCapportJson(response.body);
}

/** Reads the JSON body of an answer (for callers that already checked the HTTP envelope). */
export function parseCapportJson(body: string): CapportState {
  if (Buffer.byteLength(body, 'utf8') > CAPPORT_MAX_BYTES) {
    throw new PortalError('CAPPORT_TOO_LARGE', `The network’s captive-portal API answer is larger than ${CAPPORT_MAX_BYTES} bytes.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new PortalError('CAPPORT_NOT_JSON', undefined, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PortalError('CAPPORT_NOT_JSON', 'The network’s captive-portal API answer is not a JSON object.');
  }
  const record = data as Record<string, unknown>;

  if (!Object.hasOwn(record, 'captive')) throw new PortalError('CAPPORT_CAPTIVE_MISSING');
  const captive = record.captive;
  if (typeof captive !== 'boolean') throw invalid('captive', 'a boolean');

  const state: CapportState = { captive, canExtendSession: false, ignoredKeys: [] };

  const portal = record['user-portal-url'];
  if (portal !== undefined) {
    if (typeof portal !== 'string') throw invalid('user-portal-url', 'a string');
    const url = absoluteUrl(portal);
    if (!url) throw invalid('user-portal-url', 'an absolute URL');
    if (url.protocol !== 'https:') {
      throw new PortalError('CAPPORT_PORTAL_URL_NOT_HTTPS', `The network’s sign-in page address "${portal}" is not HTTPS.`, {
        hint: 'RFC 8908 requires the sign-in page over TLS. Open a browser to sign in if you trust this network.',
      });
    }
    state.userPortalUrl = url.href;
  } else if (captive) {
    throw new PortalError('CAPPORT_PORTAL_URL_MISSING');
  }

  const venue = record['venue-info-url'];
  if (venue !== undefined) {
    if (typeof venue !== 'string') throw invalid('venue-info-url', 'a string');
    const url = absoluteUrl(venue);
    if (!url) throw invalid('venue-info-url', 'an absolute http(s) URL');
    state.venueInfoUrl = url.href;
  }

  const extend = record['can-extend-session'];
  if (extend !== undefined) {
    if (typeof extend !== 'boolean') throw invalid('can-extend-session', 'a boolean');
    state.canExtendSession = extend;
  }

  for (const [key, field] of [
    ['seconds-remaining', 'secondsRemaining'],
    ['bytes-remaining', 'bytesRemaining'],
  ] as const) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(key, 'an integer');
    if (value >= 0 && !captive) state[field] = value;
  }

  const known = new Set(['captive', 'user-portal-url', 'venue-info-url', 'can-extend-session', 'seconds-remaining', 'bytes-remaining']);
  state.ignoredKeys = Object.keys(record).filter((key) => !known.has(key));
  return state;
}

function invalid(key: string, kind: string): PortalError {
  return new PortalError('CAPPORT_INVALID_FIELD', `The network’s captive-portal API field "${key}" is not ${kind}.`);
}

function absoluteUrl(value: string): URL | undefined {
  if (/\s/.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
