/**
 * The RFC 8908 session, as seen through the network's captive-portal API: fetch (https
 * only, certificate-checked by the HttpClient port, `Accept: application/captive+json`),
 * read strictly (capport.ts), and turn `seconds-remaining` into an expiry time and an
 * "expiring soon" warning. A failed refresh keeps the last good state (RFC 8908 §4): the
 * watcher reports it as stale instead of forgetting the session.
 */
import type { Clock } from '../ports/clock.js';
import type { HttpClient } from '../ports/http.js';
import { CAPPORT_MEDIA_TYPE, parseCapportResponse, type CapportState } from './capport.js';
import { PortalError, isPortalError, type PortalErrorInfo } from './portal-error.js';
import { isCertificateError } from './certificate-error.js';

/** Warn when less than this remains, by default. */
export const DEFAULT_EXPIRY_WARNING_SECONDS = 5 * 60;

export interface CapportSession {
  apiUrl: string;
  state: CapportState;
  /** Clock time (ms) of the answer. */
  fetchedAt: number;
  /** Clock time (ms) when the session runs out, from seconds-remaining. */
  expiresAt?: number;
  /** What is left now, from expiresAt. */
  secondsLeft?: number;
  bytesRemaining?: number;
  /** Less than the warning threshold left (or nothing left). */
  expiringSoon: boolean;
  expired: boolean;
  canExtend: boolean;
  userPortalUrl?: string;
  venueInfoUrl?: string;
}

export interface FetchCapportOptions {
  http: HttpClient;
  clock: Clock;
  apiUrl: string;
  timeoutMs?: number;
  warnBeforeSeconds?: number;
  signal?: AbortSignal;
}

/** Fetches and reads the API once; throws a PortalError with a CAPPORT_* code. */
export async function fetchCapportSession(options: FetchCapportOptions): Promise<CapportSession> {
  let url: URL;
  try {
    url = new URL(options.apiUrl);
  } catch {
    throw new PortalError('CAPPORT_API_URL_NOT_HTTPS', `The network’s captive-portal API address "${options.apiUrl}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:') throw new PortalError('CAPPORT_API_URL_NOT_HTTPS', `The network’s captive-portal API address ${url.host} is not HTTPS, so Roamdesk does not use it.`);
  let response;
  try {
    response = await options.http.request({
      method: 'GET',
      url: url.href,
      headers: { accept: CAPPORT_MEDIA_TYPE, 'cache-control': 'no-cache' },
      timeoutMs: options.timeoutMs ?? 5000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const why = isCertificateError(error) ? 'its certificate is not trusted' : (error as { name?: string } | undefined)?.name === 'TimeoutError' ? 'it did not answer in time' : 'the connection failed';
    throw new PortalError('CAPPORT_UNREACHABLE', `The network’s captive-portal API at ${url.host} could not be used: ${why}.`, { hint: 'Roamdesk falls back to its usual checks.' });
  }
  const state = parseCapportResponse(response);
  return describeSession(url.href, state, options.clock.now(), options.clock.now(), options.warnBeforeSeconds);
}

/** The session as of `now`, for an answer read at `fetchedAt`. */
export function describeSession(apiUrl: string, state: CapportState, fetchedAt: number, now: number, warnBeforeSeconds = DEFAULT_EXPIRY_WARNING_SECONDS): CapportSession {
  const session: CapportSession = { apiUrl, state, fetchedAt, expiringSoon: false, expired: false, canExtend: state.canExtendSession };
  if (state.userPortalUrl) session.userPortalUrl = state.userPortalUrl;
  if (state.venueInfoUrl) session.venueInfoUrl = state.venueInfoUrl;
  if (state.bytesRemaining !== undefined) session.bytesRemaining = state.bytesRemaining;
  if (state.secondsRemaining !== undefined) {
    session.expiresAt = fetchedAt + state.secondsRemaining * 1000;
    const left = Math.max(0, Math.floor((session.expiresAt - now) / 1000));
    session.secondsLeft = left;
    session.expired = left === 0;
    session.expiringSoon = left < warnBeforeSeconds;
  }
  return session;
}

/**
 * Keeps the last good answer: `refresh()` returns the new session, or — when the API fails —
 * the previous one (re-aged to now) marked stale with the error. Without a previous one,
 * the error is reported and `session` is undefined.
 */
export class CapportSessionWatcher {
  private last: CapportSession | undefined;

  constructor(private readonly options: Omit<FetchCapportOptions, 'signal'>) {}

  async refresh(signal?: AbortSignal): Promise<{ session?: CapportSession; stale: boolean; error?: PortalErrorInfo }> {
    try {
      this.last = await fetchCapportSession({ ...this.options, ...(signal ? { signal } : {}) });
      return { session: this.last, stale: false };
    } catch (error) {
      if (!isPortalError(error)) throw error;
      const info = error.info();
      if (!this.last) return { stale: true, error: info };
      const session = describeSession(this.last.apiUrl, this.last.state, this.last.fetchedAt, this.options.clock.now(), this.options.warnBeforeSeconds);
      return { session, stale: true, error: info };
    }
  }

  /** The last good session as of now, without asking the network. */
  current(): CapportSession | undefined {
    return this.last && describeSession(this.last.apiUrl, this.last.state, this.last.fetchedAt, this.options.clock.now(), this.options.warnBeforeSeconds);
  }
}
