/**
 * Interface facts on Linux, from files only (no tool to be missing or localised):
 *
 *   /sys/class/net/<if>/statistics/{rx,tx}_bytes   byte counters (64-bit, since the interface came up)
 *   /sys/class/net/<if>/address, type               MAC, and ARPHRD type (772 is loopback)
 *   /sys/class/net/<if>/wireless or phy80211        present only on a Wi-Fi interface
 *   /proc/net/route                                 default gateway per interface
 *   /proc/net/ipv6_route                            the IPv6 default gateway (IPv6-only networks)
 *   /etc/resolv.conf                                nameservers (and systemd-resolved's upstream list behind its stub)
 *
 * Everything is read under `root` ("/" in production), so tests build a fake tree in a
 * temp dir. Addresses come from `os.networkInterfaces()`: Linux keeps IPv4 addresses in no
 * simple file.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type AddressTable, addressFacts, systemAddressTable } from '../node-addresses.js';
import { type InterfaceFacts, type InterfaceKind, type NetworkFacts, mergeFacts } from '../interface-facts.js';
import { isResolvedStub, parseResolvConf } from '../resolv-conf.js';
import { normaliseMac } from '../../wifi/parsers/text.js';
import { defaultRoutes6, parseProcNetIpv6Route } from './proc-net-ipv6-route.js';
import { defaultRoutes, parseProcNetRoute } from './proc-net-route.js';

export interface LinuxReaderOptions {
  /** Where `/` is (tests: a temp dir with sys/, proc/, etc/). */
  root?: string;
  addresses?: () => AddressTable;
}

const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;

async function text(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function counter(value: string | undefined): number | null {
  const number = value === undefined ? NaN : Number(value.trim());
  return Number.isSafeInteger(number) && number >= 0 ? number : null;
}

async function interfaceKind(dir: string): Promise<InterfaceKind | null> {
  if ((await exists(path.join(dir, 'wireless'))) || (await exists(path.join(dir, 'phy80211')))) return 'wifi';
  const type = Number((await text(path.join(dir, 'type')))?.trim());
  if (type === ARPHRD_LOOPBACK) return 'loopback';
  // Plain Ethernet type 1 is also what bridges, veths and tunnels over Ethernet report.
  if (type === ARPHRD_ETHER) return (await exists(path.join(dir, 'device'))) ? 'ethernet' : 'other';
  return Number.isFinite(type) ? 'other' : null;
}

export async function readLinuxFacts(options: LinuxReaderOptions = {}): Promise<NetworkFacts> {
  const root = options.root ?? '/';
  const sysNet = path.join(root, 'sys', 'class', 'net');
  const facts = new Map<string, InterfaceFacts>();
  const sources: string[] = [];
  const warnings: string[] = [];

  let names: string[] = [];
  try {
    names = (await readdir(sysNet)).sort();
    sources.push('/sys/class/net');
  } catch (error) {
    warnings.push(`/sys/class/net could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): no byte counters.`);
  }
  for (const name of names) {
    const dir = path.join(sysNet, name);
    const mac = normaliseMac((await text(path.join(dir, 'address'))) ?? '') ?? null;
    mergeFacts(facts, name, {
      kind: await interfaceKind(dir),
      mac,
      rxBytes: counter(await text(path.join(dir, 'statistics', 'rx_bytes'))),
      txBytes: counter(await text(path.join(dir, 'statistics', 'tx_bytes'))),
      counterScope: 'interface',
    });
  }

  for (const entry of addressFacts((options.addresses ?? systemAddressTable)())) mergeFacts(facts, entry.name, entry);

  let defaultInterface: string | null = null;
  const routeText = await text(path.join(root, 'proc', 'net', 'route'));
  if (routeText === undefined) warnings.push('/proc/net/route could not be read: the default gateway is unknown.');
  else {
    sources.push('/proc/net/route');
    const routes = defaultRoutes(parseProcNetRoute(routeText));
    defaultInterface = routes[0]?.iface ?? null;
    // Lowest metric first, so each interface keeps its own best default route.
    for (const route of routes) mergeFacts(facts, route.iface, { gateway: route.gateway });
  }
  // IPv6 after IPv4, so an interface with both keeps its IPv4 gateway; on an IPv6-only network
  // this table is the only one with a default route. A host without IPv6 has no such file.
  const route6Text = await text(path.join(root, 'proc', 'net', 'ipv6_route'));
  if (route6Text !== undefined) {
    sources.push('/proc/net/ipv6_route');
    const routes6 = defaultRoutes6(parseProcNetIpv6Route(route6Text));
    defaultInterface ??= routes6[0]?.iface ?? null;
    for (const route of routes6) mergeFacts(facts, route.iface, { gateway: route.nextHop });
  }

  let dnsServers: string[] = [];
  const resolvText = await text(path.join(root, 'etc', 'resolv.conf'));
  if (resolvText === undefined) warnings.push('/etc/resolv.conf could not be read: the DNS servers are unknown.');
  else {
    sources.push('/etc/resolv.conf');
    dnsServers = parseResolvConf(resolvText);
    if (isResolvedStub(dnsServers)) {
      // The stub forwards to the servers systemd-resolved learnt from DHCP: those are the network's.
      const upstream = parseResolvConf((await text(path.join(root, 'run', 'systemd', 'resolve', 'resolv.conf'))) ?? '');
      if (upstream.length > 0) {
        dnsServers = upstream;
        sources.push('/run/systemd/resolve/resolv.conf');
      }
    }
  }
  // resolv.conf is system-wide: the interface with the default route is the one that uses it.
  if (defaultInterface) mergeFacts(facts, defaultInterface, { dnsServers });

  const interfaces = [...facts.values()];
  return {
    platform: 'linux',
    interfaces,
    defaultInterface,
    wifiInterface: interfaces.find((item) => item.kind === 'wifi')?.name ?? null,
    dnsServers,
    sources,
    warnings,
  };
}
