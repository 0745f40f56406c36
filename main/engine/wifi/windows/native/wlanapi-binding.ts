/**
 * wlanapi.dll through koffi. Loaded lazily: `loadWlanApi()` imports koffi only when called on
 * win32, so nothing native is touched on other platforms (or at module load anywhere).
 *
 * Each method is one documented call (wlanapi.h); native memory is copied into a Buffer
 * (`koffi.decode(ptr, 'uint8_t', n)`, a copy — Electron forbids external views) and handed to
 * the pure decoders in wlan-structs.ts; the pointer is kept for WlanFreeMemory. Pointers to
 * GUIDs, DOT11_SSIDs and DOT11_BSSID_LISTs are Buffers built by the pure encoders.
 *
 * This file cannot run off Windows; tests check its prototype strings and struct layout.
 */
import { RoamdeskError } from '../../../errors.js';
import { check, ERROR_INVALID_STATE, type ScanWaitOutcome, type WlanApi, type WlanConnectRequest, type WlanHandle, type WlanMemory } from './wlan-api.js';
import {
  DOT11_BSS_TYPE,
  decodeNotificationHeader,
  encodeDot11BssidList,
  encodeDot11Ssid,
  listByteLength,
  WLAN_NOTIFICATION_ACM_SCAN_COMPLETE,
  WLAN_NOTIFICATION_ACM_SCAN_FAIL,
  WLAN_NOTIFICATION_DATA,
  WLAN_NOTIFICATION_SOURCE_ACM,
} from './wlan-structs.js';

type Koffi = typeof import('koffi');

/** The calls, as koffi prototypes mapping the wlanapi.h declarations (HANDLE/PVOID → void *, DWORD/ULONG → uint32_t, enums/BOOL → int, LPCWSTR → const char16_t *, `const GUID *` etc. → Buffers). */
export const WLANAPI_PROTOTYPES = {
  WlanOpenHandle: 'uint32_t __stdcall WlanOpenHandle(uint32_t dwClientVersion, void *pReserved, _Out_ uint32_t *pdwNegotiatedVersion, _Out_ void **phClientHandle)',
  WlanCloseHandle: 'uint32_t __stdcall WlanCloseHandle(void *hClientHandle, void *pReserved)',
  WlanEnumInterfaces: 'uint32_t __stdcall WlanEnumInterfaces(void *hClientHandle, void *pReserved, _Out_ void **ppInterfaceList)',
  WlanScan: 'uint32_t __stdcall WlanScan(void *hClientHandle, const void *pInterfaceGuid, const void *pDot11Ssid, const void *pIeData, void *pReserved)',
  WlanGetNetworkBssList:
    'uint32_t __stdcall WlanGetNetworkBssList(void *hClientHandle, const void *pInterfaceGuid, const void *pDot11Ssid, int dot11BssType, int bSecurityEnabled, void *pReserved, _Out_ void **ppWlanBssList)',
  WlanGetAvailableNetworkList:
    'uint32_t __stdcall WlanGetAvailableNetworkList(void *hClientHandle, const void *pInterfaceGuid, uint32_t dwFlags, void *pReserved, _Out_ void **ppAvailableNetworkList)',
  WlanQueryInterface:
    'uint32_t __stdcall WlanQueryInterface(void *hClientHandle, const void *pInterfaceGuid, int OpCode, void *pReserved, _Out_ uint32_t *pdwDataSize, _Out_ void **ppData, _Out_ int *pWlanOpcodeValueType)',
  WlanSetProfile:
    'uint32_t __stdcall WlanSetProfile(void *hClientHandle, const void *pInterfaceGuid, uint32_t dwFlags, const char16_t *strProfileXml, const char16_t *strAllUserProfileSecurity, int bOverwrite, void *pReserved, _Out_ uint32_t *pdwReasonCode)',
  WlanConnect: 'uint32_t __stdcall WlanConnect(void *hClientHandle, const void *pInterfaceGuid, const WLAN_CONNECTION_PARAMETERS *pConnectionParameters, void *pReserved)',
  WlanDisconnect: 'uint32_t __stdcall WlanDisconnect(void *hClientHandle, const void *pInterfaceGuid, void *pReserved)',
  WlanFreeMemory: 'void __stdcall WlanFreeMemory(void *pMemory)',
  WlanRegisterNotification:
    'uint32_t __stdcall WlanRegisterNotification(void *hClientHandle, uint32_t dwNotifSource, int bIgnoreDuplicate, WLAN_NOTIFICATION_CALLBACK *funcCallback, void *pCallbackContext, void *pReserved, _Out_ uint32_t *pdwPrevNotifSource)',
} as const;

export type WlanFunctionName = keyof typeof WLANAPI_PROTOTYPES;

