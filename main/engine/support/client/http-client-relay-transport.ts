/**
 * The relay transport over the engine's HttpClient port (e.g. Electron's `net.fetch`, which
 * follows the system proxy). The port has no PUT and no binary bodies, so bundle uploads
 * need NodeRelayTransport; everything else works through this one.
 */
import type { HttpClient } from '../../ports/http.js';
import type { RelayRequest, RelayResponse, RelayTransport } from './relay-transport.js';

export class HttpClientRelayTransport implements RelayTransport {
  constructor(private readonly http: HttpClient) {}

  async request(request: RelayRequest): Promise<RelayResponse> {
    if (request.method === 'PUT' || request.body instanceof Uint8Array) throw new Error('the HttpClient port cannot send PUT or binary bodies; use NodeRelayTransport for uploads');
    const response = await this.http.request({
      method: request.method,
      url: request.url,
      headers: request.headers,
      timeoutMs: request.timeoutMs,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
    return { status: response.status, headers, body: response.body };
  }
}
