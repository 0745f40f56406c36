/**
 * What the portal answers: the interception of other hosts' traffic before sign-in, and its
 * own pages (plain-HTTP entry page, HTTPS login, WISPr results/abort/logoff, RFC 8908 API and
 * user portal, click-through form) for each kind of portal.
 */
import type http from 'node:http';
import type { HotspotConfig, HotspotFaults } from './config.js';
import type { PortalSession } from './portal-session.js';
import {
  type WisprMessage,
  type WisprStyle,
  escapeHtml,
  interceptionBody,
  loginPage,
  replyBody,
} from './wispr-messages.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface PortalUrls {
  /** The plain-HTTP entry page interceptions redirect to. */
  entry: string;
  /** WISPr LoginURL (faults can make it http:// or move it to the off-domain host). */
  login: string;
  /** WISPr Proxy NextURL: a page that always carries the Redirect block. */
  next: string;
  abort: string;
  logoff: string;
  /** RFC 8908 API (https). */
  api: string;
  /** RFC 8908 user-portal-url and the click-through form (https). */
  userPortal: string;
  venue: string;
}

export type Scheme = 'http' | 'https';

function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class PortalSite {
  constructor(
    private readonly config: HotspotConfig,
    private readonly faults: () => HotspotFaults,
    private readonly session: PortalSession,
  ) {}

  urls(): PortalUrls {
    const { loginHost, offDomainHost } = this.config;
    const faults = this.faults();
    const raw = faults.malformedXml === 'raw-ampersand';
    const loginScheme = faults.httpOnlyLoginUrl ? 'http' : 'https';
    const loginHostInUrl = faults.offDomainLoginUrl ? offDomainHost : loginHost;
    return {
      entry: `http://${loginHost}/`,
      // The raw-ampersand variant needs a query to show its raw `&` (ÖBB/CoovaChilli shape).
      login: `${loginScheme}://${loginHostInUrl}/login${raw ? '?res=wispr&uamip=10.1.0.1&uamport=3990' : ''}`,
      next: `http://${loginHost}/wispr/redirect?res=notyet&from=proxy`,
      abort: `https://${loginHost}/abort`,
      logoff: `https://${loginHost}/logoff`,
      api: `https://${loginHost}/api`,
      userPortal: `https://${loginHost}/portal`,
      venue: `https://${loginHost}/venue`,
    };
  }

  private loginResultsUrl(token: string): string {
    return `https://${this.config.loginHost}/results?session=${token}&res=poll`;
  }

  private style(): WisprStyle {
    return { version: this.config.wispr.version, malformed: this.faults().malformedXml };
  }

  private async send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string): Promise<void> {
    await wait(this.faults().slowResponsesMs);
    if (res.destroyed) return;
    res.writeHead(status, { 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  }

  private sendHtml(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): Promise<void> {
    return this.send(res, status, { 'content-type': 'text/html; charset=utf-8', ...headers }, body);
  }

  private sendWispr(res: http.ServerResponse, message: WisprMessage): Promise<void> {
    const { contentType, body } = replyBody(message, this.style());
    return this.send(res, 200, { 'content-type': contentType }, body);
  }

  redirectMessage(): WisprMessage {
    const urls = this.urls();
    const { wispr } = this.config;
    return {
      element: 'Redirect',
      fields: [
        ['MessageType', 100],
        ['ResponseCode', 0],
        ['VersionHigh', wispr.version === '2.0' ? '2.0' : undefined],
        ['VersionLow', wispr.version === '2.0' ? '1.0' : undefined],
        ['AccessProcedure', '1.0'],
        ['AccessLocation', 'isocc=,cc=,ac=,network=Roamdesk,'],
        ['LocationName', wispr.locationName],
        ['LoginURL', urls.login],
        ['AbortLoginURL', wispr.abort ? urls.abort : undefined],
      ],
    };
  }

  // ---------------------------------------------------------------- interception

  /** Answers a request for another host while the device is not signed in. */
  intercept(req: http.IncomingMessage, res: http.ServerResponse, target: URL): void {
    req.resume();
    this.session.stats.intercepts += 1;
    const urls = this.urls();
    const userUrl = encodeURIComponent(target.href);
    switch (this.config.kind) {
      case 'wispr': {
        const location = `${urls.entry}?res=notyet&userurl=${userUrl}`;
        let message = this.redirectMessage();
        if (this.config.wispr.proxyFirst) {
          this.session.stats.proxyReplies += 1;
          message = {
            element: 'Proxy',
            fields: [
              ['MessageType', 110],
              ['NextURL', urls.next],
              ['ResponseCode', 200],
              ['Delay', this.config.wispr.delaySeconds],
            ],
          };
        }
        void this.sendHtml(res, 302, interceptionBody(message, this.style()), { location });
        return;
      }
      case 'capport':
      case 'click-through': {
        const location = this.config.kind === 'capport' ? urls.userPortal : `${urls.entry}?userurl=${userUrl}`;
        void this.sendHtml(res, 302, `<html><body>Sign in at <a href="${escapeHtml(location)}">${escapeHtml(location)}</a></body></html>\n`, { location });
        return;
      }
      case 'open':
        // Never reached: an open network does not intercept.
        res.writeHead(500).end();
    }
  }

  // ---------------------------------------------------------------- own pages

  /** Answers a request for one of the portal's own hosts, over `scheme`. */
  serve(req: http.IncomingMessage, res: http.ServerResponse, scheme: Scheme, host: string): void {
    this.route(req, res, scheme, host).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      else res.destroy();
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse, scheme: Scheme, host: string): Promise<void> {
    const url = new URL(req.url ?? '/', `${scheme}://${host}`);
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : (req.resume(), '');
    const key = `${method} ${url.pathname}`;
    if (key === 'GET /favicon.ico') return this.notFound(res);
    switch (this.config.kind) {
      case 'wispr':
        return this.routeWispr(req, res, key, url, body, scheme, host);
      case 'capport':
        return this.routeCapport(res, key, body, scheme);
      case 'click-through':
        return this.routeClickThrough(res, key);
      case 'open':
        return key === 'GET /' ? this.sendHtml(res, 200, page('Open network', '<p>This network needs no sign-in.</p>')) : this.notFound(res);
    }
  }

  private notFound(res: http.ServerResponse): Promise<void> {
    return this.send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'not found\n');
  }

  private async routeWispr(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    key: string,
    url: URL,
    body: string,
    scheme: Scheme,
    host: string,
  ): Promise<void> {
    const { wispr } = this.config;
    const urls = this.urls();
    switch (key) {
      case 'GET /':
      case 'GET /login': {
        if (this.session.signedIn()) {
          return this.sendHtml(res, 200, page('Signed in', `<p>You are online.</p>${wispr.logoff ? `<p><a href="${escapeHtml(urls.logoff)}">Log off</a></p>` : ''}`));
        }
        return this.sendHtml(res, 200, loginPage({ title: wispr.locationName, redirect: this.redirectMessage(), style: this.style(), loginUrl: urls.login }));
      }
      case 'GET /wispr/redirect': {
        // Proxy NextURL: always the block, whatever the variant (the 302-body variant concerns the entry page).
        const style = this.style();
        const bodyStyle: WisprStyle = style.malformed === 'block-in-302-body' ? { ...style, malformed: 'none' } : style;
        return this.sendHtml(res, 200, loginPage({ title: wispr.locationName, redirect: this.redirectMessage(), style: bodyStyle, loginUrl: urls.login }));
      }
      case 'POST /login':
        return this.wisprLogin(res, new URLSearchParams(body), scheme, host);
      case 'GET /results':
      case 'POST /results':
        return this.wisprPoll(res, url, body, req);
      case 'GET /abort':
        return wispr.abort ? this.wisprAbort(res) : this.notFound(res);
      case 'GET /logoff':
        return wispr.logoff ? this.wisprLogoff(res) : this.notFound(res);
      default:
        return this.notFound(res);
    }
  }

  private authReply(element: 'AuthenticationReply' | 'AuthenticationPollReply', code: number, extra: WisprMessage['fields'] = []): WisprMessage {
    const replies: Record<number, string> = {
      50: 'Authentication Success',
      100: 'Login failed: user name or password not accepted',
      102: 'Authentication server error',
      201: 'Authentication Pending',
      255: 'Access gateway internal error',
    };
    return {
      element,
      fields: [
        ['MessageType', element === 'AuthenticationReply' ? 120 : 140],
        ['ResponseCode', code],
        ['ReplyMessage', replies[code]],
        ...extra,
      ],
    };
  }

  private successFields(): WisprMessage['fields'] {
    return [['LogoffURL', this.config.wispr.logoff ? this.urls().logoff : undefined]];
  }

  private wisprLogin(res: http.ServerResponse, form: URLSearchParams, scheme: Scheme, host: string): Promise<void> {
    const { stats } = this.session;
    const { wispr, credentials } = this.config;
    const faults = this.faults();
    stats.loginAttempts += 1;
    if (host === this.config.offDomainHost) stats.offDomainCredentialPosts += 1;
    if (scheme === 'http') stats.insecureCredentialPosts += 1;
    if (this.session.signedIn()) return this.sendWispr(res, this.authReply('AuthenticationReply', 50, this.successFields()));
    if (faults.gatewayError) {
      stats.gatewayErrors += 1;
      return this.sendWispr(res, this.authReply('AuthenticationReply', 255));
    }
    if (wispr.radiusError) {
      stats.radiusErrors += 1;
      return this.sendWispr(res, this.authReply('AuthenticationReply', 102));
    }
    const accepted = form.get('UserName') === credentials.username && form.get('Password') === credentials.password;
    if (!accepted || wispr.rejectAlways || faults.wrongCredentials) {
      stats.rejects += 1;
      return this.sendWispr(res, this.authReply('AuthenticationReply', 100));
    }
    if (wispr.pendingPolls > 0) {
      stats.pendingReplies += 1;
      const pending = this.session.startPending();
      return this.sendWispr(
        res,
        this.authReply('AuthenticationReply', 201, [
          ['LoginResultsURL', this.loginResultsUrl(pending.token)],
          ['Delay', wispr.delaySeconds],
        ]),
      );
    }
    this.session.signIn();
    return this.sendWispr(res, this.authReply('AuthenticationReply', 50, this.successFields()));
  }

  private wisprPoll(res: http.ServerResponse, url: URL, body: string, req: http.IncomingMessage): Promise<void> {
    const { stats } = this.session;
    stats.polls += 1;
    const sent = new URLSearchParams(body);
    if (url.searchParams.has('UserName') || url.searchParams.has('Password') || sent.has('UserName') || sent.has('Password') || req.headers.authorization) {
      stats.pollsWithCredentials += 1;
    }
    if (this.session.signedIn()) return this.sendWispr(res, this.authReply('AuthenticationPollReply', 50, this.successFields()));
    const pending = this.session.pending;
    if (this.faults().gatewayError || !pending || url.searchParams.get('session') !== pending.token) {
      stats.gatewayErrors += 1;
      return this.sendWispr(res, this.authReply('AuthenticationPollReply', 255));
    }
    pending.polls += 1;
    if (pending.polls >= this.config.wispr.pendingPolls) {
      this.session.signIn();
      return this.sendWispr(res, this.authReply('AuthenticationPollReply', 50, this.successFields()));
    }
    return this.sendWispr(
      res,
      this.authReply('AuthenticationPollReply', 201, [
        ['Delay', this.config.wispr.delaySeconds],
        ['LoginResultsURL', this.loginResultsUrl(pending.token)],
      ]),
    );
  }

  private wisprAbort(res: http.ServerResponse): Promise<void> {
    const abortReply = (code: number, extra: WisprMessage['fields'] = []): WisprMessage => ({
      element: 'AbortLoginReply',
      fields: [['MessageType', 150], ['ResponseCode', code], ...extra],
    });
    if (this.session.signedIn()) return this.sendWispr(res, abortReply(50, this.successFields()));
    if (this.session.pending) {
      this.session.pending = undefined;
      this.session.stats.aborts += 1;
      return this.sendWispr(res, abortReply(151));
    }
    return this.sendWispr(res, abortReply(255));
  }

  private wisprLogoff(res: http.ServerResponse): Promise<void> {
    const logoffReply = (code: number): WisprMessage => ({ element: 'LogoffReply', fields: [['MessageType', 130], ['ResponseCode', code]] });
    if (this.faults().gatewayError) {
      this.session.stats.gatewayErrors += 1;
      return this.sendWispr(res, logoffReply(255));
    }
    if (this.session.signedIn()) {
      this.session.signOut();
      this.session.stats.logoffs += 1;
    }
    return this.sendWispr(res, logoffReply(150));
  }

  private routeCapport(res: http.ServerResponse, key: string, body: string, scheme: Scheme): Promise<void> {
    const urls = this.urls();
    if (scheme === 'http') {
      // The entry page and everything else on plain HTTP move to the HTTPS user portal.
      return key.startsWith('GET ') ? this.send(res, 302, { location: urls.userPortal, 'content-type': 'text/plain' }, '') : this.notFound(res);
    }
    switch (key) {
      case 'GET /api':
        return this.capportApi(res);
      case 'GET /':
      case 'GET /portal':
        return this.acceptPage(res, '/portal');
      case 'POST /portal':
        return this.accept(res, body);
      case 'GET /venue':
        return this.sendHtml(res, 200, page('Venue information', `<p>${escapeHtml(this.config.loginHost)}: welcome.</p>`));
      default:
        return this.notFound(res);
    }
  }

  private capportApi(res: http.ServerResponse): Promise<void> {
    this.session.stats.apiQueries += 1;
    const { capport } = this.config;
    const urls = this.urls();
    const signedIn = this.session.signedIn();
    const secondsRemaining = this.session.secondsRemaining() ?? capport.secondsRemaining;
    const state: Record<string, unknown> = { captive: !signedIn, 'user-portal-url': urls.userPortal };
    if (capport.venueInfo) state['venue-info-url'] = urls.venue;
    if (signedIn && secondsRemaining !== undefined) state['seconds-remaining'] = secondsRemaining;
    if (signedIn && capport.bytesRemaining !== undefined) state['bytes-remaining'] = capport.bytesRemaining;
    state['can-extend-session'] = capport.canExtendSession;
    return this.send(res, 200, { 'content-type': 'application/captive+json', 'cache-control': 'private' }, `${JSON.stringify(state, null, 2)}\n`);
  }

  private routeClickThrough(res: http.ServerResponse, key: string): Promise<void> {
    switch (key) {
      case 'GET /':
      case 'GET /portal':
        return this.acceptPage(res, '/accept');
      case 'POST /accept':
        return this.accept(res, '');
      default:
        return this.notFound(res);
    }
  }

  private acceptPage(res: http.ServerResponse, action: string): Promise<void> {
    if (this.session.signedIn()) return this.sendHtml(res, 200, page('Signed in', '<p>You are online.</p>'));
    return this.sendHtml(
      res,
      200,
      page(
        'Welcome',
        `<p>Accept the terms of use to go online.</p>
<form method="post" action="${action}"><input type="hidden" name="accept" value="yes"><button type="submit" name="action" value="accept">Accept</button></form>`,
      ),
    );
  }

  private accept(res: http.ServerResponse, _body: string): Promise<void> {
    const { stats } = this.session;
    stats.loginAttempts += 1;
    if (this.faults().wrongCredentials) {
      stats.rejects += 1;
      return this.sendHtml(res, 403, page('Not accepted', '<p>The portal refused the sign-in. Try again later.</p>'));
    }
    if (!this.session.signedIn()) this.session.signIn();
    return this.sendHtml(res, 200, page('Signed in', '<p>You are online.</p>'));
  }
}

function page(title: string, content: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${content}\n</body></html>\n`;
}
