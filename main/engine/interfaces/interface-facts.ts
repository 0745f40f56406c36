/**
 * What this machine's network interfaces are, as one model on every OS: addresses, the
 * default gateway and DNS servers the interface uses, and the bytes it has carried. Each
 * OS keeps these facts in different places (Linux: /sys and /proc files; Windows: ipconfig,
 * netsh, netstat; macOS: netstat, route, scutil), so the readers fill this one shape and
 * everything above them (the usage recorder, `roamdesk net`) never asks which OS it is on.
 *
 * Unknown is null (or an empty list), never zero or a guess: a usage report must be able to
 * say "not known" rather than "nothing was sent".
 */

export type InterfaceKind = 'wifi' | 'ethernet' | 'loopback' | 'other';

/** Whether the byte counters are this interface's own, or the machine's total (Windows `netstat -e`). */
export type CounterScope = 'interface' | 'all-interfaces';

export interface InterfaceFacts {
  /** The OS's name for it: `wlan0`, `en0`, `Wi-Fi` (the same name `os.networkInterfaces()` uses). */
  name: string;
  kind: InterfaceKind | null;
  /** Lower-case, colon-separated. */
  mac: string | null;
  ipv4: string[];
  ipv6: string[];
  /** The next hop of the default route through this interface (IPv4 preferred). */
  gateway: string | null;
  dnsServers: string[];
  /** Cumulative since the interface came up (or since boot); null when the OS did not say. */
  rxBytes: number | null;
  txBytes: number | null;
  counterScope: CounterScope | null;
}

export interface NetworkFacts {
  platform: string;
  interfaces: InterfaceFacts[];
  /** The interface that carries the default route, when there is one. */
  defaultInterface: string | null;
  /** The Wi-Fi interface, when the OS said which one is wireless. */
  wifiInterface: string | null;
  /** The system's resolvers (resolv.conf, scutil's default resolver), apart from any one interface. */
  dnsServers: string[];
  /** What was read, for a person checking where a value came from (`/proc/net/route`, `ipconfig /all`). */
  sources: string[];
  /** What could not be read and why; the facts above are then partial, never invented. */
  warnings: string[];
}

export function emptyFacts(name: string): InterfaceFacts {
  return { name, kind: null, mac: null, ipv4: [], ipv6: [], gateway: null, dnsServers: [], rxBytes: null, txBytes: null, counterScope: null };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Adds what one source knows about an interface to what is already known. The first source
 * to give a scalar keeps it (readers merge their most specific source first); lists are
 * joined without duplicates, because two sources may each know part of them.
 */
export function mergeFacts(into: Map<string, InterfaceFacts>, name: string, partial: Partial<Omit<InterfaceFacts, 'name'>>): InterfaceFacts {
  const facts = into.get(name) ?? emptyFacts(name);
  into.set(name, facts);
  facts.kind ??= partial.kind ?? null;
  facts.mac ??= partial.mac ?? null;
  facts.gateway ??= partial.gateway ?? null;
  if (facts.rxBytes === null && facts.txBytes === null && (partial.rxBytes != null || partial.txBytes != null)) {
    facts.rxBytes = partial.rxBytes ?? null;
    facts.txBytes = partial.txBytes ?? null;
    facts.counterScope = partial.counterScope ?? 'interface';
  }
  facts.ipv4 = unique([...facts.ipv4, ...(partial.ipv4 ?? [])]);
  facts.ipv6 = unique([...facts.ipv6, ...(partial.ipv6 ?? [])]);
  facts.dnsServers = unique([...facts.dnsServers, ...(partial.dnsServers ?? [])]);
  return facts;
}

/**
 * The interface whose bytes a Wi-Fi usage session counts: the one asked for by name, else
 * the Wi-Fi interface, else the one carrying the default route (a machine whose Wi-Fi
 * adapter the OS did not flag still sends its traffic there). Null when none is known.
 */
export function countedInterface(facts: NetworkFacts, preferred?: string): InterfaceFacts | null {
  const byName = (name: string | null | undefined) => (name ? (facts.interfaces.find((item) => item.name === name) ?? null) : null);
  return byName(preferred) ?? byName(facts.wifiInterface) ?? byName(facts.defaultInterface);
}
