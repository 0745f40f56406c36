/**
 * How the relay client reaches the relay. The engine's HttpClient port speaks GET/POST/HEAD
 * with string bodies (enough for everything but the upload); chunked uploads need PUT with
 * raw bytes, so the support client has its own small transport port:
 *  - node-relay-transport.ts: node:http / node:https (Node host, tests);
 *  - http-client-relay-transport.ts: over the HttpClient port (no PUT: uploads need the other).
 * A transport throws only when no HTTP answer arrived (network down, timeout, cut
 * connection); any status code is an answer. Redirects are not followed.
 */
export type RelayMethod = 'GET' | 'POST' | 'PUT' | 'HEAD';

export interface RelayRequest {
  method: RelayMethod;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RelayResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export interface RelayTransport {
  request(request: RelayRequest): Promise<RelayResponse>;
}
