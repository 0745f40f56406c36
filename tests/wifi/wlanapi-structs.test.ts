/**
 * The Native Wifi decoders on byte buffers built here to the documented x64 layouts. The
 * offsets are computed in this file from the C declarations (natural alignment), not taken
 * from the decoder.
 */
import { describe, expect, it } from 'vitest';
import {
  bssFromEntry,
  decodeAvailableNetworkList,
  decodeBssList,
  decodeBssListToBss,
  decodeConnectionAttributes,
  decodeInterfaceList,
  encodeDot11BssidList,
  encodeDot11Ssid,
  guidFromString,
  guidToString,
  parseInformationElements,
  WlanDecodeError,
} from '../../main/engine/wifi/windows/native/wlan-structs.js';

// ---- A tiny C layout calculator ------------------------------------------------------------
type CType = { size: number; align: number };
const ULONG: CType = { size: 4, align: 4 };
const LONG = ULONG;
const DWORD = ULONG;
const ENUM = ULONG;
const BOOL = ULONG;
const USHORT: CType = { size: 2, align: 2 };
const UCHAR: CType = { size: 1, align: 1 };
const ULONGLONG: CType = { size: 8, align: 8 };
const WCHAR = USHORT;
const array = (t: CType, n: number): CType => ({ size: t.size * n, align: t.align });
type Layout = CType & { offsets: Record<string, number> };
function struct(fields: [string, CType][]): Layout {
  let at = 0;
  let align = 1;
  const offsets: Record<string, number> = {};
  for (const [name, type] of fields) {
    at = Math.ceil(at / type.align) * type.align;
    offsets[name] = at;
    at += type.size;
    align = Math.max(align, type.align);
  }
  return { offsets, align, size: Math.ceil(at / align) * align };
}
const GUID = struct([['Data1', DWORD], ['Data2', USHORT], ['Data3', USHORT], ['Data4', array(UCHAR, 8)]]);
const DOT11_SSID = struct([['uSSIDLength', ULONG], ['ucSSID', array(UCHAR, 32)]]);
const DOT11_MAC_ADDRESS = array(UCHAR, 6);
const WLAN_RATE_SET = struct([['uRateSetLength', ULONG], ['usRateSet', array(USHORT, 126)]]);
const WLAN_INTERFACE_INFO = struct([['InterfaceGuid', GUID], ['strInterfaceDescription', array(WCHAR, 256)], ['isState', ENUM]]);
const WLAN_INTERFACE_INFO_LIST = struct([['dwNumberOfItems', DWORD], ['dwIndex', DWORD], ['InterfaceInfo', WLAN_INTERFACE_INFO]]);
const WLAN_BSS_ENTRY = struct([
  ['dot11Ssid', DOT11_SSID], ['uPhyId', ULONG], ['dot11Bssid', DOT11_MAC_ADDRESS], ['dot11BssType', ENUM], ['dot11BssPhyType', ENUM],
  ['lRssi', LONG], ['uLinkQuality', ULONG], ['bInRegDomain', UCHAR], ['usBeaconPeriod', USHORT], ['ullTimestamp', ULONGLONG],
  ['ullHostTimestamp', ULONGLONG], ['usCapabilityInformation', USHORT], ['ulChCenterFrequency', ULONG], ['wlanRateSet', WLAN_RATE_SET],
  ['ulIeOffset', ULONG], ['ulIeSize', ULONG],
]);
const WLAN_BSS_LIST = struct([['dwTotalSize', DWORD], ['dwNumberOfItems', DWORD], ['wlanBssEntries', WLAN_BSS_ENTRY]]);
const WLAN_AVAILABLE_NETWORK = struct([
  ['strProfileName', array(WCHAR, 256)], ['dot11Ssid', DOT11_SSID], ['dot11BssType', ENUM], ['uNumberOfBssids', ULONG],
  ['bNetworkConnectable', BOOL], ['wlanNotConnectableReason', DWORD], ['uNumberOfPhyTypes', ULONG], ['dot11PhyTypes', array(ENUM, 8)],
  ['bMorePhyTypes', BOOL], ['wlanSignalQuality', ULONG], ['bSecurityEnabled', BOOL], ['dot11DefaultAuthAlgorithm', ENUM],
  ['dot11DefaultCipherAlgorithm', ENUM], ['dwFlags', DWORD], ['dwReserved', DWORD],
]);
const WLAN_AVAILABLE_NETWORK_LIST = struct([['dwNumberOfItems', DWORD], ['dwIndex', DWORD], ['Network', WLAN_AVAILABLE_NETWORK]]);
const WLAN_ASSOCIATION_ATTRIBUTES = struct([
  ['dot11Ssid', DOT11_SSID], ['dot11BssType', ENUM], ['dot11Bssid', DOT11_MAC_ADDRESS], ['dot11PhyType', ENUM], ['uDot11PhyIndex', ULONG],
  ['wlanSignalQuality', ULONG], ['ulRxRate', ULONG], ['ulTxRate', ULONG],
]);
const WLAN_SECURITY_ATTRIBUTES = struct([['bSecurityEnabled', BOOL], ['bOneXEnabled', BOOL], ['dot11AuthAlgorithm', ENUM], ['dot11CipherAlgorithm', ENUM]]);
const WLAN_CONNECTION_ATTRIBUTES = struct([
  ['isState', ENUM], ['wlanConnectionMode', ENUM], ['strProfileName', array(WCHAR, 256)],
  ['wlanAssociationAttributes', WLAN_ASSOCIATION_ATTRIBUTES], ['wlanSecurityAttributes', WLAN_SECURITY_ATTRIBUTES],
]);

