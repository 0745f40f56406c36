/**
 * "Is this network open, captive, or not connected?" Probes over the HttpClient port, plain
 * http only (never upgraded), redirects not followed by the client but by hand here.
 *
 * Each probe in turn, until one is conclusive:
 *  - the expected answer (204, or 200 with the expected body) → online;
 *  - 3xx → captive: the Location chain is followed (bounded) to the portal page, and every
 *    hop's body is searched for a WISPr block (it is often in the 302 body itself);
 *  - HTTP 511 → captive (RFC 6585), the portal from the page's META refresh if any;
 *  - 200 with a WISPr block → captive; 200 with another body → captive (the page is the
 *    portal), except a tiny body (≤ 4 bytes), which is inconclusive (Android's rule for
 *    broken transparent proxies);
 *  - other statuses → inconclusive; a timeout, a cut connection or a DNS-style failure →
 *    the probe failed, try the next.
 * No conclusive probe → no internet. An RFC 8908 API URL (from DHCP option 114 / RA 37),
 * when given, is asked first: it can say "captive" but never "online" on its own.
 */
import type { Clock } from '../ports/clock.js';
import type { HttpClient, HttpResponse } from '../ports/http.js';
import { fetchCapportSession, type CapportSession } from './capport-session.js';
import { fetchPortalPage, metaRefreshUrl, type PortalHop } from './portal-page.js';
import { isPortalError, type PortalErrorInfo } from './portal-error.js';
import { findWispr, type WisprMessage } from './wispr-parse.js';

export interface Probe {
  name: string;
  /** Plain http. */
  url: string;
  expect: { status: 204 } | { status: 200; body: string; match: 'exact' | 'starts-with' | 'title' };
}

/**
 * Roamdesk's own connectivity endpoint. The hostname is a placeholder until the service
 * exists; callers (and the simulated world) pass their own probe list.
 */
export const ROAMDESK_PROBE_URL = 'http://connectivity.roamdesk.app/generate_204';

export const WELL_KNOWN_PROBES: readonly Probe[] = [
  { name: 'google', url: 'http://connectivitycheck.gstatic.com/generate_204', expect: { status: 204 } },
  { name: 'apple', url: 'http://captive.apple.com/hotspot-detect.html', expect: { status: 200, body: 'Success', match: 'title' } },
  { name: 'microsoft', url: 'http://www.msftconnecttest.com/connecttest.txt', expect: { status: 200, body: 'Microsoft Connect Test', match: 'exact' } },
];

export function defaultProbes(ownProbeUrl = ROAMDESK_PROBE_URL): Probe[] {
  return [{ name: 'roamdesk', url: ownProbeUrl, expect: { status: 204 } }, ...WELL_KNOWN_PROBES];
}

export type CaptiveSignal = 'redirect' | 'http-511' | 'wispr' | 'content' | 'capport';

export interface ProbeAttempt {
  probe: string;
  url: string;
  outcome: 'online' | 'captive' | 'inconclusive' | 'timeout' | 'unreachable';
  status?: number;
  detail?: string;
}

export type DetectResult =
  | { state: 'online'; probe: string; attempts: ProbeAttempt[]; capportApiUrl?: string; capport?: CapportSession; capportError?: PortalErrorInfo }
  | {
      state: 'captive';
      via: CaptiveSignal;
      /** The probe URL that was intercepted: the WISPr OriginatingServer. */
      originatingUrl: string;
      /** The portal page (the last hop reached, or the RFC 8908 user-portal-url). */
      portalUrl?: string;
      wispr?: WisprMessage;
      /** A WISPr block was found but could not be used (the portal then needs a browser). */
      wisprError?: PortalErrorInfo;
      hops: PortalHop[];
      attempts: ProbeAttempt[];
      capportApiUrl?: string;
      capport?: CapportSession;
      capportError?: PortalErrorInfo;
    }
  | { state: 'no-internet'; reason: 'timeout' | 'unreachable' | 'inconclusive'; attempts: ProbeAttempt[]; capportApiUrl?: string; capportError?: PortalErrorInfo };

