/**
 * Fetching a portal page the way a smart client must: GET only (never with credentials),
 * redirects followed by hand — 3xx Location (relative ones resolved) and HTML META refresh
 * — up to a bounded number of hops, looking for a WISPr block in every hop's body,
 * including the bodies of 3xx answers (CoovaChilli, MikroTik and TrueMove put it there).
 * Only http(s) targets are followed; a loop or too many hops is PORTAL_REDIRECT_LOOP.
 */
import type { HttpClient, HttpResponse } from '../ports/http.js';
import { PortalError, isPortalError, type PortalErrorInfo } from './portal-error.js';
import { findWispr, type WisprMessage } from './wispr-parse.js';

export interface PortalHop {
  url: string;
  status: number;
  /** Where this hop pointed next (Location or META refresh), if anywhere. */
  next?: string;
}

export interface PortalPage {
  /** The URL of the last page fetched. */
  url: string;
  response: HttpResponse;
  wispr?: WisprMessage;
  /** A WISPr block was there but unusable. */
  wisprError?: PortalErrorInfo;
  hops: PortalHop[];
}

export interface FetchPortalPageOptions {
  maxHops: number;
  timeoutMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A response already in hand for `url` (a probe's answer): used as the first hop. */
  first?: HttpResponse;
}

export async function fetchPortalPage(http: HttpClient, url: string, options: FetchPortalPageOptions): Promise<PortalPage> {
  const hops: PortalHop[] = [];
  const seen = new Set<string>();
  let current = url;
  let response = options.first;
  for (;;) {
    seen.add(current);
    response ??= await http.request({
      method: 'GET',
      url: current,
      timeoutMs: options.timeoutMs,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const hop: PortalHop = { url: current, status: response.status };
    hops.push(hop);

    let wispr: WisprMessage | undefined;
    let wisprError: PortalErrorInfo | undefined;
    try {
      wispr = findWispr(response.body);
    } catch (error) {
      if (!isPortalError(error)) throw error;
      wisprError = error.info();
    }
    const next = nextHop(response, current);
    if (next) hop.next = next;
    if (wispr || wisprError || !next) {
      return { url: current, response, hops, ...(wispr ? { wispr } : {}), ...(wisprError ? { wisprError } : {}) };
    }
    if (seen.has(next)) throw new PortalError('PORTAL_REDIRECT_LOOP', `The network redirects in a loop (back to ${safeHost(next)}).`);
    if (hops.length > options.maxHops) throw new PortalError('PORTAL_REDIRECT_LOOP', `The network redirected more than ${options.maxHops} times without reaching a page.`);
    current = next;
    response = undefined;
  }
}

/** The next URL to fetch: a 3xx Location, or a META refresh in an HTML body; http(s) only. */
export function nextHop(response: HttpResponse, base: string): string | undefined {
  let target: string | undefined;
  if (response.status >= 300 && response.status < 400) target = response.headers.location;
  else target = metaRefreshUrl(response.body);
  if (!target) return undefined;
  try {
    const url = new URL(target.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The URL of `<meta http-equiv="refresh" content="N;url=…">`, quotes and case as gateways write them. */
export function metaRefreshUrl(body: string): string | undefined {
  const tags = body.match(/<meta\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    if (!/http-equiv\s*=\s*["']?refresh/i.test(tag)) continue;
    const content = /content\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = content?.[1] ?? content?.[2] ?? content?.[3];
    const url = value ? /;\s*url\s*=\s*['"]?([^'"]+)['"]?/i.exec(value)?.[1] : undefined;
    if (url) return decodeAmp(url.trim());
  }
  return undefined;
}

function decodeAmp(value: string): string {
  return value.replace(/&amp;/gi, '&');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unknown address';
  }
}
