/**
 * "Are we on the internet?": one bounded HTTP request to a connectivity endpoint that
 * answers 204 No Content. Anything else — a cut connection, a timeout, a 200 page or a
 * redirect — means the path is not open (captive-portal classification builds on this).
 */
import { RoamdeskError } from '../errors.js';
import type { HttpClient } from '../ports/http.js';

export interface InternetCheckOptions {
  url: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function checkInternet(http: HttpClient, options: InternetCheckOptions): Promise<void> {
  let status: number;
  try {
    const response = await http.request({ method: 'GET', url: options.url, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    status = response.status;
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (isTimeout(error)) {
      throw new RoamdeskError('INTERNET_CHECK_TIMEOUT', `The internet check got no answer within ${(options.timeoutMs / 1000).toFixed(1)} s.`, {
        hint: 'The network may be overloaded. Try again, or pick another network.',
        cause: error,
      });
    }
    throw new RoamdeskError('NO_INTERNET', 'Connected to the access point, but traffic does not get through to the internet.', {
      hint: 'The venue’s connection may be down. Pick another network or tell the venue.',
      cause: error,
    });
  }
  if (status !== 204) {
    throw new RoamdeskError('NO_INTERNET', `The internet check answered HTTP ${status} instead of 204: something on this network is in the way.`, {
      hint: 'The network may need a sign-in page. Open a browser to sign in, or pick another network.',
    });
  }
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || code === 'ETIMEDOUT';
}
