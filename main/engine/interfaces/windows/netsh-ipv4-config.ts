/**
 * `netsh interface ipv4 show config` → per interface: addresses, gateway, DNS servers. The
 * fallback when ipconfig fails; it has no MAC and no IPv6 (that is `ipv6 show …`).
 *
 *   Configuration for interface "Wi-Fi"            Konfiguration für Schnittstelle "WLAN"
 *       IP Address:              192.168.1.23          IP-Adresse:               192.168.1.23
 *       Default Gateway:         192.168.1.1           Standardgateway:          192.168.1.1
 *       DNS servers configured through DHCP:  …        Über DHCP konfigurierte DNS-Server: …
 *                                8.8.8.8                                          8.8.8.8
 *
 * The DNS label has several forms (DHCP, static, "registered"), so any label that says both
 * "DNS" and "server" counts. `None`/`Keine` is no address and is skipped by shape.
 */
import { isIP } from 'node:net';
import { foldLabel, lines } from '../../wifi/parsers/text.js';
import { cleanAddress } from './ipconfig-all.js';

export interface NetshIpv4Config {
  name: string;
  ipv4: string[];
  gateways: string[];
  dnsServers: string[];
}

type Key = 'ip' | 'gateway' | 'dns' | 'other';

function keyOf(label: string): Key {
  const folded = foldLabel(label);
  if (/^(ip address|ip-adresse|adresse ip|direccion ip)$/.test(folded)) return 'ip';
  if (/^(default gateway|standardgateway|passerelle par defaut|puerta de enlace predeterminada)$/.test(folded)) return 'gateway';
  if (/dns/.test(folded) && /serve|server/.test(folded)) return 'dns';
  return 'other';
}

export function parseNetshIpv4Config(text: string): NetshIpv4Config[] {
  const out: NetshIpv4Config[] = [];
  let current: NetshIpv4Config | undefined;
  let lastKey: Key = 'other';
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const name = /"(.+)"\s*$/.exec(line)?.[1];
      current = name !== undefined ? { name, ipv4: [], gateways: [], dnsServers: [] } : undefined;
      if (current) out.push(current);
      lastKey = 'other';
      continue;
    }
    if (!current) continue;
    // The label ends at the first colon followed by a space; an IPv6 value has none such.
    const split = /^\s+([^:]+?):(?:\s+(.*))?$/.exec(line);
    const labelled = split && !/^\s*[0-9a-f]*$/i.test(split[1]!) ? split : null;
    if (labelled) lastKey = keyOf(labelled[1]!);
    const value = labelled ? (labelled[2] ?? '') : line;
    if (lastKey === 'other') continue;
    const address = cleanAddress(value.trim().split(/\s+/)[0] ?? '');
    if (address === undefined) continue;
    const list = lastKey === 'ip' ? current.ipv4 : lastKey === 'gateway' ? current.gateways : current.dnsServers;
    if (lastKey === 'ip' && isIP(address) !== 4) continue;
    if (!list.includes(address)) list.push(address);
  }
  return out;
}
