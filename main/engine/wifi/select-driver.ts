/**
 * Which Wi-Fi driver a platform gets, chosen once at start-up: Windows → the Native Wifi API
 * (wlanapi.dll: real scans, a chosen BSSID) when it loads and answers, else netsh; macOS →
 * the CoreWLAN helper (with the system_profiler fallback); Linux → NetworkManager. The
 * simulated driver only when asked for (a world file), never as a silent stand-in for a
 * missing real one.
 *
 * `chooseWifiDriver` is the start-up choice (async: loading wlanapi.dll is). `selectWifiDriver`
 * is the synchronous part, the command-line drivers only; netsh is what Windows falls back on.
 */
import { RoamdeskError, isRoamdeskError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { Logger } from '../ports/logger.js';
import type { WifiDriver } from '../ports/wifi-driver.js';
import { LinuxNetworkManagerDriver } from './linux/network-manager-driver.js';
import { MacosDriver } from './macos/corewlan-driver.js';
import { WindowsNetshDriver } from './windows/netsh-driver.js';
import { NativeWifiDriver, preferNativeWifi } from './windows/native/native-wifi-driver.js';
import type { WlanApi } from './windows/native/wlan-api.js';
import { loadWlanApi } from './windows/native/wlanapi-binding.js';

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

export interface ChooseWifiDriverDeps extends SelectWifiDriverDeps {
  /** How the Native Wifi API is loaded (default `loadWlanApi()`); tests inject one that throws or resolves. */
  loadWlanApi?: () => Promise<WlanApi>;
  /** Told which driver was chosen and why (the fallback's reason included). */
  logger?: Logger;
}

/**
 * The driver for this run. On Windows the Native Wifi API is tried first: it is loaded and a
 * handle opened and closed, so a machine without the WLAN AutoConfig service (or without
 * koffi's Windows binary) is found out now, not at the first scan; any failure there falls
 * back to netsh, which needs nothing but netsh.exe, and the reason is logged.
 */
export async function chooseWifiDriver(platform: NodeJS.Platform | string, deps: ChooseWifiDriverDeps): Promise<WifiDriver> {
  if (deps.simulated) {
    const driver = deps.simulated();
    deps.logger?.info('wifi driver chosen', { driver: driver.name, why: 'a simulated world was asked for' });
    return driver;
  }
  if (preferNativeWifi(platform)) {
    try {
      const api = await (deps.loadWlanApi ?? (() => loadWlanApi({ platform })))();
      api.closeHandle(api.openHandle());
      const driver = new NativeWifiDriver({
        api,
        clock: deps.clock,
        ...(deps.interfaceName !== undefined ? { interfaceName: deps.interfaceName } : {}),
        ...(deps.logger ? { log: (event: string, fields: Record<string, unknown>) => deps.logger!.debug(event, fields) } : {}),
      });
      deps.logger?.info('wifi driver chosen', { driver: driver.name, why: 'the Native Wifi API (wlanapi.dll) loaded and opened a handle' });
      return driver;
    } catch (error) {
      const expected = isRoamdeskError(error) && error.code === 'WIFI_DRIVER_UNAVAILABLE';
      const reason = error instanceof Error ? error.message : String(error);
      const driver = selectWifiDriver(platform, deps);
      deps.logger?.[expected ? 'info' : 'warn']('wifi driver chosen', { driver: driver.name, why: `the Native Wifi API is not usable: ${reason}` });
      return driver;
    }
  }
  const driver = selectWifiDriver(platform, deps);
  deps.logger?.info('wifi driver chosen', { driver: driver.name, why: `the ${platform} driver` });
  return driver;
}
