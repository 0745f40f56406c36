/**
 * `ipconfig /all` → one record per adapter: name, kind, MAC, addresses, gateways, DNS.
 *
 * The output is localised, so lines are recognised by a table of folded labels (English and
 * German; French and Spanish where known), not by position. An adapter starts at an
 * unindented line ending in `:` (`Wireless LAN adapter Wi-Fi:`, `Drahtlos-LAN-Adapter
 * WLAN:`); a labelled line is `   Label . . . . : value`; a deeply indented line without a
 * label continues the previous value (a second gateway or DNS server). Values carry
 * suffixes like `(Preferred)`/`(Bevorzugt)` and zone ids (`%12`), which are dropped.
 */
import { isIP } from 'node:net';
import { foldLabel, lines, normaliseMac } from '../../wifi/parsers/text.js';
import type { InterfaceKind } from '../interface-facts.js';

export interface IpconfigAdapter {
  /** The connection's name (`Wi-Fi`, `WLAN`, `Ethernet`): the name os.networkInterfaces() uses. */
  name: string;
  kind: InterfaceKind;
  description: string | null;
  mac: string | null;
  ipv4: string[];
  ipv6: string[];
  gateways: string[];
  dnsServers: string[];
  mediaDisconnected: boolean;
}

type Key = 'description' | 'mac' | 'ipv4' | 'ipv6' | 'gateway' | 'dns' | 'media';

const LABELS: Record<Key, string[]> = {
  description: ['description', 'beschreibung', 'descripcion'],
  mac: ['physical address', 'physische adresse', 'adresse physique', 'direccion fisica', 'indirizzo fisico'],
  ipv4: ['ipv4 address', 'ipv4-adresse', 'autoconfiguration ipv4 address', 'autokonfigurations-ipv4-adresse', 'adresse ipv4', 'direccion ipv4', 'ip address', 'ip-adresse'],
  ipv6: ['ipv6 address', 'ipv6-adresse', 'temporary ipv6 address', 'temporare ipv6-adresse', 'link-local ipv6 address', 'verbindungslokale ipv6-adresse', 'adresse ipv6', 'adresse ipv6 de liaison locale', 'direccion ipv6', 'vinculo: direccion ipv6 local'],
  gateway: ['default gateway', 'standardgateway', 'passerelle par defaut', 'puerta de enlace predeterminada'],
  dns: ['dns servers', 'dns-server', 'serveurs dns', 'servidores dns'],
  media: ['media state', 'medienstatus', 'statut du media', 'estado de los medios'],
};

const BY_LABEL = new Map<string, Key>(Object.entries(LABELS).flatMap(([key, labels]) => labels.map((label) => [label, key as Key])));

/** `   Label . . . . : value` (German sometimes `Label: value` with no dots); the label has no colon. */
const LABELLED = /^\s{1,12}([^:\s][^:]*?)[\s.]*:(?:\s+(.*))?$/;

/** `192.168.1.23(Preferred)` → `192.168.1.23`; `fe80::1%12` → `fe80::1`; anything not an address → undefined. */
export function cleanAddress(value: string): string | undefined {
  const address = value.trim().replace(/\(.*\)$/, '').replace(/%\w+$/, '').trim();
  return isIP(address) ? address : undefined;
}

function adapterKind(header: string, description: string | null): InterfaceKind {
  const text = `${header} ${description ?? ''}`.toLowerCase();
  if (/wireless|drahtlos|sans fil|inalambrica|inalámbrica|wi-?fi|wlan|802\.11/.test(text)) return 'wifi';
  if (/loopback/.test(text)) return 'loopback';
  if (/^ethernet/.test(header.toLowerCase()) || /ethernet|gbe/.test(text)) return 'ethernet';
  return 'other';
}

export function parseIpconfigAll(text: string): IpconfigAdapter[] {
  const adapters: Array<IpconfigAdapter & { header: string }> = [];
  let current: (IpconfigAdapter & { header: string }) | undefined;
  let lastKey: Key | undefined;

  const add = (key: Key, value: string) => {
    if (!current) return;
    switch (key) {
      case 'description':
        current.description ??= value.trim() || null;
        return;
      case 'mac':
        current.mac ??= normaliseMac(value) ?? null;
        return;
      case 'media':
        // `Media disconnected` / `Medium getrennt`: any value at all means the adapter is down.
        current.mediaDisconnected = value.trim() !== '';
        return;
      default: {
        const address = cleanAddress(value);
        if (address === undefined) return;
        const list = key === 'gateway' ? current.gateways : key === 'dns' ? current.dnsServers : isIP(address) === 4 ? current.ipv4 : current.ipv6;
        if (!list.includes(address)) list.push(address);
      }
    }
  };

  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      lastKey = undefined;
      const header = line.trim();
      const match = /adapter\s+(.+?)\s*:$/i.exec(header);
      current = match ? { header, name: match[1]!, kind: 'other', description: null, mac: null, ipv4: [], ipv6: [], gateways: [], dnsServers: [], mediaDisconnected: false } : undefined;
      if (current) adapters.push(current);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const labelled = indent <= 12 ? LABELLED.exec(line) : null;
    if (labelled) {
      lastKey = BY_LABEL.get(foldLabel(labelled[1]!.replace(/[\s.]+$/, '')));
      if (lastKey) add(lastKey, labelled[2] ?? '');
      continue;
    }
    // A continuation line: another value of the list above (gateways, DNS servers, addresses).
    if (lastKey && lastKey !== 'description' && lastKey !== 'mac' && lastKey !== 'media') add(lastKey, line);
  }
  return adapters.map(({ header, ...adapter }) => ({ ...adapter, kind: adapterKind(header, adapter.description) }));
}
