/**
 * The Linux reader over a fake /sys, /proc and /etc in a temp dir (wireless and wired
 * interfaces, loopback, systemd-resolved's stub), and once over this machine's real files.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { countedInterface } from '../../main/engine/interfaces/interface-facts.js';
import { defaultRoutes, parseProcNetRoute } from '../../main/engine/interfaces/linux/proc-net-route.js';
import { readLinuxFacts } from '../../main/engine/interfaces/linux/sysfs-reader.js';
import type { AddressTable } from '../../main/engine/interfaces/node-addresses.js';
import { fixture } from './fixture.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

interface FakeInterface {
  name: string;
  mac: string;
  type: number;
  rx: number;
  tx: number;
  wireless?: 'wireless' | 'phy80211';
  device?: boolean;
}

function fakeRoot(interfaces: FakeInterface[], files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-sysfs-'));
  roots.push(root);
  for (const item of interfaces) {
    const dir = path.join(root, 'sys', 'class', 'net', item.name);
    write(path.join(dir, 'address'), `${item.mac}\n`);
    write(path.join(dir, 'type'), `${item.type}\n`);
    write(path.join(dir, 'statistics', 'rx_bytes'), `${item.rx}\n`);
    write(path.join(dir, 'statistics', 'tx_bytes'), `${item.tx}\n`);
    if (item.wireless === 'wireless') mkdirSync(path.join(dir, 'wireless'));
    if (item.wireless === 'phy80211') {
      mkdirSync(path.join(root, 'phy0'), { recursive: true });
      symlinkSync(path.join(root, 'phy0'), path.join(dir, 'phy80211'));
    }
    if (item.device) mkdirSync(path.join(dir, 'device'));
  }
  for (const [file, text] of Object.entries(files)) write(path.join(root, file), text);
  return root;
}

const addresses = (): AddressTable => ({
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  wlp2s0: [
    { address: '192.168.178.40', netmask: '255.255.255.0', family: 'IPv4', mac: 'a0:b1:c2:d3:e4:f5', internal: false, cidr: '192.168.178.40/24' },
    { address: 'fe80::a2b1:c2ff:fed3:e4f5', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: 'a0:b1:c2:d3:e4:f5', internal: false, cidr: 'fe80::a2b1:c2ff:fed3:e4f5/64', scopeid: 3 },
  ],
});

const LAPTOP: FakeInterface[] = [
  { name: 'lo', mac: '00:00:00:00:00:00', type: 772, rx: 5120, tx: 5120 },
  { name: 'enp0s31f6', mac: '54:05:DB:AA:BB:CC', type: 1, rx: 0, tx: 0, device: true },
  { name: 'wlp2s0', mac: 'a0:b1:c2:d3:e4:f5', type: 1, rx: 18446744073, tx: 912733, wireless: 'phy80211', device: true },
  { name: 'docker0', mac: '02:42:ac:11:00:01', type: 1, rx: 0, tx: 0 },
];

describe('readLinuxFacts on a fake tree', () => {
  test('Wi-Fi by phy80211, bytes from statistics, gateway per interface, resolv.conf on the default route', async () => {
    const root = fakeRoot(LAPTOP, { 'proc/net/route': fixture('linux-proc-net-route.txt'), 'etc/resolv.conf': fixture('linux-resolv.conf') });
    const facts = await readLinuxFacts({ root, addresses });
    expect(facts.wifiInterface).toBe('wlp2s0');
    expect(facts.defaultInterface).toBe('enp0s31f6');
    expect(facts.dnsServers).toEqual(['192.168.178.1', '2001:db8::53']);
    expect(facts.warnings).toEqual([]);
    const byName = Object.fromEntries(facts.interfaces.map((item) => [item.name, item]));
    expect(byName.wlp2s0).toEqual({
      name: 'wlp2s0',
      kind: 'wifi',
      mac: 'a0:b1:c2:d3:e4:f5',
      ipv4: ['192.168.178.40'],
      ipv6: ['fe80::a2b1:c2ff:fed3:e4f5'],
      gateway: '192.168.178.1',
      dnsServers: [],
      rxBytes: 18446744073,
      txBytes: 912733,
      counterScope: 'interface',
    });
    expect(byName.enp0s31f6).toMatchObject({ kind: 'ethernet', mac: '54:05:db:aa:bb:cc', gateway: '10.0.2.1', dnsServers: ['192.168.178.1', '2001:db8::53'] });
    expect(byName.lo).toMatchObject({ kind: 'loopback', mac: null, rxBytes: 5120, ipv4: ['127.0.0.1'] });
    expect(byName.docker0).toMatchObject({ kind: 'other' });
    // The usage session counts the Wi-Fi interface even when the cable carries the default route.
    expect(countedInterface(facts)?.name).toBe('wlp2s0');
    expect(countedInterface(facts, 'enp0s31f6')?.name).toBe('enp0s31f6');
  });

  test('the `wireless` directory also marks Wi-Fi; behind the systemd-resolved stub, its upstream servers', async () => {
    const root = fakeRoot([{ name: 'wlan0', mac: '02:00:00:00:01:00', type: 1, rx: 1, tx: 2, wireless: 'wireless' }], {
      'proc/net/route': 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nwlan0\t00000000\t0164A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n',
      'etc/resolv.conf': fixture('linux-resolv-stub.conf'),
      'run/systemd/resolve/resolv.conf': fixture('linux-resolved-upstream.conf'),
    });
    const facts = await readLinuxFacts({ root, addresses: () => ({}) });
    expect(facts.interfaces).toEqual([expect.objectContaining({ name: 'wlan0', kind: 'wifi', gateway: '192.168.100.1', dnsServers: ['198.51.100.53', '198.51.100.54'], rxBytes: 1, txBytes: 2 })]);
    expect(facts.sources).toContain('/run/systemd/resolve/resolv.conf');
  });

  test('an IPv6-only network: the default route and gateway come from /proc/net/ipv6_route', async () => {
    const root = fakeRoot([{ name: 'wlp2s0', mac: 'a0:b1:c2:d3:e4:f5', type: 1, rx: 10, tx: 20, wireless: 'phy80211', device: true }], {
      'proc/net/route': 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n',
      'proc/net/ipv6_route': fixture('linux-proc-net-ipv6-route.txt'),
      'etc/resolv.conf': 'nameserver 2001:db8::53\n',
    });
    const facts = await readLinuxFacts({ root, addresses: () => ({}) });
    expect(facts.defaultInterface).toBe('wlp2s0');
    expect(facts.interfaces).toEqual([expect.objectContaining({ name: 'wlp2s0', gateway: 'fe80::211:22ff:fe33:4455', dnsServers: ['2001:db8::53'] })]);
    expect(facts.sources).toContain('/proc/net/ipv6_route');
  });

  test('with both, an interface keeps its IPv4 gateway', async () => {
    const root = fakeRoot([{ name: 'wlp2s0', mac: 'a0:b1:c2:d3:e4:f5', type: 1, rx: 10, tx: 20, wireless: 'phy80211', device: true }], {
      'proc/net/route': 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nwlp2s0\t00000000\t01B2A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n',
      'proc/net/ipv6_route': fixture('linux-proc-net-ipv6-route.txt'),
      'etc/resolv.conf': 'nameserver 192.168.178.1\n',
    });
    const facts = await readLinuxFacts({ root, addresses: () => ({}) });
    expect(facts.interfaces).toEqual([expect.objectContaining({ name: 'wlp2s0', gateway: '192.168.178.1' })]);
  });

  test('missing files are warnings beside partial facts, never invented values', async () => {
    const root = fakeRoot([], {});
    const facts = await readLinuxFacts({ root, addresses: () => ({}) });
    expect(facts).toMatchObject({ interfaces: [], defaultInterface: null, wifiInterface: null, dnsServers: [] });
    expect(facts.warnings).toHaveLength(3);
    expect(countedInterface(facts)).toBeNull();
  });
});

describe.runIf(process.platform === 'linux')('readLinuxFacts on this machine', () => {
  test('loopback counters and the default gateway agree with /sys and /proc read directly', async () => {
    const facts = await readLinuxFacts();
    const lo = facts.interfaces.find((item) => item.name === 'lo')!;
    expect(lo.kind).toBe('loopback');
    expect(lo.ipv4).toContain('127.0.0.1');
    // Counters only grow: what the reader saw lies between two direct reads around it.
    const after = Number(readFileSync('/sys/class/net/lo/statistics/rx_bytes', 'utf8'));
    expect(lo.rxBytes).toBeGreaterThan(0);
    expect(lo.rxBytes).toBeLessThanOrEqual(after);

    const expected = defaultRoutes(parseProcNetRoute(readFileSync('/proc/net/route', 'utf8')))[0];
    expect(facts.defaultInterface).toBe(expected?.iface ?? null);
    if (expected) {
      expect(facts.interfaces.find((item) => item.name === expected.iface)?.gateway).toBe(expected.gateway);
      expect(expected.gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    expect(facts.interfaces.map((item) => item.name).sort()).toEqual(expect.arrayContaining(readdirSync('/sys/class/net')));
  });
});
