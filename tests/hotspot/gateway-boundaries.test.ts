import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { issuePortalCertificates } from '../../tools/hotspot-in-a-box/certificate-authority.js';
import { type Hotspot, HotspotConfigError, parseHotspotConfig, startHotspot } from '../../tools/hotspot-in-a-box/index.js';
import { openTunnel, startStandIn, viaProxy, viaTunnel, wisprField } from './proxy-client.js';

const LOGIN_HOST = 'login.skyway.example';
const FORM = { UserName: 'alice', Password: 'correct horse' };

let hotspot: Hotspot | undefined;
afterEach(async () => {
  await hotspot?.close();
  hotspot = undefined;
});

describe('the loopback-only boundary', () => {
  test('signed in, a non-loopback host is answered 502 by the gateway itself (HTTP and CONNECT)', async () => {
    hotspot = await startHotspot({ kind: 'open', loginHost: LOGIN_HOST });
    const http502 = await viaProxy(hotspot.proxyUrl, 'http://www.example.com/');
    expect(http502.status).toBe(502);
    expect(http502.body).toContain('loopback addresses only');
    const ip502 = await viaProxy(hotspot.proxyUrl, 'http://93.184.216.34/');
    expect(ip502.status).toBe(502);
    const tunnel = await openTunnel(hotspot.proxyUrl, 'www.example.com', 443);
    expect(tunnel).toMatchObject({ kind: 'refused', status: 502 });
  });

  test('not signed in, a non-loopback host is intercepted (302), never contacted', async () => {
    hotspot = await startHotspot({ kind: 'wispr', loginHost: LOGIN_HOST });
    const reply = await viaProxy(hotspot.proxyUrl, 'http://www.example.com/');
    expect(reply.status).toBe(302);
    expect(wisprField(reply.body, 'LoginURL')).toBe(`https://${LOGIN_HOST}/login`);
  });

  test('an origin-form request to the proxy is a 400, not a forward', async () => {
    hotspot = await startHotspot({ kind: 'open', loginHost: LOGIN_HOST });
    const proxy = new URL(hotspot.proxyUrl);
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ hostname: proxy.hostname, port: proxy.port, path: '/', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(400);
  });
});

describe('TLS', () => {
  test('the portal host validates only against the hotspot CA: without it the handshake fails', async () => {
    hotspot = await startHotspot({ kind: 'wispr', loginHost: LOGIN_HOST });
    await expect(viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/`, undefined)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const ok = await viaTunnel(hotspot.proxyUrl, `https://${LOGIN_HOST}/`, hotspot.caPem);
    expect(ok.status).toBe(200);
  });

  test('the leaf names exactly the portal hosts and chains to the CA; each run has its own CA', async () => {
    const certificates = await issuePortalCertificates([LOGIN_HOST, 'evil.example'], 'test');
    const leaf = new X509Certificate(certificates.certPem);
    const ca = new X509Certificate(certificates.caPem);
    expect(leaf.subjectAltName).toBe(`DNS:${LOGIN_HOST}, DNS:evil.example`);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(ca.ca).toBe(true);
    expect(leaf.checkPrivateKey((await import('node:crypto')).createPrivateKey(certificates.keyPem))).toBe(true);
    const other = await issuePortalCertificates([LOGIN_HOST], 'test');
    expect(other.caPem).not.toBe(certificates.caPem);
  });

  test('no key is left on disk: the private temp directory is gone when issuing returns', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hotspot-ca-test-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      expect(os.tmpdir()).toBe(tmp);
      await issuePortalCertificates([LOGIN_HOST], 'test');
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('plugged into another gateway (handleHttp / handleConnect)', () => {
  test('a host gateway offers each request; false means pass through, and it does the forwarding itself', async () => {
    hotspot = await startHotspot({ kind: 'wispr', loginHost: LOGIN_HOST });
    const standIn = await startStandIn();
    const h = hotspot;
    let passedOn = 0;
    let tunnelsPassedOn = 0;
    const host = http.createServer((req, res) => {
      const target = new URL(req.url ?? '');
      if (h.handleHttp(req, res, target)) return;
      passedOn += 1;
      const upstream = http.request(target, { method: req.method, headers: req.headers, agent: false }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    host.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const [name, port] = (req.url ?? '').split(':');
      if (h.handleConnect(req, socket, head, name!, Number(port))) return;
      tunnelsPassedOn += 1;
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', () => resolve()));
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      expect((await viaProxy(hostUrl, `${standIn.url}/`)).status).toBe(302);
      expect(passedOn).toBe(0);
      // Its own HTTPS host is tunnelled by the hotspot even through the host gateway.
      const login = await viaTunnel(hostUrl, `https://${LOGIN_HOST}/login`, h.caPem, { form: FORM });
      expect(wisprField(login.body, 'ResponseCode')).toBe('50');
      expect(tunnelsPassedOn).toBe(0);
      const through = await viaProxy(hostUrl, `${standIn.url}/`);
      expect(through.body).toBe('stand-in internet\n');
      expect(passedOn).toBe(1);
      expect(standIn.hits()).toBe(1);
      expect(await openTunnel(hostUrl, 'other.example', 443)).toMatchObject({ kind: 'refused', status: 502 });
      expect(tunnelsPassedOn).toBe(1);
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
      await standIn.close();
    }
  });
});

describe('config', () => {
  test('defaults are filled in and bad input names the field', () => {
    const config = parseHotspotConfig({ kind: 'wispr', loginHost: LOGIN_HOST });
    expect(config.offDomainHost).toBe('evil.example');
    expect(config.wispr).toMatchObject({ version: '2.0', pendingPolls: 0, proxyFirst: false, abort: true, logoff: true });
    expect(config.faults).toMatchObject({ malformedXml: 'none', sessionExpirySeconds: null, slowResponsesMs: 0 });
    expect(() => parseHotspotConfig({ kind: 'wispr', loginHost: 'Not A Host' })).toThrow(/loginHost/);
    expect(() => parseHotspotConfig({ kind: 'wispr', loginHost: '10.0.0.1' })).toThrow(HotspotConfigError);
    expect(() => parseHotspotConfig({ kind: 'wispr', loginHost: LOGIN_HOST, wispr: { pendingpolls: 2 } })).toThrow(/wispr/);
    expect(() => parseHotspotConfig({ kind: 'wispr', loginHost: 'evil.example' })).toThrow(/offDomainHost/);
  });

  test('the example config parses', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = JSON.parse(await readFile(new URL('../../tools/hotspot-in-a-box/examples/wispr-pending.json', import.meta.url), 'utf8'));
    const config = parseHotspotConfig(example);
    expect(config.kind).toBe('wispr');
    expect(config.wispr.pendingPolls).toBe(2);
    expect(config.credentials.username).toBe('ROAM/alice');
  });
});
