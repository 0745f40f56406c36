/**
 * This machine's interface facts, by platform: the Linux reader (files), the Windows one
 * (ipconfig, netsh, netstat) or the macOS one (netstat, route, scutil, networksetup). Any
 * other platform gets what Node alone knows (addresses and MACs) and a warning that says so.
 */
import type { CommandRunner } from '../ports/command-runner.js';
import type { NetworkFacts } from './interface-facts.js';
import { readLinuxFacts } from './linux/sysfs-reader.js';
import { readMacosFacts } from './macos/macos-reader.js';
import { type AddressTable, addressFacts, systemAddressTable } from './node-addresses.js';
import { readWindowsFacts } from './windows/windows-reader.js';

export interface ReadNetworkFactsOptions {
  platform: NodeJS.Platform | string;
  runner: CommandRunner;
  addresses?: () => AddressTable;
  /** Linux only: where `/` is. */
  root?: string;
}

export async function readNetworkFacts(options: ReadNetworkFactsOptions): Promise<NetworkFacts> {
  const addresses = options.addresses ?? systemAddressTable;
  switch (options.platform) {
    case 'linux':
      return readLinuxFacts({ addresses, ...(options.root !== undefined ? { root: options.root } : {}) });
    case 'win32':
      return readWindowsFacts({ runner: options.runner, addresses });
    case 'darwin':
      return readMacosFacts({ runner: options.runner, addresses });
    default:
      return {
        platform: options.platform,
        interfaces: addressFacts(addresses()).map((entry) => ({ ...entry, gateway: null, dnsServers: [], rxBytes: null, txBytes: null, counterScope: null })),
        defaultInterface: null,
        wifiInterface: null,
        dnsServers: [],
        sources: ['os.networkInterfaces()'],
        warnings: [`Roamdesk reads gateways, DNS servers and byte counters on Linux, Windows and macOS only, not on ${options.platform}.`],
      };
  }
}
