/**
 * A simulated world's own support desk: when the settings name no relay, the world starts
 * the real support relay (server/src, in this process) on 127.0.0.1 with the in-memory
 * ticketing connector, its SQLite file under `<data>/world-relay/`, and a loopback
 * Statuspage serving a captured summary — so "Get help" works out of the box in the demo.
 * The device is pre-activated with a token minted through the relay's own admin route
 * (a per-run admin password that never leaves this process).
 *
 * In-process rather than `node server/run.mjs`: the relay is plain Node with the same
 * dependencies as the engine (better-sqlite3, zod), esbuild bundles it into the host like
 * any module, and a child process would need esbuild and the server sources at run time —
 * which a packaged app does not have. The relay listens on the port it had last time when
 * it can, so the device credential (stored per relay origin) stays valid across restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseConfig } from '../../server/src/config.js';
import { createLogger } from '../../server/src/log.js';
import { type Relay, createRelay } from '../../server/src/relay.js';
import type { Logger } from '../engine/ports/logger.js';

export interface WorldSupportRelay {
  url: string;
  activationToken: string;
  relay: Relay;
  close(): Promise<void>;
}

export async function startWorldSupportRelay(options: { dataDir: string; logger: Logger; statusSummaryFile?: string }): Promise<WorldSupportRelay> {
  const dir = path.join(options.dataDir, 'world-relay');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const status = options.statusSummaryFile && existsSync(options.statusSummaryFile) ? await serveStatusPage(options.statusSummaryFile) : undefined;
  const admin = { username: 'world-admin', password: randomBytes(24).toString('base64url') };
  // The relay's structured log goes into Roamdesk's log (never stdout: `serve --json` prints its address there).
  const logger = createLogger({ level: 'warn', write: (line) => options.logger.info('world support relay', { line }) });
  const config = parseConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    admin,
    logRequests: { ttlSeconds: 24 * 3600 },
    ...(status ? { status: { url: status.url, cacheSeconds: 30 } } : {}),
    rateLimit: { burst: 600, perSecond: 50 },
  });
  const relay = await createRelay(config, { logger });
  const portFile = path.join(dir, 'port');
  const previous = readPort(portFile);
  let url: string;
  try {
    url = await relay.listen(previous ?? 0, '127.0.0.1');
  } catch {
    url = await relay.listen(0, '127.0.0.1');
  }
  writeFileSync(portFile, String(new URL(url).port), { mode: 0o600 });
  relay.startSync(2000);

  const minted = await fetch(new URL('/v1/admin/activation-tokens', url), {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'demo world', maxUses: 1000 }),
  });
  if (minted.status !== 201) {
    await relay.close();
    await status?.close();
    throw new Error(`the world's support relay did not issue an activation token (HTTP ${minted.status})`);
  }
  const { token } = (await minted.json()) as { token: string };
  options.logger.info('world support relay started', { url, statusPage: status?.url ?? null });
  return {
    url,
    activationToken: token,
    relay,
    async close() {
      await relay.close();
      await status?.close();
    },
  };
}

function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 1024 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** A loopback Atlassian Statuspage: `/api/v2/summary.json` answers the captured file as it is. */
async function serveStatusPage(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const body = readFileSync(file);
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/api/v2/summary.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