/** WLAN_API_VERSION_2_0 (Vista and later). */
export const WLAN_CLIENT_VERSION = 2;
/** wlan_intf_opcode_current_connection */
export const WLAN_INTF_OPCODE_CURRENT_CONNECTION = 7;
/** wlan_connection_mode_profile */
export const WLAN_CONNECTION_MODE_PROFILE = 0;
/** Upper bound on a list the binding copies (a dwTotalSize beyond it is not trusted). */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;

export interface WlanTypes {
  /** WLAN_CONNECTION_PARAMETERS (x64: 40 bytes; mode 0, strProfile 8, pDot11Ssid 16, pDesiredBssidList 24, dot11BssType 32, dwFlags 36). */
  connectionParameters: ReturnType<Koffi['struct']>;
  /** void WINAPI WLAN_NOTIFICATION_CALLBACK(PWLAN_NOTIFICATION_DATA, PVOID). */
  notificationCallback: ReturnType<Koffi['proto']>;
}

const declared = new WeakMap<object, WlanTypes>();

/** Declares the named koffi types the prototypes use (once per koffi instance: names are global). */
export function declareWlanTypes(koffi: Pick<Koffi, 'struct' | 'proto'>): WlanTypes {
  const known = declared.get(koffi);
  if (known) return known;
  const types: WlanTypes = {
    connectionParameters: koffi.struct('WLAN_CONNECTION_PARAMETERS', {
      wlanConnectionMode: 'int',
      strProfile: 'const char16_t *',
      pDot11Ssid: 'const void *',
      pDesiredBssidList: 'const void *',
      dot11BssType: 'int',
      dwFlags: 'uint32_t',
    }),
    notificationCallback: koffi.proto('void __stdcall WLAN_NOTIFICATION_CALLBACK(const void *pNotificationData, void *pContext)'),
  };
  declared.set(koffi, types);
  return types;
}

export interface LoadWlanApiOptions {
  platform?: NodeJS.Platform | string;
  /** How koffi is imported (tests replace it to prove it is not called off Windows). */
  importKoffi?: () => Promise<unknown>;
}

let loaded: Promise<WlanApi> | undefined;

/** The binding, or WIFI_DRIVER_UNAVAILABLE when not on Windows or wlanapi.dll cannot be loaded. */
export async function loadWlanApi(options: LoadWlanApiOptions = {}): Promise<WlanApi> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') {
    throw new RoamdeskError('WIFI_DRIVER_UNAVAILABLE', `The Native Wifi API (wlanapi.dll) exists only on Windows, not on ${platform}.`);
  }
  if (options.importKoffi) return bind(await options.importKoffi());
  loaded ??= import('koffi').then(bind).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

function bind(module: unknown): WlanApi {
  const koffi = ((module as { default?: Koffi }).default ?? module) as Koffi;
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = koffi.load('wlanapi.dll');
  } catch (error) {
    throw new RoamdeskError('WIFI_DRIVER_UNAVAILABLE', 'wlanapi.dll could not be loaded (is the WLAN AutoConfig feature installed?).', { cause: error });
  }
  return new KoffiWlanApi(koffi, lib);
}

interface NativeHandle extends WlanHandle {
  readonly pointer: unknown;
  callback?: unknown;
}
interface NativeMemory extends WlanMemory {
  readonly pointer: unknown;
}
type Waiter = { guid: string; resolve: (outcome: ScanWaitOutcome) => void };

