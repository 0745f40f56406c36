/**
 * The interface-facts parsers on text written to each tool's documented format (the
 * fixtures are hand-written, not captures: see fixtures/README.md), asserting the values a
 * person would read off the screen: gateways, DNS lists, byte counts, MACs.
 */
import { describe, expect, test } from 'vitest';
import { defaultRoutes6, hexToIpv6, parseProcNetIpv6Route } from '../../main/engine/interfaces/linux/proc-net-ipv6-route.js';
import { defaultRoutes, hexToIpv4, parseProcNetRoute } from '../../main/engine/interfaces/linux/proc-net-route.js';
import { parseHardwarePorts, wifiDevice } from '../../main/engine/interfaces/macos/hardware-ports.js';
import { parseNetstatIbn } from '../../main/engine/interfaces/macos/netstat-ibn.js';
import { parseRouteGetDefault } from '../../main/engine/interfaces/macos/route-get-default.js';
import { parseScutilDns } from '../../main/engine/interfaces/macos/scutil-dns.js';
import { isResolvedStub, parseResolvConf } from '../../main/engine/interfaces/resolv-conf.js';
import { parseIpconfigAll } from '../../main/engine/interfaces/windows/ipconfig-all.js';
import { parseNetshIpv4Config } from '../../main/engine/interfaces/windows/netsh-ipv4-config.js';
import { parseNetshSubinterfaces } from '../../main/engine/interfaces/windows/netsh-subinterfaces.js';
import { parseNetstatE } from '../../main/engine/interfaces/windows/netstat-e.js';
import { fixture } from './fixture.js';

describe('Linux /proc/net/route', () => {
  test.each([
    ['010200C0', '192.0.2.1'],
    ['01B2A8C0', '192.168.178.1'],
    ['00000000', '0.0.0.0'],
    ['FFFFFFFF', '255.255.255.255'],
    ['0102000a', '10.0.2.1'],
    ['0102000', undefined],
    ['zz02000A', undefined],
  ])('hex %s → %s (little-endian)', (hex, address) => expect(hexToIpv4(hex)).toBe(address));

  test('default routes: up, through a gateway, lowest metric first', () => {
    const routes = parseProcNetRoute(fixture('linux-proc-net-route.txt'));
    expect(routes).toHaveLength(6);
    expect(defaultRoutes(routes).map((route) => [route.iface, route.gateway, route.metric])).toEqual([
      ['enp0s31f6', '10.0.2.1', 100],
      ['wlp2s0', '192.168.178.1', 600],
    ]);
  });

  test('no default route, and a header-only table', () => {
    expect(defaultRoutes(parseProcNetRoute('Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n'))).toEqual([]);
    expect(parseProcNetRoute('Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n')).toEqual([]);
  });
});

