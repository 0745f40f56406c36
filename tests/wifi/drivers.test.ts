/**
 * The real drivers against a recording CommandRunner: the exact argv of every tool call is
 * checked as data, secrets are shown to reach tools only through stdin (or, for netsh, a
 * private file that is gone afterwards), and the permission/radio gates become coded errors.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CommandRunError } from '../../main/engine/ports/command-runner.js';
import { LinuxNetworkManagerDriver } from '../../main/engine/wifi/linux/network-manager-driver.js';
import { MacosDriver, SYSTEM_PROFILER } from '../../main/engine/wifi/macos/corewlan-driver.js';
import { decodeConsoleOutput } from '../../main/engine/wifi/parsers/text.js';
import { selectWifiDriver } from '../../main/engine/wifi/select-driver.js';
import { WindowsNetshDriver } from '../../main/engine/wifi/windows/netsh-driver.js';
import { wlanProfileXml } from '../../main/engine/wifi/windows/profile-xml.js';
import { ManualClock, RecordingRunner } from './recording-runner.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = (file: string) => readFileSync(path.join(root, '..', 'shared', 'fixtures', 'wifi-cli', file), 'utf8');
const local = (file: string) => readFileSync(path.join(root, 'tests', 'wifi', 'fixtures', file), 'utf8');

/** Encodes text in a Windows OEM code page, the way a console netsh writes it. */
function encodeCodePage(text: string, codePage: number): Buffer {
  const reverse = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) reverse.set(decodeConsoleOutput(Uint8Array.of(0xff, byte), codePage).text.slice(-1), byte);
  return Buffer.from([...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : reverse.get(char) ?? 0x3f)));
}

function connectedInterface(ssid: string, bssid: string): string {
  return `\r\nThere is 1 interface on the system:\r\n\r\n    Name                   : Wi-Fi\r\n    State                  : connected\r\n    SSID                   : ${ssid}\r\n    AP BSSID               : ${bssid}\r\n    Band                   : 2.4 GHz\r\n    Channel                : 4\r\n    Radio type             : 802.11n\r\n    Authentication         : WPA2-Personal\r\n    Signal                 : 81%\r\n    Profile                : ${ssid} (Roamdesk)\r\n\r\n    Hosted network status  : Not available\r\n`;
}

