/**
 * `netstat -e` → the bytes received and sent by all interfaces together (Windows keeps no
 * per-interface figure here). Used only when `netsh … show subinterfaces` gives nothing; the
 * facts then say `counterScope: 'all-interfaces'`, because a session's delta includes any
 * wired traffic at the same time.
 *
 *   Interface Statistics                       Schnittstellenstatistik
 *                  Received     Sent                      Empfangen    Gesendet
 *   Bytes      1234567890   987654321          Bytes     1234567890   987654321
 *
 * The `Bytes` row is found by its label (Bytes, Octets, Byte) or, failing that, as the first
 * row of two numbers, which is where every language puts it.
 */

export interface NetstatTotals {
  rxBytes: number;
  txBytes: number;
}

export function parseNetstatE(text: string): NetstatTotals | null {
  let first: NetstatTotals | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^\s*(\S[^\d]*?)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (!match) continue;
    const totals = { rxBytes: Number(match[2]), txBytes: Number(match[3]) };
    if (!Number.isSafeInteger(totals.rxBytes) || !Number.isSafeInteger(totals.txBytes)) continue;
    if (/^(bytes?|octets)$/i.test(match[1]!.trim())) return totals;
    first ??= totals;
  }
  return first;
}
