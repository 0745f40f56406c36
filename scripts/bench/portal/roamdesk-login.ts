/**
 * Roamdesk's side of `npm run bench:portal`: the product's own code path from "associated"
 * to "online" on a WISPr hotspot — detectPortal, wisprLogin (LoginURL policy, TLS through the
 * gateway's CONNECT tunnel, polls), and a final detectPortal that must say online — through
 * the Node host's NodeHttpClient with the hotspot CA trusted, exactly as the simulated world
 * wires it. Requests are counted to check both sides make the same round trips.
 */
import { detectPortal } from '../../../main/engine/portal/detect.js';
import { wisprLogin } from '../../../main/engine/portal/wispr-client.js';
import { systemClock } from '../../../main/engine/ports/clock.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../main/engine/ports/http.js';
import { NodeHttpClient } from '../../../main/platform/node-http-client.js';

export interface RoamdeskLoginOptions {
  proxyUrl: string;
  caPem: string;
  probeUrl: string;
  username: string;
  password: string;
  allowedDomains: readonly string[];
}

class CountingClient implements HttpClient {
  requests = 0;
  constructor(private readonly inner: HttpClient) {}
  request(request: HttpRequest): Promise<HttpResponse> {
    this.requests += 1;
    return this.inner.request(request);
  }
}

export function roamdeskLogin(options: RoamdeskLoginOptions): () => Promise<{ requests: number; polls: number }> {
  const client = new NodeHttpClient({ proxyUrl: options.proxyUrl, extraCaPem: options.caPem });
  const probes = [{ name: 'bench', url: options.probeUrl, expect: { status: 204 as const } }];
  return async () => {
    const http = new CountingClient(client);
    const detected = await detectPortal({ http, clock: systemClock, probes });
    if (detected.state !== 'captive' || !detected.wispr) throw new Error(`detection found ${detected.state}${detected.state === 'captive' ? ` via ${detected.via}` : ''}, expected a WISPr portal`);
    const login = await wisprLogin({
      http,
      clock: systemClock,
      message: detected.wispr,
      originatingUrl: detected.originatingUrl,
      credentials: { username: options.username, password: options.password },
      allowedDomains: options.allowedDomains,
    });
    if (!login.ok) throw new Error(`login failed: ${login.error.code} ${login.error.message}`);
    const after = await detectPortal({ http, clock: systemClock, probes });
    if (after.state !== 'online') throw new Error(`after login the probe found ${after.state}`);
    return { requests: http.requests, polls: login.polls };
  };
}
