/**
 * The WISPr 1.0 smart client (also the password flow of WISPr 2.0 gateways, which keep the
 * 1.0 messages): from the gateway's first message to "online" or a reasoned failure.
 *
 *   Proxy 110/200 ─ wait Delay s, GET NextURL (or the original URL) ─┐  (bounded)
 *   Redirect 100/0 ◄──────────────────────────────────────────────────┘
 *     └ LoginURL checked: https, host in the provider's domains — else refused, never sent
 *   POST LoginURL  UserName=<realm prefix><user>&Password=…&button=Login&FNAME=0&OriginatingServer=…
 *   AuthenticationReply 120:  50 online (LogoffURL kept) · 100 rejected · 102 RADIUS error ·
 *     105 network administrator error · 255 gateway error ·
 *     201 pending → wait Delay s, GET LoginResultsURL (no credentials), bounded polls
 *   cancel (signal) while pending → GET AbortLoginURL: 150/151 aborted, 150/50 already online
 *   logoff → GET LogoffURL: 130/150 signed out
 *
 * Security: the password is sent once, in the body of one POST to a vetted https URL with
 * certificate validation (the HttpClient port never skips it), never in a URL, a log field,
 * a result or an error — gateway texts that echo it are scrubbed. A refused LoginURL is
 * never retried over http, and a failed POST is never repeated. Time goes through the
 * injected Clock, so tests need not wait real seconds.
 */
import type { Clock } from '../ports/clock.js';
import type { HttpClient, HttpResponse } from '../ports/http.js';
import type { Logger } from '../ports/logger.js';
import { silentLogger } from '../ports/logger.js';
import { isCertificateError } from './certificate-error.js';
import { checkLoginUrl } from './login-url-policy.js';
import { fetchPortalPage } from './portal-page.js';
import { PortalError, isPortalError, type PortalErrorCode, type PortalErrorInfo } from './portal-error.js';
import type { WisprMessage } from './wispr-parse.js';

export const WISPR_USER_AGENT = 'WISPR!Roamdesk/0.1 (smart client; wispr)';
/** RFC 2865 / iPass GIS limit. */
export const MAX_PASSWORD_BYTES = 128;

export interface WisprCredentials {
  /** The account name without decoration. */
  username: string;
  /** From the secret store; used once, in the login POST body. */
  password: string;
  /** The provider's roaming-realm prefix, sent verbatim before the user name (e.g. "IPASS/"). */
  realmPrefix?: string;
}

export interface WisprLoginOptions {
  http: HttpClient;
  clock: Clock;
  logger?: Logger;
  /** The gateway's first message (from detection): a Redirect 100 or a Proxy 110. */
  message: WisprMessage;
  /** The URL the probe asked for: sent as OriginatingServer, and repeated after a Proxy without NextURL. */
  originatingUrl: string;
  credentials: WisprCredentials;
  /** The provider's domains: the LoginURL host must equal one or be a subdomain of one. */
  allowedDomains: readonly string[];
  /** Per request (GETs, polls); default 10 s. */
  requestTimeoutMs?: number;
  /** The login POST; default 60 s. */
  loginTimeoutMs?: number;
  /** Polls of LoginResultsURL while the reply is 201; default 5. */
  maxPolls?: number;
  /** Proxy (110) rounds and redirects followed before giving up; default 5. */
  maxHops?: number;
  /** A gateway's Delay above this many seconds is shortened to it; default 30. */
  maxDelaySeconds?: number;
  userAgent?: string;
  /** Cancels the login; while a reply is pending, the gateway is told through AbortLoginURL. */
  signal?: AbortSignal;
}

export type WisprLoginResult =
  | {
      ok: true;
      /** Where to sign out later (the most recent one the gateway gave). */
      logoffUrl?: string;
      /** The gateway's words (RADIUS Reply-Message), scrubbed. */
      replyMessages: string[];
      /** How many times LoginResultsURL was polled. */
      polls: number;
      /** True when the gateway said "already logged in" in answer to an abort. */
      alreadyOnline?: boolean;
      redirectionUrl?: string;
      maxSessionTime?: number;
    }
  | {
      ok: false;
      error: PortalErrorInfo;
      replyMessages: string[];
      /** Worth trying again later on its own (server-side trouble); false for rejections and refusals. */
      retryable: boolean;
      /** The WISPr response code that decided it, if a reply did. */
      responseCode?: number;
    };

