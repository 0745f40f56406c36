/**
 * The Linux Wi-Fi driver on NetworkManager's `nmcli` (terse, escaped, C locale) with `iw`
 * for the associated BSS's real dBm, PHY and width:
 *
 *   interface     nmcli -t -e yes -f DEVICE,TYPE,STATE device
 *   scan          nmcli -t -e yes -f IN-USE,BSSID,SSID-HEX,… device wifi list ifname <if> --rescan yes|no
 *                 iw dev <if> link                       (the associated BSS's dBm/PHY/width)
 *   associate     nmcli connection delete id roamdesk-<ssidhex>     (ignored if absent)
 *                 nmcli connection add type wifi ifname <if> con-name roamdesk-<ssidhex> ssid <ssid>
 *                       [wifi-sec.key-mgmt wpa-psk|sae wifi-sec.psk-flags 1]
 *                 nmcli --wait <s> connection up id roamdesk-<ssidhex> ifname <if> ap <bssid> [passwd-file /dev/stdin]
 *   disassociate  nmcli device disconnect <if>
 *
 * The passphrase goes to nmcli on stdin as a passwd-file line
 * (`802-11-wireless-security.psk:<secret>`), never on argv and never in a file;
 * `psk-flags 1` (agent-owned) keeps NetworkManager from storing it: Roamdesk's secret store
 * holds it. Active rescans are rate-limited (scan-cache.ts).
 */
