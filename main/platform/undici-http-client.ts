/**
 * The HttpClient port on undici. With `proxyUrl` every request goes through that proxy —
 * in a simulated world, the simulated access point's gateway, so the engine's traffic
 * passes or fails exactly as the association allows. Redirects are never followed.
 */
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { HttpClient, HttpRequest, HttpResponse } from '../engine/ports/http.js';

const MAX_BODY_BYTES = 1024 * 1024;

export class UndiciHttpClient implements HttpClient {
  private readonly dispatcher: Dispatcher;

  constructor(options: { proxyUrl?: string } = {}) {
    // Short keep-alive: a new association means a new path, so old sockets must not linger.
    this.dispatcher = options.proxyUrl
      ? new ProxyAgent({ uri: options.proxyUrl, keepAliveTimeout: 1000 })
      : new Agent({ keepAliveTimeout: 1000 });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const signals = [AbortSignal.timeout(req.timeoutMs), ...(req.signal ? [req.signal] : [])];
    const response = await request(req.url, {
      method: req.method ?? 'GET',
      headers: req.headers ?? {},
      body: req.body ?? null,
      dispatcher: this.dispatcher,
      signal: AbortSignal.any(signals),
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        response.body.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
