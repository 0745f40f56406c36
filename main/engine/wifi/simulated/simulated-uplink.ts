/**
 * The simulated access point's way to the internet, made of real HTTP on loopback:
 *
 *  - the *internet stand-in*: a server that answers like a connectivity-check endpoint
 *    (`/generate_204` → 204), standing in for the public internet we may not reach here;
 *  - the *gateway*: an HTTP proxy (absolute-form requests and CONNECT) that every engine
 *    request goes through. It carries traffic only while the simulated radio is associated
 *    with an access point whose uplink works, exactly as a real one would; otherwise the
 *    connection is cut. It forwards to loopback addresses only.
 *
 * Access points with a captive portal (`portal` in the world file) put a hotspot-in-a-box
 * in front of the gateway: while the device is on such an access point, every request is
 * first offered to that portal, which answers what it intercepts or owns (its sign-in
 * hosts) and lets the rest through once the device has signed in. A new association with
 * the access point starts a new portal session, as a gateway keyed on the device's MAC
 * forgets it once the device has left.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AccessPointSpec } from './world-schema.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';

/** The part of a hotspot-in-a-box the gateway plugs in (tools/hotspot-in-a-box). */
export interface CaptivePortalGate {
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse, target: URL): boolean;
  handleConnect(req: http.IncomingMessage, socket: Duplex, head: Buffer, host: string, port: number): boolean;
  /** Signs out and forgets the session: the device left and came back. */
  reset(): void;
}

export interface SimulatedUplinkOptions {
  /** Which access point the device is on right now (undefined: not associated). */
  associatedAccessPoint: () => AccessPointSpec | undefined;
  /** The captive portal in front of each access point that has one, by BSSID. */
  portals?: ReadonlyMap<string, CaptivePortalGate>;
  /** Counts associations, so a new one with the same access point starts a new portal session. */
  associationSerial?: () => number;
}

export interface SimulatedUplink {
  /** The URL an internet check should fetch: the stand-in's connectivity endpoint. */
  readonly probeUrl: string;
  /** The proxy URL the engine's HTTP client must use. */
  readonly gatewayUrl: string;
  /** Bytes the gateway carried to the device (rx) and from it (tx), counted on closed connections. */
  bytes(): { rx: number; tx: number };
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startSimulatedUplink(options: SimulatedUplinkOptions): Promise<SimulatedUplink> {
  const internet = http.createServer((req, res) => {
    if (req.url === '/generate_204') {
      res.writeHead(204, { 'cache-control': 'no-store' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Roamdesk simulated internet\n');
  });
  internet.keepAliveTimeout = 1000;
  const internetPort = await listenOnLoopback(internet);

  /** Whether traffic may pass right now: associated, and the access point's uplink works. */
  const uplinkUp = () => options.associatedAccessPoint()?.truth.uplink === 'ok';

  /** The portal of the access point the device is on, after resetting it if this is a new association. */
  let lastSession: string | undefined;
  const currentPortal = (): CaptivePortalGate | undefined => {
    const ap = options.associatedAccessPoint();
    if (!ap) return undefined;
    const portal = options.portals?.get(ap.bssid);
    if (!portal) return undefined;
    const session = `${ap.bssid}#${options.associationSerial?.() ?? 0}`;
    if (lastSession !== undefined && lastSession !== session) portal.reset();
    lastSession = session;
    return portal;
  };

  const gateway = http.createServer((req, res) => {
    if (!uplinkUp()) {
      req.socket.destroy();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    if (currentPortal()?.handleHttp(req, res, target)) return;
    if (target.protocol !== 'http:' || !isLoopbackHost(target.hostname)) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('the simulated world reaches loopback addresses only');
      return;
    }
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  gateway.keepAliveTimeout = 1000;

  gateway.on('connect', (req: http.IncomingMessage, clientSocket: net.Socket, head: Buffer) => {
    const [host, portText] = splitHostPort(req.url ?? '');
    if (uplinkUp() && host && currentPortal()?.handleConnect(req, clientSocket, head, host.replace(/^\[|\]$/g, ''), Number(portText))) return;
    if (!uplinkUp() || !host || !isLoopbackHost(host)) {
      clientSocket.destroy();
      return;
    }
    const upstream = net.connect(Number(portText), host.replace(/^\[|\]$/g, ''), () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  // What the device's traffic amounts to, as an interface counter would see it.
  let rx = 0;
  let tx = 0;
  gateway.on('connection', (socket: net.Socket) => {
    socket.once('close', () => {
      rx += socket.bytesWritten;
      tx += socket.bytesRead;
    });
  });
  const gatewayPort = await listenOnLoopback(gateway);

  return {
    probeUrl: `http://127.0.0.1:${internetPort}/generate_204`,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    bytes: () => ({ rx, tx }),
    async close() {
      await Promise.all([closeServer(gateway), closeServer(internet)]);
    },
  };
}

function splitHostPort(authority: string): [string | undefined, string | undefined] {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? [match[1], match[2]] : [undefined, undefined];
}
