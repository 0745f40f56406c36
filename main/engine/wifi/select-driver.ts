/**
 * Which Wi-Fi driver a platform gets: Windows → netsh, macOS → the CoreWLAN helper (with the
 * system_profiler fallback), Linux → NetworkManager. The simulated driver only when asked
 * for (a world file), never as a silent stand-in for a missing real one.
 */
import { RoamdeskError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { WifiDriver } from '../ports/wifi-driver.js';
import { LinuxNetworkManagerDriver } from './linux/network-manager-driver.js';
import { MacosDriver } from './macos/corewlan-driver.js';
import { WindowsNetshDriver } from './windows/netsh-driver.js';

export interface SelectWifiDriverDeps {
  runner: CommandRunner;
  clock: Clock;
  /** The CoreWLAN helper's executable (macOS); null or absent when not installed. */
  macHelperPath?: string | null;
  /** Adapter to use (`Wi-Fi`, `wlan0`); the system's first Wi-Fi adapter when absent. */
  interfaceName?: string;
  /** Set when a simulated world was asked for: it wins over the platform. */
  simulated?: () => WifiDriver;
}

export function selectWifiDriver(platform: NodeJS.Platform | string, deps: SelectWifiDriverDeps): WifiDriver {
  if (deps.simulated) return deps.simulated();
  const common = { runner: deps.runner, clock: deps.clock, ...(deps.interfaceName !== undefined ? { interfaceName: deps.interfaceName } : {}) };
  switch (platform) {
    case 'win32':
      return new WindowsNetshDriver(common);
    case 'darwin':
      return new MacosDriver({ runner: deps.runner, clock: deps.clock, helperPath: deps.macHelperPath ?? null });
    case 'linux':
      return new LinuxNetworkManagerDriver(common);
    default:
      throw new RoamdeskError('WIFI_DRIVER_UNAVAILABLE', `Roamdesk has no Wi-Fi driver for ${platform}.`, { hint: 'Run a simulated world with --world <file>.' });
  }
}