describe('WindowsNetshDriver', () => {
  test('scans with one argv, and reads German netsh output in code page 850', async () => {
    const runner = new RecordingRunner(() => ({ stdout: encodeCodePage(shared('win-netsh-networks-bssid-de-heatmapper.txt'), 850) }));
    const driver = new WindowsNetshDriver({ runner, clock: new ManualClock() });
    const networks = await driver.scan();
    expect(runner.argv()).toEqual([['netsh', 'wlan', 'show', 'networks', 'mode=bssid']]);
    expect(networks).toHaveLength(9);
    expect(networks[0]).toMatchObject({ bssid: 'fe:dc:ba:09:87:01', band: '2.4GHz', channel: 6, signalDbm: -93.5, security: 'wpa2-personal' });
    await driver.scan(); // within the reuse window: no second netsh
    expect(runner.calls).toHaveLength(1);
  });

  test('the 24H2 Location gate is an error with the settings page, never an empty list', async () => {
    const runner = new RecordingRunner(() => ({ stdout: shared('win-netsh-networks-bssid-location-denied-win11-24h2-heatmapper.txt'), exitCode: 1 }));
    const driver = new WindowsNetshDriver({ runner, clock: new ManualClock() });
    await expect(driver.scan()).rejects.toMatchObject({ code: 'WIFI_LOCATION_PERMISSION_REQUIRED', hint: expect.stringContaining('ms-settings:privacy-location') });
  });

  test('associates to a PSK network: profile in a private file that is gone after, passphrase never on argv', async () => {
    const passphrase = 'correct horse & <battery> "staple"';
    let profile: { path: string; mode: number; xml: string } | undefined;
    const clock = new ManualClock();
    let polls = 0;
    const runner = new RecordingRunner((_file, args) => {
      if (args[1] === 'show' && args[2] === 'networks') return { stdout: shared('win-netsh-networks-bssid-en-heatmapper.txt') };
      if (args[1] === 'add') {
        const filePath = args[3]!.replace(/^filename=/, '');
        profile = { path: filePath, mode: statSync(filePath).mode & 0o777, xml: readFileSync(filePath, 'utf8') };
        return { stdout: 'Profile SSID-3 (Roamdesk) is added on interface Wi-Fi.' };
      }
      if (args[1] === 'connect') return { stdout: 'Connection request was completed successfully.' };
      if (args[1] === 'show' && args[2] === 'interfaces') {
        polls++;
        return { stdout: polls < 3 ? connectedInterface('Other', '02:00:00:00:00:99').replace('connected', 'associating') : connectedInterface('SSID-3', 'fe:dc:ba:09:87:08') };
      }
      return new Error(`unexpected ${args.join(' ')}`);
    });
    const driver = new WindowsNetshDriver({ runner, clock, pollIntervalMs: 500 });
    await driver.scan();
    const link = await driver.associate({ bssid: 'fe:dc:ba:09:87:08', ssidHex: Buffer.from('SSID-3').toString('hex'), passphrase });
    expect(link).toEqual({ bssid: 'fe:dc:ba:09:87:08', ssidHex: '535349442d33', associatedAt: '2026-03-01T10:00:01.000Z' });
    expect(runner.argv()).toEqual([
      ['netsh', 'wlan', 'show', 'networks', 'mode=bssid'],
      ['netsh', 'wlan', 'add', 'profile', `filename=${profile!.path}`, 'user=current'],
      ['netsh', 'wlan', 'connect', 'name=SSID-3 (Roamdesk)', 'ssid=SSID-3'],
      ['netsh', 'wlan', 'show', 'interfaces'],
      ['netsh', 'wlan', 'show', 'interfaces'],
      ['netsh', 'wlan', 'show', 'interfaces'],
    ]);
    for (const call of runner.calls) expect(`${call.args.join(' ')} ${call.options.input ?? ''}`).not.toContain('horse');
    if (process.platform !== 'win32') expect(profile!.mode).toBe(0o600);
    expect(profile!.xml).toContain('<keyMaterial>correct horse &amp; &lt;battery&gt; &quot;staple&quot;</keyMaterial>');
    expect(profile!.xml).toContain('<hex>535349442D33</hex>');
    expect(existsSync(profile!.path)).toBe(false);
    expect(existsSync(path.dirname(profile!.path))).toBe(false);
  });

  test('the profile file is removed when netsh fails, and the failure is coded', async () => {
    let filePath = '';
    const runner = new RecordingRunner((_file, args) => {
      if (args[2] === 'networks') return { stdout: shared('win-netsh-networks-bssid-en-heatmapper.txt') };
      filePath = args[3]!.replace(/^filename=/, '');
      return { stdout: 'The profile is corrupted.', exitCode: 1 };
    });
    const driver = new WindowsNetshDriver({ runner, clock: new ManualClock() });
    await expect(driver.associate({ bssid: 'fe:dc:ba:09:87:08', ssidHex: '535349442d33', passphrase: 'password1' })).rejects.toMatchObject({ code: 'WIFI_COMMAND_FAILED' });
    expect(filePath).not.toBe('');
    expect(existsSync(filePath)).toBe(false);
  });

  test('refuses without running netsh: enterprise, missing passphrase, unknown BSSID; times out as ASSOCIATION_REJECTED', async () => {
    const runner = new RecordingRunner((_file, args) =>
      args[2] === 'networks' ? { stdout: shared('win-netsh-networks-bssid-en-win10-schollz.txt') } : args[2] === 'interfaces' ? { stdout: shared('win-netsh-interfaces-en-heatmapper.txt').replace('connected', 'disconnected') } : { stdout: 'ok' },
    );
    const driver = new WindowsNetshDriver({ runner, clock: new ManualClock(), associateTimeoutMs: 3_000 });
    await expect(driver.associate({ bssid: 'a0:3d:6f:66:d8:1e', ssidHex: '656475726f616d' })).rejects.toMatchObject({ code: 'EAP_PROFILE_MISSING' });
    await expect(driver.associate({ bssid: '5e:4c:9b:8e:46:d2', ssidHex: '6950686f6e65' })).rejects.toMatchObject({ code: 'CREDENTIALS_REQUIRED' });
    await expect(driver.associate({ bssid: '02:00:00:00:00:00', ssidHex: '41' })).rejects.toMatchObject({ code: 'NETWORK_OUT_OF_RANGE' });
    expect(runner.argv().filter((argv) => argv[2] === 'add' || argv[2] === 'connect')).toEqual([]);
    await expect(driver.associate({ bssid: 'f4:cf:e2:67:58:e0', ssidHex: Buffer.from('tecnico-guest').toString('hex') })).rejects.toMatchObject({ code: 'ASSOCIATION_REJECTED' });
  });

  test('current link, disconnect, and an interface name on every argv', async () => {
    const runner = new RecordingRunner((_file, args) => (args[2] === 'interfaces' ? { stdout: shared('win-netsh-interfaces-de-heatmapper.txt') } : { stdout: '' }));
    const driver = new WindowsNetshDriver({ runner, clock: new ManualClock(), interfaceName: 'WLAN' });
    expect(await driver.currentLink()).toEqual({ bssid: 'fe:dc:ba:09:87:02', ssidHex: '535349442d31', associatedAt: '2026-03-01T10:00:00.000Z' });
    await driver.disassociate();
    await driver.scan().catch(() => undefined);
    expect(runner.argv()).toEqual([
      ['netsh', 'wlan', 'show', 'interfaces'],
      ['netsh', 'wlan', 'disconnect', 'interface=WLAN'],
      ['netsh', 'wlan', 'show', 'networks', 'mode=bssid', 'interface=WLAN'],
    ]);
  });

  test('profile XML: open, WPA3, hidden; WEP and enterprise are refused', () => {
    expect(wlanProfileXml({ profileName: 'A&B', ssidHex: '41264200', security: 'open' })).toMatch(/<name>A&amp;B<\/name>[\s\S]*<hex>41264200<\/hex>[\s\S]*<authentication>open<\/authentication>\s*<encryption>none<\/encryption>/);
    expect(wlanProfileXml({ profileName: 'x', ssidHex: '78', security: 'wpa3-personal', passphrase: '12345678', hidden: true })).toMatch(/<nonBroadcast>true<\/nonBroadcast>[\s\S]*WPA3SAE/);
    expect(() => wlanProfileXml({ profileName: 'x', ssidHex: '78', security: 'wep' })).toThrow(/wep/);
    expect(() => wlanProfileXml({ profileName: 'x', ssidHex: '78', security: 'wpa2-personal', passphrase: 'short' })).toThrow(/8 to 63/);
  });
});

