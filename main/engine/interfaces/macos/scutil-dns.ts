/**
 * `scutil --dns` (macOS) → the DNS servers in use: the default resolver's (the first
 * resolver without a `domain`, in the first section) and, from the "for scoped queries"
 * section, each interface's own.
 *
 *   DNS configuration
 *   resolver #1
 *     nameserver[0] : 192.168.1.1
 *     if_index : 6 (en0)
 *   resolver #2
 *     domain   : local                     ← mDNS and the like: not the network's resolvers
 *   DNS configuration (for scoped queries)
 *   resolver #1
 *     nameserver[0] : 192.168.1.1
 *     if_index : 6 (en0)
 *
 * /etc/resolv.conf on macOS is a compatibility copy that VPN clients and per-domain
 * resolvers do not show up in, so scutil is the source.
 */

export interface ScutilDns {
  /** The default resolver's servers, in order. */
  defaultServers: string[];
  /** Per interface (`en0`) from the scoped section. */
  byInterface: Record<string, string[]>;
}

interface Resolver {
  scoped: boolean;
  domain: string | null;
  servers: string[];
  interfaceName: string | null;
}

export function parseScutilDns(text: string): ScutilDns {
  const resolvers: Resolver[] = [];
  let scoped = false;
  let current: Resolver | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^DNS configuration/.test(line)) {
      scoped = /scoped/i.test(line);
      current = undefined;
      continue;
    }
    if (/^resolver #\d+/.test(line.trim())) {
      current = { scoped, domain: null, servers: [], interfaceName: null };
      resolvers.push(current);
      continue;
    }
    if (!current) continue;
    const pair = /^\s*([a-z_ ]+?)(?:\[\d+\])?\s*:\s*(.*?)\s*$/.exec(line);
    if (!pair) continue;
    const [, key, value] = pair as unknown as [string, string, string];
    if (key === 'nameserver' && value && !current.servers.includes(value)) current.servers.push(value);
    else if (key === 'domain') current.domain = value;
    else if (key === 'if_index') current.interfaceName = /\(([^)]+)\)/.exec(value)?.[1] ?? null;
  }
  const general = resolvers.filter((resolver) => !resolver.scoped && resolver.domain === null && resolver.servers.length > 0);
  const byInterface: Record<string, string[]> = {};
  for (const resolver of resolvers.filter((item) => item.scoped && item.interfaceName && item.domain === null)) {
    const list = (byInterface[resolver.interfaceName!] ??= []);
    for (const server of resolver.servers) if (!list.includes(server)) list.push(server);
  }
  return { defaultServers: general[0]?.servers ?? [], byInterface };
}
