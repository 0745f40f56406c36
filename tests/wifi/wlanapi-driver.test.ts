/**
 * NativeWifiDriver over a fake WlanApi that hands out byte buffers in the documented x64
 * layouts: the decoding is real, only wlanapi.dll is replaced.
 */
import { describe, expect, it } from 'vitest';
import { NativeWifiDriver, preferNativeWifi } from '../../main/engine/wifi/windows/native/native-wifi-driver.js';
import { type ScanWaitOutcome, type WlanApi, WlanCallError, type WlanConnectRequest, type WlanHandle, type WlanMemory } from '../../main/engine/wifi/windows/native/wlan-api.js';
import { ManualClock } from './recording-runner.js';

const GUID = Buffer.from('e004253f894fd3119a0c0305e82c3301', 'hex'); // {3f2504e0-4f89-11d3-9a0c-0305e82c3301}

function interfaceList(state: number): Buffer {
  const buffer = Buffer.alloc(8 + 532);
  buffer.writeUInt32LE(1, 0);
  GUID.copy(buffer, 8);
  Buffer.from('Intel(R) Wi-Fi 7 BE200', 'utf16le').copy(buffer, 8 + 16);
  buffer.writeUInt32LE(state, 8 + 528);
  return buffer;
}

const ie = (id: number, data: number[]) => Buffer.from([id, data.length, ...data]);
const rsnPsk = ie(48, [1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0]);

function bssList(entries: { ssid: string; bssid: string; rssi: number; khz: number; ies: Buffer }[]): Buffer {
  const fixed = 8 + entries.length * 360;
  const buffer = Buffer.alloc(fixed + entries.reduce((n, e) => n + e.ies.length, 0));
  buffer.writeUInt32LE(buffer.length, 0);
  buffer.writeUInt32LE(entries.length, 4);
  let ieAt = fixed;
  entries.forEach((entry, i) => {
    const at = 8 + i * 360;
    const ssid = Buffer.from(entry.ssid);
    buffer.writeUInt32LE(ssid.length, at);
    ssid.copy(buffer, at + 4);
    Buffer.from(entry.bssid.replace(/:/g, ''), 'hex').copy(buffer, at + 40);
    buffer.writeUInt32LE(1, at + 48);
    buffer.writeUInt32LE(10, at + 52);
    buffer.writeInt32LE(entry.rssi, at + 56);
    buffer.writeUInt32LE(entry.khz, at + 92);
    buffer.writeUInt32LE(ieAt - at, at + 352);
    buffer.writeUInt32LE(entry.ies.length, at + 356);
    entry.ies.copy(buffer, ieAt);
    ieAt += entry.ies.length;
  });
  return buffer;
}

function connection(ssid: string, bssid: string): Buffer {
  const buffer = Buffer.alloc(604);
  buffer.writeUInt32LE(1, 0); // wlan_interface_state_connected
  Buffer.from(`${ssid} (Roamdesk)`, 'utf16le').copy(buffer, 8);
  buffer.writeUInt32LE(Buffer.byteLength(ssid), 520);
  Buffer.from(ssid).copy(buffer, 524);
  Buffer.from(bssid.replace(/:/g, ''), 'hex').copy(buffer, 560);
  return buffer;
}

class FakeWlanApi implements WlanApi {
  calls: string[] = [];
  profiles: string[] = [];
  connects: WlanConnectRequest[] = [];
  live = new Set<WlanMemory>();
  connected: Buffer | null = null;
  connectAfterPolls = 1;
  scanOutcome: ScanWaitOutcome = 'complete';
  bss = bssList([
    { ssid: 'Cafe', bssid: 'a0:b1:c2:d3:e4:f5', rssi: -52, khz: 5_180_000, ies: Buffer.concat([rsnPsk, ie(255, [35, 0, 0])]) },
    { ssid: 'Cafe', bssid: 'a0:b1:c2:d3:e4:f6', rssi: -70, khz: 2_412_000, ies: rsnPsk },
    { ssid: 'Guest', bssid: '00:11:22:33:44:55', rssi: -60, khz: 2_437_000, ies: Buffer.alloc(0) },
  ]);
  setProfileError: WlanCallError | undefined;

