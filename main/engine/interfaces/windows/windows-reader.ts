/**
 * Interface facts on Windows, from the console tools every edition has (no PowerShell, no
 * native module):
 *
 *   ipconfig /all                              adapters: kind (from the section header), MAC, IPv4/IPv6, gateways, DNS
 *   netsh interface ipv4 show config           the same without MAC/IPv6, when ipconfig gives nothing
 *   netsh interface ipv4 show subinterfaces    bytes in/out per interface
 *   netstat -e                                 bytes of all interfaces together, when the line above gives nothing
 *
 * plus os.networkInterfaces() for addresses. The adapter names of ipconfig (`Wi-Fi`, `WLAN`)
 * are the names Node and netsh use, so the sources join on them.
 */
import type { CommandRunner } from '../../ports/command-runner.js';
import { type AddressTable, addressFacts, systemAddressTable } from '../node-addresses.js';
import { type InterfaceFacts, type NetworkFacts, mergeFacts } from '../interface-facts.js';
import { toolText } from '../tool-text.js';
import { parseIpconfigAll } from './ipconfig-all.js';
import { parseNetshIpv4Config } from './netsh-ipv4-config.js';
import { parseNetshSubinterfaces } from './netsh-subinterfaces.js';
import { parseNetstatE } from './netstat-e.js';

export interface WindowsReaderOptions {
  runner: CommandRunner;
  addresses?: () => AddressTable;
  codePage?: number;
  timeoutMs?: number;
}

export async function readWindowsFacts(options: WindowsReaderOptions): Promise<NetworkFacts> {
  const facts = new Map<string, InterfaceFacts>();
  const sources: string[] = [];
  const warnings: string[] = [];
  const tool = (file: string, args: string[]) => toolText(options.runner, file, args, { ...(options.codePage !== undefined ? { codePage: options.codePage } : {}), timeoutMs: options.timeoutMs ?? 10_000 });
  const [ipconfig, config, subinterfaces] = await Promise.all([
    tool('ipconfig', ['/all']),
    tool('netsh', ['interface', 'ipv4', 'show', 'config']),
    tool('netsh', ['interface', 'ipv4', 'show', 'subinterfaces']),
  ]);

  let wifiInterface: string | null = null;
  const withGateway: string[] = [];
  const adapters = ipconfig.ok ? parseIpconfigAll(ipconfig.text) : [];
  if (!ipconfig.ok) warnings.push(ipconfig.warning);
  if (adapters.length > 0) {
    sources.push('ipconfig /all');
    for (const adapter of adapters) {
      mergeFacts(facts, adapter.name, { kind: adapter.kind, mac: adapter.mac, ipv4: adapter.ipv4, ipv6: adapter.ipv6, gateway: adapter.gateways.find((g) => g.includes('.')) ?? adapter.gateways[0] ?? null, dnsServers: adapter.dnsServers });
      if (adapter.gateways.length > 0) withGateway.push(adapter.name);
    }
    // Wi-Fi Direct's virtual adapters are "Wireless LAN adapter" too; the connected one is the radio in use.
    const wireless = adapters.filter((adapter) => adapter.kind === 'wifi');
    wifiInterface = (wireless.find((adapter) => !adapter.mediaDisconnected && adapter.ipv4.length > 0) ?? wireless.find((adapter) => !adapter.mediaDisconnected) ?? wireless[0])?.name ?? null;
  } else if (config.ok) {
    for (const entry of parseNetshIpv4Config(config.text)) {
      mergeFacts(facts, entry.name, { ipv4: entry.ipv4, gateway: entry.gateways[0] ?? null, dnsServers: entry.dnsServers });
      if (entry.gateways.length > 0) withGateway.push(entry.name);
    }
    if (facts.size > 0) sources.push('netsh interface ipv4 show config');
  } else warnings.push(config.warning);

  const counted = subinterfaces.ok ? parseNetshSubinterfaces(subinterfaces.text) : [];
  if (counted.length > 0) {
    sources.push('netsh interface ipv4 show subinterfaces');
    for (const row of counted) mergeFacts(facts, row.name, { rxBytes: row.rxBytes, txBytes: row.txBytes, counterScope: 'interface' });
  } else {
    if (!subinterfaces.ok) warnings.push(subinterfaces.warning);
    const netstat = await tool('netstat', ['-e']);
    const totals = netstat.ok ? parseNetstatE(netstat.text) : null;
    if (!netstat.ok) warnings.push(netstat.warning);
    const target = wifiInterface ?? withGateway[0];
    if (totals && target) {
      sources.push('netstat -e');
      warnings.push('Byte counters are the total of all interfaces (netstat -e), not the Wi-Fi adapter alone.');
      mergeFacts(facts, target, { ...totals, counterScope: 'all-interfaces' });
    }
  }

  for (const entry of addressFacts((options.addresses ?? systemAddressTable)())) mergeFacts(facts, entry.name, entry);

  const interfaces = [...facts.values()];
  // Windows picks among default routes by metric, which none of these tools prints next to
  // the adapter; the Wi-Fi adapter is taken when it has a gateway, else the first that has one.
  const defaultInterface = wifiInterface && withGateway.includes(wifiInterface) ? wifiInterface : (withGateway[0] ?? null);
  const dnsServers = defaultInterface ? (facts.get(defaultInterface)?.dnsServers ?? []) : [];
  return { platform: 'win32', interfaces, defaultInterface, wifiInterface, dnsServers, sources, warnings };
}