import { RoamdeskError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { CommandRunner } from '../../ports/command-runner.js';
import type { AssociateRequest, Link, WifiDriver } from '../../ports/wifi-driver.js';
import { type Bss, ssidFromHex } from '../bss.js';
import { parseIwLink } from '../parsers/iw.js';
import { NMCLI_WIFI_FIELDS, parseNmcliDevices, parseNmcliWifiList } from '../parsers/nmcli.js';
import { type ToolOutput, commandFailed, requireParsed, runTool, scanNetworks } from '../parsers/tool-run.js';
import { ScanCache, type ScanMode } from '../scan-cache.js';
import { WifiError } from '../wifi-error.js';

/** nmcli and iw in the C locale: terse field names are not translated, but `yes`/errors are. */
export const C_LOCALE_ENV: Record<string, string | undefined> = { LC_ALL: 'C', LANG: 'C', LANGUAGE: undefined };

export interface LinuxNetworkManagerDriverOptions {
  runner: CommandRunner;
  clock: Clock;
  interfaceName?: string;
  nmcliPath?: string;
  iwPath?: string;
  commandTimeoutMs?: number;
  associateTimeoutSeconds?: number;
  /** At most one active rescan per this many ms. */
  activeScanIntervalMs?: number;
  reuseScanMs?: number;
}

export class LinuxNetworkManagerDriver implements WifiDriver {
  readonly name = 'nmcli';
  private readonly nmcli: string;
  private readonly iw: string;
  private readonly timeoutMs: number;
  private readonly scans: ScanCache<Bss[]>;
  private device: string | undefined;
  private readonly since = new Map<string, string>();

  constructor(private readonly options: LinuxNetworkManagerDriverOptions) {
    this.nmcli = options.nmcliPath ?? 'nmcli';
    this.iw = options.iwPath ?? 'iw';
    this.timeoutMs = options.commandTimeoutMs ?? 20_000;
    this.device = options.interfaceName;
    this.scans = new ScanCache({ clock: options.clock, activeIntervalMs: options.activeScanIntervalMs ?? 30_000, reuseMs: options.reuseScanMs ?? 2_000 });
  }

  private run(file: string, args: string[], input?: string, timeoutMs = this.timeoutMs): Promise<ToolOutput> {
    return runTool(this.options.runner, file, args, { timeoutMs, env: C_LOCALE_ENV, ...(input !== undefined ? { input } : {}) });
  }

  private async interfaceName(): Promise<string> {
    if (this.device) return this.device;
    const output = await this.run(this.nmcli, ['-t', '-e', 'yes', '-f', 'DEVICE,TYPE,STATE', 'device']);
    if (output.exitCode !== 0) throw commandFailed(this.nmcli, output);
    const device = parseNmcliDevices(output.text)[0];
    if (!device) throw new WifiError('WIFI_NO_INTERFACE', 'NetworkManager manages no Wi-Fi device on this system.', { hint: 'Check `nmcli device` and that the Wi-Fi adapter is not unmanaged.' });
    this.device = device.device;
    return device.device;
  }

  private async list(mode: ScanMode): Promise<Bss[]> {
    const device = await this.interfaceName();
    const output = await this.run(this.nmcli, ['-t', '-e', 'yes', '-f', NMCLI_WIFI_FIELDS.join(','), 'device', 'wifi', 'list', 'ifname', device, '--rescan', mode === 'active' ? 'yes' : 'no']);
    if (output.exitCode !== 0) throw commandFailed(this.nmcli, output);
    if (output.text.trim() === '') return [];
    const networks = scanNetworks(parseNmcliWifiList(output.text, { fields: NMCLI_WIFI_FIELDS }));
    return this.withRealSignal(device, networks, output.text);
  }

  /** NM's percentage is coarse; `iw dev <if> link` has the associated BSS's dBm, PHY and width. */
  private async withRealSignal(device: string, networks: Bss[], listText: string): Promise<Bss[]> {
    const inUse = requireParsed(parseNmcliWifiList(listText, { fields: NMCLI_WIFI_FIELDS })).links[0];
    if (!inUse?.bssid) return networks;
    let output: ToolOutput;
    try {
      output = await this.run(this.iw, ['dev', device, 'link'], undefined, 5_000);
    } catch {
      return networks; // iw missing: keep NM's figures
    }
    const link = parseIwLink(output.text);
    const real = link.ok ? link.links[0] : undefined;
    if (!real || real.bssid !== inUse.bssid) return networks;
    return networks.map((bss) =>
      bss.bssid === real.bssid
        ? { ...bss, signalDbm: real.signalDbm ?? bss.signalDbm, standard: real.standard ?? bss.standard, channelWidthMhz: real.channelWidthMhz ?? bss.channelWidthMhz }
        : bss,
    );
  }

  scan(): Promise<Bss[]> {
    return this.scans.get((mode) => this.list(mode));
  }

  async currentLink(): Promise<Link | null> {
    const device = await this.interfaceName();
    const output = await this.run(this.nmcli, ['-t', '-e', 'yes', '-f', NMCLI_WIFI_FIELDS.join(','), 'device', 'wifi', 'list', 'ifname', device, '--rescan', 'no']);
    if (output.exitCode !== 0) throw commandFailed(this.nmcli, output);
    if (output.text.trim() === '') return null;
    const link = requireParsed(parseNmcliWifiList(output.text, { fields: NMCLI_WIFI_FIELDS })).links[0];
    if (!link?.bssid || link.ssidHex === null) return null;
    const key = `${link.bssid}|${link.ssidHex}`;
    if (!this.since.has(key)) {
      this.since.clear();
      this.since.set(key, new Date(this.options.clock.now()).toISOString());
    }
    return { bssid: link.bssid, ssidHex: link.ssidHex, associatedAt: this.since.get(key)! };
  }

  async associate(request: AssociateRequest): Promise<Link> {
    const device = await this.interfaceName();
    const bss = this.scans.peek()?.value.find((candidate) => candidate.bssid === request.bssid) ?? (await this.scan()).find((candidate) => candidate.bssid === request.bssid);
    if (!bss) throw new RoamdeskError('NETWORK_OUT_OF_RANGE', `The access point ${request.bssid} is not in NetworkManager's list any more.`, { hint: 'Scan again and pick a network that is listed.' });
    if (bss.security === 'wpa2-enterprise' || bss.security === 'wpa3-enterprise') {
      throw new RoamdeskError('EAP_PROFILE_MISSING', `${bss.ssid} uses 802.1X, and Roamdesk has no enterprise profile for it.`, { hint: 'Install the network profile from your organisation, then connect again.' });
    }
    if (bss.security === 'wep') throw new WifiError('WIFI_SECURITY_UNSUPPORTED', `${bss.ssid} uses WEP, which Roamdesk does not join.`);
    const personal = bss.security === 'wpa2-personal' || bss.security === 'wpa3-personal';
    if (personal && request.passphrase === undefined) throw new RoamdeskError('CREDENTIALS_REQUIRED', `${bss.ssid} needs a password.`, { hint: 'Enter the network password and connect again.' });
    const ssidHex = request.ssidHex || bss.ssidHex;
    const connection = `roamdesk-${ssidHex.slice(0, 64) || 'hidden'}`;

    await this.run(this.nmcli, ['connection', 'delete', 'id', connection]); // absent is fine
    const security =
      bss.security === 'wpa2-personal'
        ? ['wifi-sec.key-mgmt', 'wpa-psk', 'wifi-sec.psk-flags', '1']
        : bss.security === 'wpa3-personal'
          ? ['wifi-sec.key-mgmt', 'sae', 'wifi-sec.psk-flags', '1']
          : bss.security === 'owe'
            ? ['wifi-sec.key-mgmt', 'owe']
            : [];
    const added = await this.run(this.nmcli, ['connection', 'add', 'type', 'wifi', 'ifname', device, 'con-name', connection, 'ssid', ssidFromHex(ssidHex), ...security]);
    if (added.exitCode !== 0) throw commandFailed(this.nmcli, added);

    const waitSeconds = this.options.associateTimeoutSeconds ?? 30;
    const up = await this.run(
      this.nmcli,
      ['--wait', String(waitSeconds), 'connection', 'up', 'id', connection, 'ifname', device, 'ap', bss.bssid, ...(personal ? ['passwd-file', '/dev/stdin'] : [])],
      personal ? `802-11-wireless-security.psk:${request.passphrase}\n` : undefined,
      (waitSeconds + 10) * 1000,
    );
    this.scans.invalidate();
    if (up.exitCode !== 0) throw this.activationError(bss, up, personal);
    const link = await this.currentLink();
    if (!link) throw new RoamdeskError('ASSOCIATION_REJECTED', `NetworkManager reported ${bss.ssid} active, but no link is up.`);
    return link;
  }

  /** nmcli exit codes: 3 timeout, 4 activation failed, 10 no such AP/connection. */
  private activationError(bss: Bss, output: ToolOutput, personal: boolean): RoamdeskError {
    const said = `${output.stderr} ${output.text}`;
    if (personal && /secrets were required|802-11-wireless-security\.psk|4-way handshake|wrong password|psk/i.test(said)) {
      return new RoamdeskError('CREDENTIALS_REJECTED', `${bss.ssid} rejected the password.`, { hint: 'Check the password and try again.' });
    }
    if (output.exitCode === 10) return new RoamdeskError('NETWORK_OUT_OF_RANGE', `NetworkManager cannot see ${bss.bssid} any more.`, { hint: 'Scan again and pick a network that is listed.' });
    return new RoamdeskError('ASSOCIATION_REJECTED', `NetworkManager could not connect to ${bss.ssid} (nmcli exit ${output.exitCode}).`, { hint: 'Move closer or try another access point of the network.' });
  }

  async disassociate(): Promise<void> {
    const device = await this.interfaceName();
    const output = await this.run(this.nmcli, ['device', 'disconnect', device]);
    if (output.exitCode !== 0) throw commandFailed(this.nmcli, output);
    this.since.clear();
    this.scans.invalidate();
  }
}
