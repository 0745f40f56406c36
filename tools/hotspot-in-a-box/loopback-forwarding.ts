/**
 * How traffic the portal lets through leaves the gateway: to loopback addresses only. No
 * name is ever resolved and no non-loopback address is ever contacted; anything else is a 502.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/\.$/, '');
  return LOOPBACK_NAMES.has(bare) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** `host:port` of a CONNECT request; IPv6 literals keep their brackets. */
export function splitAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1]!, port } : undefined;
}

const REFUSED = 'hotspot-in-a-box reaches loopback addresses only; this host is not one of them\n';

/** Forwards an absolute-form request to its loopback target, or answers 502. */
export function forwardHttpToLoopback(req: http.IncomingMessage, res: http.ServerResponse, target: URL): void {
  if (target.protocol !== 'http:' || !isLoopbackHost(target.hostname)) {
    req.resume();
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(REFUSED);
    return;
  }
  pipeHttp(req, res, { hostname: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 80), path: `${target.pathname}${target.search}`, host: target.host });
}

/** Sends `req` to `to` (a loopback server) and pipes the answer back to `res`. */
export function pipeHttp(req: http.IncomingMessage, res: http.ServerResponse, to: { hostname: string; port: number; path: string; host: string }): void {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, host: to.host };
  delete headers['proxy-connection'];
  delete headers['proxy-authorization'];
  const upstream = http.request(
    { hostname: to.hostname, port: to.port, path: to.path, method: req.method, headers, agent: false },
    (upstreamResponse) => {
      res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(res);
    },
  );
  upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream failed\n')));
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

/** Opens a tunnel from `clientSocket` to `host:port` on loopback, answering the CONNECT first. */
export function tunnel(clientSocket: Duplex, head: Buffer, host: string, port: number, track?: Set<Duplex>): void {
  const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  track?.add(clientSocket);
  track?.add(upstream);
  const forget = () => {
    track?.delete(clientSocket);
    track?.delete(upstream);
  };
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', () => upstream.destroy());
  upstream.on('close', () => {
    clientSocket.destroy();
    forget();
  });
  clientSocket.on('close', () => {
    upstream.destroy();
    forget();
  });
}

/** Refuses a CONNECT to a host the gateway will not reach. */
export function refuseConnect(clientSocket: Duplex): void {
  clientSocket.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(REFUSED)}\r\nconnection: close\r\n\r\n${REFUSED}`);
}
