/**
 * The kernel's IPv6 routing table as /proc/net/ipv6_route prints it: no header, one row per
 * route — destination (32 hex digits), its prefix length (2 hex), source and its prefix
 * length, next hop (32 hex), metric, reference count, use count, flags (8 hex each) and the
 * interface. Addresses are in network order here (unlike /proc/net/route's IPv4). Read for an
 * IPv6-only network, where the default gateway exists only in this table.
 */

export interface KernelRoute6 {
  iface: string;
  destination: string;
  prefixLength: number;
  nextHop: string;
  flags: number;
  metric: number;
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/** `fe800000000000000000000000000001` → `fe80::1` (compressed as RFC 5952 says); undefined unless 32 hex digits. */
export function hexToIpv6(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16));
  // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}

export function parseProcNetIpv6Route(text: string): KernelRoute6[] {
  const routes: KernelRoute6[] = [];
  for (const row of text.split(/\r\n|\r|\n/)) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const destination = hexToIpv6(fields[0]!);
    const prefixLength = /^[0-9a-fA-F]{2}$/.test(fields[1]!) ? parseInt(fields[1]!, 16) : NaN;
    const nextHop = hexToIpv6(fields[4]!);
    const metric = /^[0-9a-fA-F]{8}$/.test(fields[5]!) ? parseInt(fields[5]!, 16) : NaN;
    const flags = /^[0-9a-fA-F]{8}$/.test(fields[8]!) ? parseInt(fields[8]!, 16) : NaN;
    if (destination === undefined || nextHop === undefined || !Number.isFinite(prefixLength) || prefixLength > 128 || !Number.isFinite(metric) || !Number.isFinite(flags)) continue;
    routes.push({ iface: fields[9]!, destination, prefixLength, nextHop, flags, metric });
  }
  return routes;
}

/** The IPv6 default routes (::/0) that are up and go through a gateway, best (lowest metric) first. */
export function defaultRoutes6(routes: readonly KernelRoute6[]): KernelRoute6[] {
  return routes
    .filter((route) => route.destination === '::' && route.prefixLength === 0 && route.nextHop !== '::' && route.iface !== 'lo' && (route.flags & RTF_UP) !== 0 && (route.flags & RTF_GATEWAY) !== 0)
    .sort((a, b) => a.metric - b.metric);
}
