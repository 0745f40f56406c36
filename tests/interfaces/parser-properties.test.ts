/**
 * Property-based (fast-check): no interface-facts parser throws on arbitrary input — random
 * strings, text made of the tokens the real outputs are built from, and the hand-written
 * fixtures with random edits — and whatever they return has the right shape (addresses are
 * addresses, counters are non-negative safe integers).
 */
import { readdirSync } from 'node:fs';
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultRoutes6, parseProcNetIpv6Route } from '../../main/engine/interfaces/linux/proc-net-ipv6-route.js';
import { hexToIpv4, parseProcNetRoute, defaultRoutes } from '../../main/engine/interfaces/linux/proc-net-route.js';
import { parseHardwarePorts } from '../../main/engine/interfaces/macos/hardware-ports.js';
import { parseNetstatIbn } from '../../main/engine/interfaces/macos/netstat-ibn.js';
import { parseRouteGetDefault } from '../../main/engine/interfaces/macos/route-get-default.js';
import { parseScutilDns } from '../../main/engine/interfaces/macos/scutil-dns.js';
import { parseResolvConf } from '../../main/engine/interfaces/resolv-conf.js';
import { parseIpconfigAll } from '../../main/engine/interfaces/windows/ipconfig-all.js';
import { parseNetshIpv4Config } from '../../main/engine/interfaces/windows/netsh-ipv4-config.js';
import { parseNetshSubinterfaces } from '../../main/engine/interfaces/windows/netsh-subinterfaces.js';
import { parseNetstatE } from '../../main/engine/interfaces/windows/netstat-e.js';
import { fixture, fixturesDir } from './fixture.js';

const fixtures = readdirSync(fixturesDir).filter((file) => file !== 'README.md').map(fixture);
const TOKENS = ['Iface', '\t', '00000000', '010200C0', '0003', ' ', '   ', '\r\n', '\n', ':', ' : ', '. . . :', 'adapter ', 'Adapter ', 'Wi-Fi', 'Default Gateway', 'DNS Servers', 'Standardgateway', 'fe80::1%12', '192.168.1.1', '(Preferred)', 'Bytes', '4294967295', '99999999999999999999', '"', 'nameserver', '#', ';', 'resolver #1', 'nameserver[0]', 'if_index : 6 (en0)', 'domain', 'DNS configuration (for scoped queries)', 'Name Mtu Network Address Ipkts Ierrs Ibytes Opkts Oerrs Obytes Coll', '<Link#4>', 'a4:83:e7:4f:2c:19', '-', '*', 'gateway:', 'interface:', 'Hardware Port:', 'Device:', 'Ethernet Address:', 'ä', '\u00a0', '🧊'];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((parts) => parts.join(''));
const mutated = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 8 })), { maxLength: 12 }))
  .map(([text, edits]) => edits.reduce((acc, [at, del, insert]) => { const i = acc.length ? at % acc.length : 0; return acc.slice(0, i) + insert + acc.slice(i + del); }, text));
const anyInput = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 2000 }), tokenText, mutated);

const isAddress = (value: string) => isIP(value.replace(/%.*$/, '')) !== 0;
const isCounter = (value: number) => Number.isSafeInteger(value) && value >= 0;

const PARSERS: Array<[string, (text: string) => void]> = [
  ['/proc/net/route', (text) => {
    for (const route of defaultRoutes(parseProcNetRoute(text))) expect(isIP(route.gateway)).toBe(4);
  }],
  ['/proc/net/ipv6_route', (text) => {
    for (const route of defaultRoutes6(parseProcNetIpv6Route(text))) expect(isIP(route.nextHop)).toBe(6);
  }],
  ['resolv.conf', (text) => parseResolvConf(text).forEach((server) => expect(isAddress(server)).toBe(true))],
  ['ipconfig /all', (text) => {
    for (const adapter of parseIpconfigAll(text)) {
      [...adapter.ipv4, ...adapter.ipv6, ...adapter.gateways, ...adapter.dnsServers].forEach((address) => expect(isAddress(address)).toBe(true));
      if (adapter.mac !== null) expect(adapter.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    }
  }],
  ['netsh ipv4 show config', (text) => parseNetshIpv4Config(text).forEach((entry) => [...entry.ipv4, ...entry.gateways, ...entry.dnsServers].forEach((address) => expect(isAddress(address)).toBe(true)))],
  ['netsh show subinterfaces', (text) => parseNetshSubinterfaces(text).forEach((row) => expect(isCounter(row.rxBytes) && isCounter(row.txBytes)).toBe(true))],
  ['netstat -e', (text) => {
    const totals = parseNetstatE(text);
    if (totals) expect(isCounter(totals.rxBytes) && isCounter(totals.txBytes)).toBe(true);
  }],
  ['netstat -ibn', (text) => parseNetstatIbn(text).forEach((row) => expect(isCounter(row.rxBytes) && isCounter(row.txBytes)).toBe(true))],
  ['route -n get default', (text) => {
    const route = parseRouteGetDefault(text);
    if (route.gateway !== null) expect(isAddress(route.gateway)).toBe(true);
  }],
  ['scutil --dns', (text) => {
    const dns = parseScutilDns(text);
    for (const server of [...dns.defaultServers, ...Object.values(dns.byInterface).flat()]) expect(server.trim()).toBe(server);
  }],
  ['networksetup -listallhardwareports', (text) => {
    for (const port of parseHardwarePorts(text)) {
      expect(port.device).not.toBe('');
      if (port.mac !== null) expect(port.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    }
  }],
];

describe('interface-facts parsers under arbitrary input', () => {
  test.each(PARSERS)('%s never throws and returns well-formed values', (_name, check) => {
    fc.assert(fc.property(anyInput, (input) => check(input)), { numRuns: 300 });
  });

  test('hexToIpv4 round-trips every 32-bit address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const le = Buffer.alloc(4);
        le.writeUInt32LE(n);
        const hex = Buffer.from(le).reverse().toString('hex').toUpperCase();
        expect(hexToIpv4(hex)).toBe([...le].join('.'));
      }),
    );
  });
});
