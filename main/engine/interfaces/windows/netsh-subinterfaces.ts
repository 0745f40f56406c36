/**
 * `netsh interface ipv4 show subinterfaces` → bytes in and out per interface, the one
 * Windows tool without PowerShell that counts per interface:
 *
 *      MTU  MediaSenseState   Bytes In  Bytes Out  Interface
 *   ------  ---------------  ---------  ---------  -------------
 *     1500                1  211346890   15003839  Wi-Fi
 *
 * The header is localised but the columns are not: four numbers, then the name (which may
 * contain spaces). Rows are recognised by that shape alone.
 */

export interface SubinterfaceBytes {
  name: string;
  mtu: number;
  /** 1 connected, 5 disconnected (NET_IF_MEDIA_CONNECT_STATE-ish values netsh prints). */
  mediaSenseState: number;
  rxBytes: number;
  txBytes: number;
}

export function parseNetshSubinterfaces(text: string): SubinterfaceBytes[] {
  const out: SubinterfaceBytes[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S.*?)\s*$/.exec(line);
    if (!match) continue;
    const [mtu, state, rx, tx] = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
    if (![mtu, state, rx, tx].every(Number.isSafeInteger)) continue;
    out.push({ name: match[5]!, mtu, mediaSenseState: state, rxBytes: rx, txBytes: tx });
  }
  return out;
}
