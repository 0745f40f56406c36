/**
 * The gateway side of `npm run bench:portal`, in its own process so the client's CPU time is
 * measured alone: hotspot-in-a-box (its proxy, portal pages and TLS) plus the "internet" the
 * device reaches once signed in — a loopback endpoint answering 204 after the same injected
 * delay as every portal response. Driven over the fork IPC channel.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Hotspot, type HotspotConfigInput, startHotspot } from '../../../tools/hotspot-in-a-box/index.js';

export type ChildCommand =
  | { id: number; cmd: 'start'; config: HotspotConfigInput; rttMs: number }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'close' };

export interface StartReply {
  proxyUrl: string;
  caPem: string;
  probeUrl: string;
  loginHost: string;
}

let hotspot: Hotspot | undefined;
let rttMs = 0;

const internet = http.createServer((req, res) => {
  req.resume();
  const answer = () => {
    if (req.url?.startsWith('/generate_204')) res.writeHead(204, { 'cache-control': 'no-store' }).end();
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  };
  if (rttMs > 0) setTimeout(answer, rttMs);
  else answer();
});
internet.keepAliveTimeout = 1000;
await new Promise<void>((resolve) => internet.listen(0, '127.0.0.1', resolve));
const probeUrl = `http://127.0.0.1:${(internet.address() as AddressInfo).port}/generate_204`;

async function handle(message: ChildCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'start': {
      await hotspot?.close();
      rttMs = message.rttMs;
      hotspot = await startHotspot({ ...message.config, faults: { ...(message.config.faults ?? {}), slowResponsesMs: message.rttMs } });
      const reply: StartReply = { proxyUrl: hotspot.proxyUrl, caPem: hotspot.caPem, probeUrl, loginHost: hotspot.config.loginHost };
      return reply;
    }
    case 'reset':
      hotspot?.reset();
      return { ok: true };
    case 'stats':
      return { stats: hotspot?.stats(), signedIn: hotspot?.signedIn() ?? false };
    case 'close':
      await hotspot?.close();
      internet.closeAllConnections();
      await new Promise<void>((resolve) => internet.close(() => resolve()));
      setImmediate(() => process.disconnect?.());
      return { ok: true };
  }
}

process.on('message', (message: ChildCommand) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: (error as Error)?.message ?? String(error) }),
  );
});
process.send?.({ id: 0, result: 'ready' });
