/**
 * What can be checked of the koffi binding off Windows: it refuses to load (without importing
 * koffi) elsewhere; its prototypes say what wlanapi.h declares; koffi accepts them and lays
 * WLAN_CONNECTION_PARAMETERS out as on x64 Windows.
 */
import koffi from 'koffi';
import { describe, expect, it, vi } from 'vitest';
import { declareWlanTypes, loadWlanApi, WLANAPI_PROTOTYPES } from '../../main/engine/wifi/windows/native/wlanapi-binding.js';

// wlanapi.h, as documented (learn.microsoft.com/windows/win32/api/wlanapi/), with the binding's
// type mapping: DWORD/ULONG → uint32_t, HANDLE/PVOID → void *, BOOL/enum → int,
// LPCWSTR → const char16_t *, const GUID * / PDOT11_SSID / PWLAN_RAW_DATA → const void *.
const DOCUMENTED: Record<string, { result: string; params: [string, string][] }> = {
  WlanOpenHandle: { result: 'uint32_t', params: [['uint32_t', 'dwClientVersion'], ['void *', 'pReserved'], ['_Out_ uint32_t *', 'pdwNegotiatedVersion'], ['_Out_ void **', 'phClientHandle']] },
  WlanCloseHandle: { result: 'uint32_t', params: [['void *', 'hClientHandle'], ['void *', 'pReserved']] },
  WlanEnumInterfaces: { result: 'uint32_t', params: [['void *', 'hClientHandle'], ['void *', 'pReserved'], ['_Out_ void **', 'ppInterfaceList']] },
  WlanScan: { result: 'uint32_t', params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['const void *', 'pDot11Ssid'], ['const void *', 'pIeData'], ['void *', 'pReserved']] },
  WlanGetNetworkBssList: {
    result: 'uint32_t',
    params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['const void *', 'pDot11Ssid'], ['int', 'dot11BssType'], ['int', 'bSecurityEnabled'], ['void *', 'pReserved'], ['_Out_ void **', 'ppWlanBssList']],
  },
  WlanGetAvailableNetworkList: {
    result: 'uint32_t',
    params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['uint32_t', 'dwFlags'], ['void *', 'pReserved'], ['_Out_ void **', 'ppAvailableNetworkList']],
  },
  WlanQueryInterface: {
    result: 'uint32_t',
    params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['int', 'OpCode'], ['void *', 'pReserved'], ['_Out_ uint32_t *', 'pdwDataSize'], ['_Out_ void **', 'ppData'], ['_Out_ int *', 'pWlanOpcodeValueType']],
  },
  WlanSetProfile: {
    result: 'uint32_t',
    params: [
      ['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['uint32_t', 'dwFlags'], ['const char16_t *', 'strProfileXml'],
      ['const char16_t *', 'strAllUserProfileSecurity'], ['int', 'bOverwrite'], ['void *', 'pReserved'], ['_Out_ uint32_t *', 'pdwReasonCode'],
    ],
  },
  WlanConnect: { result: 'uint32_t', params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['const WLAN_CONNECTION_PARAMETERS *', 'pConnectionParameters'], ['void *', 'pReserved']] },
  WlanDisconnect: { result: 'uint32_t', params: [['void *', 'hClientHandle'], ['const void *', 'pInterfaceGuid'], ['void *', 'pReserved']] },
  WlanFreeMemory: { result: 'void', params: [['void *', 'pMemory']] },
  WlanRegisterNotification: {
    result: 'uint32_t',
    params: [
      ['void *', 'hClientHandle'], ['uint32_t', 'dwNotifSource'], ['int', 'bIgnoreDuplicate'], ['WLAN_NOTIFICATION_CALLBACK *', 'funcCallback'],
      ['void *', 'pCallbackContext'], ['void *', 'pReserved'], ['_Out_ uint32_t *', 'pdwPrevNotifSource'],
    ],
  },
};

function split(prototype: string) {
  const match = /^(\S+) __stdcall (\w+)\((.*)\)$/.exec(prototype);
  if (!match) throw new Error(`not a prototype: ${prototype}`);
  const params = match[3]!.split(', ').map((param) => {
    const m = /^(.*?)\s*(\w+)$/.exec(param)!;
    return [m[1]!.replace(/\s+\*/g, ' *').replace(/\*\s+\*/g, '**'), m[2]!] as [string, string];
  });
  return { name: match[2]!, result: match[1]!, params };
}

describe('loadWlanApi', () => {
  it.each(['linux', 'darwin'])('rejects on %s with WIFI_DRIVER_UNAVAILABLE without importing koffi', async (platform) => {
    const importKoffi = vi.fn(async () => koffi);
    await expect(loadWlanApi({ platform, importKoffi })).rejects.toMatchObject({ code: 'WIFI_DRIVER_UNAVAILABLE' });
    expect(importKoffi).not.toHaveBeenCalled();
  });

  it('rejects off Windows by default (this host)', async () => {
    if (process.platform === 'win32') return;
    await expect(loadWlanApi()).rejects.toMatchObject({ code: 'WIFI_DRIVER_UNAVAILABLE' });
  });

  it('turns a missing wlanapi.dll into WIFI_DRIVER_UNAVAILABLE', async () => {
    const load = vi.fn(() => {
      throw new Error('Failed to load shared library');
    });
    await expect(loadWlanApi({ platform: 'win32', importKoffi: async () => ({ default: { load } }) })).rejects.toMatchObject({ code: 'WIFI_DRIVER_UNAVAILABLE' });
    expect(load).toHaveBeenCalledWith('wlanapi.dll');
  });
});

describe('prototypes', () => {
  it('match the documented signatures, one for one', () => {
    expect(Object.keys(WLANAPI_PROTOTYPES).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    for (const [name, prototype] of Object.entries(WLANAPI_PROTOTYPES)) {
      const parsed = split(prototype);
      expect(parsed.name, prototype).toBe(name);
      expect({ result: parsed.result, params: parsed.params }, name).toEqual(DOCUMENTED[name]);
    }
  });

  it('are accepted by koffi, with the x64 WLAN_CONNECTION_PARAMETERS layout', () => {
    const types = declareWlanTypes(koffi);
    expect(declareWlanTypes(koffi)).toBe(types);
    for (const prototype of Object.values(WLANAPI_PROTOTYPES)) {
      const info = koffi.type(koffi.proto(prototype));
      expect(info.primitive, prototype).toBe('Prototype');
    }
    // Linux x64 and Windows x64 agree for these member types (4-byte int, 8-byte pointers).
    if (process.arch === 'x64' || process.arch === 'arm64') {
      expect(koffi.sizeof(types.connectionParameters)).toBe(40);
      expect(['wlanConnectionMode', 'strProfile', 'pDot11Ssid', 'pDesiredBssidList', 'dot11BssType', 'dwFlags'].map((m) => koffi.offsetof(types.connectionParameters, m))).toEqual([0, 8, 16, 24, 32, 36]);
    }
  });
});