const o = (layout: Layout, field: string): number => {
  const value = layout.offsets[field];
  if (value === undefined) throw new Error(`no field ${field}`);
  return value;
};

// ---- Builders ------------------------------------------------------------------------------
function writeSsid(buffer: Buffer, at: number, ssid: Buffer): void {
  buffer.writeUInt32LE(ssid.length, at + o(DOT11_SSID, 'uSSIDLength'));
  ssid.copy(buffer, at + o(DOT11_SSID, 'ucSSID'));
}
function writeWchars(buffer: Buffer, at: number, text: string): void {
  Buffer.from(text, 'utf16le').copy(buffer, at);
}
function mac(text: string): Buffer {
  return Buffer.from(text.replace(/[:-]/g, ''), 'hex');
}
function ie(id: number, data: number[] | Buffer): Buffer {
  return Buffer.concat([Buffer.from([id, data.length]), Buffer.from(data)]);
}
function ext(extId: number, data: number[]): Buffer {
  return ie(255, [extId, ...data]);
}
/** RSN IE: version 1, group CCMP, one pairwise CCMP, the given AKMs (00-0F-AC:n), RSN capabilities. */
function rsn(akms: number[]): Buffer {
  const suite = (type: number) => [0x00, 0x0f, 0xac, type];
  return ie(48, [1, 0, ...suite(4), 1, 0, ...suite(4), akms.length, 0, ...akms.flatMap(suite), 0xc0, 0x00]);
}

interface BssSpec {
  ssid: Buffer;
  bssid: string;
  phyType: number;
  rssi: number;
  linkQuality: number;
  frequencyKhz: number;
  capability: number;
  rates: number[];
  ies: Buffer;
  timestamp: bigint;
}

function bssList(specs: BssSpec[], options: { declaredCount?: number; ieOffsetOverride?: number } = {}): Buffer {
  const entrySize = WLAN_BSS_ENTRY.size;
  const first = o(WLAN_BSS_LIST, 'wlanBssEntries');
  const fixed = first + specs.length * entrySize;
  const total = fixed + specs.reduce((sum, spec) => sum + spec.ies.length, 0);
  const buffer = Buffer.alloc(total, 0xcc); // poison: padding must never be read as data
  buffer.writeUInt32LE(total, o(WLAN_BSS_LIST, 'dwTotalSize'));
  buffer.writeUInt32LE(options.declaredCount ?? specs.length, o(WLAN_BSS_LIST, 'dwNumberOfItems'));
  let ieAt = fixed;
  specs.forEach((spec, i) => {
    const at = first + i * entrySize;
    const f = (name: string) => at + o(WLAN_BSS_ENTRY, name);
    buffer.fill(0, f('dot11Ssid'), f('dot11Ssid') + DOT11_SSID.size);
    writeSsid(buffer, f('dot11Ssid'), spec.ssid);
    buffer.writeUInt32LE(0, f('uPhyId'));
    mac(spec.bssid).copy(buffer, f('dot11Bssid'));
    buffer.writeUInt32LE(1, f('dot11BssType'));
    buffer.writeUInt32LE(spec.phyType, f('dot11BssPhyType'));
    buffer.writeInt32LE(spec.rssi, f('lRssi'));
    buffer.writeUInt32LE(spec.linkQuality, f('uLinkQuality'));
    buffer.writeUInt8(1, f('bInRegDomain'));
    buffer.writeUInt16LE(100, f('usBeaconPeriod'));
    buffer.writeBigUInt64LE(spec.timestamp, f('ullTimestamp'));
    buffer.writeBigUInt64LE(133_000_000_000_000_000n, f('ullHostTimestamp'));
    buffer.writeUInt16LE(spec.capability, f('usCapabilityInformation'));
    buffer.writeUInt32LE(spec.frequencyKhz, f('ulChCenterFrequency'));
    const rateSet = f('wlanRateSet');
    buffer.fill(0, rateSet, rateSet + WLAN_RATE_SET.size);
    buffer.writeUInt32LE(spec.rates.length * 2, rateSet + o(WLAN_RATE_SET, 'uRateSetLength'));
    spec.rates.forEach((rate, r) => buffer.writeUInt16LE(rate, rateSet + o(WLAN_RATE_SET, 'usRateSet') + r * 2));
    buffer.writeUInt32LE(options.ieOffsetOverride ?? ieAt - at, f('ulIeOffset'));
    buffer.writeUInt32LE(spec.ies.length, f('ulIeSize'));
    spec.ies.copy(buffer, ieAt);
    ieAt += spec.ies.length;
  });
  return buffer;
}

