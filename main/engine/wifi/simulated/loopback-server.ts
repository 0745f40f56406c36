/**
 * The loopback servers a simulated world runs (the uplink, hotspot-in-a-box's portals, the
 * browser bridges): listen on 127.0.0.1 only, on a free port, and close without waiting
 * for idle keep-alive sockets.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