class KoffiWlanApi implements WlanApi {
  private readonly fn: Record<WlanFunctionName, (...args: unknown[]) => unknown>;
  private readonly types: WlanTypes;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly koffi: Koffi,
    lib: ReturnType<Koffi['load']>,
  ) {
    this.types = declareWlanTypes(koffi);
    this.fn = Object.fromEntries(Object.entries(WLANAPI_PROTOTYPES).map(([name, prototype]) => [name, lib.func(prototype)])) as unknown as typeof this.fn;
  }

  private copy(pointer: unknown, length: number): Buffer {
    return Buffer.from(this.koffi.decode(pointer, 'uint8_t', length) as Uint8Array);
  }

  private memory(pointer: unknown, length: number): NativeMemory {
    return { pointer, bytes: this.copy(pointer, length) };
  }

  openHandle(): WlanHandle {
    const version = [0];
    const handle = [null];
    check('WlanOpenHandle', this.fn.WlanOpenHandle(WLAN_CLIENT_VERSION, null, version, handle) as number);
    const native: NativeHandle = { negotiatedVersion: version[0]!, pointer: handle[0] };
    // Scan-complete notifications (ACM source) come on a system thread; koffi queues them to the JS thread.
    native.callback = this.koffi.register((data: unknown) => this.onNotification(data), this.koffi.pointer(this.types.notificationCallback));
    check('WlanRegisterNotification', this.fn.WlanRegisterNotification(native.pointer, WLAN_NOTIFICATION_SOURCE_ACM, 1, native.callback, null, null, [0]) as number);
    return native;
  }

  private onNotification(data: unknown): void {
    const header = decodeNotificationHeader(this.copy(data, WLAN_NOTIFICATION_DATA.size));
    if (header.source !== WLAN_NOTIFICATION_SOURCE_ACM) return;
    const outcome = header.code === WLAN_NOTIFICATION_ACM_SCAN_COMPLETE ? 'complete' : header.code === WLAN_NOTIFICATION_ACM_SCAN_FAIL ? 'failed' : undefined;
    if (!outcome) return;
    const guid = header.interfaceGuid.toString('hex');
    for (const waiter of [...this.waiters]) if (waiter.guid === guid) waiter.resolve(outcome);
  }

  closeHandle(handle: WlanHandle): void {
    const native = handle as NativeHandle;
    check('WlanCloseHandle', this.fn.WlanCloseHandle(native.pointer, null) as number);
    if (native.callback !== undefined) this.koffi.unregister(native.callback as bigint);
  }

  enumInterfaces(handle: WlanHandle): WlanMemory {
    const out = [null];
    check('WlanEnumInterfaces', this.fn.WlanEnumInterfaces((handle as NativeHandle).pointer, null, out) as number);
    const count = this.koffi.decode(out[0], 'uint32_t') as number;
    return this.memory(out[0], Math.min(MAX_LIST_BYTES, listByteLength('interfaces', count)));
  }

  scan(handle: WlanHandle, interfaceGuid: Buffer): void {
    check('WlanScan', this.fn.WlanScan((handle as NativeHandle).pointer, interfaceGuid, null, null, null) as number);
  }

  waitForScan(_handle: WlanHandle, interfaceGuid: Buffer, timeoutMs: number): Promise<ScanWaitOutcome> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        guid: interfaceGuid.toString('hex'),
        resolve: (outcome) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(outcome);
        },
      };
      const timer = setTimeout(() => waiter.resolve('timeout'), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  getNetworkBssList(handle: WlanHandle, interfaceGuid: Buffer): WlanMemory {
    const out = [null];
    check('WlanGetNetworkBssList', this.fn.WlanGetNetworkBssList((handle as NativeHandle).pointer, interfaceGuid, null, DOT11_BSS_TYPE.any, 0, null, out) as number);
    const totalSize = this.koffi.decode(out[0], 'uint32_t') as number;
    return this.memory(out[0], Math.min(MAX_LIST_BYTES, totalSize));
  }

  getAvailableNetworkList(handle: WlanHandle, interfaceGuid: Buffer, flags: number): WlanMemory {
    const out = [null];
    check('WlanGetAvailableNetworkList', this.fn.WlanGetAvailableNetworkList((handle as NativeHandle).pointer, interfaceGuid, flags, null, out) as number);
    const count = this.koffi.decode(out[0], 'uint32_t') as number;
    return this.memory(out[0], Math.min(MAX_LIST_BYTES, listByteLength('available-networks', count)));
  }

  queryCurrentConnection(handle: WlanHandle, interfaceGuid: Buffer): WlanMemory | null {
    const size = [0];
    const out = [null];
    const result = this.fn.WlanQueryInterface((handle as NativeHandle).pointer, interfaceGuid, WLAN_INTF_OPCODE_CURRENT_CONNECTION, null, size, out, [0]) as number;
    if (result === ERROR_INVALID_STATE) return null; // not connected
    check('WlanQueryInterface', result);
    return this.memory(out[0], size[0]!);
  }

  setProfile(handle: WlanHandle, interfaceGuid: Buffer, profileXml: string, overwrite: boolean): void {
    const reason = [0];
    const result = this.fn.WlanSetProfile((handle as NativeHandle).pointer, interfaceGuid, 0, profileXml, null, overwrite ? 1 : 0, null, reason) as number;
    check('WlanSetProfile', result, reason[0]);
  }

  connect(handle: WlanHandle, interfaceGuid: Buffer, request: WlanConnectRequest): void {
    const parameters = {
      wlanConnectionMode: WLAN_CONNECTION_MODE_PROFILE,
      strProfile: request.profileName,
      pDot11Ssid: encodeDot11Ssid(request.ssid),
      pDesiredBssidList: encodeDot11BssidList(request.bssids),
      dot11BssType: request.bssType,
      dwFlags: 0,
    };
    check('WlanConnect', this.fn.WlanConnect((handle as NativeHandle).pointer, interfaceGuid, parameters, null) as number);
  }

  disconnect(handle: WlanHandle, interfaceGuid: Buffer): void {
    check('WlanDisconnect', this.fn.WlanDisconnect((handle as NativeHandle).pointer, interfaceGuid, null) as number);
  }

  freeMemory(memory: WlanMemory): void {
    this.fn.WlanFreeMemory((memory as NativeMemory).pointer);
  }
}