// Non-UTF-8 SSID: Latin-1 "Café" plus an invalid byte.
const latinSsid = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0xff]);
const wpa3Ies = Buffer.concat([
  ie(0, latinSsid),
  rsn([8]),
  ext(35, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06]), // HE capabilities (content irrelevant)
  // HE operation: params bit 17 (6 GHz op info present), BSS colour, basic MCS (2), 6 GHz op info: primary 37, control width 3 (160), ccfs0, ccfs1, min rate.
  ext(36, [0x00, 0x00, 0x02, 0x01, 0xfc, 0xff, 37, 0x03, 39, 47, 6]),
  ext(108, [0x00, 0x00, 0x00]), // EHT capabilities
  ext(106, [0x01, 0x11, 0x11, 0x11, 0x11, 0x04, 31, 63]), // EHT operation: info present, basic MCS (4), control width 4 = 320 MHz
]);
const sixGhz: BssSpec = {
  ssid: latinSsid, bssid: 'A0-B1-C2-D3-E4-F5', phyType: 11, rssi: -47, linkQuality: 90,
  frequencyKhz: 6_135_000, capability: 0x1111, rates: [0x808c, 0x0012, 0x8098, 0x0024], ies: wpa3Ies, timestamp: 0x0102030405060708n,
};
const hiddenOpen: BssSpec = {
  ssid: Buffer.alloc(0), bssid: '00:11:22:33:44:55', phyType: 7, rssi: -81, linkQuality: 20,
  frequencyKhz: 2_437_000, capability: 0x0401, rates: [0x8002, 0x8004], ies: Buffer.concat([ie(0, []), ie(45, new Array(26).fill(0)), ie(61, [6, 0x00, 0, 0, 0, 0])]),
  timestamp: 42n,
};

describe('documented x64 sizes (computed here from the C declarations)', () => {
  it('reproduces the sizes the decoders rely on', () => {
    expect(GUID.size).toBe(16);
    expect(DOT11_SSID.size).toBe(36);
    expect(WLAN_INTERFACE_INFO.size).toBe(532);
    expect(WLAN_BSS_ENTRY.size).toBe(360);
    expect(WLAN_BSS_ENTRY.offsets).toMatchObject({ ullTimestamp: 72, ulChCenterFrequency: 92, wlanRateSet: 96, ulIeOffset: 352, ulIeSize: 356 });
    expect(o(WLAN_BSS_LIST, 'wlanBssEntries')).toBe(8);
    expect(WLAN_AVAILABLE_NETWORK.size).toBe(628);
    expect(WLAN_CONNECTION_ATTRIBUTES.size).toBe(604);
  });
});

