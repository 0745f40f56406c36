/**
 * Addresses and MACs from Node's `os.networkInterfaces()`: the same answer on every OS,
 * without running a tool, and keyed by the names the OS tools use too (`wlan0`, `en0`,
 * `Wi-Fi`). It knows nothing of gateways, DNS or bytes; the per-OS readers add those.
 */
import os from 'node:os';
import { normaliseMac } from '../wifi/parsers/text.js';
import type { InterfaceFacts, InterfaceKind } from './interface-facts.js';

/** The shape of `os.networkInterfaces()`, so tests can hand in their own. */
export type AddressTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

export type NodeAddressFacts = Pick<InterfaceFacts, 'name' | 'mac' | 'ipv4' | 'ipv6'> & { kind: InterfaceKind | null };

export function systemAddressTable(): AddressTable {
  return os.networkInterfaces();
}

/** One entry per interface; IPv6 link-local zone ids (`%wlan0`) are left off, as the tools print them without. */
export function addressFacts(table: AddressTable): NodeAddressFacts[] {
  const out: NodeAddressFacts[] = [];
  for (const [name, entries] of Object.entries(table)) {
    if (!entries) continue;
    const mac = entries.map((entry) => normaliseMac(entry.mac)).find((value) => value !== undefined) ?? null;
    const ipv4 = entries.filter((entry) => entry.family === 'IPv4').map((entry) => entry.address);
    const ipv6 = entries.filter((entry) => entry.family === 'IPv6').map((entry) => entry.address.replace(/%.*$/, ''));
    // Node flags loopback as `internal`; other kinds it cannot tell, so they stay unknown.
    out.push({ name, mac, ipv4, ipv6, kind: entries.some((entry) => entry.internal) ? 'loopback' : null });
  }
  return out;
}
