/**
 * The Windows and macOS readers through a recording CommandRunner: the exact argv as data
 * (no shell string anywhere), the facts joined from each tool, the fallbacks (netsh config
 * when ipconfig fails, netstat -e totals when subinterfaces give nothing), and a missing
 * tool as a warning. Then OsInterfaceCounters on top, as the usage recorder sees it.
 */
import { describe, expect, test } from 'vitest';
import { CommandRunError } from '../../main/engine/ports/command-runner.js';
import { readMacosFacts } from '../../main/engine/interfaces/macos/macos-reader.js';
import { readWindowsFacts } from '../../main/engine/interfaces/windows/windows-reader.js';
import { readNetworkFacts } from '../../main/engine/interfaces/read-network-facts.js';
import { OsInterfaceCounters } from '../../main/engine/interfaces/os-interface-counters.js';
import type { AddressTable } from '../../main/engine/interfaces/node-addresses.js';
import { type Answer, RecordingRunner } from '../wifi/recording-runner.js';
import { fixture } from './fixture.js';

/** German text in the console's OEM code page 850, as ipconfig writes it to a pipe. */
function cp850(text: string): Buffer {
  const table: Record<string, number> = { ä: 0x84, ö: 0x94, ü: 0x81, Ä: 0x8e, Ö: 0x99, Ü: 0x9a, ß: 0xe1 };
  return Buffer.from([...text].map((char) => table[char] ?? char.charCodeAt(0)));
}

