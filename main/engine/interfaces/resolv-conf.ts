/**
 * The resolvers in a resolv.conf (Linux, and macOS's compatibility copy): `nameserver`
 * lines, in order. Comments start with `#` or `;`, also after a value. systemd-resolved's
 * stub (127.0.0.53) is reported as it is; the Linux reader looks behind it.
 */
import { isIP } from 'node:net';

export function parseResolvConf(text: string): string[] {
  const servers: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const match = /^nameserver\s+(\S+)$/.exec(line);
    if (!match) continue;
    // A zone id (`fe80::1%eth0`) is allowed by glibc; isIP wants the address without it.
    const address = match[1]!;
    if (isIP(address.replace(/%.*$/, '')) && !servers.includes(address)) servers.push(address);
  }
  return servers;
}

/** The local stub of systemd-resolved: the real upstream servers are in /run/systemd/resolve/resolv.conf. */
export function isResolvedStub(servers: readonly string[]): boolean {
  return servers.length > 0 && servers.every((server) => server === '127.0.0.53' || server === '127.0.0.54');
}