  private mem(bytes: Buffer): WlanMemory {
    const memory = { bytes: Buffer.from(bytes) };
    this.live.add(memory);
    return memory;
  }
  openHandle(): WlanHandle {
    this.calls.push('WlanOpenHandle');
    return { negotiatedVersion: 2 };
  }
  closeHandle(): void {
    this.calls.push('WlanCloseHandle');
  }
  enumInterfaces(): WlanMemory {
    this.calls.push('WlanEnumInterfaces');
    return this.mem(interfaceList(this.connected ? 1 : 4));
  }
  scan(_h: WlanHandle, guid: Buffer): void {
    expect(guid.equals(GUID)).toBe(true);
    this.calls.push('WlanScan');
  }
  async waitForScan(_h: WlanHandle, _guid: Buffer, timeoutMs: number): Promise<ScanWaitOutcome> {
    this.calls.push(`wait(${timeoutMs})`);
    return this.scanOutcome;
  }
  getNetworkBssList(): WlanMemory {
    this.calls.push('WlanGetNetworkBssList');
    return this.mem(this.bss);
  }
  getAvailableNetworkList(): WlanMemory {
    throw new Error('not used');
  }
  queryCurrentConnection(): WlanMemory | null {
    this.calls.push('WlanQueryInterface(current_connection)');
    if (this.connects.length > 0 && --this.connectAfterPolls < 0) this.connected ??= connection('Cafe', this.connects.at(-1)!.bssids[0]!);
    return this.connected ? this.mem(this.connected) : null;
  }
  setProfile(_h: WlanHandle, guid: Buffer, xml: string, overwrite: boolean): void {
    expect(guid.equals(GUID)).toBe(true);
    expect(overwrite).toBe(true);
    this.calls.push('WlanSetProfile');
    if (this.setProfileError) throw this.setProfileError;
    this.profiles.push(xml);
  }
  connect(_h: WlanHandle, _guid: Buffer, request: WlanConnectRequest): void {
    this.calls.push('WlanConnect');
    this.connects.push(request);
  }
  disconnect(): void {
    this.calls.push('WlanDisconnect');
    this.connected = null;
  }
  freeMemory(memory: WlanMemory): void {
    expect(this.live.delete(memory)).toBe(true);
  }
}

