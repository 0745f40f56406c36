/**
 * The HttpClient port on node:http and node:tls. With `proxyUrl`, plain-HTTP requests go to
 * that proxy in absolute form and HTTPS requests through an HTTP CONNECT tunnel to it — in
 * a simulated world, the simulated access point's gateway — so the engine's traffic passes
 * or fails exactly as the association allows. Redirects are never followed (portal
 * detection must see them), bodies are capped, and every request (tunnel and TLS handshake
 * included) is bounded by its timeout and abort signal. No retries: a failed path is an
 * answer, and a refused certificate is never retried some other way.
 *
 * TLS: certificates are always validated (Node's default roots, plus `extraCaPem` when
 * given — the simulated world's hotspot gateways have their own CA) and the server name is
 * checked against the URL's host, through a tunnel too.
 *
 * (undici's ProxyAgent was tried first: when a gateway drops the tunnel it retries CONNECT
 * in a tight loop that neither the timeout nor the abort signal ends.)
 */
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { HttpClient, HttpRequest, HttpResponse } from '../engine/ports/http.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface NodeHttpClientOptions {
  /** An HTTP proxy for every request (absolute form for http:, CONNECT for https:). */
  proxyUrl?: string;
  /** One or more PEM certificates to trust in addition to Node's default roots. */
  extraCaPem?: string;
}

export class NodeHttpClient implements HttpClient {
  private readonly proxy: URL | undefined;
  /**
   * Built once: passing `ca` to every tls.connect makes Node parse the ~145 default roots
   * plus the extra CA into a new trust store per connection (~35 ms of CPU each, measured
   * by bench:portal); a shared secure context costs that once.
   */
  private readonly secureContext: tls.SecureContext | undefined;

  constructor(options: NodeHttpClientOptions = {}) {
    this.proxy = options.proxyUrl ? new URL(options.proxyUrl) : undefined;
    this.secureContext = options.extraCaPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, options.extraCaPem] }) : undefined;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const target = new URL(req.url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw Object.assign(new Error(`${target.protocol} is not supported by this client`), { code: 'ERR_UNSUPPORTED_PROTOCOL' });
    }
    const signal = AbortSignal.any([AbortSignal.timeout(req.timeoutMs), ...(req.signal ? [req.signal] : [])]);
    const body = requestBody(req);
    const headers: Record<string, string> = { ...req.headers, host: target.host, connection: 'close' };
    if (body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(body));
      if (req.form && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const method = req.method ?? 'GET';
    const path = target.pathname + target.search;

    try {
      if (target.protocol === 'https:') {
        const socket = await this.openTls(target, signal);
        return await exchange({ createConnection: () => socket, path, method, headers, signal }, body, req.url);
      }
      const options: http.RequestOptions = this.proxy
        ? { host: this.proxy.hostname, port: Number(this.proxy.port || 80), path: target.href, method, headers, signal, agent: false }
        : { host: target.hostname, port: Number(target.port || 80), path, method, headers, signal, agent: false };
      return await exchange(options, body, req.url);
    } catch (error) {
      if (signal.aborted && !req.signal?.aborted) throw Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { name: 'TimeoutError', cause: error });
      throw error;
    }
  }

  async close(): Promise<void> {
    // No pooled sockets to release: every request uses its own connection.
  }

  /** A verified TLS connection to the target, directly or through the proxy's CONNECT tunnel. */
  private async openTls(target: URL, signal: AbortSignal): Promise<tls.TLSSocket> {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || 443);
    const tunnel = this.proxy ? await connectTunnel(this.proxy, `${target.hostname}:${port}`, signal) : undefined;
    const options: tls.ConnectionOptions = {
      host,
      port,
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
      ...(net.isIP(host) ? {} : { servername: host }),
      ...(this.secureContext ? { secureContext: this.secureContext } : {}),
      ...(tunnel ? { socket: tunnel } : {}),
    };
    return new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect(options);
      const onAbort = () => {
        socket.destroy();
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort);
        resolve(socket);
      });
      socket.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        tunnel?.destroy();
        reject(error);
      });
    });
  }
}

/** Opens `CONNECT authority` on the proxy; resolves with the raw tunnel socket once it answers 2xx. */
function connectTunnel(proxy: URL, authority: string, signal: AbortSignal): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority },
      signal,
      agent: false,
    });
    request.once('connect', (response, socket, head) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        reject(Object.assign(new Error(`the proxy refused a tunnel to ${authority} (HTTP ${status})`), { code: 'ERR_TUNNEL_REFUSED', status }));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('response', (response) => {
      // A proxy that answers CONNECT like a normal request does not tunnel.
      response.resume();
      reject(Object.assign(new Error(`the proxy did not open a tunnel to ${authority} (HTTP ${response.statusCode ?? 0})`), { code: 'ERR_TUNNEL_REFUSED', status: response.statusCode ?? 0 }));
    });
    request.once('error', reject);
    request.end();
  });
}

/** One request/response exchange with a capped body. */
function exchange(options: http.RequestOptions, body: string | undefined, url: string): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const request = http.request(options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        else response.destroy();
      });
      response.on('error', reject);
      response.on('close', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8'), url });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

function requestBody(req: HttpRequest): string | undefined {
  if (req.form) return new URLSearchParams(req.form.map(([name, value]): [string, string] => [name, value])).toString();
  return req.body;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