describe('WLAN_BSS_LIST', () => {
  const buffer = bssList([sixGhz, hiddenOpen]);

  it('decodes the raw entries exactly', () => {
    const [first, second] = decodeBssList(buffer);
    expect(first).toMatchObject({
      phyId: 0, bssid: 'a0:b1:c2:d3:e4:f5', bssType: 1, phyType: 11, rssiDbm: -47, linkQuality: 90, inRegDomain: true, beaconPeriod: 100,
      timestamp: 0x0102030405060708n, hostTimestamp: 133_000_000_000_000_000n, capabilityInformation: 0x1111, centerFrequencyKhz: 6_135_000,
      rates: [0x808c, 0x0012, 0x8098, 0x0024],
    });
    expect(first!.ssid.equals(latinSsid)).toBe(true);
    expect(first!.ies.equals(wpa3Ies)).toBe(true);
    expect(second).toMatchObject({ bssid: '00:11:22:33:44:55', phyType: 7, rssiDbm: -81, centerFrequencyKhz: 2_437_000, rates: [0x8002, 0x8004] });
    expect(second!.ssid.length).toBe(0);
  });

  it('maps to the common Bss model', () => {
    expect(decodeBssListToBss(buffer)).toEqual([
      {
        ssidHex: '436166e9ff', ssid: 'Caf\ufffd\ufffd', bssid: 'a0:b1:c2:d3:e4:f5', signalDbm: -47, frequencyMhz: 6135, channel: 37,
        band: '6GHz', standard: '802.11be', security: 'wpa3-personal', channelWidthMhz: 320,
      },
      {
        ssidHex: '', ssid: '', bssid: '00:11:22:33:44:55', signalDbm: -81, frequencyMhz: 2437, channel: 6,
        band: '2.4GHz', standard: '802.11n', security: 'open', channelWidthMhz: 20,
      },
    ]);
  });

  it('reads the IEs: AKMs, capabilities, widths', () => {
    expect(parseInformationElements(wpa3Ies)).toEqual({ rsnAkms: [8], rsn: true, wpaAkms: [], wpa: false, ht: false, vht: false, he: true, eht: true, widthMhz: 320, truncated: false });
    const akm = (akms: number[]) => bssFromEntry({ ...decodeBssList(buffer)[1]!, ies: rsn(akms) }).security;
    expect(akm([1])).toBe('wpa2-enterprise');
    expect(akm([2])).toBe('wpa2-personal');
    expect(akm([2, 8])).toBe('wpa3-personal');
    expect(akm([18])).toBe('owe');
    const wpa1 = ie(221, [0x00, 0x50, 0xf2, 0x01, 1, 0, 0x00, 0x50, 0xf2, 2, 1, 0, 0x00, 0x50, 0xf2, 2, 1, 0, 0x00, 0x50, 0xf2, 2]);
    expect(parseInformationElements(wpa1)).toMatchObject({ wpa: true, wpaAkms: [2] });
    // VHT capabilities + VHT operation 80 MHz; WEP by the Privacy bit without RSN.
    const vht = bssFromEntry({ ...decodeBssList(buffer)[1]!, centerFrequencyKhz: 5_180_000, capabilityInformation: 0x0011, ies: Buffer.concat([ie(191, new Array(12).fill(0)), ie(192, [1, 42, 0, 0, 0])]) });
    expect(vht).toMatchObject({ band: '5GHz', channel: 36, standard: '802.11ac', channelWidthMhz: 80, security: 'wep' });
    // A truncated element: what came before is kept.
    expect(parseInformationElements(Buffer.concat([ie(45, [0, 0]), Buffer.from([48, 20, 1, 0])]))).toMatchObject({ ht: true, rsn: false, truncated: true });
  });

  it('rejects a count larger than the buffer without reading past it', () => {
    const lying = bssList([sixGhz], { declaredCount: 3 });
    expect(() => decodeBssList(lying)).toThrow(WlanDecodeError);
    expect(() => decodeBssList(lying)).toThrow(/dwNumberOfItems is 3/);
    const error = (() => { try { decodeBssList(lying); } catch (e) { return e; } })() as WlanDecodeError;
    expect(error.code).toBe('WIFI_OUTPUT_UNPARSEABLE');
  });

  it('rejects an IE offset out of range', () => {
    expect(() => decodeBssList(bssList([sixGhz], { ieOffsetOverride: 100_000 }))).toThrow(/past the list/);
    expect(() => decodeBssList(bssList([sixGhz], { ieOffsetOverride: 8 }))).toThrow(/inside the entry/);
  });

  it('rejects truncated buffers and a dwTotalSize beyond the buffer', () => {
    for (const cut of [0, 3, 7, 100, 367, buffer.length - 1]) {
      expect(() => decodeBssList(buffer.subarray(0, cut)), `cut at ${cut}`).toThrow(WlanDecodeError);
    }
    const tooLong = Buffer.from(buffer);
    tooLong.writeUInt32LE(buffer.length + 1, 0);
    expect(() => decodeBssList(tooLong)).toThrow(/dwTotalSize/);
    const badSsid = Buffer.from(buffer);
    badSsid.writeUInt32LE(33, 8);
    expect(() => decodeBssList(badSsid)).toThrow(/more than 32/);
  });
});

