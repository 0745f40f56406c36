/**
 * Pure decoders for the Native Wifi API's (wlanapi.dll) structures, over Buffers holding the
 * bytes the API returned (the koffi binding copies them out of native memory; tests build
 * them by hand). No koffi import here: this module runs and is tested on every platform.
 *
 * Layouts are the x64 Windows ones from wlanapi.h / windot11.h (natural C alignment:
 * ULONG/DWORD/LONG/enum/BOOL 4 bytes, USHORT 2, UCHAR/BOOLEAN 1, ULONGLONG and pointers 8,
 * WCHAR 2; a struct aligns to its largest member; arrays of structs are padded to that).
 * Every offset below is derived from the C declaration, and the sizes reproduce the
 * documented ones: WLAN_INTERFACE_INFO 532, WLAN_BSS_ENTRY 360, WLAN_AVAILABLE_NETWORK 628,
 * WLAN_CONNECTION_ATTRIBUTES 604, WLAN_NOTIFICATION_DATA 40 (see docs/wifi-drivers.md).
 *
 * Every read is bounds-checked: a count or offset pointing past the buffer is a
 * `WlanDecodeError` (code WIFI_OUTPUT_UNPARSEABLE), never a read beyond it.
 */
import type { PhyStandard, Security } from '../../../../../preload/contract.js';
import { type Bss, bandOfFrequency, channelOfFrequency, normaliseBssid, ssidFromHex } from '../../bss.js';
import { WifiError } from '../../wifi-error.js';

export class WlanDecodeError extends WifiError {
  constructor(
    readonly structure: string,
    readonly detail: string,
  ) {
    super('WIFI_OUTPUT_UNPARSEABLE', `The Native Wifi ${structure} is malformed: ${detail}.`);
    this.name = 'WlanDecodeError';
  }
}

/** DOT11_SSID { ULONG uSSIDLength; UCHAR ucSSID[32]; } — 36 bytes, align 4. */
export const DOT11_SSID = { uSSIDLength: 0, ucSSID: 4, size: 36, maxLength: 32 } as const;

/** WLAN_INTERFACE_INFO { GUID InterfaceGuid; WCHAR strInterfaceDescription[256]; WLAN_INTERFACE_STATE isState; } */
export const WLAN_INTERFACE_INFO = { InterfaceGuid: 0, strInterfaceDescription: 16, isState: 528, size: 532 } as const;
/** WLAN_INTERFACE_INFO_LIST { DWORD dwNumberOfItems; DWORD dwIndex; WLAN_INTERFACE_INFO InterfaceInfo[1]; } */
export const WLAN_INTERFACE_INFO_LIST = { dwNumberOfItems: 0, dwIndex: 4, InterfaceInfo: 8 } as const;

/**
 * WLAN_BSS_ENTRY, 360 bytes, align 8 (two ULONGLONGs):
 *   0 DOT11_SSID dot11Ssid (36)        36 ULONG uPhyId               40 DOT11_MAC_ADDRESS dot11Bssid (6)
 *  48 DOT11_BSS_TYPE (46→48 pad)       52 DOT11_PHY_TYPE             56 LONG lRssi (dBm)
 *  60 ULONG uLinkQuality               64 BOOLEAN bInRegDomain       66 USHORT usBeaconPeriod
 *  72 ULONGLONG ullTimestamp (68→72)   80 ULONGLONG ullHostTimestamp 88 USHORT usCapabilityInformation
 *  92 ULONG ulChCenterFrequency (kHz, 90→92)
 *  96 WLAN_RATE_SET { ULONG uRateSetLength; USHORT usRateSet[126]; } (256)
 * 352 ULONG ulIeOffset (from the start of this entry)   356 ULONG ulIeSize   → 360
 */
export const WLAN_BSS_ENTRY = {
  dot11Ssid: 0,
  uPhyId: 36,
  dot11Bssid: 40,
  dot11BssType: 48,
  dot11BssPhyType: 52,
  lRssi: 56,
  uLinkQuality: 60,
  bInRegDomain: 64,
  usBeaconPeriod: 66,
  ullTimestamp: 72,
  ullHostTimestamp: 80,
  usCapabilityInformation: 88,
  ulChCenterFrequency: 92,
  wlanRateSet: 96,
  usRateSet: 100,
  ulIeOffset: 352,
  ulIeSize: 356,
  size: 360,
} as const;
/** WLAN_BSS_LIST { DWORD dwTotalSize; DWORD dwNumberOfItems; WLAN_BSS_ENTRY wlanBssEntries[1]; } (entries at 8: 8-aligned) */
export const WLAN_BSS_LIST = { dwTotalSize: 0, dwNumberOfItems: 4, wlanBssEntries: 8 } as const;