const NM_LIST = [
  '*:02\\:5C\\:01\\:00\\:00\\:0A:4c6f626279:Lobby:Infra:44:5220 MHz:70:WPA2:pair_ccmp group_ccmp psk:pair_ccmp group_ccmp psk:wlan0',
  ' :02\\:5C\\:01\\:00\\:00\\:0B:613a62:a\\:b:Infra:1:2412 MHz:40:WPA2 WPA3:(none):pair_ccmp group_ccmp psk sae:wlan0',
  ' :02\\:5C\\:01\\:00\\:00\\:0C::--:Infra:37:6135 MHz:20:WPA2 802.1X:(none):pair_ccmp group_ccmp 802.1X:wlan0',
].join('\n');

function nmRunner(up: { exitCode: number; stderr?: string } = { exitCode: 0 }) {
  return new RecordingRunner((file, args) => {
    if (file === 'iw') return { stdout: 'Connected to 02:5c:01:00:00:0a (on wlan0)\n\tSSID: Lobby\n\tfreq: 5220\n\tsignal: -48 dBm\n\trx bitrate: 1200.9 MBit/s 80MHz HE-MCS 11 HE-NSS 2 HE-GI 0 HE-DCM 0\n' };
    if (args.includes('device') && args.at(-1) === 'device') return { stdout: 'eth0:ethernet:connected\nwlan0:wifi:connected\np2p-dev-wlan0:wifi-p2p:disconnected\n' };
    if (args.includes('list')) return { stdout: NM_LIST };
    if (args.includes('up')) return { stdout: '', stderr: up.stderr ?? '', exitCode: up.exitCode };
    return { stdout: '' };
  });
}

