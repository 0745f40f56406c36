/**
 * The captive portals of a simulated world: one hotspot-in-a-box per access point that has
 * a `portal` in the world file, plugged into the simulated gateway. The world makes one CA
 * at start for all its portals' host names; the engine's HTTP client trusts that CA (and
 * only in a simulated world), so certificate validation stays on end to end.
 *
 * A person's browser is not behind the simulated gateway, so it cannot reach
 * `https://login.<provider>.example/`. For the sign-in pages a person must open, each
 * portal gets a *browser bridge*: a loopback origin that relays requests to the portal's
 * own HTTPS pages (through the portal, with its CA) and rewrites redirects back to itself.
 * `browserUrlFor` maps a portal URL the engine saw to that origin.
 */
import http from 'node:http';
import { type Hotspot, issuePortalCertificates, startHotspot } from '../../tools/hotspot-in-a-box/index.js';
import { NodeHttpClient } from '../platform/node-http-client.js';
import type { CaptivePortalGate } from '../engine/wifi/simulated/simulated-uplink.js';
import type { WorldSpec } from '../engine/wifi/simulated/world-schema.js';
import { closeServer, listenOnLoopback } from '../engine/wifi/simulated/loopback-server.js';

export interface WorldPortals {
  /** The portal in front of each access point that has one, by BSSID. */
  gates: ReadonlyMap<string, CaptivePortalGate>;
  hotspots: ReadonlyMap<string, Hotspot>;
  /** Every portal's CA, concatenated: what the engine's HTTP client trusts in this world. */
  caPem: string;
  /** A loopback URL a browser can open for a portal page URL; other URLs come back unchanged. */
  browserUrlFor(url: string): string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

export async function startWorldPortals(world: WorldSpec): Promise<WorldPortals> {
  const hotspots = new Map<string, Hotspot>();
  const bridges: Array<{ hosts: readonly string[]; origin: string; server: http.Server; client: NodeHttpClient }> = [];
  const configs = world.sites.flatMap((site) => site.accessPoints.flatMap((ap) => (ap.portal ? [{ bssid: ap.bssid, portal: ap.portal }] : [])));
  // One CA and one leaf for every portal host name: one openssl run, not one per portal.
  const names = [...new Set(configs.flatMap(({ portal }) => [portal.loginHost, portal.offDomainHost ?? 'evil.example']))];
  const certificates = configs.length > 0 ? await issuePortalCertificates(names, 'Roamdesk simulated world') : undefined;
  try {
    for (const { bssid, portal } of configs) {
      const hotspot = await startHotspot(portal, certificates ? { certificates } : {});
      hotspots.set(bssid, hotspot);
      bridges.push(await startBrowserBridge(hotspot));
    }
  } catch (error) {
    await Promise.all([...hotspots.values()].map((h) => h.close()));
    await Promise.all(bridges.map((b) => closeServer(b.server)));
    throw error;
  }

  return {
    gates: hotspots,
    hotspots,
    caPem: certificates?.caPem ?? '',
    browserUrlFor(url: string): string {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return url;
      }
      const bridge = bridges.find((b) => b.hosts.includes(parsed.hostname));
      return bridge ? `${bridge.origin}${parsed.pathname}${parsed.search}` : url;
    },
    async close() {
      await Promise.all(bridges.map((b) => closeServer(b.server)));
      await Promise.all([...hotspots.values()].map((h) => h.close()));
    },
  };
}

async function startBrowserBridge(hotspot: Hotspot): Promise<{ hosts: readonly string[]; origin: string; server: http.Server; client: NodeHttpClient }> {
  const loginHost = hotspot.config.loginHost;
  const client = new NodeHttpClient({ proxyUrl: hotspot.proxyUrl, extraCaPem: hotspot.caPem });
  let origin = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const method = req.method === 'POST' ? 'POST' : req.method === 'HEAD' ? 'HEAD' : 'GET';
      const headers: Record<string, string> = {};
      if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
      client
        .request({ method, url: `https://${loginHost}${req.url ?? '/'}`, headers, ...(method === 'POST' ? { body: Buffer.concat(chunks).toString('utf8') } : {}), timeoutMs: 10_000 })
        .then((answer) => {
          const out: Record<string, string> = { 'cache-control': 'no-store' };
          if (answer.headers['content-type']) out['content-type'] = answer.headers['content-type'];
          const location = answer.headers.location;
          if (location) out.location = location.replace(new RegExp(`^https?://${loginHost.replace(/\./g, '\\.')}(?::\\d+)?`, 'i'), origin);
          res.writeHead(answer.status, out).end(method === 'HEAD' ? undefined : answer.body);
        })
        .catch(() => res.writeHead(502, { 'content-type': 'text/plain' }).end('the hotspot did not answer\n'));
    });
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return { hosts: [loginHost], origin, server, client };
}

