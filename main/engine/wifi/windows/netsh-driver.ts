/**
 * The Windows Wi-Fi driver on `netsh wlan` (argument arrays through the CommandRunner, no
 * shell, nothing built from an SSID into a command string):
 *
 *   scan          netsh wlan show networks mode=bssid [interface=<if>]
 *   currentLink   netsh wlan show interfaces
 *   associate     netsh wlan add profile filename=<private temp file> [interface=<if>] user=current
 *                 netsh wlan connect name=<profile> [ssid=<ssid>] [interface=<if>]
 *                 then netsh wlan show interfaces until connected or the deadline
 *   disassociate  netsh wlan disconnect [interface=<if>]
 *
 * netsh only reads the list Windows keeps from its own background scans (it cannot trigger
 * one, and cannot pick a BSSID to join: Windows picks the AP of the SSID). WlanScan and
 * WlanConnect with a BSSID list need the Native Wifi API (see wlan-structs.ts).
 */
import { RoamdeskError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { CommandRunner } from '../../ports/command-runner.js';
import type { AssociateRequest, Link, WifiDriver } from '../../ports/wifi-driver.js';
import { type Bss, ssidFromHex } from '../bss.js';
import { parseNetshInterfaces } from '../parsers/netsh-interfaces.js';
import { parseNetshNetworks } from '../parsers/netsh-networks.js';
import type { LinkInfo } from '../parsers/parse-result.js';
import { commandFailed, permissionError, requireParsed, runTool, scanNetworks } from '../parsers/tool-run.js';
import { ScanCache } from '../scan-cache.js';
import { WifiError } from '../wifi-error.js';
import { type PrivateFiles, TempPrivateFiles } from './private-file.js';
import { associationTarget, profileForAssociation } from './profile-xml.js';

export interface WindowsNetshDriverOptions {
  runner: CommandRunner;
  clock: Clock;
  /** Adapter name (`Wi-Fi`); the first adapter when absent. */
  interfaceName?: string;
  /** Where the profile file lives for the one `add profile` call. */
  files?: PrivateFiles;
  /** OEM code page for output that is not UTF-8 (850 by default). */
  codePage?: number;
  netshPath?: string;
  commandTimeoutMs?: number;
  associateTimeoutMs?: number;
  pollIntervalMs?: number;
  /** How long a scan result is reused without running netsh again. */
  reuseScanMs?: number;
}

export class WindowsNetshDriver implements WifiDriver {
  readonly name = 'netsh';
  private readonly runner: CommandRunner;
  private readonly clock: Clock;
  private readonly files: PrivateFiles;
  private readonly netsh: string;
  private readonly timeoutMs: number;
  private readonly associateTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly scans: ScanCache<Bss[]>;
  private readonly since = new Map<string, string>();

  constructor(private readonly options: WindowsNetshDriverOptions) {
    this.runner = options.runner;
    this.clock = options.clock;
    this.files = options.files ?? new TempPrivateFiles();
    this.netsh = options.netshPath ?? 'netsh';
    this.timeoutMs = options.commandTimeoutMs ?? 15_000;
    this.associateTimeoutMs = options.associateTimeoutMs ?? 20_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    // netsh never scans actively; only reuse within a short window.
    this.scans = new ScanCache({ clock: options.clock, activeIntervalMs: 0, reuseMs: options.reuseScanMs ?? 2_000 });
  }

  private interfaceArgs(): string[] {
    return this.options.interfaceName ? [`interface=${this.options.interfaceName}`] : [];
  }

  private async netshRun(args: string[]) {
    return runTool(this.runner, this.netsh, args, { timeoutMs: this.timeoutMs, ...(this.options.codePage !== undefined ? { codePage: this.options.codePage } : {}) });
  }

  async scan(): Promise<Bss[]> {
    return this.scans.get(async () => {
      const output = await this.netshRun(['wlan', 'show', 'networks', 'mode=bssid', ...this.interfaceArgs()]);
      const parsed = parseNetshNetworks(output.text);
      // netsh exits 1 with the Location hint; read the text before judging the exit code.
      if (output.exitCode !== 0 && !(parsed.ok && (parsed.permission || parsed.radioOff))) throw commandFailed(this.netsh, output);
      return scanNetworks(parsed);
    });
  }

  private async interfaces(): Promise<LinkInfo[]> {
    const output = await this.netshRun(['wlan', 'show', 'interfaces']);
    const parsed = requireParsed(parseNetshInterfaces(output.text));
    if (parsed.permission) throw permissionError(parsed);
    if (output.exitCode !== 0) throw commandFailed(this.netsh, output);
    if (parsed.links.length === 0) throw new WifiError('WIFI_NO_INTERFACE', 'Windows reports no Wi-Fi adapter.', { hint: 'Check that the Wi-Fi adapter is enabled in Device Manager.' });
    return parsed.links;
  }

  private pick(links: LinkInfo[]): LinkInfo {
    const wanted = this.options.interfaceName;
    return (wanted ? links.find((link) => link.interfaceName === wanted) : links.find((link) => link.state === 'connected')) ?? links[0]!;
  }

  private toLink(info: LinkInfo): Link | null {
    if (info.state !== 'connected' || !info.bssid || info.ssidHex === null) return null;
    const key = `${info.bssid}|${info.ssidHex}`;
    if (!this.since.has(key)) {
      this.since.clear();
      this.since.set(key, new Date(this.clock.now()).toISOString());
    }
    return { bssid: info.bssid, ssidHex: info.ssidHex, associatedAt: this.since.get(key)! };
  }

  async currentLink(): Promise<Link | null> {
    return this.toLink(this.pick(await this.interfaces()));
  }

  async associate(request: AssociateRequest): Promise<Link> {
    const bss = await associationTarget(this.scans.peek()?.value, () => this.scan(), request.bssid);
    const { ssidHex, profileName, xml } = profileForAssociation(bss, request);

    await this.files.withFile('profile.xml', xml, async (filePath) => {
      const added = await this.netshRun(['wlan', 'add', 'profile', `filename=${filePath}`, ...this.interfaceArgs(), 'user=current']);
      if (added.exitCode !== 0) throw commandFailed(this.netsh, added);
    });
    const ssid = ssidFromHex(ssidHex);
    // ssid= only when the name survives a command line as text; the profile carries the bytes.
    const ssidArg = ssid !== '' && /^[\x20-\x7e]+$/.test(ssid) ? [`ssid=${ssid}`] : [];
    const connected = await this.netshRun(['wlan', 'connect', `name=${profileName}`, ...ssidArg, ...this.interfaceArgs()]);
    if (connected.exitCode !== 0) throw commandFailed(this.netsh, connected);
    this.scans.invalidate();

    const deadline = this.clock.now() + this.associateTimeoutMs;
    for (;;) {
      if (request.signal?.aborted) throw new RoamdeskError('CANCELLED', 'The connection was cancelled.');
      const info = this.pick(await this.interfaces());
      if (info.state === 'connected' && info.ssidHex === ssidHex) {
        const link = this.toLink(info);
        if (link) return link;
      }
      if (this.clock.now() >= deadline) break;
      await this.clock.sleep(this.pollIntervalMs, request.signal);
    }
    throw new RoamdeskError('ASSOCIATION_REJECTED', `Windows did not connect to ${bss.ssid} within ${Math.round(this.associateTimeoutMs / 1000)} s.`, {
      hint: request.passphrase !== undefined ? 'Check the password (netsh does not say whether it was wrong) and try again.' : 'Move closer or try another access point of the network.',
    });
  }

  async disassociate(): Promise<void> {
    const output = await this.netshRun(['wlan', 'disconnect', ...this.interfaceArgs()]);
    if (output.exitCode !== 0) throw commandFailed(this.netsh, output);
    this.since.clear();
    this.scans.invalidate();
  }
}
