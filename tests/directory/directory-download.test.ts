/**
 * The directory downloader's transport rules against real loopback servers: HTTPS with the
 * certificate checked (a CA the client was not told about is refused), plain HTTP only to
 * this machine, no redirects followed, a size cap, and a failed download leaves no file.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDirectoryDownloader } from '../../main/platform/directory-download.js';
import { issuePortalCertificates, type PortalCertificates } from '../../tools/hotspot-in-a-box/certificate-authority.js';
import { tempDir } from '../support/temp-dir.js';

const body = Buffer.from('{"format":"roamdesk-directory"}\n{"signature":"x"}\n["P",1,"a","A",null]\n');
let certs: PortalCertificates;
let httpsServer: https.Server;
let httpServer: http.Server;
let httpsPort = 0;
let httpPort = 0;

beforeAll(async () => {
  certs = await issuePortalCertificates(['localhost'], 'directory test');
  const handler: http.RequestListener = (req, res) => {
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/directory.rdir' }).end();
    if (req.url === '/big') return void res.writeHead(200).end(Buffer.alloc(4096, 0x41));
    res.writeHead(200, { etag: '"v1"' }).end(body);
  };
  httpsServer = https.createServer({ cert: certs.certPem, key: certs.keyPem }, handler);
  httpServer = http.createServer(handler);
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  httpsPort = (httpsServer.address() as AddressInfo).port;
  httpPort = (httpServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => httpsServer?.close(resolve));
  await new Promise((resolve) => httpServer?.close(resolve));
});

const request = (url: string, file: string, maxBytes = 1024 * 1024) => ({ url, file, etag: null, timeoutMs: 5_000, maxBytes });

describe('NodeDirectoryDownloader', () => {
  test('HTTPS with a trusted CA downloads; the same server with an unknown CA is refused and leaves no file', async () => {
    const dir = tempDir('roamdesk-dl-');
    const file = path.join(dir, 'a.part');
    const trusted = new NodeDirectoryDownloader({ extraCaPem: certs.caPem });
    expect(await trusted.download(request(`https://localhost:${httpsPort}/directory.rdir`, file))).toEqual({ status: 'downloaded', bytes: body.length, etag: '"v1"' });
    expect(readFileSync(file).equals(body)).toBe(true);

    const other = path.join(dir, 'b.part');
    await expect(new NodeDirectoryDownloader().download(request(`https://localhost:${httpsPort}/directory.rdir`, other))).rejects.toThrow(/certificate/i);
    expect(existsSync(other)).toBe(false);
  });

  test('plain HTTP only to this machine; redirects are not followed; the size cap holds', async () => {
    const dir = tempDir('roamdesk-dl-');
    const downloader = new NodeDirectoryDownloader();
    await expect(downloader.download(request('http://directory.example.com/directory.rdir', path.join(dir, 'x.part')))).rejects.toThrow(/not allowed/);
    expect((await downloader.download(request(`http://127.0.0.1:${httpPort}/directory.rdir`, path.join(dir, 'ok.part')))).status).toBe('downloaded');
    await expect(downloader.download(request(`http://127.0.0.1:${httpPort}/redirect`, path.join(dir, 'r.part')))).rejects.toThrow(/HTTP 302/);
    const big = path.join(dir, 'big.part');
    await expect(downloader.download(request(`http://127.0.0.1:${httpPort}/big`, big, 1000))).rejects.toThrow(/more than the 1000/);
    expect(existsSync(big)).toBe(false);
  });
});