describe('WLAN_INTERFACE_INFO_LIST', () => {
  const guids = ['{3f2504e0-4f89-11d3-9a0c-0305e82c3301}', '{00112233-4455-6677-8899-aabbccddeeff}'];
  function build(count: number, items: [string, string, number][]): Buffer {
    const first = o(WLAN_INTERFACE_INFO_LIST, 'InterfaceInfo');
    const buffer = Buffer.alloc(first + items.length * WLAN_INTERFACE_INFO.size);
    buffer.writeUInt32LE(count, o(WLAN_INTERFACE_INFO_LIST, 'dwNumberOfItems'));
    buffer.writeUInt32LE(1, o(WLAN_INTERFACE_INFO_LIST, 'dwIndex'));
    items.forEach(([guid, description, state], i) => {
      const at = first + i * WLAN_INTERFACE_INFO.size;
      // GUID written field by field (Data1..Data4), not with the decoder's helper.
      const [d1, d2, d3, d4a, d4b] = guid.slice(1, -1).split('-') as [string, string, string, string, string];
      buffer.writeUInt32LE(parseInt(d1, 16), at + o(GUID, 'Data1'));
      buffer.writeUInt16LE(parseInt(d2, 16), at + o(GUID, 'Data2'));
      buffer.writeUInt16LE(parseInt(d3, 16), at + o(GUID, 'Data3'));
      Buffer.from(d4a + d4b, 'hex').copy(buffer, at + o(GUID, 'Data4'));
      writeWchars(buffer, at + o(WLAN_INTERFACE_INFO, 'strInterfaceDescription'), description);
      buffer.writeUInt32LE(state, at + o(WLAN_INTERFACE_INFO, 'isState'));
    });
    return buffer;
  }

  it('decodes two adapters', () => {
    const list = decodeInterfaceList(build(2, [[guids[0]!, 'Intel(R) Wi-Fi 6E AX211 160MHz', 1], [guids[1]!, 'TP-Link Wireless USB Adapter — ü', 4]]));
    expect(list.index).toBe(1);
    expect(list.interfaces.map(({ guidText, description, state }) => ({ guidText, description, state }))).toEqual([
      { guidText: guids[0], description: 'Intel(R) Wi-Fi 6E AX211 160MHz', state: 'connected' },
      { guidText: guids[1], description: 'TP-Link Wireless USB Adapter — ü', state: 'disconnected' },
    ]);
    expect(list.interfaces[0]!.guid.subarray(0, 4).toString('hex')).toBe('e004253f'); // Data1 little-endian
    expect(guidFromString(guids[0]!).equals(list.interfaces[0]!.guid)).toBe(true);
    expect(guidToString(guidFromString(guids[1]!.toUpperCase()))).toBe(guids[1]);
  });

  it('rejects a count larger than the buffer', () => {
    expect(() => decodeInterfaceList(build(3, [[guids[0]!, 'a', 1], [guids[1]!, 'b', 1]]))).toThrow(WlanDecodeError);
    expect(() => decodeInterfaceList(Buffer.alloc(6))).toThrow(WlanDecodeError);
  });
});