describe('LinuxNetworkManagerDriver', () => {
  test('finds the Wi-Fi device, scans in the C locale, rate-limits rescans and takes real dBm from iw', async () => {
    const runner = nmRunner();
    const clock = new ManualClock();
    const driver = new LinuxNetworkManagerDriver({ runner, clock });
    const networks = await driver.scan();
    expect(networks.map((bss) => [bss.bssid, bss.ssid, bss.signalDbm, bss.band, bss.security, bss.standard])).toEqual([
      ['02:5c:01:00:00:0a', 'Lobby', -48, '5GHz', 'wpa2-personal', '802.11ax'],
      ['02:5c:01:00:00:0b', 'a:b', -76, '2.4GHz', 'wpa3-personal', '802.11g'],
      ['02:5c:01:00:00:0c', '', -88, '6GHz', 'wpa2-enterprise', '802.11ax'],
    ]);
    clock.time += 10_000;
    await driver.scan();
    clock.time += 30_000;
    await driver.scan();
    const fields = 'IN-USE,BSSID,SSID-HEX,SSID,MODE,CHAN,FREQ,SIGNAL,SECURITY,WPA-FLAGS,RSN-FLAGS,DEVICE';
    expect(runner.argv()).toEqual([
      ['nmcli', '-t', '-e', 'yes', '-f', 'DEVICE,TYPE,STATE', 'device'],
      ['nmcli', '-t', '-e', 'yes', '-f', fields, 'device', 'wifi', 'list', 'ifname', 'wlan0', '--rescan', 'yes'],
      ['iw', 'dev', 'wlan0', 'link'],
      ['nmcli', '-t', '-e', 'yes', '-f', fields, 'device', 'wifi', 'list', 'ifname', 'wlan0', '--rescan', 'no'],
      ['iw', 'dev', 'wlan0', 'link'],
      ['nmcli', '-t', '-e', 'yes', '-f', fields, 'device', 'wifi', 'list', 'ifname', 'wlan0', '--rescan', 'yes'],
      ['iw', 'dev', 'wlan0', 'link'],
    ]);
    for (const call of runner.calls) expect(call.options.env).toEqual({ LC_ALL: 'C', LANG: 'C', LANGUAGE: undefined });
  });

  test('associates with the passphrase on stdin as a passwd-file line, never on argv', async () => {
    const runner = nmRunner();
    const driver = new LinuxNetworkManagerDriver({ runner, clock: new ManualClock(), interfaceName: 'wlan0' });
    await driver.scan();
    const link = await driver.associate({ bssid: '02:5c:01:00:00:0b', ssidHex: '613a62', passphrase: 's3cret passphrase' });
    expect(link.bssid).toBe('02:5c:01:00:00:0a'); // what NM reports as in use in this script
    const argv = runner.argv().filter((call) => call[1] === 'connection' || call[3] === 'connection');
    expect(argv).toEqual([
      ['nmcli', 'connection', 'delete', 'id', 'roamdesk-613a62'],
      ['nmcli', 'connection', 'add', 'type', 'wifi', 'ifname', 'wlan0', 'con-name', 'roamdesk-613a62', 'ssid', 'a:b', 'wifi-sec.key-mgmt', 'sae', 'wifi-sec.psk-flags', '1'],
      ['nmcli', '--wait', '30', 'connection', 'up', 'id', 'roamdesk-613a62', 'ifname', 'wlan0', 'ap', '02:5c:01:00:00:0b', 'passwd-file', '/dev/stdin'],
    ]);
    const up = runner.calls.find((call) => call.args.includes('up'))!;
    expect(up.options.input).toBe('802-11-wireless-security.psk:s3cret passphrase\n');
    for (const call of runner.calls) expect(call.args.join(' ')).not.toContain('s3cret');
  });

  test('a rejected password and an 802.1X network give their codes', async () => {
    const runner = nmRunner({ exitCode: 4, stderr: 'Error: Connection activation failed: Secrets were required, but not provided.' });
    const driver = new LinuxNetworkManagerDriver({ runner, clock: new ManualClock(), interfaceName: 'wlan0' });
    await expect(driver.associate({ bssid: '02:5c:01:00:00:0a', ssidHex: '4c6f626279', passphrase: 'wrong-password' })).rejects.toMatchObject({ code: 'CREDENTIALS_REJECTED' });
    await expect(driver.associate({ bssid: '02:5c:01:00:00:0c', ssidHex: '' })).rejects.toMatchObject({ code: 'EAP_PROFILE_MISSING' });
    await expect(driver.associate({ bssid: '02:5c:01:00:00:0a', ssidHex: '4c6f626279' })).rejects.toMatchObject({ code: 'CREDENTIALS_REQUIRED' });
  });

  test('no Wi-Fi device and a missing nmcli are coded errors', async () => {
    const none = new LinuxNetworkManagerDriver({ runner: new RecordingRunner(() => ({ stdout: 'eth0:ethernet:connected\n' })), clock: new ManualClock() });
    await expect(none.scan()).rejects.toMatchObject({ code: 'WIFI_NO_INTERFACE' });
    const missing = new LinuxNetworkManagerDriver({ runner: new RecordingRunner((file) => new CommandRunError('not-found', file, 'ENOENT')), clock: new ManualClock() });
    await expect(missing.scan()).rejects.toMatchObject({ code: 'WIFI_COMMAND_NOT_FOUND' });
  });
});

