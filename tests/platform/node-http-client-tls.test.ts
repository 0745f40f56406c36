/**
 * HTTPS in NodeHttpClient against real TLS servers on loopback, with a CA made for the
 * test: direct, through a CONNECT proxy, and the refusals that matter — a certificate from
 * another CA, a certificate for another name, a proxy that refuses the tunnel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { closeAll, forwardingProxy, httpServer, httpsServer } from '../portal/support/loopback.js';
import { createTestCa, type TestCa } from '../portal/support/test-pki.js';

let ca: TestCa;
let otherCa: TestCa;
let good: { keyPem: string; certPem: string };
let wrongCa: { keyPem: string; certPem: string };

beforeAll(async () => {
  ca = await createTestCa();
  otherCa = await createTestCa('Somebody Else CA');
  good = await ca.issue(['localhost', 'login.provider.test', '127.0.0.1']);
  wrongCa = await otherCa.issue(['localhost', 'login.provider.test', '127.0.0.1']);
}, 30_000);
afterAll(async () => {
  await ca.dispose();
  await otherCa.dispose();
});
afterEach(closeAll);

describe('NodeHttpClient over HTTPS', () => {
  test('GET and a form POST directly, trusting the extra CA', async () => {
    const server = await httpsServer(good, (req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'x-method': req.method }).end(`echo:${req.body}`));
    const client = new NodeHttpClient({ extraCaPem: ca.certPem });
    const get = await client.request({ url: `https://localhost:${server.port}/status?x=1`, timeoutMs: 10_000 });
    expect(get).toMatchObject({ status: 200, body: 'echo:', url: `https://localhost:${server.port}/status?x=1` });
    expect(get.headers['x-method']).toBe('GET');

    const post = await client.request({
      method: 'POST',
      url: `https://localhost:${server.port}/login`,
      form: [
        ['UserName', 'IPASS/ann@example.com'],
        ['Password', 'p&ss w+rd/%'],
      ],
      timeoutMs: 10_000,
    });
    expect(post.body).toBe('echo:UserName=IPASS%2Fann%40example.com&Password=p%26ss+w%2Brd%2F%25');
    const seen = server.seen[1]!;
    expect(seen.url).toBe('/login');
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(seen.body)));
    expect(seen.headers.host).toBe(`localhost:${server.port}`);
  });

  test('an IP-literal URL is verified against the certificate’s IP address', async () => {
    const server = await httpsServer(good, (_req, res) => res.writeHead(204).end());
    const response = await new NodeHttpClient({ extraCaPem: ca.certPem }).request({ url: `https://127.0.0.1:${server.port}/`, timeoutMs: 10_000 });
    expect(response.status).toBe(204);
  });

  test('through a CONNECT proxy, with the name checked inside the tunnel', async () => {
    const server = await httpsServer(good, (req, res) => res.writeHead(200).end(`${req.headers.host} ${req.url}`));
    const proxy = await forwardingProxy();
    const client = new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem });
    const response = await client.request({ url: `https://login.provider.test:${server.port}/wispr?a=1`, timeoutMs: 10_000 });
    expect(response.status).toBe(200);
    expect(response.body).toBe(`login.provider.test:${server.port} /wispr?a=1`);
    expect(proxy.connects).toEqual([`login.provider.test:${server.port}`]);
    expect(proxy.forwarded).toEqual([]);
  });

  test('plain http through the same proxy still goes in absolute form', async () => {
    const origin = await httpServer((_req, res) => res.writeHead(204).end());
    const proxy = await forwardingProxy();
    const response = await new NodeHttpClient({ proxyUrl: proxy.url }).request({ url: `http://probe.example.test:${origin.port}/generate_204`, timeoutMs: 10_000 });
    expect(response.status).toBe(204);
    expect(proxy.forwarded).toEqual([`http://probe.example.test:${origin.port}/generate_204`]);
    expect(proxy.connects).toEqual([]);
  });

  test('a certificate from another CA is refused, directly and through the proxy, before any request is sent', async () => {
    const server = await httpsServer(wrongCa, (_req, res) => res.writeHead(200).end('should not be reached'));
    const client = new NodeHttpClient({ extraCaPem: ca.certPem });
    await expect(client.request({ url: `https://localhost:${server.port}/`, timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const proxy = await forwardingProxy();
    await expect(new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem }).request({ url: `https://login.provider.test:${server.port}/`, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(server.seen).toHaveLength(0);
  });

  test('without the extra CA, the test CA is not trusted (only Node’s default roots are)', async () => {
    const server = await httpsServer(good, (_req, res) => res.writeHead(200).end());
    await expect(new NodeHttpClient().request({ url: `https://localhost:${server.port}/`, timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(server.seen).toHaveLength(0);
  });

  test('a certificate for another name is refused', async () => {
    const server = await httpsServer(good, (_req, res) => res.writeHead(200).end());
    const proxy = await forwardingProxy();
    await expect(new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem }).request({ url: `https://evil.example.test:${server.port}/`, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(server.seen).toHaveLength(0);
  });

  test('a proxy that refuses the tunnel gives a clear error', async () => {
    const proxy = await forwardingProxy({ refuse: true });
    await expect(new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem }).request({ url: 'https://login.provider.test:9/', timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'ERR_TUNNEL_REFUSED',
      status: 403,
    });
  });

  test('a TLS server that never answers ends as a TimeoutError', async () => {
    const server = await httpsServer(good, () => undefined);
    await expect(new NodeHttpClient({ extraCaPem: ca.certPem }).request({ url: `https://localhost:${server.port}/`, timeoutMs: 300 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  test('a tunnel to nowhere (the proxy cuts it) rejects, and is bounded', async () => {
    const proxy = await forwardingProxy();
    const started = Date.now();
    await expect(new NodeHttpClient({ proxyUrl: proxy.url, extraCaPem: ca.certPem }).request({ url: 'https://login.provider.test:1/', timeoutMs: 2000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test('unsupported schemes are refused clearly', async () => {
    await expect(new NodeHttpClient().request({ url: 'ftp://127.0.0.1/', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_PROTOCOL' });
  });
});
