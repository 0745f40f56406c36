/**
 * Scans and turns the radio's BSS list into what the UI shows: provider from the
 * directory, and whether joining needs a passphrase the device does not hold.
 */
import type { NetworkView, ScanResult } from '../../../preload/contract.js';
import type { ProviderDirectory } from '../directory/provider-directory.js';
import type { Clock } from '../ports/clock.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { WifiDriver } from '../ports/wifi-driver.js';
import type { Bss } from './bss.js';

export const pskSecretKey = (ssidHex: string) => `wifi-psk:${ssidHex}`;

export function needsPersonalSecret(security: Bss['security']): boolean {
  return security === 'wpa2-personal' || security === 'wpa3-personal' || security === 'wep';
}

export class NetworkScanner {
  private last: { bsses: Bss[]; result: ScanResult } | undefined;

  constructor(
    private readonly wifi: WifiDriver,
    private readonly directory: ProviderDirectory,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  async scan(): Promise<{ bsses: Bss[]; result: ScanResult }> {
    const bsses = await this.wifi.scan();
    const networks = await Promise.all(bsses.map((bss) => this.view(bss)));
    this.last = { bsses, result: { networks, scannedAt: new Date(this.clock.now()).toISOString() } };
    return this.last;
  }

  lastScan(): { bsses: Bss[]; result: ScanResult } | undefined {
    return this.last;
  }

  private async view(bss: Bss): Promise<NetworkView> {
    const needsPassphrase = needsPersonalSecret(bss.security) && (await this.secrets.get(pskSecretKey(bss.ssidHex))) === undefined;
    return {
      ssid: bss.ssid,
      ssidHex: bss.ssidHex,
      bssid: bss.bssid,
      signalDbm: bss.signalDbm,
      frequencyMhz: bss.frequencyMhz,
      channel: bss.channel,
      band: bss.band,
      standard: bss.standard,
      security: bss.security,
      provider: this.directory.providerOf(bss.bssid),
      needsPassphrase,
    };
  }
}