const RETRYABLE: ReadonlySet<PortalErrorCode> = new Set(['PORTAL_RADIUS_ERROR', 'PORTAL_NETWORK_ADMIN_ERROR', 'PORTAL_GATEWAY_ERROR', 'PORTAL_PENDING_TIMEOUT', 'PORTAL_UNREACHABLE']);

class LoginFailure extends Error {
  constructor(
    readonly error: PortalError,
    readonly replyMessages: string[] = [],
    readonly responseCode?: number,
  ) {
    super(error.message);
  }
}

/** Signs in; never throws for a protocol outcome (only for programming errors). */
export async function wisprLogin(options: WisprLoginOptions): Promise<WisprLoginResult> {
  const scrub = scrubber(options.credentials.password);
  try {
    return await new LoginRun(options, scrub).run();
  } catch (error) {
    const failure =
      error instanceof LoginFailure
        ? error
        : isPortalError(error)
          ? new LoginFailure(error)
          : options.signal?.aborted
            ? new LoginFailure(new PortalError('PORTAL_LOGIN_ABORTED', 'The sign-in was cancelled before it finished.'))
            : undefined;
    if (!failure) throw new Error('WISPr login failed unexpectedly'); // never rethrow a raw error: it could hold request data
    const info = failure.error.info();
    const safe: PortalErrorInfo = { code: info.code, message: scrub(info.message), ...(info.hint ? { hint: scrub(info.hint) } : {}) };
    (options.logger ?? silentLogger).warn('portal: WISPr sign-in failed', { code: safe.code, ...(failure.responseCode === undefined ? {} : { responseCode: failure.responseCode }) });
    return {
      ok: false,
      error: safe,
      replyMessages: failure.replyMessages.map(scrub),
      retryable: RETRYABLE.has(info.code),
      ...(failure.responseCode === undefined ? {} : { responseCode: failure.responseCode }),
    };
  }
}

class LoginRun {
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private logoffUrl: string | undefined;

  constructor(
    private readonly options: WisprLoginOptions,
    private readonly scrub: (text: string) => string,
  ) {
    this.log = options.logger ?? silentLogger;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.headers = { 'user-agent': options.userAgent ?? WISPR_USER_AGENT, 'cache-control': 'no-cache', accept: 'text/html, text/xml, */*' };
  }

  async run(): Promise<WisprLoginResult> {
    const redirect = await this.reachRedirect(this.options.message);
    if (redirect.responseCode === 105) throw this.failure('PORTAL_NETWORK_ADMIN_ERROR', redirect);
    if (redirect.responseCode !== 0) throw this.unexpected(redirect);
    if (redirect.loginUrl === undefined) throw new LoginFailure(new PortalError('PORTAL_UNEXPECTED_REPLY', 'The hotspot asked for a sign-in but gave no sign-in address.'));
    const loginUrl = checkLoginUrl(redirect.loginUrl, this.options.allowedDomains);
    const reply = await this.postCredentials(loginUrl, redirect);
    return this.settle(reply, redirect.abortLoginUrl);
  }

  /** Follows Proxy (110/200) messages to the Redirect (100). */
  private async reachRedirect(first: WisprMessage): Promise<WisprMessage> {
    let message = first;
    const maxHops = this.options.maxHops ?? 5;
    for (let round = 0; message.messageType === 110; round += 1) {
      if (message.responseCode !== 200) throw this.unexpected(message);
      if (round >= maxHops) throw new LoginFailure(new PortalError('PORTAL_PROXY_LOOP', `The hotspot sent ${round} proxy notices in a row without a sign-in.`));
      await this.wait(message.delay);
      const next = message.nextUrl ?? this.options.originatingUrl;
      this.log.debug('portal: WISPr proxy notice, fetching the next page', { host: hostOf(next), delaySeconds: message.delay ?? 0 });
      message = await this.fetchMessage(next, 'after a proxy notice');
    }
    if (message.messageType !== 100) throw this.unexpected(message);
    return message;
  }