/**
 * WLAN_AVAILABLE_NETWORK, 628 bytes, align 4:
 *   0 WCHAR strProfileName[256]   512 DOT11_SSID dot11Ssid      548 DOT11_BSS_TYPE dot11BssType
 * 552 ULONG uNumberOfBssids       556 BOOL bNetworkConnectable  560 WLAN_REASON_CODE wlanNotConnectableReason
 * 564 ULONG uNumberOfPhyTypes     568 DOT11_PHY_TYPE dot11PhyTypes[8]   600 BOOL bMorePhyTypes
 * 604 WLAN_SIGNAL_QUALITY         608 BOOL bSecurityEnabled     612 DOT11_AUTH_ALGORITHM
 * 616 DOT11_CIPHER_ALGORITHM      620 DWORD dwFlags             624 DWORD dwReserved   → 628
 */
export const WLAN_AVAILABLE_NETWORK = {
  strProfileName: 0,
  dot11Ssid: 512,
  dot11BssType: 548,
  uNumberOfBssids: 552,
  bNetworkConnectable: 556,
  wlanNotConnectableReason: 560,
  uNumberOfPhyTypes: 564,
  dot11PhyTypes: 568,
  bMorePhyTypes: 600,
  wlanSignalQuality: 604,
  bSecurityEnabled: 608,
  dot11DefaultAuthAlgorithm: 612,
  dot11DefaultCipherAlgorithm: 616,
  dwFlags: 620,
  dwReserved: 624,
  size: 628,
} as const;
/** WLAN_AVAILABLE_NETWORK_LIST { DWORD dwNumberOfItems; DWORD dwIndex; WLAN_AVAILABLE_NETWORK Network[1]; } */
export const WLAN_AVAILABLE_NETWORK_LIST = { dwNumberOfItems: 0, dwIndex: 4, Network: 8 } as const;

/**
 * WLAN_CONNECTION_ATTRIBUTES, 604 bytes: 0 isState, 4 wlanConnectionMode, 8 WCHAR strProfileName[256],
 * 520 WLAN_ASSOCIATION_ATTRIBUTES { +0 DOT11_SSID, +36 DOT11_BSS_TYPE, +40 dot11Bssid[6],
 * +48 DOT11_PHY_TYPE, +52 uDot11PhyIndex, +56 wlanSignalQuality, +60 ulRxRate, +64 ulTxRate } (68),
 * 588 WLAN_SECURITY_ATTRIBUTES { +0 bSecurityEnabled, +4 bOneXEnabled, +8 auth, +12 cipher } (16).
 */
export const WLAN_CONNECTION_ATTRIBUTES = {
  isState: 0,
  wlanConnectionMode: 4,
  strProfileName: 8,
  dot11Ssid: 520,
  dot11BssType: 556,
  dot11Bssid: 560,
  dot11PhyType: 568,
  uDot11PhyIndex: 572,
  wlanSignalQuality: 576,
  ulRxRate: 580,
  ulTxRate: 584,
  bSecurityEnabled: 588,
  bOneXEnabled: 592,
  dot11AuthAlgorithm: 596,
  dot11CipherAlgorithm: 600,
  size: 604,
} as const;

/** WLAN_NOTIFICATION_DATA { DWORD NotificationSource; DWORD NotificationCode; GUID InterfaceGuid; DWORD dwDataSize; PVOID pData; } — 40 bytes on x64. */
export const WLAN_NOTIFICATION_DATA = { NotificationSource: 0, NotificationCode: 4, InterfaceGuid: 8, dwDataSize: 24, pData: 32, size: 40 } as const;

/**
 * DOT11_BSSID_LIST { NDIS_OBJECT_HEADER Header {UCHAR Type; UCHAR Revision; USHORT Size};
 * ULONG uNumOfEntries; ULONG uTotalNumOfEntries; DOT11_MAC_ADDRESS BSSIDs[1]; } — header 12,
 * then 6 bytes per BSSID; sizeof with one entry is 20 (18 padded to align 4).
 */
export const DOT11_BSSID_LIST = { Header: 0, uNumOfEntries: 4, uTotalNumOfEntries: 8, BSSIDs: 12 } as const;
export const NDIS_OBJECT_TYPE_DEFAULT = 0x80;
export const DOT11_BSSID_LIST_REVISION_1 = 1;

export const WLAN_INTERFACE_STATES = [
  'not_ready',
  'connected',
  'ad_hoc_network_formed',
  'disconnecting',
  'disconnected',
  'associating',
  'discovering',
  'authenticating',
] as const;
export type WlanInterfaceState = (typeof WLAN_INTERFACE_STATES)[number] | 'unknown';

