/**
 * Real servers on loopback for HTTP tests: plain and TLS servers, and a forwarding proxy
 * that plays the hotspot's network (absolute-form http and CONNECT for https), sending
 * every host to a loopback port so tests can use real-looking names like
 * `login.provider.test`. Everything made here is closed by `closeAll()`.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const closers: Array<() => Promise<void>> = [];

export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

function track(server: http.Server): void {
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse) => void;

function withBody(handler: Handler, seen: SeenRequest[]): http.RequestListener {
  return (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
    });
  };
}

export async function httpServer(handler: Handler): Promise<{ port: number; origin: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer(withBody(handler, seen));
  track(server);
  const port = await listen(server);
  return { port, origin: `http://127.0.0.1:${port}`, seen };
}

export async function httpsServer(tls: { keyPem: string; certPem: string }, handler: Handler): Promise<{ port: number; seen: SeenRequest[]; handshakes: () => number }> {
  const seen: SeenRequest[] = [];
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, withBody(handler, seen));
  let handshakes = 0;
  server.on('secureConnection', () => (handshakes += 1));
  track(server);
  const port = await listen(server);
  return { port, seen, handshakes: () => handshakes };
}

/**
 * A proxy that sends every host to 127.0.0.1 (same port; plain http to `toPort` when given): absolute-form http requests are
 * forwarded, CONNECT opens a raw tunnel. `refuse` makes CONNECT answer 403.
 */
export async function forwardingProxy(options: { refuse?: boolean; toPort?: number } = {}): Promise<{ url: string; connects: string[]; forwarded: string[] }> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '');
    forwarded.push(target.href);
    const upstream = http.request({ host: '127.0.0.1', port: options.toPort ?? Number(target.port || 80), method: req.method, path: target.pathname + target.search, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const tunnels = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    tunnels.add(client);
    if (options.refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').at(-1));
    const upstream = net.connect(port, '127.0.0.1', () => {
      tunnels.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  track(server);
  // Runs before the server's close (closers run in reverse), which would wait for open tunnels.
  closers.push(async () => {
    for (const socket of tunnels) socket.destroy();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, connects, forwarded };
}
