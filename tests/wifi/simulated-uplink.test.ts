import http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import type { AccessPointSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { type SimulatedUplink, startSimulatedUplink } from '../../main/engine/wifi/simulated/simulated-uplink.js';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { BSSID, smallWorld } from '../support/small-world.js';

const aps = smallWorld().sites[0]!.accessPoints;
const okAp = aps.find((ap) => ap.bssid === BSSID.good)!;
const downAp = aps.find((ap) => ap.bssid === BSSID.deadUplink)!;

let uplink: SimulatedUplink | undefined;
let client: NodeHttpClient | undefined;
let current: AccessPointSpec | undefined;

afterEach(async () => {
  await client?.close();
  await uplink?.close();
  client = uplink = current = undefined;
});

async function start() {
  uplink = await startSimulatedUplink({ associatedAccessPoint: () => current });
  client = new NodeHttpClient({ proxyUrl: uplink.gatewayUrl });
  return { uplink, client };
}

/** One absolute-form request straight to the gateway, as a plain HTTP proxy client sends it. */
function viaProxy(gatewayUrl: string, target: string): Promise<{ status: number; body: string } | 'cut'> {
  const gateway = new URL(gatewayUrl);
  return new Promise((resolve) => {
    const req = http.request({ host: gateway.hostname, port: gateway.port, path: target, method: 'GET', agent: false, headers: { host: new URL(target).host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve('cut'));
    req.end();
  });
}

describe('the simulated uplink', () => {
  test('the internet stand-in answers the connectivity check with 204 and anything else with a page', async () => {
    const { uplink } = await start();
    const direct = new NodeHttpClient();
    try {
      const probe = await direct.request({ url: uplink.probeUrl, timeoutMs: 10_000 });
      expect(probe.status).toBe(204);
      expect(probe.body).toBe('');
      const page = await direct.request({ url: new URL('/hello', uplink.probeUrl).href, timeoutMs: 10_000 });
      expect(page.status).toBe(200);
      expect(page.body).toContain('simulated internet');
    } finally {
      await direct.close();
    }
  });

  test('the gateway cuts traffic while not associated and forwards it while associated', async () => {
    const { uplink, client } = await start();
    await expect(client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();

    current = okAp;
    const response = await client.request({ url: uplink.probeUrl, timeoutMs: 10_000 });
    expect(response.status).toBe(204);
    expect(response.url).toBe(uplink.probeUrl);
  });

  test('an access point whose uplink is down carries no traffic', async () => {
    const { uplink, client } = await start();
    current = downAp;
    await expect(client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();
    expect(await viaProxy(uplink.gatewayUrl, uplink.probeUrl)).toBe('cut');
  });

  test('each request is checked against the association of the moment', async () => {
    const { uplink, client } = await start();
    current = okAp;
    expect((await client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).status).toBe(204);
    current = undefined;
    await expect(client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();
    current = downAp;
    await expect(client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).rejects.toThrow();
    current = okAp;
    expect((await client.request({ url: uplink.probeUrl, timeoutMs: 10_000 })).status).toBe(204);
  });

  test('absolute-form proxy requests are forwarded to loopback only', async () => {
    const { uplink } = await start();
    expect(await viaProxy(uplink.gatewayUrl, uplink.probeUrl)).toBe('cut');
    current = okAp;
    expect(await viaProxy(uplink.gatewayUrl, uplink.probeUrl)).toEqual({ status: 204, body: '' });
    expect(await viaProxy(uplink.gatewayUrl, 'http://example.com/')).toMatchObject({ status: 502, body: expect.stringContaining('loopback') });
  });

  test('a CONNECT tunnel is opened only while associated, and to loopback only', async () => {
    const { uplink } = await start();
    const tunnel = (authority: string) =>
      new Promise<number | 'cut'>((resolve) => {
        const gateway = new URL(uplink.gatewayUrl);
        const req = http.request({ host: gateway.hostname, port: gateway.port, method: 'CONNECT', path: authority, agent: false });
        req.on('connect', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve('cut'));
        req.end();
      });
    const probe = new URL(uplink.probeUrl);
    expect(await tunnel(probe.host)).toBe('cut');
    current = okAp;
    expect(await tunnel(probe.host)).toBe(200);
    expect(await tunnel('example.com:80')).toBe('cut');
    current = downAp;
    expect(await tunnel(probe.host)).toBe('cut');
  });
});