/** DOT11_BSS_TYPE */
export const DOT11_BSS_TYPE = { infrastructure: 1, independent: 2, any: 3 } as const;
/** DOT11_PHY_TYPE (windot11.h) */
export const DOT11_PHY_TYPE = { any: 0, fhss: 1, dsss: 2, irbaseband: 3, ofdm: 4, hrdsss: 5, erp: 6, ht: 7, vht: 8, dmg: 9, he: 10, eht: 11 } as const;
/** WLAN_NOTIFICATION_SOURCE_ACM and the ACM codes for a finished scan. */
export const WLAN_NOTIFICATION_SOURCE_ACM = 0x8;
export const WLAN_NOTIFICATION_ACM_SCAN_COMPLETE = 7;
export const WLAN_NOTIFICATION_ACM_SCAN_FAIL = 8;

// ---------------------------------------------------------------------------------------------
// Bounds-checked reading

function need(buffer: Buffer, structure: string, offset: number, length: number, what: string): void {
  if (!Number.isInteger(offset) || offset < 0 || length < 0 || offset + length > buffer.length) {
    throw new WlanDecodeError(structure, `${what} needs bytes ${offset}..${offset + length} but the buffer has ${buffer.length}`);
  }
}

function u8(buffer: Buffer, structure: string, offset: number, what: string): number {
  need(buffer, structure, offset, 1, what);
  return buffer.readUInt8(offset);
}
function u16(buffer: Buffer, structure: string, offset: number, what: string): number {
  need(buffer, structure, offset, 2, what);
  return buffer.readUInt16LE(offset);
}
function u32(buffer: Buffer, structure: string, offset: number, what: string): number {
  need(buffer, structure, offset, 4, what);
  return buffer.readUInt32LE(offset);
}
function i32(buffer: Buffer, structure: string, offset: number, what: string): number {
  need(buffer, structure, offset, 4, what);
  return buffer.readInt32LE(offset);
}
function u64(buffer: Buffer, structure: string, offset: number, what: string): bigint {
  need(buffer, structure, offset, 8, what);
  return buffer.readBigUInt64LE(offset);
}
function bytes(buffer: Buffer, structure: string, offset: number, length: number, what: string): Buffer {
  need(buffer, structure, offset, length, what);
  return Buffer.from(buffer.subarray(offset, offset + length));
}

/** A NUL-terminated WCHAR[n] field (UTF-16LE). */
function wchars(buffer: Buffer, structure: string, offset: number, count: number, what: string): string {
  const raw = bytes(buffer, structure, offset, count * 2, what);
  let end = 0;
  while (end < raw.length && (raw[end] !== 0 || raw[end + 1] !== 0)) end += 2;
  return raw.subarray(0, end).toString('utf16le');
}

function ssidAt(buffer: Buffer, structure: string, offset: number): Buffer {
  const length = u32(buffer, structure, offset + DOT11_SSID.uSSIDLength, 'DOT11_SSID.uSSIDLength');
  if (length > DOT11_SSID.maxLength) throw new WlanDecodeError(structure, `uSSIDLength is ${length}, more than 32`);
  need(buffer, structure, offset, DOT11_SSID.size, 'DOT11_SSID');
  return bytes(buffer, structure, offset + DOT11_SSID.ucSSID, length, 'DOT11_SSID.ucSSID');
}