describe('NativeWifiDriver', () => {
  it('scans: trigger, wait for the notification, BSS list; frees every list', async () => {
    const api = new FakeWlanApi();
    const clock = new ManualClock();
    const driver = new NativeWifiDriver({ api, clock, scanWaitMs: 3_000 });
    const networks = await driver.scan();
    expect(api.calls).toEqual(['WlanOpenHandle', 'WlanEnumInterfaces', 'WlanScan', 'wait(3000)', 'WlanGetNetworkBssList']);
    expect(networks.map(({ ssid, bssid, signalDbm, band, channel, security, standard }) => ({ ssid, bssid, signalDbm, band, channel, security, standard }))).toEqual([
      { ssid: 'Cafe', bssid: 'a0:b1:c2:d3:e4:f5', signalDbm: -52, band: '5GHz', channel: 36, security: 'wpa2-personal', standard: '802.11ax' },
      { ssid: 'Cafe', bssid: 'a0:b1:c2:d3:e4:f6', signalDbm: -70, band: '2.4GHz', channel: 1, security: 'wpa2-personal', standard: '802.11ax' },
      { ssid: 'Guest', bssid: '00:11:22:33:44:55', signalDbm: -60, band: '2.4GHz', channel: 6, security: 'open', standard: '802.11ax' },
    ]);
    expect(api.live.size).toBe(0);
    // Within 30 s: Windows' list again, no new trigger.
    clock.time += 10_000;
    api.calls = [];
    await driver.scan();
    expect(api.calls).toEqual(['WlanEnumInterfaces', 'WlanGetNetworkBssList']);
  });

  it('a malformed BSS list is a typed error and its memory is still freed', async () => {
    const api = new FakeWlanApi();
    api.bss.writeUInt32LE(9, 4); // dwNumberOfItems beyond the buffer
    const driver = new NativeWifiDriver({ api, clock: new ManualClock() });
    await expect(driver.scan()).rejects.toMatchObject({ code: 'WIFI_OUTPUT_UNPARSEABLE', name: 'WlanDecodeError' });
    expect(api.live.size).toBe(0);
  });

  it('associates: WlanSetProfile with the XML in memory, WlanConnect to the one BSSID, then polls the connection', async () => {
    const api = new FakeWlanApi();
    api.connectAfterPolls = 2;
    const logged: unknown[] = [];
    const driver = new NativeWifiDriver({ api, clock: new ManualClock(), log: (event, fields) => logged.push({ event, fields }) });
    await driver.scan();
    api.calls = [];
    const link = await driver.associate({ bssid: 'a0:b1:c2:d3:e4:f6', ssidHex: Buffer.from('Cafe').toString('hex'), passphrase: 's3cret<&>pass' });
    expect(link).toEqual({ bssid: 'a0:b1:c2:d3:e4:f6', ssidHex: '43616665', associatedAt: '2026-03-01T10:00:01.000Z' });
    expect(api.calls.slice(0, 3)).toEqual(['WlanEnumInterfaces', 'WlanSetProfile', 'WlanConnect']);
    expect(api.calls.filter((call) => call.startsWith('WlanQueryInterface'))).toHaveLength(3);
    const xml = api.profiles[0]!;
    expect(xml).toContain('<name>Cafe (Roamdesk)</name>');
    expect(xml).toContain('<hex>43616665</hex>');
    expect(xml).toContain('<authentication>WPA2PSK</authentication>');
    expect(xml).toContain('<keyMaterial>s3cret&lt;&amp;&gt;pass</keyMaterial>');
    expect(api.connects).toEqual([{ profileName: 'Cafe (Roamdesk)', ssid: Buffer.from('Cafe'), bssids: ['a0:b1:c2:d3:e4:f6'], bssType: 1 }]);
    const log = JSON.stringify(logged);
    expect(log).not.toContain('s3cret');
    expect(log).not.toContain('keyMaterial');
    expect(log).toContain('a0:b1:c2:d3:e4:f6');
    expect(api.live.size).toBe(0);
  });

  it('refuses before touching the API when a password or an enterprise profile is missing', async () => {
    const api = new FakeWlanApi();
    const driver = new NativeWifiDriver({ api, clock: new ManualClock() });
    await driver.scan();
    await expect(driver.associate({ bssid: 'a0:b1:c2:d3:e4:f5', ssidHex: '43616665' })).rejects.toMatchObject({ code: 'CREDENTIALS_REQUIRED' });
    await expect(driver.associate({ bssid: 'ff:ff:ff:ff:ff:ff', ssidHex: '43616665' })).rejects.toMatchObject({ code: 'NETWORK_OUT_OF_RANGE' });
    expect(api.calls).not.toContain('WlanSetProfile');
  });

  it('maps WlanSetProfile errors and times out when Windows never connects', async () => {
    const api = new FakeWlanApi();
    api.setProfileError = new WlanCallError('WlanSetProfile', 1206, 524289);
    const driver = new NativeWifiDriver({ api, clock: new ManualClock(), associateTimeoutMs: 2_000 });
    await driver.scan();
    await expect(driver.associate({ bssid: '00:11:22:33:44:55', ssidHex: '4775657374' })).rejects.toMatchObject({ code: 'WIFI_COMMAND_FAILED', reasonCode: 524289 });
    api.setProfileError = undefined;
    api.connectAfterPolls = 1_000;
    await expect(driver.associate({ bssid: '00:11:22:33:44:55', ssidHex: '4775657374' })).rejects.toMatchObject({ code: 'ASSOCIATION_REJECTED' });
    expect(api.profiles[0]).toContain('<authentication>open</authentication>');
    expect(api.profiles[0]).not.toContain('sharedKey');
    expect(new WlanCallError('WlanScan', 5)).toMatchObject({ code: 'WIFI_LOCATION_PERMISSION_REQUIRED' });
    expect(new WlanCallError('WlanScan', 0x80342002)).toMatchObject({ code: 'WIFI_RADIO_OFF' });
  });

  it('currentLink and disassociate', async () => {
    const api = new FakeWlanApi();
    const driver = new NativeWifiDriver({ api, clock: new ManualClock() });
    expect(await driver.currentLink()).toBeNull();
    api.connected = connection('Cafe', 'a0:b1:c2:d3:e4:f5');
    expect(await driver.currentLink()).toEqual({ bssid: 'a0:b1:c2:d3:e4:f5', ssidHex: '43616665', associatedAt: '2026-03-01T10:00:00.000Z' });
    await driver.disassociate();
    expect(api.calls).toContain('WlanDisconnect');
    expect(await driver.currentLink()).toBeNull();
    await driver.close();
    expect(api.calls.at(-1)).toBe('WlanCloseHandle');
    expect(api.live.size).toBe(0);
  });

  it('picks an adapter by name and reports a missing one', async () => {
    const api = new FakeWlanApi();
    await expect(new NativeWifiDriver({ api, clock: new ManualClock(), interfaceName: 'Realtek' }).currentLink()).rejects.toMatchObject({ code: 'WIFI_NO_INTERFACE' });
    api.connected = connection('Cafe', 'a0:b1:c2:d3:e4:f5');
    expect(await new NativeWifiDriver({ api, clock: new ManualClock(), interfaceName: '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}' }).currentLink()).not.toBeNull();
    expect(await new NativeWifiDriver({ api, clock: new ManualClock(), interfaceName: 'intel(r) wi-fi 7 be200' }).currentLink()).not.toBeNull();
  });

  it('preferNativeWifi is true on win32 only', () => {
    expect(['win32', 'darwin', 'linux', 'freebsd'].map(preferNativeWifi)).toEqual([true, false, false, false]);
  });
});
