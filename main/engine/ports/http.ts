/**
 * Outbound HTTP, behind a port: the Node host uses node:http (through the simulated access
 * point's gateway in a simulated world), the Electron shell may use `net.fetch`. Redirects
 * are never followed here: portal detection must see them.
 */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