describe('WLAN_AVAILABLE_NETWORK_LIST', () => {
  function build(count: number): Buffer {
    const first = o(WLAN_AVAILABLE_NETWORK_LIST, 'Network');
    const buffer = Buffer.alloc(first + WLAN_AVAILABLE_NETWORK.size);
    buffer.writeUInt32LE(count, 0);
    buffer.writeUInt32LE(0, 4);
    const f = (name: string) => first + o(WLAN_AVAILABLE_NETWORK, name);
    writeWchars(buffer, f('strProfileName'), 'Café (Roamdesk)');
    writeSsid(buffer, f('dot11Ssid'), Buffer.from('Café', 'utf8'));
    buffer.writeUInt32LE(1, f('dot11BssType'));
    buffer.writeUInt32LE(3, f('uNumberOfBssids'));
    buffer.writeUInt32LE(1, f('bNetworkConnectable'));
    buffer.writeUInt32LE(0, f('wlanNotConnectableReason'));
    buffer.writeUInt32LE(2, f('uNumberOfPhyTypes'));
    buffer.writeUInt32LE(10, f('dot11PhyTypes'));
    buffer.writeUInt32LE(8, f('dot11PhyTypes') + 4);
    buffer.writeUInt32LE(0, f('bMorePhyTypes'));
    buffer.writeUInt32LE(74, f('wlanSignalQuality'));
    buffer.writeUInt32LE(1, f('bSecurityEnabled'));
    buffer.writeUInt32LE(7, f('dot11DefaultAuthAlgorithm')); // DOT11_AUTH_ALGO_RSNA_PSK
    buffer.writeUInt32LE(4, f('dot11DefaultCipherAlgorithm')); // CCMP
    buffer.writeUInt32LE(0x3, f('dwFlags'));
    return buffer;
  }

  it('decodes a network', () => {
    expect(decodeAvailableNetworkList(build(1))).toEqual({
      index: 0,
      networks: [
        {
          profileName: 'Café (Roamdesk)', ssid: Buffer.from('Café', 'utf8'), bssType: 1, numberOfBssids: 3, connectable: true, notConnectableReason: 0,
          phyTypes: [10, 8], morePhyTypes: false, signalQuality: 74, securityEnabled: true, authAlgorithm: 7, cipherAlgorithm: 4, flags: 3,
        },
      ],
    });
  });

  it('rejects a count larger than the buffer', () => {
    expect(() => decodeAvailableNetworkList(build(2))).toThrow(/dwNumberOfItems is 2/);
  });
});

describe('WLAN_CONNECTION_ATTRIBUTES and encoders', () => {
  it('decodes the current connection', () => {
    const buffer = Buffer.alloc(WLAN_CONNECTION_ATTRIBUTES.size);
    const assoc = o(WLAN_CONNECTION_ATTRIBUTES, 'wlanAssociationAttributes');
    const sec = o(WLAN_CONNECTION_ATTRIBUTES, 'wlanSecurityAttributes');
    buffer.writeUInt32LE(1, o(WLAN_CONNECTION_ATTRIBUTES, 'isState'));
    writeWchars(buffer, o(WLAN_CONNECTION_ATTRIBUTES, 'strProfileName'), 'Home');
    writeSsid(buffer, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'dot11Ssid'), Buffer.from('Home'));
    buffer.writeUInt32LE(1, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'dot11BssType'));
    mac('a0b1c2d3e4f5').copy(buffer, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'dot11Bssid'));
    buffer.writeUInt32LE(10, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'dot11PhyType'));
    buffer.writeUInt32LE(88, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'wlanSignalQuality'));
    buffer.writeUInt32LE(1_200_000, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'ulRxRate'));
    buffer.writeUInt32LE(960_000, assoc + o(WLAN_ASSOCIATION_ATTRIBUTES, 'ulTxRate'));
    buffer.writeUInt32LE(1, sec + o(WLAN_SECURITY_ATTRIBUTES, 'bSecurityEnabled'));
    buffer.writeUInt32LE(9, sec + o(WLAN_SECURITY_ATTRIBUTES, 'dot11AuthAlgorithm'));
    expect(decodeConnectionAttributes(buffer)).toMatchObject({
      state: 'connected', profileName: 'Home', bssid: 'a0:b1:c2:d3:e4:f5', phyType: 10, signalQuality: 88, rxRateKbps: 1_200_000, txRateKbps: 960_000,
      securityEnabled: true, oneXEnabled: false, authAlgorithm: 9,
    });
    expect(() => decodeConnectionAttributes(buffer.subarray(0, 603))).toThrow(WlanDecodeError);
  });

  it('encodes DOT11_SSID and DOT11_BSSID_LIST', () => {
    const ssid = encodeDot11Ssid(latinSsid);
    expect(ssid.length).toBe(36);
    expect(ssid.readUInt32LE(0)).toBe(5);
    expect(ssid.subarray(4, 9).equals(latinSsid)).toBe(true);
    expect(() => encodeDot11Ssid(Buffer.alloc(33))).toThrow(WlanDecodeError);
    // NDIS_OBJECT_HEADER {Type 0x80, Revision 1, Size 20}, uNumOfEntries 1, uTotalNumOfEntries 1, BSSID, 2 bytes padding.
    expect(encodeDot11BssidList(['A0-B1-C2-D3-E4-F5']).toString('hex')).toBe('8001' + '1400' + '01000000' + '01000000' + 'a0b1c2d3e4f5' + '0000');
  });
});
