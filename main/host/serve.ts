/**
 * `roamdesk serve`: the real UI in any Chromium against the real engine. It binds
 * 127.0.0.1 only, serves the built renderer, and carries the contract over a WebSocket
 * that accepts only a client presenting this run's random token, from this server's own
 * origin, through this server's own Host name (no DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { events as eventSchemas, isEventName } from '../../preload/contract.js';
import { CallFrame, WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../preload/ws-protocol.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/ports/logger.js';
import { dispatch } from '../rpc/dispatch.js';
import { contentSecurityPolicy } from '../common/content-security-policy.js';

export interface ServeOptions {
  engine: Engine;
  logger: Logger;
  rendererDir: string;
  port?: number;
  /** Fixed for tests; random (32 bytes) otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const root = path.resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    } catch {
      // A malformed escape (`/%E0%A4%A`) or path (`//`) throws: answer it, do not crash the host.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    let size: number;
    try {
      if (!file.startsWith(root + path.sep)) throw new Error('outside');
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'content-security-policy': contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, reason: string) => {
      options.logger.warn('websocket refused', { reason });
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://local');
    } catch {
      return refuse(400, 'bad path'); // e.g. `//`: a throw here would take the host down
    }
    if (url.pathname !== WS_PATH) return refuse(404, 'wrong path');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(421, 'wrong host');
    const origin = req.headers.origin ?? '';
    if (![...allowedHosts()].some((host) => origin === `http://${host}`)) return refuse(403, 'wrong origin');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length) ?? '';
    if (!sameSecret(presented, token)) return refuse(401, 'bad token');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let frame: CallFrame;
      try {
        const parsed = CallFrame.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return ws.close(1008, 'malformed frame');
        frame = parsed.data;
      } catch {
        return ws.close(1007, 'not JSON');
      }
      const outcome = await dispatch(options.engine.handlers, frame.method, frame.params, options.logger);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, ...outcome }));
    });
  });

  const unsubscribe = options.engine.events.onAny((event, payload) => {
    if (!isEventName(event)) return;
    const checked = eventSchemas[event].safeParse(payload);
    if (!checked.success) {
      options.logger.error('engine emitted an event outside the contract', { event });
      return;
    }
    const frame = JSON.stringify({ event, payload: checked.data });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