function macAt(buffer: Buffer, structure: string, offset: number): string {
  return [...bytes(buffer, structure, offset, 6, 'DOT11_MAC_ADDRESS')].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A count of fixed-size items after a header must fit the buffer, checked before any item is read. */
function checkCount(buffer: Buffer, structure: string, first: number, count: number, size: number): void {
  if (count > Math.floor(Math.max(0, buffer.length - first) / size)) {
    throw new WlanDecodeError(structure, `dwNumberOfItems is ${count} but the buffer holds ${Math.floor(Math.max(0, buffer.length - first) / size)} items of ${size} bytes`);
  }
}

// ---------------------------------------------------------------------------------------------
// GUIDs

/** GUID { DWORD Data1; WORD Data2; WORD Data3; BYTE Data4[8]; } → `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (lower case). */
export function guidToString(guid: Buffer): string {
  if (guid.length !== 16) throw new WlanDecodeError('GUID', `it has ${guid.length} bytes, not 16`);
  const hex = (b: Buffer) => b.toString('hex');
  const d1 = guid.readUInt32LE(0).toString(16).padStart(8, '0');
  const d2 = guid.readUInt16LE(4).toString(16).padStart(4, '0');
  const d3 = guid.readUInt16LE(6).toString(16).padStart(4, '0');
  return `{${d1}-${d2}-${d3}-${hex(guid.subarray(8, 10))}-${hex(guid.subarray(10, 16))}}`;
}

export function guidFromString(text: string): Buffer {
  const match = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(text.trim());
  if (!match) throw new WlanDecodeError('GUID', `"${text}" is not a GUID`);
  const guid = Buffer.alloc(16);
  guid.writeUInt32LE(parseInt(match[1]!, 16), 0);
  guid.writeUInt16LE(parseInt(match[2]!, 16), 4);
  guid.writeUInt16LE(parseInt(match[3]!, 16), 6);
  Buffer.from(match[4]! + match[5]!, 'hex').copy(guid, 8);
  return guid;
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface WlanInterface {
  guid: Buffer;
  guidText: string;
  description: string;
  state: WlanInterfaceState;
}

export interface WlanInterfaceList {
  index: number;
  interfaces: WlanInterface[];
}

function interfaceState(value: number): WlanInterfaceState {
  return WLAN_INTERFACE_STATES[value] ?? 'unknown';
}

export function decodeInterfaceList(buffer: Buffer): WlanInterfaceList {
  const S = 'WLAN_INTERFACE_INFO_LIST';
  const count = u32(buffer, S, WLAN_INTERFACE_INFO_LIST.dwNumberOfItems, 'dwNumberOfItems');
  const index = u32(buffer, S, WLAN_INTERFACE_INFO_LIST.dwIndex, 'dwIndex');
  checkCount(buffer, S, WLAN_INTERFACE_INFO_LIST.InterfaceInfo, count, WLAN_INTERFACE_INFO.size);
  const interfaces: WlanInterface[] = [];
  for (let i = 0; i < count; i++) {
    const at = WLAN_INTERFACE_INFO_LIST.InterfaceInfo + i * WLAN_INTERFACE_INFO.size;
    const guid = bytes(buffer, S, at + WLAN_INTERFACE_INFO.InterfaceGuid, 16, 'InterfaceGuid');
    interfaces.push({
      guid,
      guidText: guidToString(guid),
      description: wchars(buffer, S, at + WLAN_INTERFACE_INFO.strInterfaceDescription, 256, 'strInterfaceDescription'),
      state: interfaceState(u32(buffer, S, at + WLAN_INTERFACE_INFO.isState, 'isState')),
    });
  }
  return { index, interfaces };
}

export interface WlanBssEntry {
  ssid: Buffer;
  phyId: number;
  bssid: string;
  bssType: number;
  phyType: number;
  rssiDbm: number;
  linkQuality: number;
  inRegDomain: boolean;
  beaconPeriod: number;
  timestamp: bigint;
  hostTimestamp: bigint;
  capabilityInformation: number;
  centerFrequencyKhz: number;
  /** Rates in units of 500 kbit/s, the basic-rate bit (0x8000) kept. */
  rates: number[];
  ies: Buffer;
}

export function decodeBssList(buffer: Buffer): WlanBssEntry[] {
  const S = 'WLAN_BSS_LIST';
  const totalSize = u32(buffer, S, WLAN_BSS_LIST.dwTotalSize, 'dwTotalSize');
  const count = u32(buffer, S, WLAN_BSS_LIST.dwNumberOfItems, 'dwNumberOfItems');
  if (totalSize > buffer.length) throw new WlanDecodeError(S, `dwTotalSize is ${totalSize} but the buffer has ${buffer.length} bytes`);
  const list = buffer.subarray(0, Math.max(totalSize, WLAN_BSS_LIST.wlanBssEntries));
  checkCount(list, S, WLAN_BSS_LIST.wlanBssEntries, count, WLAN_BSS_ENTRY.size);
  const entries: WlanBssEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = WLAN_BSS_LIST.wlanBssEntries + i * WLAN_BSS_ENTRY.size;
    const E = `${S} entry ${i}`;
    const rateCount = u32(list, E, at + WLAN_BSS_ENTRY.wlanRateSet, 'uRateSetLength');
    // uRateSetLength counts bytes (two per USHORT rate), at most 126 rates.
    const rateItems = Math.floor(rateCount / 2);
    if (rateItems > 126) throw new WlanDecodeError(E, `uRateSetLength is ${rateCount}, more than 252 bytes`);
    const rates: number[] = [];
    for (let r = 0; r < rateItems; r++) rates.push(u16(list, E, at + WLAN_BSS_ENTRY.usRateSet + r * 2, 'usRateSet'));
    const ieOffset = u32(list, E, at + WLAN_BSS_ENTRY.ulIeOffset, 'ulIeOffset');
    const ieSize = u32(list, E, at + WLAN_BSS_ENTRY.ulIeSize, 'ulIeSize');
    if (ieSize > 0 && ieOffset < WLAN_BSS_ENTRY.size) {
      throw new WlanDecodeError(E, `ulIeOffset ${ieOffset} points inside the entry's own fields`);
    }
    if (at + ieOffset + ieSize > list.length) {
      throw new WlanDecodeError(E, `the IEs (ulIeOffset ${ieOffset}, ulIeSize ${ieSize}) end at ${at + ieOffset + ieSize}, past the list's ${list.length} bytes`);
    }
    entries.push({
      ssid: ssidAt(list, E, at + WLAN_BSS_ENTRY.dot11Ssid),
      phyId: u32(list, E, at + WLAN_BSS_ENTRY.uPhyId, 'uPhyId'),
      bssid: macAt(list, E, at + WLAN_BSS_ENTRY.dot11Bssid),
      bssType: u32(list, E, at + WLAN_BSS_ENTRY.dot11BssType, 'dot11BssType'),
      phyType: u32(list, E, at + WLAN_BSS_ENTRY.dot11BssPhyType, 'dot11BssPhyType'),
      rssiDbm: i32(list, E, at + WLAN_BSS_ENTRY.lRssi, 'lRssi'),
      linkQuality: u32(list, E, at + WLAN_BSS_ENTRY.uLinkQuality, 'uLinkQuality'),
      inRegDomain: u8(list, E, at + WLAN_BSS_ENTRY.bInRegDomain, 'bInRegDomain') !== 0,
      beaconPeriod: u16(list, E, at + WLAN_BSS_ENTRY.usBeaconPeriod, 'usBeaconPeriod'),
      timestamp: u64(list, E, at + WLAN_BSS_ENTRY.ullTimestamp, 'ullTimestamp'),
      hostTimestamp: u64(list, E, at + WLAN_BSS_ENTRY.ullHostTimestamp, 'ullHostTimestamp'),
      capabilityInformation: u16(list, E, at + WLAN_BSS_ENTRY.usCapabilityInformation, 'usCapabilityInformation'),
      centerFrequencyKhz: u32(list, E, at + WLAN_BSS_ENTRY.ulChCenterFrequency, 'ulChCenterFrequency'),
      rates,
      ies: bytes(list, E, at + ieOffset, ieSize, 'IE blob'),
    });
  }
  return entries;
}

export interface WlanAvailableNetwork {
  profileName: string;
  ssid: Buffer;
  bssType: number;
  numberOfBssids: number;
  connectable: boolean;
  notConnectableReason: number;
  phyTypes: number[];
  morePhyTypes: boolean;
  signalQuality: number;
  securityEnabled: boolean;
  authAlgorithm: number;
  cipherAlgorithm: number;
  flags: number;
}

export interface WlanAvailableNetworkList {
  index: number;
  networks: WlanAvailableNetwork[];
}

export function decodeAvailableNetworkList(buffer: Buffer): WlanAvailableNetworkList {
  const S = 'WLAN_AVAILABLE_NETWORK_LIST';
  const N = WLAN_AVAILABLE_NETWORK;
  const count = u32(buffer, S, WLAN_AVAILABLE_NETWORK_LIST.dwNumberOfItems, 'dwNumberOfItems');
  const index = u32(buffer, S, WLAN_AVAILABLE_NETWORK_LIST.dwIndex, 'dwIndex');
  checkCount(buffer, S, WLAN_AVAILABLE_NETWORK_LIST.Network, count, N.size);
  const networks: WlanAvailableNetwork[] = [];
  for (let i = 0; i < count; i++) {
    const at = WLAN_AVAILABLE_NETWORK_LIST.Network + i * N.size;
    const phyCount = u32(buffer, S, at + N.uNumberOfPhyTypes, 'uNumberOfPhyTypes');
    if (phyCount > 8) throw new WlanDecodeError(S, `uNumberOfPhyTypes is ${phyCount}, more than 8`);
    const phyTypes: number[] = [];
    for (let p = 0; p < phyCount; p++) phyTypes.push(u32(buffer, S, at + N.dot11PhyTypes + p * 4, 'dot11PhyTypes'));
    networks.push({
      profileName: wchars(buffer, S, at + N.strProfileName, 256, 'strProfileName'),
      ssid: ssidAt(buffer, S, at + N.dot11Ssid),
      bssType: u32(buffer, S, at + N.dot11BssType, 'dot11BssType'),
      numberOfBssids: u32(buffer, S, at + N.uNumberOfBssids, 'uNumberOfBssids'),
      connectable: u32(buffer, S, at + N.bNetworkConnectable, 'bNetworkConnectable') !== 0,
      notConnectableReason: u32(buffer, S, at + N.wlanNotConnectableReason, 'wlanNotConnectableReason'),
      phyTypes,
      morePhyTypes: u32(buffer, S, at + N.bMorePhyTypes, 'bMorePhyTypes') !== 0,
      signalQuality: u32(buffer, S, at + N.wlanSignalQuality, 'wlanSignalQuality'),
      securityEnabled: u32(buffer, S, at + N.bSecurityEnabled, 'bSecurityEnabled') !== 0,
      authAlgorithm: u32(buffer, S, at + N.dot11DefaultAuthAlgorithm, 'dot11DefaultAuthAlgorithm'),
      cipherAlgorithm: u32(buffer, S, at + N.dot11DefaultCipherAlgorithm, 'dot11DefaultCipherAlgorithm'),
      flags: u32(buffer, S, at + N.dwFlags, 'dwFlags'),
    });
  }
  return { index, networks };
}

export interface WlanConnectionAttributes {
  state: WlanInterfaceState;
  connectionMode: number;
  profileName: string;
  ssid: Buffer;
  bssType: number;
  bssid: string;
  phyType: number;
  signalQuality: number;
  rxRateKbps: number;
  txRateKbps: number;
  securityEnabled: boolean;
  oneXEnabled: boolean;
  authAlgorithm: number;
  cipherAlgorithm: number;
}

export function decodeConnectionAttributes(buffer: Buffer): WlanConnectionAttributes {
  const S = 'WLAN_CONNECTION_ATTRIBUTES';
  const C = WLAN_CONNECTION_ATTRIBUTES;
  need(buffer, S, 0, C.size, 'the structure');
  return {
    state: interfaceState(u32(buffer, S, C.isState, 'isState')),
    connectionMode: u32(buffer, S, C.wlanConnectionMode, 'wlanConnectionMode'),
    profileName: wchars(buffer, S, C.strProfileName, 256, 'strProfileName'),
    ssid: ssidAt(buffer, S, C.dot11Ssid),
    bssType: u32(buffer, S, C.dot11BssType, 'dot11BssType'),
    bssid: macAt(buffer, S, C.dot11Bssid),
    phyType: u32(buffer, S, C.dot11PhyType, 'dot11PhyType'),
    signalQuality: u32(buffer, S, C.wlanSignalQuality, 'wlanSignalQuality'),
    rxRateKbps: u32(buffer, S, C.ulRxRate, 'ulRxRate'),
    txRateKbps: u32(buffer, S, C.ulTxRate, 'ulTxRate'),
    securityEnabled: u32(buffer, S, C.bSecurityEnabled, 'bSecurityEnabled') !== 0,
    oneXEnabled: u32(buffer, S, C.bOneXEnabled, 'bOneXEnabled') !== 0,
    authAlgorithm: u32(buffer, S, C.dot11AuthAlgorithm, 'dot11AuthAlgorithm'),
    cipherAlgorithm: u32(buffer, S, C.dot11CipherAlgorithm, 'dot11CipherAlgorithm'),
  };
}

export interface WlanNotificationHeader {
  source: number;
  code: number;
  interfaceGuid: Buffer;
  dataSize: number;
}

/** The fixed part of WLAN_NOTIFICATION_DATA (pData is not followed). */
export function decodeNotificationHeader(buffer: Buffer): WlanNotificationHeader {
  const S = 'WLAN_NOTIFICATION_DATA';
  return {
    source: u32(buffer, S, WLAN_NOTIFICATION_DATA.NotificationSource, 'NotificationSource'),
    code: u32(buffer, S, WLAN_NOTIFICATION_DATA.NotificationCode, 'NotificationCode'),
    interfaceGuid: bytes(buffer, S, WLAN_NOTIFICATION_DATA.InterfaceGuid, 16, 'InterfaceGuid'),
    dataSize: u32(buffer, S, WLAN_NOTIFICATION_DATA.dwDataSize, 'dwDataSize'),
  };
}

/** How many bytes of a list the binding must copy, from its header (already read). */
export function listByteLength(kind: 'interfaces' | 'available-networks', count: number): number {
  return 8 + count * (kind === 'interfaces' ? WLAN_INTERFACE_INFO.size : WLAN_AVAILABLE_NETWORK.size);
}

// ---------------------------------------------------------------------------------------------
// Encoders for what WlanConnect / WlanScan take

export function encodeDot11Ssid(ssid: Buffer): Buffer {
  if (ssid.length > DOT11_SSID.maxLength) throw new WlanDecodeError('DOT11_SSID', `an SSID has at most 32 bytes, not ${ssid.length}`);
  const out = Buffer.alloc(DOT11_SSID.size);
  out.writeUInt32LE(ssid.length, DOT11_SSID.uSSIDLength);
  ssid.copy(out, DOT11_SSID.ucSSID);
  return out;
}

/** DOT11_BSSID_LIST for WlanConnect's pDesiredBssidList (Header.Size = the whole structure, padded to 4). */
export function encodeDot11BssidList(bssids: readonly string[]): Buffer {
  if (bssids.length === 0) throw new WlanDecodeError('DOT11_BSSID_LIST', 'it needs at least one BSSID');
  const size = Math.ceil((DOT11_BSSID_LIST.BSSIDs + 6 * bssids.length) / 4) * 4;
  const out = Buffer.alloc(size);
  out.writeUInt8(NDIS_OBJECT_TYPE_DEFAULT, DOT11_BSSID_LIST.Header);
  out.writeUInt8(DOT11_BSSID_LIST_REVISION_1, DOT11_BSSID_LIST.Header + 1);
  out.writeUInt16LE(size, DOT11_BSSID_LIST.Header + 2);
  out.writeUInt32LE(bssids.length, DOT11_BSSID_LIST.uNumOfEntries);
  out.writeUInt32LE(bssids.length, DOT11_BSSID_LIST.uTotalNumOfEntries);
  bssids.forEach((bssid, i) => {
    const normal = normaliseBssid(bssid);
    if (!normal) throw new WlanDecodeError('DOT11_BSSID_LIST', `"${bssid}" is not a BSSID`);
    Buffer.from(normal.replace(/:/g, ''), 'hex').copy(out, DOT11_BSSID_LIST.BSSIDs + i * 6);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Information elements

export interface InformationElements {
  /** RSN AKM suite types with the 00-0F-AC OUI. */
  rsnAkms: number[];
  rsn: boolean;
  /** WPA (vendor 00-50-F2 type 1) AKM suite types. */
  wpaAkms: number[];
  wpa: boolean;
  ht: boolean;
  vht: boolean;
  he: boolean;
  eht: boolean;
  /** Channel width from the HT/VHT/HE (6 GHz)/EHT operation elements, when they say. */
  widthMhz: number | null;
  /** An element claimed more bytes than were left; everything before it was read. */
  truncated: boolean;
}

const IE_HT_CAPABILITIES = 45;
const IE_RSN = 48;
const IE_HT_OPERATION = 61;
const IE_VHT_CAPABILITIES = 191;
const IE_VHT_OPERATION = 192;
const IE_VENDOR = 221;
const IE_EXTENSION = 255;
const EXT_HE_CAPABILITIES = 35;
const EXT_HE_OPERATION = 36;
const EXT_EHT_OPERATION = 106;
const EXT_EHT_CAPABILITIES = 108;

function suites(data: Buffer, offset: number, oui: string): { types: number[]; next: number } | null {
  if (offset + 2 > data.length) return null;
  const count = data.readUInt16LE(offset);
  const types: number[] = [];
  let at = offset + 2;
  for (let i = 0; i < count; i++, at += 4) {
    if (at + 4 > data.length) return null;
    if (data.subarray(at, at + 3).toString('hex') === oui) types.push(data[at + 3]!);
  }
  return { types, next: at };
}

/** version(2) group(4) pairwise(count + 4n) akm(count + 4n) — the same for RSN and WPA. */
function akmsOf(data: Buffer, start: number, oui: string): number[] {
  const pairwise = suites(data, start + 2 + 4, oui);
  if (!pairwise) return [];
  return suites(data, pairwise.next, oui)?.types ?? [];
}

export function parseInformationElements(ies: Buffer): InformationElements {
  const out: InformationElements = { rsnAkms: [], rsn: false, wpaAkms: [], wpa: false, ht: false, vht: false, he: false, eht: false, widthMhz: null, truncated: false };
  const widths: Record<'ht' | 'vht' | 'he' | 'eht', number | null> = { ht: null, vht: null, he: null, eht: null };
  let at = 0;
  while (at + 2 <= ies.length) {
    const id = ies[at]!;
    const length = ies[at + 1]!;
    if (at + 2 + length > ies.length) {
      out.truncated = true;
      break;
    }
    const data = ies.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    switch (id) {
      case IE_HT_CAPABILITIES:
        out.ht = true;
        break;
      case IE_HT_OPERATION:
        // Primary channel (1), then HT Operation Information byte 1: bit 2 = STA channel width (40 MHz).
        if (data.length >= 2) widths.ht = data[1]! & 0x04 ? 40 : 20;
        break;
      case IE_VHT_CAPABILITIES:
        out.vht = true;
        break;
      case IE_VHT_OPERATION:
        // Channel Width (0 = 20/40, 1 = 80 (160 when CCFS1 is 8 away), 2 = 160, 3 = 80+80), CCFS0, CCFS1.
        if (data.length >= 3) {
          const [width, ccfs0, ccfs1] = [data[0]!, data[1]!, data[2]!];
          widths.vht = width === 0 ? null : width === 1 ? (ccfs1 !== 0 && Math.abs(ccfs1 - ccfs0) === 8 ? 160 : 80) : 160;
        }
        break;
      case IE_RSN:
        out.rsn = true;
        out.rsnAkms = akmsOf(data, 0, '000fac');
        break;
      case IE_VENDOR:
        if (data.length >= 4 && data.subarray(0, 4).toString('hex') === '0050f201') {
          out.wpa = true;
          out.wpaAkms = akmsOf(data, 4, '0050f2');
        }
        break;
      case IE_EXTENSION: {
        const ext = data[0];
        if (ext === EXT_HE_CAPABILITIES) out.he = true;
        else if (ext === EXT_EHT_CAPABILITIES) out.eht = true;
        else if (ext === EXT_HE_OPERATION && data.length >= 7) {
          // HE Operation Parameters (3): bit 14 VHT Operation Info present (3), bit 15 co-hosted BSSID (1),
          // bit 17 6 GHz Operation Information present (5: primary, control[bits 0-1 width], ccfs0, ccfs1, min rate).
          const params = data[1]! | (data[2]! << 8) | (data[3]! << 16);
          let info = 1 + 3 + 1 + 2;
          if (params & (1 << 14)) info += 3;
          if (params & (1 << 15)) info += 1;
          if (params & (1 << 17) && info + 2 <= data.length) {
            widths.he = [20, 40, 80, 160][data[info + 1]! & 0x03]!;
          }
        } else if (ext === EXT_EHT_OPERATION && data.length >= 2) {
          // EHT Operation Parameters (1): bit 0 EHT Operation Information present; Basic EHT-MCS set (4);
          // then Control (bits 0-2: 0 = 20, 1 = 40, 2 = 80, 3 = 160, 4 = 320 MHz).
          const info = 1 + 1 + 4;
          if (data[1]! & 0x01 && info < data.length) widths.eht = [20, 40, 80, 160, 320][data[info]! & 0x07] ?? null;
        }
        break;
      }
    }
  }
  if (at < ies.length && !out.truncated) out.truncated = true;
  out.widthMhz = widths.eht ?? widths.he ?? widths.vht ?? widths.ht;
  return out;
}

/** Security from the RSN/WPA AKM suites (as the airport and iw parsers read them), else the Privacy bit. */
export function securityOf(ies: InformationElements, capabilityInformation: number): Security {
  const akms = ies.rsnAkms;
  if (akms.includes(18)) return 'owe';
  if (akms.some((akm) => akm === 8 || akm === 24)) return 'wpa3-personal';
  if (akms.some((akm) => akm === 12 || akm === 13)) return 'wpa3-enterprise';
  if (akms.some((akm) => akm === 1 || akm === 3 || akm === 5) || ies.wpaAkms.includes(1)) return 'wpa2-enterprise';
  if (ies.rsn || ies.wpa) return 'wpa2-personal';
  return capabilityInformation & 0x0010 ? 'wep' : 'open';
}

const PHY_STANDARD: Partial<Record<number, PhyStandard>> = {
  [DOT11_PHY_TYPE.ofdm]: '802.11a',
  [DOT11_PHY_TYPE.hrdsss]: '802.11b',
  [DOT11_PHY_TYPE.erp]: '802.11g',
  [DOT11_PHY_TYPE.ht]: '802.11n',
  [DOT11_PHY_TYPE.vht]: '802.11ac',
  [DOT11_PHY_TYPE.he]: '802.11ax',
  [DOT11_PHY_TYPE.eht]: '802.11be',
};

export function standardOf(ies: InformationElements, phyType: number, frequencyMhz: number): PhyStandard {
  if (ies.eht) return '802.11be';
  if (ies.he) return '802.11ax';
  if (ies.vht) return '802.11ac';
  if (ies.ht) return '802.11n';
  const band = bandOfFrequency(frequencyMhz);
  if (band === '6GHz') return '802.11ax';
  return PHY_STANDARD[phyType] ?? (band === '5GHz' ? '802.11a' : '802.11g');
}

/** One BSS entry in the common scan model. */
export function bssFromEntry(entry: WlanBssEntry): Bss {
  const ies = parseInformationElements(entry.ies);
  const frequencyMhz = Math.round(entry.centerFrequencyKhz / 1000);
  const ssidHex = entry.ssid.toString('hex');
  return {
    ssidHex,
    ssid: ssidFromHex(ssidHex),
    bssid: normaliseBssid(entry.bssid) ?? entry.bssid,
    signalDbm: entry.rssiDbm,
    frequencyMhz,
    channel: channelOfFrequency(frequencyMhz),
    band: bandOfFrequency(frequencyMhz),
    standard: standardOf(ies, entry.phyType, frequencyMhz),
    security: securityOf(ies, entry.capabilityInformation),
    channelWidthMhz: ies.widthMhz ?? 20,
  };
}

export function decodeBssListToBss(buffer: Buffer): Bss[] {
  return decodeBssList(buffer).map(bssFromEntry);
}