describe('/proc/net/ipv6_route', () => {
  test.each([
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['fe80000000000000021122fffe334455', 'fe80::211:22ff:fe33:4455'],
    ['20010db8000012340000000000000000', '2001:db8:0:1234::'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000100020003000400050006', '2001:db8:1:2:3:4:5:6'],
    ['20010db8', undefined],
  ])('hex %s → %s (network order, RFC 5952 compression)', (hex, address) => expect(hexToIpv6(hex)).toBe(address));

  test('the default route: ::/0, up, through a gateway, not the loopback reject route', () => {
    const routes = parseProcNetIpv6Route(fixture('linux-proc-net-ipv6-route.txt'));
    expect(routes).toHaveLength(5);
    expect(defaultRoutes6(routes).map((route) => [route.iface, route.nextHop, route.metric])).toEqual([['wlp2s0', 'fe80::211:22ff:fe33:4455', 600]]);
  });
});

describe('resolv.conf', () => {
  test.each([
    ['linux-resolv.conf', ['192.168.178.1', '2001:db8::53'], false],
    ['linux-resolv-stub.conf', ['127.0.0.53'], true],
    ['linux-resolved-upstream.conf', ['198.51.100.53', '198.51.100.54'], false],
  ])('%s → %j (stub: %s)', (file, servers, stub) => {
    expect(parseResolvConf(fixture(file))).toEqual(servers);
    expect(isResolvedStub(parseResolvConf(fixture(file)))).toBe(stub);
  });

  test('CRLF, tabs, a zone id, and a nameserver that is not an address', () => {
    expect(parseResolvConf('nameserver\t10.0.0.1\r\nnameserver fe80::1%wlan0\r\nnameserver dns.example\r\n')).toEqual(['10.0.0.1', 'fe80::1%wlan0']);
  });
});

describe('Windows ipconfig /all', () => {
  test.each([
    {
      file: 'win-ipconfig-all-en.txt',
      wifi: 'Wi-Fi',
      mac: '3c:a9:f4:12:34:56',
      ipv4: ['192.168.178.23'],
      ipv6: ['2001:db8:1234:5600::1a2b', '2001:db8:1234:5600:8d4e:21ff:7c3a:9b10', 'fe80::1c2d:3e4f:5a6b:7c8d'],
      gateways: ['fe80::3ea6:2fff:fe11:2233', '192.168.178.1'],
      dns: ['2001:db8:1234:5600::1', '192.168.178.1'],
      others: ['Ethernet', 'Local Area Connection* 1'],
    },
    {
      file: 'win-ipconfig-all-de.txt',
      wifi: 'WLAN',
      mac: '70:a8:d3:01:02:03',
      ipv4: ['10.20.30.41'],
      ipv6: ['fe80::9a1b:2c3d:4e5f:6071'],
      gateways: ['10.20.30.1'],
      dns: ['198.51.100.53', '198.51.100.54'],
      others: ['Ethernet'],
    },
  ])('$file', ({ file, wifi, mac, ipv4, ipv6, gateways, dns, others }) => {
    const text = fixture(file);
    expect(text).toContain('\r\n');
    const adapters = parseIpconfigAll(text);
    expect(adapters.map((adapter) => adapter.name).sort()).toEqual([wifi, ...others].sort());
    const adapter = adapters.find((item) => item.name === wifi)!;
    expect(adapter).toMatchObject({ kind: 'wifi', mac, ipv4, ipv6, gateways, dnsServers: dns, mediaDisconnected: false });
    const ethernet = adapters.find((item) => item.name === 'Ethernet')!;
    expect(ethernet).toMatchObject({ kind: 'ethernet', mediaDisconnected: true, ipv4: [], gateways: [], dnsServers: [] });
  });

  test('the Wi-Fi Direct virtual adapter is wireless but disconnected', () => {
    const virtual = parseIpconfigAll(fixture('win-ipconfig-all-en.txt')).find((item) => item.name === 'Local Area Connection* 1')!;
    expect(virtual).toMatchObject({ kind: 'wifi', mediaDisconnected: true, description: 'Microsoft Wi-Fi Direct Virtual Adapter', mac: '3e:a9:f4:12:34:56' });
  });
});

describe('Windows netsh interface ipv4 show config', () => {
  test.each([
    ['win-netsh-ipv4-config-en.txt', 'Wi-Fi', ['192.168.178.23'], ['192.168.178.1'], ['192.168.178.1', '9.9.9.9'], 3],
    ['win-netsh-ipv4-config-de.txt', 'WLAN', ['10.20.30.41'], ['10.20.30.1'], ['198.51.100.53', '198.51.100.54'], 2],
  ])('%s: %s', (file, name, ipv4, gateways, dns, count) => {
    const configs = parseNetshIpv4Config(fixture(file));
    expect(configs).toHaveLength(count);
    expect(configs.find((item) => item.name === name)).toEqual({ name, ipv4, gateways, dnsServers: dns });
    // `None` / `Keine` is not a server.
    expect(configs.find((item) => item.name === 'Loopback Pseudo-Interface 1')).toEqual({ name: 'Loopback Pseudo-Interface 1', ipv4: ['127.0.0.1'], gateways: [], dnsServers: [] });
  });
});

describe('Windows byte counters', () => {
  test.each([
    ['win-netsh-ipv4-subinterfaces-en.txt', 'Wi-Fi', 2011346890, 115003839, 4],
    ['win-netsh-ipv4-subinterfaces-de.txt', 'WLAN', 734219004, 20981377, 3],
  ])('netsh show subinterfaces %s: %s', (file, name, rx, tx, count) => {
    const rows = parseNetshSubinterfaces(fixture(file));
    expect(rows).toHaveLength(count);
    expect(rows.find((row) => row.name === name)).toEqual({ name, mtu: 1500, mediaSenseState: 1, rxBytes: rx, txBytes: tx });
    expect(rows.find((row) => row.name === 'Loopback Pseudo-Interface 1')).toMatchObject({ mtu: 4294967295, rxBytes: 0, txBytes: 61338 });
  });

  test.each([
    ['win-netstat-e-en.txt', { rxBytes: 3107263412, txBytes: 498225371 }],
    ['win-netstat-e-de.txt', { rxBytes: 734219004, txBytes: 20981377 }],
    ['win-ipconfig-all-en.txt', null],
  ])('netstat -e %s', (file, totals) => expect(parseNetstatE(fixture(file))).toEqual(totals));

  test('netstat -e in a language whose Bytes row has another label: the first row of two numbers', () => {
    expect(parseNetstatE('Statistiques de l’interface\r\n\r\n          Reçus   Envoyés\r\n\r\nOctets   1000   2000\r\nPaquets unicast   10   20\r\n')).toEqual({ rxBytes: 1000, txBytes: 2000 });
    expect(parseNetstatE('Estadísticas de interfaz\r\n\r\nBytes recibidos   5   6\r\n')).toEqual({ rxBytes: 5, txBytes: 6 });
  });
});

describe('macOS', () => {
  test('netstat -ibn: link rows only, MAC where there is one, 64-bit-sized counters', () => {
    const rows = parseNetstatIbn(fixture('mac-netstat-ibn.txt'));
    expect(rows.map((row) => row.name)).toEqual(['lo0', 'gif0', 'stf0', 'anpi0', 'en0', 'en1', 'awdl0', 'utun0']);
    expect(rows.find((row) => row.name === 'en0')).toEqual({ name: 'en0', mac: 'a4:83:e7:4f:2c:19', rxBytes: 11834770215, txBytes: 702334817, up: true });
    expect(rows.find((row) => row.name === 'lo0')).toEqual({ name: 'lo0', mac: null, rxBytes: 193302211, txBytes: 193302211, up: true });
    expect(rows.find((row) => row.name === 'gif0')).toMatchObject({ up: false, rxBytes: 0 });
    expect(rows.find((row) => row.name === 'utun0')).toMatchObject({ mac: null, txBytes: 960 });
  });

  test.each([
    ['mac-route-get-default.txt', { gateway: '192.168.1.1', interfaceName: 'en0' }],
    ['', { gateway: null, interfaceName: null }],
  ])('route -n get default %s', (file, route) => expect(parseRouteGetDefault(file ? fixture(file) : 'route: writing to routing socket: not in table\n')).toEqual(route));

  test('route -n get default on a link without a next hop', () => {
    expect(parseRouteGetDefault('   route to: default\n    gateway: link#16\n  interface: utun0\n')).toEqual({ gateway: null, interfaceName: 'utun0' });
  });

  test('scutil --dns: the default resolver, and each interface’s scoped one; mDNS domains are not servers', () => {
    expect(parseScutilDns(fixture('mac-scutil-dns.txt'))).toEqual({
      defaultServers: ['192.168.1.1', '2001:db8:1::1'],
      byInterface: { en0: ['192.168.1.1', '2001:db8:1::1'], utun0: ['10.8.0.1'] },
    });
  });

  test('networksetup -listallhardwareports: the Wi-Fi device', () => {
    const ports = parseHardwarePorts(fixture('mac-networksetup-listallhardwareports.txt'));
    expect(ports).toEqual([
      { port: 'Ethernet Adapter (en4)', device: 'en4', mac: '36:2f:8e:00:11:33' },
      { port: 'Thunderbolt Bridge', device: 'bridge0', mac: null },
      { port: 'Wi-Fi', device: 'en0', mac: 'a4:83:e7:4f:2c:19' },
      { port: 'Thunderbolt 1', device: 'en1', mac: '36:2f:8e:00:11:22' },
    ]);
    expect(wifiDevice(ports)).toBe('en0');
    expect(wifiDevice(parseHardwarePorts('Hardware Port: AirPort\nDevice: en1\n'))).toBe('en1');
  });
});
