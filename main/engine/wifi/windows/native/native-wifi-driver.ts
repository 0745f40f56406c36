/**
 * The Windows Wi-Fi driver on the Native Wifi API (wlanapi.dll), through a `WlanApi`:
 *
 *   scan          WlanScan, then the scan-complete notification or `scanWaitMs`, then
 *                 WlanGetNetworkBssList (real dBm, centre frequency, IEs) — an active scan at
 *                 most every 30 s, Windows' list in between
 *   associate     WlanSetProfile (the profile XML in memory: no file, no argv) then WlanConnect
 *                 in profile mode with a DOT11_BSSID_LIST of the one BSSID asked for, then
 *                 WlanQueryInterface(current_connection) until connected or the deadline
 *   currentLink   WlanQueryInterface(wlan_intf_opcode_current_connection)
 *   disassociate  WlanDisconnect
 *
 * The XML holds the passphrase: it goes to WlanSetProfile only; `log` sees the profile name.
 */
import { RoamdeskError } from '../../../errors.js';
import type { Clock } from '../../../ports/clock.js';
import type { AssociateRequest, Link, WifiDriver } from '../../../ports/wifi-driver.js';
import { type Bss, ssidFromHex } from '../../bss.js';
import { ScanCache } from '../../scan-cache.js';
import { WifiError } from '../../wifi-error.js';
import { associationTarget, profileForAssociation } from '../profile-xml.js';
import type { WlanApi, WlanHandle, WlanMemory } from './wlan-api.js';
import { DOT11_BSS_TYPE, decodeBssListToBss, decodeConnectionAttributes, decodeInterfaceList, type WlanInterface } from './wlan-structs.js';