const windowsAddresses = (): AddressTable => ({
  'Wi-Fi': [{ address: '192.168.178.23', netmask: '255.255.255.0', family: 'IPv4', mac: '3c:a9:f4:12:34:56', internal: false, cidr: '192.168.178.23/24' }],
  'Loopback Pseudo-Interface 1': [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
});

function windowsRunner(overrides: Record<string, Answer> = {}): RecordingRunner {
  const answers: Record<string, Answer> = {
    'ipconfig /all': { stdout: fixture('win-ipconfig-all-en.txt') },
    'netsh interface ipv4 show config': { stdout: fixture('win-netsh-ipv4-config-en.txt') },
    'netsh interface ipv4 show subinterfaces': { stdout: fixture('win-netsh-ipv4-subinterfaces-en.txt') },
    'netstat -e': { stdout: fixture('win-netstat-e-en.txt') },
    ...overrides,
  };
  return new RecordingRunner((file, args) => answers[[file, ...args].join(' ')] ?? new CommandRunError('not-found', file, `${file} missing`));
}

describe('readWindowsFacts', () => {
  test('ipconfig for addresses, gateway and DNS; subinterfaces for per-interface bytes', async () => {
    const runner = windowsRunner();
    const facts = await readWindowsFacts({ runner, addresses: windowsAddresses });
    expect(runner.argv()).toEqual([
      ['ipconfig', '/all'],
      ['netsh', 'interface', 'ipv4', 'show', 'config'],
      ['netsh', 'interface', 'ipv4', 'show', 'subinterfaces'],
    ]);
    expect(facts).toMatchObject({ platform: 'win32', wifiInterface: 'Wi-Fi', defaultInterface: 'Wi-Fi', dnsServers: ['2001:db8:1234:5600::1', '192.168.178.1'], warnings: [] });
    expect(facts.interfaces.find((item) => item.name === 'Wi-Fi')).toEqual({
      name: 'Wi-Fi',
      kind: 'wifi',
      mac: '3c:a9:f4:12:34:56',
      ipv4: ['192.168.178.23'],
      ipv6: ['2001:db8:1234:5600::1a2b', '2001:db8:1234:5600:8d4e:21ff:7c3a:9b10', 'fe80::1c2d:3e4f:5a6b:7c8d'],
      gateway: '192.168.178.1',
      dnsServers: ['2001:db8:1234:5600::1', '192.168.178.1'],
      rxBytes: 2011346890,
      txBytes: 115003839,
      counterScope: 'interface',
    });
  });

  test('German output in code page 850: the same facts', async () => {
    const runner = windowsRunner({
      'ipconfig /all': { stdout: cp850(fixture('win-ipconfig-all-de.txt')) },
      'netsh interface ipv4 show subinterfaces': { stdout: cp850(fixture('win-netsh-ipv4-subinterfaces-de.txt')) },
    });
    const facts = await readWindowsFacts({ runner, addresses: () => ({}) });
    expect(facts.wifiInterface).toBe('WLAN');
    expect(facts.interfaces.find((item) => item.name === 'WLAN')).toMatchObject({ kind: 'wifi', mac: '70:a8:d3:01:02:03', ipv4: ['10.20.30.41'], gateway: '10.20.30.1', dnsServers: ['198.51.100.53', '198.51.100.54'], rxBytes: 734219004, txBytes: 20981377 });
  });

  test('ipconfig missing: netsh config; subinterfaces empty: netstat -e totals, said to be totals', async () => {
    const runner = windowsRunner({ 'ipconfig /all': new CommandRunError('not-found', 'ipconfig', 'missing'), 'netsh interface ipv4 show subinterfaces': { stdout: '' } });
    const facts = await readWindowsFacts({ runner, addresses: () => ({}) });
    expect(runner.argv()).toContainEqual(['netstat', '-e']);
    expect(facts.defaultInterface).toBe('Wi-Fi');
    expect(facts.interfaces.find((item) => item.name === 'Wi-Fi')).toMatchObject({ ipv4: ['192.168.178.23'], gateway: '192.168.178.1', dnsServers: ['192.168.178.1', '9.9.9.9'], rxBytes: 3107263412, txBytes: 498225371, counterScope: 'all-interfaces' });
    expect(facts.warnings.join('\n')).toMatch(/ipconfig \/all could not be run/);
    expect(facts.warnings.join('\n')).toMatch(/total of all interfaces/);
  });
});

const macRunner = (overrides: Record<string, Answer> = {}) => {
  const answers: Record<string, Answer> = {
    '/usr/sbin/netstat -ibn': { stdout: fixture('mac-netstat-ibn.txt') },
    '/sbin/route -n get default': { stdout: fixture('mac-route-get-default.txt') },
    '/usr/sbin/scutil --dns': { stdout: fixture('mac-scutil-dns.txt') },
    '/usr/sbin/networksetup -listallhardwareports': { stdout: fixture('mac-networksetup-listallhardwareports.txt') },
    ...overrides,
  };
  return new RecordingRunner((file, args) => answers[[file, ...args].join(' ')] ?? new CommandRunError('not-found', file, `${file} missing`));
};

describe('readMacosFacts', () => {
  test('netstat bytes and MAC, route gateway, scutil DNS, networksetup Wi-Fi port; tools run with LC_ALL=C', async () => {
    const runner = macRunner();
    const facts = await readMacosFacts({
      runner,
      addresses: () => ({ en0: [{ address: '192.168.1.42', netmask: '255.255.255.0', family: 'IPv4', mac: 'a4:83:e7:4f:2c:19', internal: false, cidr: '192.168.1.42/24' }] }),
    });
    expect(runner.calls.every((call) => call.options.env?.LC_ALL === 'C')).toBe(true);
    expect(facts).toMatchObject({ platform: 'darwin', wifiInterface: 'en0', defaultInterface: 'en0', dnsServers: ['192.168.1.1', '2001:db8:1::1'], warnings: [] });
    expect(facts.interfaces.find((item) => item.name === 'en0')).toEqual({
      name: 'en0',
      kind: 'wifi',
      mac: 'a4:83:e7:4f:2c:19',
      ipv4: ['192.168.1.42'],
      ipv6: [],
      gateway: '192.168.1.1',
      dnsServers: ['192.168.1.1', '2001:db8:1::1'],
      rxBytes: 11834770215,
      txBytes: 702334817,
      counterScope: 'interface',
    });
    expect(facts.interfaces.find((item) => item.name === 'utun0')).toMatchObject({ dnsServers: ['10.8.0.1'], gateway: null });
  });

  test('no default route (route exits 1 with nothing on stdout): no gateway, and no warning', async () => {
    const facts = await readMacosFacts({ runner: macRunner({ '/sbin/route -n get default': { stdout: '', stderr: 'route: writing to routing socket: not in table', exitCode: 1 } }), addresses: () => ({}) });
    expect(facts.defaultInterface).toBeNull();
    expect(facts.interfaces.every((item) => item.gateway === null)).toBe(true);
    expect(facts.warnings).toEqual([]);
  });
});

describe('readNetworkFacts and OsInterfaceCounters', () => {
  test('other platforms: what Node knows, and a warning', async () => {
    const facts = await readNetworkFacts({ platform: 'freebsd', runner: windowsRunner(), addresses: windowsAddresses });
    expect(facts.interfaces.find((item) => item.name === 'Wi-Fi')).toMatchObject({ ipv4: ['192.168.178.23'], rxBytes: null });
    expect(facts.warnings[0]).toMatch(/not on freebsd/);
  });

  test('a sample is the Wi-Fi interface’s bytes, MAC and IPv4', async () => {
    const counters = new OsInterfaceCounters({ platform: 'win32', runner: windowsRunner(), addresses: windowsAddresses });
    expect(await counters.sample()).toEqual({ rxBytes: 2011346890, txBytes: 115003839, mac: '3c:a9:f4:12:34:56', ip: '192.168.178.23' });
    const mac = new OsInterfaceCounters({ platform: 'darwin', runner: macRunner(), addresses: () => ({}) });
    expect(await mac.sample()).toEqual({ rxBytes: 11834770215, txBytes: 702334817, mac: 'a4:83:e7:4f:2c:19', ip: null });
  });

  test('no counted interface, or no counters: null (unknown), never zero; partial facts are logged once', async () => {
    const warnings: unknown[] = [];
    const logger = { error() {}, info() {}, debug() {}, warn: (_message: string, fields?: Record<string, unknown>) => warnings.push(fields) };
    const nothing = new RecordingRunner((file) => new CommandRunError('not-found', file, 'missing'));
    const counters = new OsInterfaceCounters({ platform: 'darwin', runner: nothing, addresses: () => ({}), logger });
    expect(await counters.sample()).toBeNull();
    expect(await counters.sample()).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(await new OsInterfaceCounters({ platform: 'freebsd', runner: nothing, addresses: windowsAddresses, interfaceName: 'Wi-Fi' }).sample()).toBeNull();
  });

  test.runIf(process.platform === 'linux')('on this machine: the default route’s interface is counted (there is no Wi-Fi here)', async () => {
    const counters = new OsInterfaceCounters({ platform: 'linux', runner: new RecordingRunner(() => new Error('no tool is run on Linux')) });
    const sample = await counters.sample();
    const facts = await readNetworkFacts({ platform: 'linux', runner: new RecordingRunner(() => ({})) });
    if (facts.defaultInterface === null && facts.wifiInterface === null) expect(sample).toBeNull();
    else expect(sample).toMatchObject({ rxBytes: expect.any(Number), txBytes: expect.any(Number) });
    const named = await new OsInterfaceCounters({ platform: 'linux', runner: new RecordingRunner(() => ({})), interfaceName: 'lo' }).sample();
    expect(named).toMatchObject({ ip: '127.0.0.1', mac: null });
    expect(named!.rxBytes).toBeGreaterThan(0);
  });
});
