import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<{ origin: string; seen: http.IncomingMessage[] }> {
  const seen: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('NodeHttpClient', () => {
  test('GET and POST directly, with status, headers and body', async () => {
    const { origin, seen } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => res.writeHead(201, { 'x-echo': req.method ?? '', 'set-cookie': ['a=1', 'b=2'] }).end(`got ${body}`));
    });
    const client = new NodeHttpClient();
    const get = await client.request({ url: `${origin}/path?q=1`, timeoutMs: 10_000, headers: { 'x-test': 'yes' } });
    expect(get).toMatchObject({ status: 201, body: 'got ', url: `${origin}/path?q=1` });
    expect(get.headers['x-echo']).toBe('GET');
    expect(get.headers['set-cookie']).toBe('a=1, b=2');
    expect(seen[0]!.url).toBe('/path?q=1');
    expect(seen[0]!.headers['x-test']).toBe('yes');

    const post = await client.request({ method: 'POST', url: `${origin}/form`, body: 'user=ann', timeoutMs: 10_000 });
    expect(post).toMatchObject({ status: 201, body: 'got user=ann' });
    await client.close();
  });

  test('redirects are returned, not followed', async () => {
    const { origin, seen } = await serve((_req, res) => res.writeHead(302, { location: '/login' }).end());
    const response = await new NodeHttpClient().request({ url: `${origin}/generate_204`, timeoutMs: 10_000 });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login');
    expect(seen).toHaveLength(1);
  });

  test('with a proxy, the request goes to the proxy in absolute form', async () => {
    const { origin: proxy, seen } = await serve((_req, res) => res.writeHead(204).end());
    const response = await new NodeHttpClient({ proxyUrl: proxy }).request({ url: 'http://127.0.0.1:9/generate_204', timeoutMs: 10_000 });
    expect(response.status).toBe(204);
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/generate_204');
    expect(seen[0]!.headers.host).toBe('127.0.0.1:9');
  });

  test('bodies are capped at 1 MiB', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const { origin } = await serve((_req, res) => res.writeHead(200).end(big));
    const response = await new NodeHttpClient().request({ url: origin, timeoutMs: 10_000 });
    expect(response.body.length).toBeLessThanOrEqual(1024 * 1024);
    expect(response.body.length).toBeGreaterThan(0);
  });

  test('a request that gets no answer ends as a TimeoutError', async () => {
    const { origin } = await serve(() => undefined); // never answers
    await expect(new NodeHttpClient().request({ url: origin, timeoutMs: 50 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  test('an abort signal ends the request, and is not reported as a timeout', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const { origin } = await serve(() => arrived());
    const controller = new AbortController();
    const pending = new NodeHttpClient().request({ url: origin, timeoutMs: 60_000, signal: controller.signal });
    await arrival;
    controller.abort();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.name).not.toBe('TimeoutError');
  });

  test('a cut connection rejects', async () => {
    const { origin } = await serve((req) => req.socket.destroy());
    await expect(new NodeHttpClient().request({ url: origin, timeoutMs: 10_000 })).rejects.toThrow();
  });

  test('schemes other than http and https are refused clearly (https: see node-http-client-tls.test.ts)', async () => {
    await expect(new NodeHttpClient().request({ url: 'file:///etc/passwd', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_PROTOCOL' });
  });

  test('a form body is encoded in order, with its content type and length', async () => {
    const { origin, seen } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => res.writeHead(200).end(body));
    });
    const response = await new NodeHttpClient().request({ method: 'POST', url: origin, form: [['b', '2 3'], ['a', 'x&y']], timeoutMs: 10_000 });
    expect(response.body).toBe('b=2+3&a=x%26y');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.headers['content-length']).toBe('13');
    expect(seen[0]!.headers['transfer-encoding']).toBeUndefined();
  });
});
