/**
 * The limit: the same WISPr sign-in with nothing but the round trips the protocol needs,
 * on bare node:http / node:tls (HTTP through the gateway's proxy, HTTPS through a CONNECT
 * tunnel, one connection per request as the product does), and no parsing beyond a regex
 * for the one or two values each step needs. The gateway's Delay is honoured, as the
 * protocol requires. What is left is transport: TCP, CONNECT, TLS handshake, HTTP framing.
 *
 *   GET probe → 302 (+ WISPr)  [Proxy: wait Delay, GET NextURL → 200 (+ Redirect)]
 *   POST LoginURL → 120/50, or 120/201 then [wait Delay, GET LoginResultsURL]… → 140/50
 *   GET probe → 204
 *
 * Trust is the same as the product's (Node's roots plus the hotspot CA), built once.
 */
import http from 'node:http';
import type net from 'node:net';
import tls from 'node:tls';

export interface RawAnswer {
  status: number;
  body: string;
}

export interface RawLoginOptions {
  proxyUrl: string;
  probeUrl: string;
  secureContext: tls.SecureContext;
  username: string;
  password: string;
  /** Attribution only: pass this `ca` list to every tls.connect (a trust store built per connection, as NodeHttpClient does) instead of the shared context. */
  perConnectionCa?: string[];
}

export interface RawLoginResult {
  requests: number;
}

function collect(request: http.ClientRequest, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** Plain http through the proxy, absolute form. */
function httpGet(proxy: URL, url: string): Promise<RawAnswer> {
  const target = new URL(url);
  return collect(http.request({ host: proxy.hostname, port: Number(proxy.port), path: url, method: 'GET', headers: { host: target.host, connection: 'close' }, agent: false }));
}

function tunnel(proxy: URL, authority: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: proxy.hostname, port: Number(proxy.port), method: 'CONNECT', path: authority, headers: { host: authority }, agent: false });
    request.once('connect', (response, socket, head) => {
      if (response.statusCode !== 200) return reject(new Error(`CONNECT ${authority}: ${response.statusCode}`));
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('error', reject);
    request.end();
  });
}

/** https through a CONNECT tunnel, TLS verified against the shared context. */
async function httpsRequest(proxy: URL, url: string, trust: Trust, method: 'GET' | 'POST', form?: string): Promise<RawAnswer> {
  const target = new URL(url);
  const port = Number(target.port || 443);
  const socket = await tunnel(proxy, `${target.hostname}:${port}`);
  const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({ socket, servername: target.hostname, ...trust, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
  const headers: http.OutgoingHttpHeaders = { host: target.host, connection: 'close' };
  if (form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(form);
  }
  return collect(http.request({ createConnection: () => secure, path: target.pathname + target.search, method, headers }), form);
}

type Trust = { secureContext: tls.SecureContext } | { ca: string[] };

function fetchAny(proxy: URL, url: string, trust: Trust): Promise<RawAnswer> {
  return url.startsWith('https:') ? httpsRequest(proxy, url, trust, 'GET') : httpGet(proxy, url);
}

const value = (body: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1]?.replace(/&amp;/g, '&');
const sleep = (seconds: number) => (seconds > 0 ? new Promise((resolve) => setTimeout(resolve, seconds * 1000)) : Promise.resolve());

export async function rawLogin(options: RawLoginOptions): Promise<RawLoginResult> {
  const proxy = new URL(options.proxyUrl);
  const trust: Trust = options.perConnectionCa ? { ca: options.perConnectionCa } : { secureContext: options.secureContext };
  let requests = 0;
  const count = <T>(promise: Promise<T>): Promise<T> => {
    requests += 1;
    return promise;
  };

  let page = await count(httpGet(proxy, options.probeUrl));
  if (page.status !== 302) throw new Error(`probe answered ${page.status}, expected 302`);
  while (value(page.body, 'MessageType') === '110') {
    await sleep(Number(value(page.body, 'Delay') ?? 0));
    page = await count(fetchAny(proxy, value(page.body, 'NextURL') ?? options.probeUrl, trust));
  }
  const loginUrl = value(page.body, 'LoginURL');
  if (!loginUrl) throw new Error('no LoginURL');
  const form = new URLSearchParams([
    ['UserName', options.username],
    ['Password', options.password],
    ['button', 'Login'],
    ['FNAME', '0'],
    ['OriginatingServer', options.probeUrl],
  ]).toString();
  let reply = await count(httpsRequest(proxy, loginUrl, trust, 'POST', form));
  let resultsUrl: string | undefined;
  while (value(reply.body, 'ResponseCode') === '201') {
    resultsUrl = value(reply.body, 'LoginResultsURL') ?? resultsUrl;
    if (!resultsUrl) throw new Error('pending without LoginResultsURL');
    await sleep(Number(value(reply.body, 'Delay') ?? 0));
    reply = await count(fetchAny(proxy, resultsUrl, trust));
  }
  if (value(reply.body, 'ResponseCode') !== '50') throw new Error(`login answered ${value(reply.body, 'ResponseCode')}`);
  const after = await count(httpGet(proxy, options.probeUrl));
  if (after.status !== 204) throw new Error(`final probe answered ${after.status}, expected 204`);
  return { requests };
}
