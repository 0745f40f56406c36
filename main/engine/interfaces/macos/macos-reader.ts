/**
 * Interface facts on macOS, from the tools every Mac has (run with LC_ALL=C so nothing is
 * localised; `scutil` and `route` are not anyway):
 *
 *   netstat -ibn                          bytes per interface, MAC (link rows)
 *   route -n get default                  default gateway and its interface
 *   scutil --dns                          DNS servers (default resolver, and per interface)
 *   networksetup -listallhardwareports    which device is the Wi-Fi port
 *
 * plus os.networkInterfaces() for addresses.
 */
import type { CommandRunner } from '../../ports/command-runner.js';
import { type AddressTable, addressFacts, systemAddressTable } from '../node-addresses.js';
import { type InterfaceFacts, type NetworkFacts, mergeFacts } from '../interface-facts.js';
import { toolText } from '../tool-text.js';
import { parseHardwarePorts, wifiDevice } from './hardware-ports.js';
import { parseNetstatIbn } from './netstat-ibn.js';
import { parseRouteGetDefault } from './route-get-default.js';
import { parseScutilDns } from './scutil-dns.js';

export interface MacosReaderOptions {
  runner: CommandRunner;
  addresses?: () => AddressTable;
  timeoutMs?: number;
}

export async function readMacosFacts(options: MacosReaderOptions): Promise<NetworkFacts> {
  const facts = new Map<string, InterfaceFacts>();
  const sources: string[] = [];
  const warnings: string[] = [];
  const env = { LC_ALL: 'C', LANG: 'C' };
  const tool = (file: string, args: string[]) => toolText(options.runner, file, args, { env, timeoutMs: options.timeoutMs ?? 5000 });
  const [netstat, route, scutil, ports] = await Promise.all([
    tool('/usr/sbin/netstat', ['-ibn']),
    tool('/sbin/route', ['-n', 'get', 'default']),
    tool('/usr/sbin/scutil', ['--dns']),
    tool('/usr/sbin/networksetup', ['-listallhardwareports']),
  ]);

  const wifiInterface = ports.ok ? wifiDevice(parseHardwarePorts(ports.text)) : null;
  if (ports.ok) sources.push('networksetup -listallhardwareports');
  else warnings.push(ports.warning);

  if (netstat.ok) {
    sources.push('netstat -ibn');
    for (const row of parseNetstatIbn(netstat.text)) {
      const kind = row.name === wifiInterface ? 'wifi' : row.name.startsWith('lo') ? 'loopback' : row.name.startsWith('en') ? 'ethernet' : 'other';
      mergeFacts(facts, row.name, { kind, mac: row.mac, rxBytes: row.rxBytes, txBytes: row.txBytes, counterScope: 'interface' });
    }
  } else warnings.push(netstat.warning);

  // No default route prints to stderr and exits non-zero: that is an answer (none), not a failure.
  const defaultRoute = parseRouteGetDefault(route.ok ? route.text : '');
  if (route.ok) sources.push('route -n get default');
  else if (/could not be run/.test(route.warning)) warnings.push(route.warning);
  const defaultInterface = defaultRoute.interfaceName;
  if (defaultInterface) mergeFacts(facts, defaultInterface, { gateway: defaultRoute.gateway });

  let dnsServers: string[] = [];
  if (scutil.ok) {
    sources.push('scutil --dns');
    const dns = parseScutilDns(scutil.text);
    dnsServers = dns.defaultServers;
    for (const [name, servers] of Object.entries(dns.byInterface)) mergeFacts(facts, name, { dnsServers: servers });
    if (defaultInterface && !dns.byInterface[defaultInterface]) mergeFacts(facts, defaultInterface, { dnsServers });
  } else warnings.push(scutil.warning);

  for (const entry of addressFacts((options.addresses ?? systemAddressTable)())) mergeFacts(facts, entry.name, entry);

  return { platform: 'darwin', interfaces: [...facts.values()], defaultInterface, wifiInterface, dnsServers, sources, warnings };
}
