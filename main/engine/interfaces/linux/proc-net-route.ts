/**
 * The kernel's IPv4 routing table as /proc/net/route prints it: a header, then one row per
 * route with the addresses as 8 hex digits in the host's byte order — little-endian on
 * every machine Roamdesk ships to (x86-64, arm64), so `010200C0` is 192.0.2.1. Reading the
 * file needs no tool (`ip` is not installed everywhere) and no parsing of localised text.
 */

export interface KernelRoute {
  iface: string;
  destination: string;
  gateway: string;
  mask: string;
  flags: number;
  metric: number;
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/** `010200C0` → `192.0.2.1`; undefined for anything that is not 8 hex digits. */
export function hexToIpv4(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
  const bytes = [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return bytes.join('.');
}

export function parseProcNetRoute(text: string): KernelRoute[] {
  const routes: KernelRoute[] = [];
  const rows = text.split(/\r\n|\r|\n/);
  const headerAt = Math.max(0, rows.findIndex((row) => /^\s*Iface\s/i.test(row)));
  const header = rows[headerAt]?.trim().split(/\s+/).map((column) => column.toLowerCase()) ?? [];
  const at = (name: string, fallback: number) => (header.includes(name) ? header.indexOf(name) : fallback);
  const columns = { iface: at('iface', 0), destination: at('destination', 1), gateway: at('gateway', 2), flags: at('flags', 3), metric: at('metric', 6), mask: at('mask', 7) };
  for (const row of rows.slice(headerAt + 1)) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const destination = hexToIpv4(fields[columns.destination] ?? '');
    const gateway = hexToIpv4(fields[columns.gateway] ?? '');
    const mask = hexToIpv4(fields[columns.mask] ?? '');
    const flags = parseInt(fields[columns.flags] ?? '', 16);
    const metric = Number(fields[columns.metric]);
    if (destination === undefined || gateway === undefined || mask === undefined || !Number.isFinite(flags) || !Number.isFinite(metric)) continue;
    routes.push({ iface: fields[columns.iface]!, destination, gateway, mask, flags, metric });
  }
  return routes;
}

/** The default routes that are up and go through a gateway, best (lowest metric) first. */
export function defaultRoutes(routes: readonly KernelRoute[]): KernelRoute[] {
  return routes
    .filter((route) => route.destination === '0.0.0.0' && route.mask === '0.0.0.0' && (route.flags & RTF_UP) !== 0 && (route.flags & RTF_GATEWAY) !== 0)
    .sort((a, b) => a.metric - b.metric);
}
