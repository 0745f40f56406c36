/**
 * Hotspot-in-a-box: a real captive-portal gateway on loopback. It intercepts every request
 * until the device signs in, serves its own portal hosts (plain HTTP entry page, HTTPS login
 * and API with a certificate from a CA made for this run), and can be used two ways:
 *
 *  - plugged into another gateway (the simulated uplink) through `handleHttp` / `handleConnect`,
 *    which answer what the portal owns and return false for what should pass through;
 *  - standalone, through its own proxy at `proxyUrl`, which passes traffic on to loopback
 *    addresses only.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { type PortalCertificates, issuePortalCertificates } from './certificate-authority.js';
import {
  type HotspotConfig,
  type HotspotConfigInput,
  type HotspotFaults,
  type HotspotFaultsPatch,
  parseFaults,
  parseHotspotConfig,
} from './config.js';
import { forwardHttpToLoopback, isLoopbackHost, pipeHttp, refuseConnect, splitAuthority, tunnel } from './loopback-forwarding.js';
import { type HotspotStats, PortalSession } from './portal-session.js';
import { type PortalUrls, PortalSite } from './portal-site.js';
import { closeServer, listenOnLoopback } from '../../main/engine/wifi/simulated/loopback-server.js';

export interface StartHotspotOptions {
  /** The clock used for session expiry (default `Date.now`). */
  now?: () => number;
  /**
   * Certificates to serve instead of making a CA at start: lets a world with many portals
   * make one CA and one leaf for all their host names (one openssl run instead of one per
   * portal). The leaf must cover `loginHost` and `offDomainHost`.
   */
  certificates?: PortalCertificates;
}

export interface Hotspot {
  /** The parsed config it runs (faults as at start; see `faults()` for the current ones). */
  readonly config: HotspotConfig;
  /** Its own standalone proxy, `http://127.0.0.1:<port>`. */
  readonly proxyUrl: string;
  /** PEM of the CA made at start; the HTTPS leaf for every name in `hostnames` is signed by it. */
  readonly caPem: string;
  /** The host names it serves itself: `loginHost` and `offDomainHost`. */
  readonly hostnames: readonly string[];
  /** The portal's URLs as clients see them now (LoginURL follows the faults). */
  urls(): PortalUrls;
  /**
   * Offers an absolute-form proxy request. True: the portal answered it (an interception, or a
   * request for one of its own hosts). False: signed in (or open) and not its host: pass it on.
   */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse, target: URL): boolean;
  /**
   * Offers a CONNECT. True: handled (tunnelled to its own HTTPS server for its own host names,
   * or the tunnel destroyed because the device is not signed in). False: signed in (or open)
   * and not its host: the caller tunnels upstream. Nothing has been written to `socket` then.
   */
  handleConnect(req: http.IncomingMessage, socket: Duplex, head: Buffer, host: string, port: number): boolean;
  signedIn(): boolean;
  faults(): HotspotFaults;
  /** Switches faults at runtime; keys left out keep their value. Returns the faults now in force. */
  setFaults(partial: HotspotFaultsPatch): HotspotFaults;
  /** Signs out, forgets any pending login, zeroes the stats and restores the config's faults. */
  reset(): void;
  stats(): HotspotStats;
  close(): Promise<void>;
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** The Host header's name part (or the TLS server name), lower-case. */
function requestHost(req: http.IncomingMessage, fallback: string): string {
  const header = req.headers.host;
  const fromHeader = header ? normaliseHost(header.replace(/:\d+$/, '')) : '';
  const servername = (req.socket as { servername?: unknown }).servername;
  return fromHeader || (typeof servername === 'string' ? normaliseHost(servername) : fallback);
}

export async function startHotspot(input: HotspotConfigInput | HotspotConfig, options: StartHotspotOptions = {}): Promise<Hotspot> {
  const config = parseHotspotConfig(input);
  const initialFaults: HotspotFaults = { ...config.faults };
  let faults: HotspotFaults = { ...initialFaults };
  const hostnames = [config.loginHost, config.offDomainHost];
  const own = new Set(hostnames);
  const isOwn = (host: string) => own.has(normaliseHost(host));

  const session = new PortalSession(config.kind === 'open', () => faults.sessionExpirySeconds, options.now);
  const site = new PortalSite(config, () => faults, session);
  const certificates = options.certificates ?? (await issuePortalCertificates(hostnames, config.loginHost));
  const tunnels = new Set<Duplex>();

  // The portal's own servers: plain HTTP (entry page; http:// LoginURL fault) and HTTPS.
  const portalHttp = http.createServer((req, res) => site.serve(req, res, 'http', requestHost(req, config.loginHost)));
  const portalHttps = https.createServer({ key: certificates.keyPem, cert: certificates.certPem }, (req, res) =>
    site.serve(req, res, 'https', requestHost(req, config.loginHost)),
  );
  for (const server of [portalHttp, portalHttps]) server.keepAliveTimeout = 1000;
  const portalHttpPort = await listenOnLoopback(portalHttp);
  const portalHttpsPort = await listenOnLoopback(portalHttps);

  const handleHttp = (req: http.IncomingMessage, res: http.ServerResponse, target: URL): boolean => {
    if (isOwn(target.hostname)) {
      pipeHttp(req, res, { hostname: '127.0.0.1', port: portalHttpPort, path: `${target.pathname}${target.search}`, host: normaliseHost(target.hostname) });
      return true;
    }
    if (session.signedIn()) return false;
    site.intercept(req, res, target);
    return true;
  };

  const handleConnect = (_req: http.IncomingMessage, socket: Duplex, head: Buffer, host: string, _port: number): boolean => {
    if (isOwn(host)) {
      tunnel(socket, head, '127.0.0.1', portalHttpsPort, tunnels);
      return true;
    }
    if (session.signedIn()) return false;
    session.stats.tunnelsRefused += 1;
    socket.destroy();
    return true;
  };

  // The standalone proxy: the portal first, then loopback only.
  const proxy = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      req.resume();
      res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute-form request expected (this is a proxy)\n');
      return;
    }
    if (handleHttp(req, res, target)) return;
    forwardHttpToLoopback(req, res, target);
  });
  proxy.keepAliveTimeout = 1000;
  proxy.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const authority = splitAuthority(req.url ?? '');
    if (!authority) {
      refuseConnect(socket);
      return;
    }
    if (handleConnect(req, socket, head, authority.host, authority.port)) return;
    if (!isLoopbackHost(authority.host)) {
      refuseConnect(socket);
      return;
    }
    tunnel(socket, head, authority.host, authority.port, tunnels);
  });
  const proxyPort = await listenOnLoopback(proxy);

  return {
    config,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    caPem: certificates.caPem,
    hostnames,
    urls: () => site.urls(),
    handleHttp,
    handleConnect,
    signedIn: () => session.signedIn(),
    faults: () => ({ ...faults }),
    setFaults(partial) {
      faults = parseFaults(partial, faults);
      return { ...faults };
    },
    reset() {
      session.reset();
      faults = { ...initialFaults };
    },
    stats: () => ({ ...session.stats }),
    async close() {
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
      await Promise.all([closeServer(proxy), closeServer(portalHttp), closeServer(portalHttps)]);
    },
  };
}
