/**
 * `netstat -ibn` (macOS) → bytes per interface, and its MAC. Each interface has one `<Link#n>`
 * row (the hardware counters, with the MAC in the Address column when it has one) and then
 * a row per address repeating the same counters; the link row is the one read.
 *
 *   Name  Mtu   Network       Address            Ipkts Ierrs     Ibytes    Opkts Oerrs     Obytes  Coll
 *   lo0   16384 <Link#1>                        123456     0   98765432   123456     0   98765432     0
 *   en0   1500  <Link#6>    3c:22:fb:12:34:56  8765432     0 9876543210  4321098     0  543210987     0
 *
 * Columns are found by the header's names, counted from the right (an empty Address
 * column on `lo0` leaves no gap in whitespace-split text). A trailing `*` on a name means
 * the interface is down; the name is kept without it.
 */
import { normaliseMac } from '../../wifi/parsers/text.js';

export interface NetstatInterfaceBytes {
  name: string;
  mac: string | null;
  rxBytes: number;
  txBytes: number;
  up: boolean;
}

export function parseNetstatIbn(text: string): NetstatInterfaceBytes[] {
  const rows = text.split(/\r\n|\r|\n/).filter((row) => row.trim() !== '');
  const headerAt = rows.findIndex((row) => /^\s*Name\s+Mtu\s+Network\s+Address\s/.test(row));
  if (headerAt < 0) return [];
  const header = rows[headerAt]!.trim().split(/\s+/);
  const tail = header.length - header.indexOf('Ipkts');
  const ibytes = header.indexOf('Ibytes') - header.indexOf('Ipkts');
  const obytes = header.indexOf('Obytes') - header.indexOf('Ipkts');
  if (header.indexOf('Ipkts') < 0 || ibytes < 0 || obytes < 0) return [];

  const out = new Map<string, NetstatInterfaceBytes>();
  for (const row of rows.slice(headerAt + 1)) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < 3 + tail || !/^<Link#\d+>$/.test(fields[2]!)) continue;
    const counters = fields.slice(fields.length - tail);
    const rxBytes = Number(counters[ibytes]);
    const txBytes = Number(counters[obytes]);
    if (!Number.isSafeInteger(rxBytes) || !Number.isSafeInteger(txBytes)) continue;
    const address = fields.length > 3 + tail ? fields[3]! : '';
    const name = fields[0]!.replace(/\*$/, '');
    if (!out.has(name)) out.set(name, { name, mac: normaliseMac(address) ?? null, rxBytes, txBytes, up: !fields[0]!.endsWith('*') });
  }
  return [...out.values()];
}
