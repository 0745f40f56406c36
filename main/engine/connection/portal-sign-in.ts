/**
 * Captive-portal handling for the connection manager (the CaptiveSignIn port), built on
 * `main/engine/portal/`: probe the path (detect.ts), and behind a portal sign in without
 * the person where the network allows it — a WISPr smart-client login with the provider's
 * saved details, sent only to an HTTPS LoginURL on the provider's own domains — or else
 * hand the person the sign-in page (RFC 8908's user-portal-url, or the page the probe was
 * redirected to) and let the manager re-probe until it opens.
 */
import type { PortalProbeResult, PortalView } from '../../../preload/contract.js';
import type { ProviderDirectory } from '../directory/provider-directory.js';
import { RoamdeskError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { HttpClient } from '../ports/http.js';
import type { Logger } from '../ports/logger.js';
import { type CapportSession, fetchCapportSession } from '../portal/capport-session.js';
import { type DetectResult, type Probe, detectPortal } from '../portal/detect.js';
import { PortalError, type PortalErrorInfo } from '../portal/portal-error.js';
import { wisprLogin, wisprLogoff } from '../portal/wispr-client.js';
import type { ProviderCredentials } from './provider-credentials.js';
import type { CaptiveSignIn, PathProbe, SignInResult, SignInTarget } from './sign-in-port.js';

export type PortalProbe = Omit<Probe, 'name'> & { name?: string };

export interface PortalSignInDeps {
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  credentials: ProviderCredentials;
  directory: ProviderDirectory;
  /** Roamdesk's own endpoint first, then any others. */
  probes: readonly PortalProbe[];
  probeTimeoutMs: number;
  /**
   * Where a person's browser can open a portal page. The identity in the real world; in a
   * simulated world the browser is not behind the simulated gateway, so the world maps the
   * portal's pages to a loopback address the browser reaches.
   */
  browserUrlFor?: (url: string) => string;
}

type Captive = Extract<DetectResult, { state: 'captive' }>;

export class PortalSignIn implements CaptiveSignIn {
  private readonly probes: Probe[];

  constructor(private readonly deps: PortalSignInDeps) {
    this.probes = deps.probes.map((p, i) => ({ ...p, name: p.name ?? (i === 0 ? 'roamdesk' : `probe-${i}`) }) as Probe);
  }

  /** What a probe of the path finds, in full (for `roamdesk portal probe`). */
  async inspect(target: SignInTarget, signal: AbortSignal): Promise<PortalProbeResult> {
    return describeDetection(await this.detect(target, signal));
  }

  async probe(target: SignInTarget, signal: AbortSignal): Promise<PathProbe> {
    const result = await this.detect(target, signal);
    switch (result.state) {
      case 'online':
        return { kind: 'online', detail: 'the internet answered' };
      case 'captive':
        return { kind: 'captive', detail: captiveDetail(result), evidence: result };
      default: {
        if (result.reason === 'timeout') {
          throw new RoamdeskError('INTERNET_CHECK_TIMEOUT', `The internet check got no answer within ${(this.deps.probeTimeoutMs / 1000).toFixed(1)} s.`, {
            hint: 'The network may be overloaded. Try again, or pick another network.',
          });
        }
        throw new RoamdeskError('NO_INTERNET', 'Connected to the access point, but traffic does not get through to the internet.', {
          hint: 'The venue’s connection may be down. Pick another network or tell the venue.',
        });
      }
    }
  }

  private async detect(target: SignInTarget, signal: AbortSignal): Promise<DetectResult> {
    const capportApiUrl = this.deps.directory.portalHintOf(target.bss.bssid)?.capportApiUrl ?? undefined;
    const result = await detectPortal({
      http: this.deps.http,
      clock: this.deps.clock,
      probes: this.probes,
      probeTimeoutMs: this.deps.probeTimeoutMs,
      signal,
      ...(capportApiUrl ? { capportApiUrl } : {}),
    });
    if (signal.aborted) throw signal.reason;
    return result;
  }

  async signIn(captive: Extract<PathProbe, { kind: 'captive' }>, target: SignInTarget, signal: AbortSignal): Promise<SignInResult> {
    const found = captive.evidence as Captive;
    const wispr = found.wispr;
    const smart = wispr !== undefined && (wispr.messageType === 100 || wispr.messageType === 110);
    if (smart && target.provider) return this.wisprSignIn(found, target, signal);

    const capport = found.capport;
    if (capport?.userPortalUrl) {
      return { kind: 'needs-person', detail: 'the network’s captive-portal API points to its sign-in page', portal: this.capportView(capport) };
    }
    const page = found.portalUrl ?? found.originatingUrl;
    const why = smart ? 'the hotspot offers a smart-client login, but its provider is not in the directory' : 'this portal has no smart-client login';
    return { kind: 'needs-person', detail: `${why}: its sign-in page must be opened`, portal: this.view('web', { openUrl: this.browserUrl(page) }) };
  }

  async refresh(target: SignInTarget, signal: AbortSignal): Promise<PortalView | null> {
    const apiUrl = this.deps.directory.portalHintOf(target.bss.bssid)?.capportApiUrl;
    if (!apiUrl) return null;
    const session = await fetchCapportSession({ http: this.deps.http, clock: this.deps.clock, apiUrl, timeoutMs: this.deps.probeTimeoutMs, signal });
    return this.capportView(session);
  }

  private async wisprSignIn(found: Captive, target: SignInTarget, signal: AbortSignal): Promise<SignInResult> {
    const provider = target.provider!;
    const login = await this.deps.credentials.get(provider.id);
    if (!login) {
      throw new RoamdeskError('PORTAL_CREDENTIALS_MISSING', `${target.bss.ssid} signs in ${provider.name} customers automatically, but no ${provider.name} sign-in details are saved on this device.`, {
        hint: `Add your ${provider.name} user name and password under Sign-in details, then connect again.`,
      });
    }
    const result = await wisprLogin({
      http: this.deps.http,
      clock: this.deps.clock,
      logger: this.deps.logger,
      message: found.wispr!,
      originatingUrl: found.originatingUrl,
      credentials: { username: login.username, password: login.password, ...(provider.realmPrefix ? { realmPrefix: provider.realmPrefix } : {}) },
      allowedDomains: provider.loginDomains,
      signal,
    });
    if (signal.aborted) throw signal.reason;
    if (!result.ok) throw portalFailure(result.error, result.replyMessages);
    const logoffUrl = result.logoffUrl;
    const http = this.deps.http;
    return {
      kind: 'signed-in',
      detail: `signed in to ${provider.name} by WISPr${result.polls > 0 ? ` after ${result.polls} result poll${result.polls === 1 ? '' : 's'}` : ''}`,
      portal: this.view('wispr', { replyMessage: result.replyMessages.at(-1) ?? null, canLogOff: logoffUrl !== undefined }),
      ...(logoffUrl
        ? {
            logOff: async (logOffSignal?: AbortSignal) => {
              const outcome = await wisprLogoff({ http, logoffUrl, ...(logOffSignal ? { signal: logOffSignal } : {}) });
              if (!outcome.ok) throw portalFailure(outcome.error, []);
            },
          }
        : {}),
    };
  }

  private capportView(session: CapportSession): PortalView {
    return this.view('capport', {
      openUrl: session.userPortalUrl ? this.browserUrl(session.userPortalUrl) : null,
      venueInfoUrl: session.venueInfoUrl ?? null,
      secondsRemaining: session.secondsLeft ?? null,
      bytesRemaining: session.bytesRemaining ?? null,
      expiresAt: session.expiresAt !== undefined ? new Date(session.expiresAt).toISOString() : null,
      expiringSoon: session.expiringSoon,
      canExtend: session.canExtend,
    });
  }

  private view(kind: PortalView['kind'], fields: Partial<PortalView>): PortalView {
    return { kind, openUrl: null, venueInfoUrl: null, secondsRemaining: null, bytesRemaining: null, expiresAt: null, expiringSoon: false, canExtend: false, replyMessage: null, canLogOff: false, ...fields };
  }

  private browserUrl(url: string): string {
    return this.deps.browserUrlFor ? this.deps.browserUrlFor(url) : url;
  }
}

/** A detection result as the contract shows it: what was found, without the raw hops. */
export function describeDetection(result: DetectResult): PortalProbeResult {
  const capport = 'capport' in result && result.capport ? result.capport : undefined;
  const capportView = capport
    ? {
        capport: {
          captive: capport.state.captive,
          canExtendSession: capport.canExtend,
          ...(capport.userPortalUrl ? { userPortalUrl: capport.userPortalUrl } : {}),
          ...(capport.venueInfoUrl ? { venueInfoUrl: capport.venueInfoUrl } : {}),
          ...(capport.secondsLeft !== undefined ? { secondsRemaining: capport.secondsLeft } : {}),
          ...(capport.bytesRemaining !== undefined ? { bytesRemaining: capport.bytesRemaining } : {}),
        },
      }
    : {};
  if (result.state === 'online') return { state: 'online', detail: 'The internet answered: nothing is in the way.', ...capportView };
  if (result.state === 'no-internet') return { state: 'no-internet', detail: result.reason === 'timeout' ? 'No probe got an answer in time.' : 'No probe got through to the internet.', ...capportView };
  const w = result.wispr;
  const wispr = w
    ? {
        wispr: {
          messageType: w.messageType,
          responseCode: w.responseCode,
          ...(w.loginUrl ? { loginUrl: w.loginUrl } : {}),
          ...(w.logoffUrl ? { logoffUrl: w.logoffUrl } : {}),
          ...(w.loginResultsUrl ? { loginResultsUrl: w.loginResultsUrl } : {}),
          ...(w.abortLoginUrl ? { abortLoginUrl: w.abortLoginUrl } : {}),
          ...(w.nextUrl ? { nextUrl: w.nextUrl } : {}),
          ...(w.delay !== undefined ? { delay: w.delay } : {}),
          ...(w.replyMessage ? { replyMessage: w.replyMessage } : {}),
          ...(w.locationName ? { locationName: w.locationName } : {}),
        },
      }
    : {};
  return { state: 'captive', via: result.via, ...(result.portalUrl ? { portalUrl: result.portalUrl } : {}), detail: `${captiveDetail(result)}.`.replace(/^./, (c) => c.toUpperCase()), ...wispr, ...capportView };
}

function captiveDetail(result: Captive): string {
  switch (result.via) {
    case 'wispr':
      return 'a hotspot gateway holds traffic and offers a WISPr login';
    case 'capport':
      return 'the network’s captive-portal API says a sign-in is needed';
    case 'http-511':
      return 'the network answered 511: sign-in required';
    case 'redirect':
      return result.wispr ? 'redirected to a sign-in page with a WISPr login' : 'redirected to a sign-in page';
    default:
      return 'a sign-in page answered instead of the internet';
  }
}

/** A portal outcome as an error a person reads; the gateway's own words are added when it gave some. */
function portalFailure(error: PortalErrorInfo, replyMessages: readonly string[]): PortalError {
  const said = replyMessages.at(-1);
  const message = said ? `${error.message} The hotspot said: “${said}”.` : error.message;
  return new PortalError(error.code, message, error.hint !== undefined ? { hint: error.hint } : {});
}