export interface NativeWifiDriverOptions {
  /** The API, or how to get it (default: `loadWlanApi()` from wlanapi-binding.ts). */
  api: WlanApi | (() => Promise<WlanApi>);
  clock: Clock;
  /** Adapter by description (`Intel(R) Wi-Fi 6E AX211 160MHz`) or GUID; the first connected one, else the first, when absent. */
  interfaceName?: string;
  /** Longest wait for the scan-complete notification (Windows scans take 2–4 s). */
  scanWaitMs?: number;
  activeScanIntervalMs?: number;
  reuseScanMs?: number;
  associateTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Diagnostics; never receives the profile XML or a passphrase. */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export class NativeWifiDriver implements WifiDriver {
  readonly name = 'wlanapi';
  private api: WlanApi | undefined;
  private handle: WlanHandle | undefined;
  private readonly scans: ScanCache<Bss[]>;
  private readonly since = new Map<string, string>();

  constructor(private readonly options: NativeWifiDriverOptions) {
    this.scans = new ScanCache({ clock: options.clock, activeIntervalMs: options.activeScanIntervalMs ?? 30_000, reuseMs: options.reuseScanMs ?? 2_000 });
  }

  private async open(): Promise<{ api: WlanApi; handle: WlanHandle }> {
    if (!this.api) this.api = typeof this.options.api === 'function' ? await this.options.api() : this.options.api;
    this.handle ??= this.api.openHandle();
    return { api: this.api, handle: this.handle };
  }

  /** WlanCloseHandle; the next call opens a new one. */
  async close(): Promise<void> {
    if (this.api && this.handle) this.api.closeHandle(this.handle);
    this.handle = undefined;
  }

  private static read<T>(api: WlanApi, memory: WlanMemory, decode: (bytes: Buffer) => T): T {
    try {
      return decode(memory.bytes);
    } finally {
      api.freeMemory(memory);
    }
  }

  private async adapter(): Promise<{ api: WlanApi; handle: WlanHandle; adapter: WlanInterface }> {
    const { api, handle } = await this.open();
    const { interfaces } = NativeWifiDriver.read(api, api.enumInterfaces(handle), decodeInterfaceList);
    const wanted = this.options.interfaceName?.toLowerCase();
    const adapter = wanted
      ? interfaces.find((item) => item.description.toLowerCase() === wanted || item.guidText === wanted || item.guidText === `{${wanted}}`)
      : (interfaces.find((item) => item.state === 'connected') ?? interfaces[0]);
    if (!adapter) {
      throw new WifiError('WIFI_NO_INTERFACE', wanted ? `Windows has no Wi-Fi adapter called ${this.options.interfaceName}.` : 'Windows reports no Wi-Fi adapter.', {
        hint: 'Check that the Wi-Fi adapter is enabled in Device Manager.',
      });
    }
    return { api, handle, adapter };
  }

  async scan(): Promise<Bss[]> {
    return this.scans.get(async (mode) => {
      const { api, handle, adapter } = await this.adapter();
      if (mode === 'active') {
        api.scan(handle, adapter.guid);
        const outcome = await api.waitForScan(handle, adapter.guid, this.options.scanWaitMs ?? 4_000);
        this.options.log?.('wlan.scan', { interface: adapter.description, outcome });
      }
      return NativeWifiDriver.read(api, api.getNetworkBssList(handle, adapter.guid), decodeBssListToBss);
    });
  }

  private toLink(bssid: string, ssidHex: string): Link {
    const key = `${bssid}|${ssidHex}`;
    if (!this.since.has(key)) {
      this.since.clear();
      this.since.set(key, new Date(this.options.clock.now()).toISOString());
    }
    return { bssid, ssidHex, associatedAt: this.since.get(key)! };
  }

  async currentLink(): Promise<Link | null> {
    const { api, handle, adapter } = await this.adapter();
    const memory = api.queryCurrentConnection(handle, adapter.guid);
    if (!memory) return null;
    const attributes = NativeWifiDriver.read(api, memory, decodeConnectionAttributes);
    if (attributes.state !== 'connected') return null;
    return this.toLink(attributes.bssid, attributes.ssid.toString('hex'));
  }

  async associate(request: AssociateRequest): Promise<Link> {
    const bss = await associationTarget(this.scans.peek()?.value, () => this.scan(), request.bssid);
    const { ssidHex, profileName, xml } = profileForAssociation(bss, request);

    const { api, handle, adapter } = await this.adapter();
    api.setProfile(handle, adapter.guid, xml, true);
    this.options.log?.('wlan.profile', { interface: adapter.description, profileName, security: bss.security });
    api.connect(handle, adapter.guid, { profileName, ssid: Buffer.from(ssidHex, 'hex'), bssids: [request.bssid], bssType: DOT11_BSS_TYPE.infrastructure });
    this.options.log?.('wlan.connect', { interface: adapter.description, profileName, bssid: request.bssid });
    this.scans.invalidate();

    const clock = this.options.clock;
    const timeoutMs = this.options.associateTimeoutMs ?? 20_000;
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      if (request.signal?.aborted) throw new RoamdeskError('CANCELLED', 'The connection was cancelled.');
      const link = await this.currentLink();
      if (link && link.ssidHex === ssidHex) return link;
      if (clock.now() >= deadline) break;
      await clock.sleep(this.options.pollIntervalMs ?? 500, request.signal);
    }
    throw new RoamdeskError('ASSOCIATION_REJECTED', `Windows did not connect to ${bss.ssid || ssidFromHex(ssidHex)} within ${Math.round(timeoutMs / 1000)} s.`, {
      hint: request.passphrase !== undefined ? 'Check the password and try again.' : 'Move closer or try another access point of the network.',
    });
  }

  async disassociate(): Promise<void> {
    const { api, handle, adapter } = await this.adapter();
    api.disconnect(handle, adapter.guid);
    this.since.clear();
    this.scans.invalidate();
  }
}

/**
 * Whether `chooseWifiDriver` tries the Native Wifi driver first on this platform: true on win32
 * only. There it loads `wlanapi.dll` through koffi and opens a handle; any failure (no DLL, WLAN
 * AutoConfig stopped, koffi's win32 package missing) falls back to netsh with the reason logged.
 */
export function preferNativeWifi(platform: NodeJS.Platform | string): boolean {
  return platform === 'win32';
}
