/**
 * Downloads a signed directory file to disk, streaming (a directory can be hundreds of MB,
 * more than the HttpClient port's in-memory bodies). HTTPS with certificate validation
 * (Node's roots, plus `extraCaPem` when given), or plain HTTP to this machine only (tests,
 * demos) — the same rule the `directoryUrl` setting enforces. No redirects, no retries: the
 * updater tries again at its next refresh. Conditional (If-None-Match) when an ETag is known.
 * The file's trust comes from its Ed25519 signature, checked after the download, never from
 * the transport.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { DirectoryDownloader, DirectoryDownloadRequest, DirectoryDownloadResult } from '../engine/directory/directory-updater.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export class DirectoryDownloadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DirectoryDownloadError';
  }
}

export class NodeDirectoryDownloader implements DirectoryDownloader {
  private readonly secureContext: tls.SecureContext | undefined;

  constructor(options: { extraCaPem?: string } = {}) {
    this.secureContext = options.extraCaPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, options.extraCaPem] }) : undefined;
  }

  async download(request: DirectoryDownloadRequest): Promise<DirectoryDownloadResult> {
    const url = new URL(request.url);
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))) {
      throw new DirectoryDownloadError(`${url.protocol}//${url.host} is not allowed: a directory is fetched over https:// (http:// only from this machine)`);
    }
    const signal = AbortSignal.any([AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])]);
    const headers: Record<string, string> = { accept: 'application/octet-stream, */*', 'user-agent': 'Roamdesk directory updater' };
    if (request.etag) headers['if-none-match'] = request.etag;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const options: https.RequestOptions = { method: 'GET', headers, signal, agent: false, ...(url.protocol === 'https:' ? { rejectUnauthorized: true, ...(this.secureContext ? { secureContext: this.secureContext } : {}) } : {}) };
      const req = (url.protocol === 'https:' ? https : http).request(url, options, resolve);
      req.once('error', reject);
      req.end();
    }).catch((error: unknown) => {
      if (signal.aborted && !request.signal?.aborted) throw new DirectoryDownloadError(`no answer from the directory service within ${request.timeoutMs} ms`);
      throw error;
    });

    if (response.statusCode === 304) {
      response.resume();
      return { status: 'not-modified' };
    }
    if (response.statusCode !== 200) {
      response.resume();
      throw new DirectoryDownloadError(`the directory service answered HTTP ${response.statusCode ?? 0}`, response.statusCode);
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > request.maxBytes) {
      response.destroy();
      throw new DirectoryDownloadError(`the directory is ${declared} bytes, more than the ${request.maxBytes} allowed`);
    }
    let bytes = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > request.maxBytes) callback(new DirectoryDownloadError(`the directory is more than the ${request.maxBytes} bytes allowed`));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(response, cap, createWriteStream(request.file, { mode: 0o600 }), { signal });
    } catch (error) {
      await rm(request.file, { force: true });
      if (signal.aborted && !request.signal?.aborted) throw new DirectoryDownloadError(`the directory download did not finish within ${request.timeoutMs} ms`);
      throw error;
    }
    const etag = response.headers.etag;
    return { status: 'downloaded', bytes, etag: typeof etag === 'string' && etag.length <= 256 ? etag : null };
  }
}
