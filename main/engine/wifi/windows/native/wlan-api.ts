/**
 * The Native Wifi API as the driver sees it: one method per wlanapi.dll call it uses, with
 * native memory handed back as the bytes of the returned structure (`WlanMemory`) for the
 * pure decoders in wlan-structs.ts. The koffi binding (wlanapi-binding.ts) implements it on
 * Windows; tests implement it with byte buffers. No koffi here.
 */
import { WifiError, type WifiErrorCode } from '../../wifi-error.js';

/** An open WlanOpenHandle client handle (opaque). */
export interface WlanHandle {
  readonly negotiatedVersion: number;
}

/** Memory the API allocated: its bytes (a copy), to be released with `freeMemory`. */
export interface WlanMemory {
  readonly bytes: Buffer;
}

export interface WlanConnectRequest {
  /** wlan_connection_mode_profile: the profile stored with WlanSetProfile. */
  profileName: string;
  /** DOT11_SSID bytes (0–32); may be empty for a hidden network's profile. */
  ssid: Buffer;
  /** The BSSIDs WlanConnect may use (DOT11_BSSID_LIST), colon form. */
  bssids: string[];
  /** DOT11_BSS_TYPE: 1 = infrastructure. */
  bssType: number;
}

export type ScanWaitOutcome = 'complete' | 'failed' | 'timeout';

export interface WlanApi {
  /** WlanOpenHandle(2, NULL, &version, &handle). */
  openHandle(): WlanHandle;
  /** WlanCloseHandle(handle, NULL). */
  closeHandle(handle: WlanHandle): void;
  /** WlanEnumInterfaces → WLAN_INTERFACE_INFO_LIST bytes. */
  enumInterfaces(handle: WlanHandle): WlanMemory;
  /** WlanScan(handle, guid, NULL, NULL, NULL): returns at once; results come later. */
  scan(handle: WlanHandle, interfaceGuid: Buffer): void;
  /** Resolves on wlan_notification_acm_scan_complete / _fail for the interface, or after `timeoutMs`. */
  waitForScan(handle: WlanHandle, interfaceGuid: Buffer, timeoutMs: number): Promise<ScanWaitOutcome>;
  /** WlanGetNetworkBssList(handle, guid, NULL, dot11_BSS_type_any, FALSE, NULL, &list) → WLAN_BSS_LIST bytes (dwTotalSize). */
  getNetworkBssList(handle: WlanHandle, interfaceGuid: Buffer): WlanMemory;
  /** WlanGetAvailableNetworkList(handle, guid, flags, NULL, &list) → WLAN_AVAILABLE_NETWORK_LIST bytes. */
  getAvailableNetworkList(handle: WlanHandle, interfaceGuid: Buffer, flags: number): WlanMemory;
  /** WlanQueryInterface(wlan_intf_opcode_current_connection) → WLAN_CONNECTION_ATTRIBUTES bytes; null when not connected. */
  queryCurrentConnection(handle: WlanHandle, interfaceGuid: Buffer): WlanMemory | null;
  /** WlanSetProfile(handle, guid, 0, xml, NULL, overwrite, NULL, &reason): the XML stays in memory. */
  setProfile(handle: WlanHandle, interfaceGuid: Buffer, profileXml: string, overwrite: boolean): void;
  /** WlanConnect with WLAN_CONNECTION_PARAMETERS (profile mode, SSID, DOT11_BSSID_LIST). Returns once queued. */
  connect(handle: WlanHandle, interfaceGuid: Buffer, request: WlanConnectRequest): void;
  /** WlanDisconnect(handle, guid, NULL). */
  disconnect(handle: WlanHandle, interfaceGuid: Buffer): void;
  /** WlanFreeMemory on the memory behind a WlanMemory. */
  freeMemory(memory: WlanMemory): void;
}

export const ERROR_SUCCESS = 0;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_SERVICE_NOT_ACTIVE = 1062;
export const ERROR_BAD_PROFILE = 1206;
export const ERROR_INVALID_STATE = 5023;
/** ERROR_NDIS_DOT11_POWER_STATE_INVALID: the radio is off. */
export const ERROR_NDIS_DOT11_POWER_STATE_INVALID = 0x80342002;

function codeFor(win32: number): { code: WifiErrorCode; hint?: string } {
  switch (win32) {
    case ERROR_ACCESS_DENIED:
      // Windows 11 24H2+: Wi-Fi scan/BSSID APIs need Location for desktop apps.
      return { code: 'WIFI_LOCATION_PERMISSION_REQUIRED', hint: 'Allow Location for desktop apps: ms-settings:privacy-location (Settings › Privacy & security › Location).' };
    case ERROR_NDIS_DOT11_POWER_STATE_INVALID:
      return { code: 'WIFI_RADIO_OFF', hint: 'Turn Wi-Fi on and try again.' };
    case ERROR_SERVICE_NOT_ACTIVE:
      return { code: 'WIFI_NO_INTERFACE', hint: 'The WLAN AutoConfig service is not running.' };
    default:
      return { code: 'WIFI_COMMAND_FAILED' };
  }
}

/** A wlanapi call returned something other than ERROR_SUCCESS. */
export class WlanCallError extends WifiError {
  constructor(
    readonly functionName: string,
    readonly win32Code: number,
    /** WLAN_REASON_CODE (WlanSetProfile's pdwReasonCode), when the call gives one. */
    readonly reasonCode?: number,
  ) {
    const mapped = codeFor(win32Code);
    const reason = reasonCode !== undefined && reasonCode !== 0 ? `, reason ${reasonCode}` : '';
    super(mapped.code, `${functionName} failed with Windows error ${win32Code} (0x${(win32Code >>> 0).toString(16)})${reason}.`, mapped.hint !== undefined ? { hint: mapped.hint } : undefined);
    this.name = 'WlanCallError';
  }
}

/** Throws a WlanCallError unless `result` is ERROR_SUCCESS. */
export function check(functionName: string, result: number, reasonCode?: number): void {
  if (result !== ERROR_SUCCESS) throw new WlanCallError(functionName, result >>> 0, reasonCode);
}
