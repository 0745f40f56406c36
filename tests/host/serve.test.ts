import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, serve } from '../../main/host/serve.js';
import { silentLogger } from '../../main/engine/ports/logger.js';
import { type EngineRig, startEngineRig } from '../support/engine-rig.js';
import { BSSID } from '../support/small-world.js';
import { tempDir } from '../support/temp-dir.js';

const INDEX_HTML = '<!doctype html><html><head><title>Roamdesk test UI</title><script type="module" src="/app.js"></script></head><body></body></html>';
const TOKEN = 'a'.repeat(64);

let rig: EngineRig | undefined;
let server: RunningServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server?.close();
  await rig?.close();
  server = rig = undefined;
});

async function start() {
  const base = tempDir();
  const rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'app.js'), 'console.log("ui");');
  writeFileSync(path.join(rendererDir, 'assets', 'style.css'), 'body{}');
  // A file beside the renderer that traversal must never reach.
  writeFileSync(path.join(base, 'secret.txt'), 'outside-the-renderer');
  rig = await startEngineRig({ dir: path.join(base, 'data') });
  server = await serve({ engine: rig.engine, logger: silentLogger, rendererDir, token: TOKEN });
  return { server, rig };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the exact path and Host given: no client-side normalisation. */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const origin = new URL(server!.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: origin.hostname, port: origin.port, path: rawPath, method, agent: false, headers: { host: origin.host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Frame = { id?: number; ok?: boolean; value?: unknown; error?: { code: string }; event?: string; payload?: unknown };

/** A WebSocket client that keeps every frame it receives, so a test can wait for one by content. */
function client(socket: WebSocket) {
  const frames: Frame[] = [];
  const waiters: Array<{ match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const waiter of [...waiters]) if (waiter.match(frame)) waiters.splice(waiters.indexOf(waiter), 1) && waiter.resolve(frame);
  });
  const next = (match: (frame: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  let id = 0;
  const call = (method: string, params: unknown = {}) => {
    const callId = ++id;
    socket.send(JSON.stringify({ id: callId, method, params }));
    return next((frame) => frame.id === callId);
  };
  return { frames, next, call };
}

function connect(options: { token?: string; origin?: string; protocols?: string[]; host?: string; path?: string } = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(server!.origin).port}${options.path ?? '/rpc'}`, options.protocols ?? ['roamdesk.v1', `roamdesk.token.${options.token ?? TOKEN}`], {
    origin: options.origin ?? server!.origin,
    ...(options.host ? { headers: { host: options.host } } : {}),
  });
  sockets.push(socket);
  return socket;
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

function refusedWith(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => reject(new Error('the socket was accepted')));
    socket.once('error', () => undefined);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('serve: static files', () => {
  test('GET / returns the UI with a strict CSP and safety headers', async () => {
    const { server } = await start();
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/#token=${TOKEN}`);
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toBe(INDEX_HTML);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = response.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(server.origin).port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  test('files are served with their type; HEAD has no body; other methods are refused', async () => {
    await start();
    expect(await get('/app.js')).toMatchObject({ status: 200, body: 'console.log("ui");', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(await get('/assets/style.css')).toMatchObject({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8' } });
    expect(await get('/index.html', {}, 'HEAD')).toMatchObject({ status: 200, body: '', headers: { 'content-length': String(INDEX_HTML.length) } });
    expect(await get('/index.html', {}, 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    expect(await get('/missing.js')).toMatchObject({ status: 404 });
    expect(await get('/assets')).toMatchObject({ status: 404 });
  });

  test.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/%2e%2e/package.json', '/..%5csecret.txt'])(
    'path traversal %s is a 404',
    async (rawPath) => {
      await start();
      const response = await get(rawPath);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside-the-renderer');
    },
  );

  test('a malformed escape in the path is a 400, and the server keeps serving', async () => {
    await start();
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/%')).status).toBe(400);
    expect((await get('//')).status).toBe(400);
    expect((await get('/')).status).toBe(200);
  });

  test.each(['evil.example', 'evil.example:80', `127.0.0.1:1`, 'roamdesk.rebind.example:80'])('a wrong Host header (%j) is a 421', async (host) => {
    const { server } = await start();
    const response = await get('/', { host: host.replace('127.0.0.1:1', `127.0.0.1:${Number(new URL(server.origin).port) + 1}`) });
    expect(response.status).toBe(421);
    expect(response.body).not.toContain('Roamdesk test UI');
  });

  test('localhost with the right port is an accepted Host', async () => {
    const { server } = await start();
    expect((await get('/', { host: `localhost:${new URL(server.origin).port}` })).status).toBe(200);
  });
});

describe('serve: the WebSocket', () => {
  test('with the right token, origin and protocol, calls are answered', async () => {
    await start();
    const socket = connect();
    const rpc = client(socket);
    await opened(socket);
    expect(socket.protocol).toBe('roamdesk.v1');

    const info = await rpc.call('app.info');
    expect(info).toMatchObject({ ok: true, value: { name: 'Roamdesk', host: 'node', wifiDriver: 'simulated', simulated: true } });
    const scan = await rpc.call('wifi.scan');
    expect(scan.ok).toBe(true);
    const networks = (scan.value as { networks: Array<{ bssid: string }> }).networks;
    expect(networks.map((n) => n.bssid)).toContain(BSSID.good);
    // wifi.scan also publishes the list as an event to every client.
    expect((await rpc.next((frame) => frame.event === 'networks.changed')).payload).toEqual(scan.value);
  });

  test('errors come back as frames with their code', async () => {
    await start();
    const socket = connect();
    const rpc = client(socket);
    await opened(socket);
    expect(await rpc.call('no.such.method')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await rpc.call('connection.connect', { target: 'Lobby', passphrase: 'abc' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await rpc.call('connection.connect', { target: 'Nowhere' })).toMatchObject({ ok: false, error: { code: 'NETWORK_NOT_FOUND' } });
  });

  test('connection.connect streams connection.changed events, connecting then online', async () => {
    await start();
    const socket = connect();
    const rpc = client(socket);
    await opened(socket);
    const result = await rpc.call('connection.connect', { target: BSSID.good });
    expect(result).toMatchObject({ ok: true, value: { phase: 'online', network: { bssid: BSSID.good } } });
    const changes = rpc.frames.filter((frame) => frame.event === 'connection.changed').map((frame) => (frame.payload as { phase: string }).phase);
    expect(changes[0]).toBe('connecting');
    expect(changes.at(-1)).toBe('online');
    expect(changes.filter((phase, i) => phase !== changes[i - 1])).toEqual(['connecting', 'online']);
  });

  test('a wrong token is refused with 401', async () => {
    await start();
    expect(await refusedWith(connect({ token: 'b'.repeat(64) }))).toBe(401);
    expect(await refusedWith(connect({ token: TOKEN.slice(1) }))).toBe(401);
    expect(await refusedWith(connect({ protocols: ['roamdesk.v1'] }))).toBe(401);
  });

  test('a foreign Origin is refused with 403', async () => {
    await start();
    expect(await refusedWith(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await refusedWith(connect({ origin: 'null' }))).toBe(403);
  });

  test('a wrong Host or path is refused', async () => {
    await start();
    expect(await refusedWith(connect({ host: 'evil.example' }))).toBe(421);
    expect(await refusedWith(connect({ path: '/other' }))).toBe(404);
    expect(await refusedWith(connect({ path: '//' }))).toBe(400);
    // The server is still up after those.
    const socket = connect();
    await opened(socket);
  });

  test('a malformed frame closes the socket with 1008', async () => {
    await start();
    const socket = connect();
    await opened(socket);
    const closing = closed(socket);
    socket.send(JSON.stringify({ id: 1, method: 'app.info', params: {}, extra: true }));
    expect((await closing).code).toBe(1008);
  });

  test('text that is not JSON closes with 1007, a binary frame with 1003', async () => {
    await start();
    const a = connect();
    await opened(a);
    const closingA = closed(a);
    a.send('{not json');
    expect((await closingA).code).toBe(1007);

    const b = connect();
    await opened(b);
    const closingB = closed(b);
    b.send(Buffer.from([1, 2, 3]));
    expect((await closingB).code).toBe(1003);
  });

  test('close() ends open sockets', async () => {
    const { server } = await start();
    const socket = connect();
    await opened(socket);
    const closing = closed(socket);
    await server.close();
    expect((await closing).code).toBeGreaterThan(0);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    await expect(get('/')).rejects.toThrow();
    // Already closed: the afterEach close() must still be harmless.
  });
});