  private async postCredentials(loginUrl: URL, redirect: WisprMessage): Promise<WisprMessage> {
    const { username, password, realmPrefix } = this.options.credentials;
    const user = `${realmPrefix ?? ''}${username}`;
    if (username.trim() === '' || password === '') throw new LoginFailure(new PortalError('PORTAL_CREDENTIALS_INVALID', 'The sign-in details stored for this provider are empty.'));
    if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
      throw new LoginFailure(new PortalError('PORTAL_CREDENTIALS_INVALID', `The stored password is longer than the ${MAX_PASSWORD_BYTES} bytes hotspots accept.`));
    }
    this.log.info('portal: WISPr sign-in', { host: loginUrl.host, location: redirect.locationName ?? null });
    let response: HttpResponse;
    try {
      response = await this.options.http.request({
        method: 'POST',
        url: loginUrl.href,
        headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['UserName', user],
          ['Password', password],
          ['button', 'Login'],
          ['FNAME', '0'],
          ['OriginatingServer', this.options.originatingUrl],
        ]).toString(),
        timeoutMs: this.options.loginTimeoutMs ?? 60_000,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
    } catch (error) {
      throw this.requestFailure(error, loginUrl.href);
    }
    // The reply may be in this body, or (3xx without one) at its Location; that is fetched
    // with GET and without credentials — they are never re-sent, not even to the same host.
    return this.messageFrom(loginUrl.href, response, 'to the sign-in');
  }

  private async settle(reply: WisprMessage, abortLoginUrl: string | undefined): Promise<WisprLoginResult> {
    let message = reply;
    let resultsUrl: string | undefined;
    let polls = 0;
    const maxPolls = this.options.maxPolls ?? 5;
    for (;;) {
      if (message.messageType !== 120 && message.messageType !== 140) throw this.unexpected(message);
      if (message.logoffUrl) this.logoffUrl = message.logoffUrl;
      switch (message.responseCode) {
        case 50:
          return this.online(message, polls);
        case 100:
          throw this.failure('PORTAL_LOGIN_REJECTED', message);
        case 102:
          throw this.failure('PORTAL_RADIUS_ERROR', message);
        case 105:
          throw this.failure('PORTAL_NETWORK_ADMIN_ERROR', message);
        case 255:
          throw this.failure('PORTAL_GATEWAY_ERROR', message);
        case 201:
          break;
        default:
          throw this.unexpected(message);
      }
      // 201: pending. A poll reply without LoginResultsURL keeps the previous one.
      resultsUrl = message.loginResultsUrl ?? resultsUrl;
      if (resultsUrl === undefined) {
        throw new LoginFailure(new PortalError('PORTAL_UNEXPECTED_REPLY', 'The hotspot said the sign-in is pending but gave no address to check it.'), message.replyMessages, 201);
      }
      if (polls >= maxPolls) {
        await this.tellAbort(abortLoginUrl);
        throw new LoginFailure(new PortalError('PORTAL_PENDING_TIMEOUT', `The hotspot still had the sign-in pending after ${polls} checks.`, { hint: 'The provider’s sign-in service may be slow. Try again in a minute.' }), message.replyMessages, 201);
      }
      try {
        await this.wait(message.delay);
        polls += 1;
        this.log.debug('portal: WISPr sign-in pending, polling', { poll: polls, host: hostOf(resultsUrl) });
        message = await this.fetchMessage(resultsUrl, 'to a sign-in check');
      } catch (error) {
        if (!this.options.signal?.aborted) throw error;
        return this.cancelPending(abortLoginUrl, polls);
      }
    }
  }

  private online(message: WisprMessage, polls: number, alreadyOnline = false): WisprLoginResult {
    this.log.info('portal: WISPr sign-in succeeded', { polls, canLogOff: this.logoffUrl !== undefined });
    return {
      ok: true,
      replyMessages: message.replyMessages.map(this.scrub),
      polls,
      ...(this.logoffUrl ? { logoffUrl: this.logoffUrl } : {}),
      ...(alreadyOnline ? { alreadyOnline } : {}),
      ...(message.redirectionUrl ? { redirectionUrl: message.redirectionUrl } : {}),
      ...(message.maxSessionTime !== undefined ? { maxSessionTime: message.maxSessionTime } : {}),
    };
  }

  /** The person cancelled while the reply was pending: tell the gateway, and report what it says. */
  private async cancelPending(abortLoginUrl: string | undefined, polls: number): Promise<WisprLoginResult> {
    const answer = await this.tellAbort(abortLoginUrl);
    if (answer?.messageType === 150 && answer.responseCode === 50) {
      if (answer.logoffUrl) this.logoffUrl = answer.logoffUrl;
      return this.online(answer, polls, true);
    }
    throw new LoginFailure(new PortalError('PORTAL_LOGIN_ABORTED', 'The sign-in was cancelled while the hotspot was still checking it.'), answer?.replyMessages ?? [], answer?.responseCode);
  }

  /** GET AbortLoginURL (best effort, its own short timeout: the caller's signal may be spent). */
  private async tellAbort(abortLoginUrl: string | undefined): Promise<WisprMessage | undefined> {
    if (!abortLoginUrl) return undefined;
    try {
      const page = await fetchPortalPage(this.options.http, abortLoginUrl, { maxHops: 2, timeoutMs: Math.min(this.timeoutMs, 5000), headers: this.headers });
      this.log.info('portal: WISPr sign-in aborted', { responseCode: page.wispr?.responseCode ?? null });
      return page.wispr;
    } catch {
      return undefined;
    }
  }

  private async fetchMessage(url: string, what: string): Promise<WisprMessage> {
    let response: HttpResponse;
    try {
      response = await this.options.http.request({ method: 'GET', url, headers: this.headers, timeoutMs: this.timeoutMs, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    } catch (error) {
      throw this.requestFailure(error, url);
    }
    return this.messageFrom(url, response, what);
  }

  private async messageFrom(url: string, response: HttpResponse, what: string): Promise<WisprMessage> {
    let page;
    try {
      page = await fetchPortalPage(this.options.http, url, {
        first: response,
        maxHops: this.options.maxHops ?? 5,
        timeoutMs: this.timeoutMs,
        headers: this.headers,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
    } catch (error) {
      if (isPortalError(error)) throw new LoginFailure(error);
      throw this.requestFailure(error, url);
    }
    if (page.wispr) return page.wispr;
    const detail = page.wisprError ? ` (${page.wisprError.message})` : '';
    throw new LoginFailure(
      new PortalError('PORTAL_UNEXPECTED_REPLY', `The hotspot answered ${what} with HTTP ${page.response.status} and no WISPr message${detail}.`, {
        hint: 'The hotspot may need its sign-in page opened in a browser.',
      }),
    );
  }

  private async wait(delaySeconds: number | undefined): Promise<void> {
    const cap = this.options.maxDelaySeconds ?? 30;
    const seconds = Math.min(Math.max(delaySeconds ?? 0, 0), cap);
    if (seconds > 0) await this.options.clock.sleep(seconds * 1000, this.options.signal);
    else if (this.options.signal?.aborted) throw this.options.signal.reason;
  }

  private failure(code: PortalErrorCode, message: WisprMessage): LoginFailure {
    const said = message.replyMessages.length > 0 ? ` It said: “${message.replyMessages.join(' ')}”.` : '';
    const texts: Partial<Record<PortalErrorCode, { text: string; hint: string }>> = {
      PORTAL_LOGIN_REJECTED: { text: 'The hotspot rejected your provider account (WISPr code 100).', hint: 'Check the user name and password stored for this provider. Roamdesk does not retry a rejected sign-in by itself.' },
      PORTAL_RADIUS_ERROR: { text: 'The hotspot could not reach your provider’s sign-in service (WISPr code 102).', hint: 'This is usually temporary. Try again in a minute.' },
      PORTAL_NETWORK_ADMIN_ERROR: { text: 'The hotspot is not set up to sign in accounts from your provider (WISPr code 105).', hint: 'Try again later or pick another network; tell support if it keeps happening here.' },
      PORTAL_GATEWAY_ERROR: { text: 'The hotspot’s gateway reported an internal error (WISPr code 255).', hint: 'Try again in a minute, or pick another network.' },
    };
    const entry = texts[code];
    return new LoginFailure(new PortalError(code, `${entry?.text ?? ''}${said}`.trim(), entry ? { hint: entry.hint } : undefined), message.replyMessages, message.responseCode);
  }

  private unexpected(message: WisprMessage): LoginFailure {
    return new LoginFailure(
      new PortalError('PORTAL_UNEXPECTED_REPLY', `The hotspot answered with WISPr message ${message.messageType}, code ${message.responseCode}, which does not fit this step of the sign-in.`, {
        hint: 'The hotspot may need its sign-in page opened in a browser.',
      }),
      message.replyMessages,
      message.responseCode,
    );
  }

  /** A request that got no answer: a certificate problem, a timeout, a cancel or a cut connection. */
  private requestFailure(error: unknown, url: string): LoginFailure {
    if (this.options.signal?.aborted) return new LoginFailure(new PortalError('PORTAL_LOGIN_ABORTED', 'The sign-in was cancelled before it finished.'));
    const host = hostOf(url);
    if (isCertificateError(error)) {
      return new LoginFailure(
        new PortalError('PORTAL_TLS_CERTIFICATE_INVALID', `The sign-in server ${host} did not present a trusted certificate, so Roamdesk stopped.`, {
          hint: 'Someone may be imitating the hotspot. Do not sign in on this network; pick another one.',
        }),
      );
    }
    const timeout = (error as { name?: string } | undefined)?.name === 'TimeoutError';
    return new LoginFailure(new PortalError('PORTAL_UNREACHABLE', timeout ? `The sign-in server ${host} did not answer in time.` : `The connection to the sign-in server ${host} failed.`, { hint: 'Try again in a minute, or pick another network.' }));
  }
}

/** Signs out through LogoffURL: 130/150 is success. */
export async function wisprLogoff(options: { http: HttpClient; logoffUrl: string | undefined; timeoutMs?: number; signal?: AbortSignal; userAgent?: string }): Promise<{ ok: true } | { ok: false; error: PortalErrorInfo; responseCode?: number }> {
  if (!options.logoffUrl) return { ok: false, error: new PortalError('PORTAL_NO_LOGOFF_URL', undefined, { hint: 'Disconnecting from the network ends the session too.' }).info() };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = { 'user-agent': options.userAgent ?? WISPR_USER_AGENT, 'cache-control': 'no-cache' };
  try {
    const page = await fetchPortalPage(options.http, options.logoffUrl, { maxHops: 3, timeoutMs, headers, ...(options.signal ? { signal: options.signal } : {}) });
    const reply = page.wispr;
    if (reply?.messageType === 130 && reply.responseCode === 150) return { ok: true };
    const said = reply ? `WISPr message ${reply.messageType}, code ${reply.responseCode}` : `HTTP ${page.response.status} without a WISPr reply`;
    return {
      ok: false,
      error: new PortalError('PORTAL_LOGOFF_FAILED', `The hotspot answered the sign-out with ${said}.`, { hint: 'Disconnecting from the network ends the session too.' }).info(),
      ...(reply ? { responseCode: reply.responseCode } : {}),
    };
  } catch (error) {
    if (isPortalError(error)) return { ok: false, error: error.info() };
    return { ok: false, error: new PortalError('PORTAL_LOGOFF_FAILED', 'The hotspot did not answer the sign-out.', { hint: 'Disconnecting from the network ends the session too.' }).info() };
  }
}

function scrubber(password: string): (text: string) => string {
  return (text) => (password === '' ? text : text.split(password).join('•••'));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unknown server';
  }
}
