/**
 * The relay transport on node:http and node:https. Certificates are always checked
 * (Node's roots plus `extraCaPem` when given); nothing falls back to skipping the check.
 * Answers are capped at `maxBodyBytes`; a timeout or an abort destroys the socket.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { RelayRequest, RelayResponse, RelayTransport } from './relay-transport.js';

export interface NodeRelayTransportOptions {
  extraCaPem?: string;
  maxBodyBytes?: number;
}

export class NodeRelayTransport implements RelayTransport {
  private readonly maxBodyBytes: number;
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(private readonly options: NodeRelayTransportOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.httpAgent = new http.Agent({ keepAlive: false });
    this.httpsAgent = new https.Agent({ keepAlive: false, ...(options.extraCaPem ? { ca: [...rootCertificates, options.extraCaPem] } : {}) });
  }

  request(request: RelayRequest): Promise<RelayResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`unsupported relay URL scheme ${url.protocol}`));
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers['Content-Length'] = String(body.byteLength);
    const module = url.protocol === 'https:' ? https : http;
    return new Promise<RelayResponse>((resolve, reject) => {
      if (request.signal?.aborted) return reject(request.signal.reason);
      let settled = false;
      const finish = (error: unknown, response?: RelayResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(response!);
      };
      const req = module.request(url, { method: request.method, headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > this.maxBodyBytes) {
            req.destroy(new Error('relay answer too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          finish(undefined, { status: res.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => finish(error));
        res.on('aborted', () => finish(new Error('relay connection closed mid-answer')));
      });
      const timer = setTimeout(() => req.destroy(new Error(`relay did not answer within ${request.timeoutMs} ms`)), request.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish(request.signal?.reason ?? new Error('aborted'));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => finish(error));
      req.on('close', () => finish(new Error('relay connection closed')));
      req.end(body);
    });
  }
}