const HELPER = '/Applications/Roamdesk.app/Contents/Helpers/RoamdeskWifiHelper.app/Contents/MacOS/RoamdeskWifiHelper';

describe('MacosDriver', () => {
  test('scans through the helper, active then cached', async () => {
    const runner = new RecordingRunner(() => ({ stdout: local('corewlan-helper-roamdesk-scan-authorized.json') }));
    const clock = new ManualClock();
    const driver = new MacosDriver({ runner, clock, helperPath: HELPER });
    expect(await driver.scan()).toHaveLength(4);
    clock.time += 5_000;
    await driver.scan();
    expect(runner.argv()).toEqual([[HELPER, 'scan'], [HELPER, 'scan', '--cached']]);
    expect(await driver.currentLink()).toMatchObject({ bssid: '02:5c:01:00:00:0a', ssidHex: '4c6f626279204775657374' });
  });

  test('Location denied is an error that opens System Settings', async () => {
    const runner = new RecordingRunner(() => ({ stdout: local('corewlan-helper-roamdesk-scan-denied.json') }));
    const driver = new MacosDriver({ runner, clock: new ManualClock(), helperPath: HELPER });
    await expect(driver.scan()).rejects.toMatchObject({ code: 'WIFI_LOCATION_PERMISSION_REQUIRED', hint: expect.stringContaining('Privacy_LocationServices') });
    await expect(driver.currentLink()).rejects.toMatchObject({ code: 'WIFI_LOCATION_PERMISSION_REQUIRED' });
  });

  test('associates with the passphrase on stdin; the helper’s error code maps to the product’s', async () => {
    const runner = new RecordingRunner(() => ({ stdout: local('corewlan-helper-roamdesk-associate-rejected.json') }));
    const driver = new MacosDriver({ runner, clock: new ManualClock(), helperPath: HELPER });
    await expect(driver.associate({ bssid: '02:5c:01:00:00:0a', ssidHex: '4c6f626279204775657374', passphrase: 'hunter22' })).rejects.toMatchObject({ code: 'CREDENTIALS_REJECTED' });
    expect(runner.calls[0]!.args).toEqual(['associate', '--bssid', '02:5c:01:00:00:0a', '--ssid-hex', '4c6f626279204775657374']);
    expect(runner.calls[0]!.options.input).toBe('hunter22\n');
  });

  test('without the helper: system_profiler, cached, and no silent empty list', async () => {
    const runner = new RecordingRunner((file) => (file === HELPER ? new CommandRunError('not-found', file, 'ENOENT') : { stdout: shared('mac-system_profiler-SPAirPortDataType-json-15.5.json') }));
    const clock = new ManualClock();
    const driver = new MacosDriver({ runner, clock, helperPath: HELPER });
    await expect(driver.scan()).rejects.toMatchObject({ code: 'WIFI_HELPER_UNAVAILABLE' });
    clock.time += 10_000;
    await expect(driver.scan()).rejects.toMatchObject({ code: 'WIFI_HELPER_UNAVAILABLE' });
    expect(runner.argv().filter((argv) => argv[0] === SYSTEM_PROFILER)).toEqual([[SYSTEM_PROFILER, 'SPAirPortDataType', '-json']]);
    const off = new MacosDriver({ runner: new RecordingRunner(() => ({ stdout: shared('mac-system_profiler-SPAirPortDataType-json-15.5-wifi-disabled.json') })), clock, helperPath: null });
    await expect(off.scan()).rejects.toMatchObject({ code: 'WIFI_RADIO_OFF' });
  });
});

describe('selectWifiDriver', () => {
  const deps = { runner: new RecordingRunner(() => ({})), clock: new ManualClock() };
  test.each([
    ['win32', 'netsh'],
    ['darwin', 'corewlan'],
    ['linux', 'nmcli'],
  ])('%s → %s', (platform, name) => expect(selectWifiDriver(platform, deps).name).toBe(name));

  test('simulated only on request, and it wins; other platforms have none', () => {
    const simulated = { name: 'simulated' } as never;
    expect(selectWifiDriver('win32', { ...deps, simulated: () => simulated })).toBe(simulated);
    expect(() => selectWifiDriver('freebsd', deps)).toThrow(expect.objectContaining({ code: 'WIFI_DRIVER_UNAVAILABLE' }));
  });
});
