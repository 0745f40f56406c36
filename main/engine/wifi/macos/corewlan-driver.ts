/**
 * The macOS Wi-Fi driver on Roamdesk's CoreWLAN helper (native/macos/, a signed app bundle
 * that holds Location permission and prints JSON, schema `roamdesk.corewlan/1`):
 *
 *   scan          <helper> scan [--cached]                  (active at most every N s)
 *   currentLink   <helper> link
 *   associate     <helper> associate --bssid <bssid> --ssid-hex <hex>   (passphrase on stdin)
 *   disassociate  <helper> disassociate
 *
 * Without the helper it falls back, for scans only, to
 * `/usr/sbin/system_profiler SPAirPortDataType -json` — slow (seconds), so its result is
 * cached for a minute and it is never run twice at once — which on macOS 12+ shows no BSSIDs
 * and on 15.6+ redacts names: that becomes a coded error, not an empty list.
 */
import { RoamdeskError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { CommandRunner } from '../../ports/command-runner.js';
import type { AssociateRequest, Link, WifiDriver } from '../../ports/wifi-driver.js';
import type { Bss } from '../bss.js';
import { parseCorewlanHelper, readHelperJson } from '../parsers/corewlan-helper.js';
import { parseSystemProfiler } from '../parsers/system-profiler.js';
import { type ToolOutput, permissionError, requireParsed, runTool, scanNetworks } from '../parsers/tool-run.js';
import { ScanCache, type ScanMode } from '../scan-cache.js';
import { WifiError, isWifiError } from '../wifi-error.js';

export const SYSTEM_PROFILER = '/usr/sbin/system_profiler';

export interface MacosDriverOptions {
  runner: CommandRunner;
  clock: Clock;
  /** Path of the helper's executable inside its bundle; null when it is not installed. */
  helperPath: string | null;
  commandTimeoutMs?: number;
  associateTimeoutMs?: number;
  activeScanIntervalMs?: number;
  reuseScanMs?: number;
  /** How long a system_profiler result is reused. */
  fallbackReuseMs?: number;
}

/** The helper's error codes → the product's. */
const HELPER_ERRORS: Record<string, (message: string) => RoamdeskError> = {
  credentialsRejected: (message) => new RoamdeskError('CREDENTIALS_REJECTED', `The network rejected the password (${message}).`, { hint: 'Check the password and try again.' }),
  credentialsRequired: () => new RoamdeskError('CREDENTIALS_REQUIRED', 'This network needs a password.', { hint: 'Enter the network password and connect again.' }),
  associationRejected: (message) => new RoamdeskError('ASSOCIATION_REJECTED', `The access point did not let the Mac on (${message}).`, { hint: 'Move closer or try another access point of the network.' }),
  networkNotFound: () => new RoamdeskError('NETWORK_OUT_OF_RANGE', 'The access point is not in range any more.', { hint: 'Scan again and pick a network that is listed.' }),
  enterpriseUnsupported: () => new RoamdeskError('EAP_PROFILE_MISSING', 'This network uses 802.1X and needs an enterprise profile.', { hint: 'Install the network profile from your organisation, then connect again.' }),
  powerOff: () => new WifiError('WIFI_RADIO_OFF', 'Wi-Fi is turned off.', { hint: 'Turn Wi-Fi on and try again.' }),
  noInterface: () => new WifiError('WIFI_NO_INTERFACE', 'This Mac has no Wi-Fi interface.'),
  timeout: () => new WifiError('WIFI_COMMAND_TIMEOUT', 'The Wi-Fi helper did not finish in time.'),
};

export class MacosDriver implements WifiDriver {
  readonly name = 'corewlan';
  private readonly timeoutMs: number;
  private readonly scans: ScanCache<Bss[]>;
  private readonly fallback: ScanCache<Bss[] | WifiError>;
  private readonly since = new Map<string, string>();

  constructor(private readonly options: MacosDriverOptions) {
    this.timeoutMs = options.commandTimeoutMs ?? 15_000;
    this.scans = new ScanCache({ clock: options.clock, activeIntervalMs: options.activeScanIntervalMs ?? 30_000, reuseMs: options.reuseScanMs ?? 2_000 });
    this.fallback = new ScanCache({ clock: options.clock, activeIntervalMs: 0, reuseMs: options.fallbackReuseMs ?? 60_000 });
  }

  private helperMissing(): WifiError {
    return new WifiError('WIFI_HELPER_UNAVAILABLE', 'Roamdesk’s Wi-Fi helper is not installed, and macOS shows network details only to an app with Location permission.', {
      hint: 'Reinstall Roamdesk; the helper ships inside the app bundle.',
    });
  }

  private async helper(args: string[], input?: string, timeoutMs = this.timeoutMs): Promise<ToolOutput> {
    if (!this.options.helperPath) throw this.helperMissing();
    try {
      return await runTool(this.options.runner, this.options.helperPath, args, { timeoutMs, ...(input !== undefined ? { input } : {}) });
    } catch (error) {
      if (isWifiError(error) && error.wifiCode === 'WIFI_COMMAND_NOT_FOUND') throw this.helperMissing();
      throw error;
    }
  }

  /** A helper reply with `error` → the matching coded error. */
  private throwHelperError(output: ToolOutput): void {
    const read = readHelperJson(output.text);
    if ('reason' in read) throw new WifiError('WIFI_OUTPUT_UNPARSEABLE', `The Wi-Fi helper answered with something else than its JSON: ${read.reason}`);
    const error = read.json.error;
    if (!error) return;
    if (error.code === 'locationDenied') {
      throw permissionError(requireParsed(parseCorewlanHelper(output.text)));
    }
    throw (HELPER_ERRORS[error.code] ?? ((message: string) => new WifiError('WIFI_COMMAND_FAILED', `The Wi-Fi helper failed: ${error.code} ${message}`)))(error.message ?? error.code);
  }

  private async helperScan(mode: ScanMode): Promise<Bss[]> {
    const output = await this.helper(['scan', ...(mode === 'cached' ? ['--cached'] : [])]);
    this.throwHelperError(output);
    return scanNetworks(parseCorewlanHelper(output.text));
  }

  private async profilerScan(): Promise<Bss[]> {
    // The outcome, error included, is kept for fallbackReuseMs: system_profiler takes seconds.
    const outcome = await this.fallback.get(() => this.runProfiler().catch((error: unknown) => {
      if (isWifiError(error)) return error;
      throw error;
    }));
    if (outcome instanceof WifiError) throw outcome;
    return outcome;
  }

  private async runProfiler(): Promise<Bss[]> {
    {
      const output = await runTool(this.options.runner, SYSTEM_PROFILER, ['SPAirPortDataType', '-json'], { timeoutMs: 30_000 });
      const parsed = requireParsed(parseSystemProfiler(output.text));
      if (parsed.radioOff) throw new WifiError('WIFI_RADIO_OFF', 'Wi-Fi is turned off.', { hint: 'Turn Wi-Fi on and scan again.' });
      if (parsed.networks.length === 0 && parsed.incomplete.length > 0) {
        // macOS 12+: names without BSSIDs (15.6+: not even names). Only the helper can do better.
        throw new WifiError('WIFI_HELPER_UNAVAILABLE', `macOS lists ${parsed.incomplete.length} networks without the details Roamdesk needs (${parsed.permission?.evidence ?? 'no BSSIDs'}).`, {
          hint: `Reinstall Roamdesk so its Wi-Fi helper is present, then allow it in ${parsed.permission?.settingsPath ?? 'System Settings › Privacy & Security › Location Services'}.`,
        });
      }
      return parsed.networks;
    }
  }

  async scan(): Promise<Bss[]> {
    if (!this.options.helperPath) return this.profilerScan();
    try {
      return await this.scans.get((mode) => this.helperScan(mode));
    } catch (error) {
      if (isWifiError(error) && error.wifiCode === 'WIFI_HELPER_UNAVAILABLE') return this.profilerScan();
      throw error;
    }
  }

  async currentLink(): Promise<Link | null> {
    const output = await this.helper(['link']);
    this.throwHelperError(output);
    const parsed = requireParsed(parseCorewlanHelper(output.text));
    const info = parsed.links[0];
    if (!info || info.state !== 'connected') return null;
    if (!info.bssid || info.ssidHex === null) throw permissionError(parsed);
    const key = `${info.bssid}|${info.ssidHex}`;
    if (!this.since.has(key)) {
      this.since.clear();
      this.since.set(key, new Date(this.options.clock.now()).toISOString());
    }
    return { bssid: info.bssid, ssidHex: info.ssidHex, associatedAt: this.since.get(key)! };
  }

  async associate(request: AssociateRequest): Promise<Link> {
    if (request.signal?.aborted) throw new RoamdeskError('CANCELLED', 'The connection was cancelled.');
    // The passphrase goes on stdin (one line), never argv; an empty line means "none".
    const output = await this.helper(['associate', '--bssid', request.bssid, '--ssid-hex', request.ssidHex], `${request.passphrase ?? ''}\n`, this.options.associateTimeoutMs ?? 40_000);
    this.throwHelperError(output);
    this.scans.invalidate();
    const info = requireParsed(parseCorewlanHelper(output.text)).links[0];
    if (!info || info.state !== 'connected' || !info.bssid || info.ssidHex === null) throw new RoamdeskError('ASSOCIATION_REJECTED', 'The Wi-Fi helper did not report a link after associating.');
    this.since.clear();
    const associatedAt = new Date(this.options.clock.now()).toISOString();
    this.since.set(`${info.bssid}|${info.ssidHex}`, associatedAt);
    return { bssid: info.bssid, ssidHex: info.ssidHex, associatedAt };
  }

  async disassociate(): Promise<void> {
    const output = await this.helper(['disassociate']);
    this.throwHelperError(output);
    this.since.clear();
    this.scans.invalidate();
  }
}
