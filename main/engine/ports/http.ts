/**
 * Outbound HTTP, behind a port: the Node host uses node:http (through the simulated access
 * point's gateway in a simulated world), the Electron shell may use `net.fetch`. Redirects
 * are never followed here: portal detection must see them. https: URLs are always
 * certificate-checked; an implementation must never fall back to skipping the check.
 */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * A form to send as `application/x-www-form-urlencoded` (takes the place of `body`; the
   * content type is set unless a header gives one). Pairs keep their order.
   */
  form?: ReadonlyArray<readonly [string, string]>;
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
