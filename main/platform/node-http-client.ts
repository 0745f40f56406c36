/**
 * The HttpClient port on node:http. With `proxyUrl`, requests go to that proxy in absolute
 * form — in a simulated world, the simulated access point's gateway — so the engine's
 * traffic passes or fails exactly as the association allows. Redirects are never
 * followed (portal detection must see them), bodies are capped, and every request is
 * bounded by its timeout and abort signal. No retries: a failed path is an answer.
 *
 * (undici's ProxyAgent was tried first: when a gateway drops the tunnel it retries CONNECT
 * in a tight loop that neither the timeout nor the abort signal ends.)
 */
import http from 'node:http';
import type { HttpClient, HttpRequest, HttpResponse } from '../engine/ports/http.js';

const MAX_BODY_BYTES = 1024 * 1024;

export class NodeHttpClient implements HttpClient {
  private readonly proxy: URL | undefined;

  constructor(options: { proxyUrl?: string } = {}) {
    this.proxy = options.proxyUrl ? new URL(options.proxyUrl) : undefined;
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    const target = new URL(req.url);
    if (target.protocol !== 'http:') return Promise.reject(Object.assign(new Error(`${target.protocol} is not supported by this client yet`), { code: 'ERR_UNSUPPORTED_PROTOCOL' }));
    const signal = AbortSignal.any([AbortSignal.timeout(req.timeoutMs), ...(req.signal ? [req.signal] : [])]);
    const headers = { ...req.headers, host: target.host, connection: 'close' };
    const options: http.RequestOptions = this.proxy
      ? { host: this.proxy.hostname, port: Number(this.proxy.port || 80), path: target.href, method: req.method ?? 'GET', headers, signal, agent: false }
      : { host: target.hostname, port: Number(target.port || 80), path: target.pathname + target.search, method: req.method ?? 'GET', headers, signal, agent: false };

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
          resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8'), url: req.url });
        });
      });
      request.on('error', (error) => reject(signal.aborted && !req.signal?.aborted ? Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { name: 'TimeoutError', cause: error }) : error));
      request.end(req.body);
    });
  }

  async close(): Promise<void> {
    // No pooled sockets to release: every request uses its own connection (agent: false).
  }
}
