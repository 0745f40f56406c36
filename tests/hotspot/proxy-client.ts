/**
 * A small client for hotspot tests: absolute-form HTTP through a proxy, and HTTPS through a
 * CONNECT tunnel with certificate validation on (the hotspot's CA as the only trust anchor).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  /** Sent as application/x-www-form-urlencoded when an object. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

function encodeForm(form: Record<string, string> | undefined): string | undefined {
  return form ? new URLSearchParams(form).toString() : undefined;
}

function collect(res: http.IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', reject);
  });
}

/** One absolute-form request to `url` through the proxy at `proxyUrl`. */
export function viaProxy(proxyUrl: string, url: string, options: RequestOptions = {}): Promise<Reply> {
  const proxy = new URL(proxyUrl);
  const body = encodeForm(options.form);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: proxy.hostname,
        port: proxy.port,
        method: options.method ?? (body ? 'POST' : 'GET'),
        path: url,
        headers: {
          host: new URL(url).host,
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
        agent: false,
      },
      (res) => collect(res).then(resolve, reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

export type TunnelOutcome =
  | { kind: 'open'; socket: import('node:net').Socket }
  | { kind: 'refused'; status: number; body: string }
  | { kind: 'destroyed' };

/** Opens a CONNECT tunnel; resolves with the socket on 200, or with what happened instead. */
export function openTunnel(proxyUrl: string, host: string, port: number): Promise<TunnelOutcome> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:${port}`, agent: false });
    req.on('connect', (res: http.IncomingMessage, socket: import('node:net').Socket) => {
      if (res.statusCode === 200) resolve({ kind: 'open', socket });
      else {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('close', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      }
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || /socket hang up/.test(error.message) ? resolve({ kind: 'destroyed' }) : reject(error)));
    req.end();
  });
}

/** One HTTPS request to `url` through a CONNECT tunnel, validating the server against `caPem`. */
export async function viaTunnel(proxyUrl: string, url: string, caPem: string | undefined, options: RequestOptions = {}): Promise<Reply> {
  const target = new URL(url);
  const opened = await openTunnel(proxyUrl, target.hostname, Number(target.port || 443));
  if (opened.kind !== 'open') throw new Error(`CONNECT failed: ${JSON.stringify(opened)}`);
  const secure = tls.connect({ socket: opened.socket, servername: target.hostname, ...(caPem ? { ca: caPem } : {}) });
  await new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', () => resolve());
    secure.once('error', reject);
  });
  const body = encodeForm(options.form);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        createConnection: () => secure,
        method: options.method ?? (body ? 'POST' : 'GET'),
        path: `${target.pathname}${target.search}`,
        headers: {
          host: target.host,
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
        // No agent: with one, Node would ignore createConnection and dial the host itself.
      },
      (res) =>
        collect(res).then((reply) => {
          secure.destroy();
          resolve(reply);
        }, reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Fetches a WISPr-style URL: http:// through the proxy, https:// through a validated tunnel. */
export function fetchVia(proxyUrl: string, caPem: string, url: string, options: RequestOptions = {}): Promise<Reply> {
  return url.startsWith('https://') ? viaTunnel(proxyUrl, url, caPem, options) : viaProxy(proxyUrl, url, options);
}

/** The WISPr block inside a body: the text from the root's start tag to its end tag (any case). */
export function wisprBlock(body: string): string | undefined {
  return /<WISPAccessGatewayParam[\s\S]*?<\/WISPAccessGatewayParam>/i.exec(body)?.[0];
}

/** One element's trimmed text inside the WISPr block (`&amp;` decoded); exact element case unless `anyCase`. */
export function wisprField(body: string, name: string, anyCase = false): string | undefined {
  const block = wisprBlock(body);
  if (!block) return undefined;
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, anyCase ? 'i' : '').exec(block);
  return match?.[1]?.trim().replace(/&amp;/g, '&');
}

/** A loopback server standing in for the internet, counting what reaches it. */
export async function startStandIn(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('stand-in internet\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