export interface DetectOptions {
  http: HttpClient;
  clock: Clock;
  probes?: readonly Probe[];
  /** RFC 8908 API URL learned from DHCP option 114 / RA option 37. */
  capportApiUrl?: string;
  /** Per request; default 5 s. */
  probeTimeoutMs?: number;
  /** Redirects (3xx and META refresh) followed to find the portal page; default 5. */
  maxRedirects?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

export async function detectPortal(options: DetectOptions): Promise<DetectResult> {
  const probes = options.probes ?? defaultProbes();
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const headers = { 'user-agent': options.userAgent ?? 'Roamdesk/0.1 (captive portal check; wispr)', 'cache-control': 'no-cache' };
  const signalOption = options.signal ? { signal: options.signal } : {};
  const api = options.capportApiUrl ? { capportApiUrl: options.capportApiUrl } : {};

  let capport: CapportSession | undefined;
  let capportError: PortalErrorInfo | undefined;
  if (options.capportApiUrl) {
    try {
      capport = await fetchCapportSession({ http: options.http, clock: options.clock, apiUrl: options.capportApiUrl, timeoutMs, ...signalOption });
    } catch (error) {
      if (!isPortalError(error)) throw error;
      capportError = error.info();
    }
  }
  const apiInfo = { ...api, ...(capport ? { capport } : {}), ...(capportError ? { capportError } : {}) };

  const attempts: ProbeAttempt[] = [];
  for (const probe of probes) {
    let response: HttpResponse;
    try {
      response = await options.http.request({ method: 'GET', url: probe.url, headers, timeoutMs, ...signalOption });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const timeout = (error as { name?: string } | undefined)?.name === 'TimeoutError';
      attempts.push({ probe: probe.name, url: probe.url, outcome: timeout ? 'timeout' : 'unreachable', detail: describeFailure(error) });
      continue;
    }
    const attempt: ProbeAttempt = { probe: probe.name, url: probe.url, outcome: 'inconclusive', status: response.status };
    attempts.push(attempt);

    if (answersAsExpected(probe, response)) {
      if (capport?.state.captive) {
        // The API says captive while the probe passes (a portal that allow-lists probes).
        attempt.outcome = 'captive';
        return { state: 'captive', via: 'capport', originatingUrl: probe.url, ...(capport.userPortalUrl ? { portalUrl: capport.userPortalUrl } : {}), hops: [], attempts, ...apiInfo };
      }
      attempt.outcome = 'online';
      return { state: 'online', probe: probe.name, attempts, ...apiInfo };
    }

    const signal = classify(response);
    if (!signal) continue;
    attempt.outcome = 'captive';
    let page;
    try {
      page = await fetchPortalPage(options.http, probe.url, { first: response, maxHops: options.maxRedirects ?? 5, timeoutMs, headers, ...signalOption });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      // The chain broke (a loop, a dead hop): still captive, the portal is where it pointed.
      attempt.detail = isPortalError(error) ? error.message : describeFailure(error);
      const portalUrl = capport?.userPortalUrl ?? firstTarget(response, probe.url);
      return { state: 'captive', via: signal, originatingUrl: probe.url, ...(portalUrl ? { portalUrl } : {}), hops: [{ url: probe.url, status: response.status }], attempts, ...apiInfo };
    }
    const portalUrl = capport?.userPortalUrl ?? (page.hops.length > 1 || signal !== 'redirect' ? page.url : firstTarget(response, probe.url));
    return {
      state: 'captive',
      via: page.wispr ? 'wispr' : signal,
      originatingUrl: probe.url,
      ...(portalUrl ? { portalUrl } : {}),
      ...(page.wispr ? { wispr: page.wispr } : {}),
      ...(page.wisprError ? { wisprError: page.wisprError } : {}),
      hops: page.hops,
      attempts,
      ...apiInfo,
    };
  }

  if (capport?.state.captive) {
    return { state: 'captive', via: 'capport', originatingUrl: capport.apiUrl, ...(capport.userPortalUrl ? { portalUrl: capport.userPortalUrl } : {}), hops: [], attempts, ...apiInfo };
  }
  const reason = attempts.some((a) => a.outcome === 'inconclusive') ? 'inconclusive' : attempts.some((a) => a.outcome === 'timeout') ? 'timeout' : 'unreachable';
  return { state: 'no-internet', reason, attempts, ...api, ...(capportError ? { capportError } : {}) };
}

function answersAsExpected(probe: Probe, response: HttpResponse): boolean {
  if (response.status !== probe.expect.status) return false;
  if (probe.expect.status === 204) return true;
  const body = response.body;
  switch (probe.expect.match) {
    case 'exact':
      return body.trim() === probe.expect.body;
    case 'starts-with':
      return body.startsWith(probe.expect.body);
    case 'title':
      return /<title>\s*([^<]*?)\s*<\/title>/i.exec(body)?.[1]?.toLowerCase() === probe.expect.body.toLowerCase();
  }
}

/** Why this answer means a portal, or undefined when it says nothing. */
function classify(response: HttpResponse): CaptiveSignal | undefined {
  const { status, body } = response;
  if (status >= 300 && status < 400) return response.headers.location || hasWispr(body) ? 'redirect' : undefined;
  if (status === 511) return 'http-511';
  if (status === 200) {
    if (hasWispr(body)) return 'wispr';
    if (body.trim().length <= 4) return undefined;
    return 'content';
  }
  return hasWispr(body) ? 'wispr' : undefined;
}

function hasWispr(body: string): boolean {
  try {
    return findWispr(body) !== undefined;
  } catch {
    return true; // a block that cannot be used is still a portal's mark
  }
}

function firstTarget(response: HttpResponse, base: string): string | undefined {
  const raw = response.headers.location ?? metaRefreshUrl(response.body);
  if (!raw) return undefined;
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const name = (error as { name?: string } | undefined)?.name;
  return typeof code === 'string' ? code : (name ?? 'error');
}
