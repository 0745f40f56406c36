/**
 * BSSIDs are stored as their 48-bit integer: it is the rowid of the directory table (no
 * second index) and fits a JS number exactly (2^48 < 2^53). Text stays the API's form.
 */
const HEX12 = /^[0-9a-f]{12}$/;

/** `aa:bb:cc:dd:ee:ff` (any case, `:`/`-` separators or none) → integer; undefined if not a MAC. */
export function bssidToKey(bssid: string): number | undefined {
  const hex = bssid.length === 17 ? bssid.slice(0, 2) + bssid.slice(3, 5) + bssid.slice(6, 8) + bssid.slice(9, 11) + bssid.slice(12, 14) + bssid.slice(15, 17) : bssid.replace(/[:-]/g, '');
  const lower = hex.toLowerCase();
  if (!HEX12.test(lower)) return undefined;
  return parseInt(lower, 16);
}

/** Integer → lower-case colon form, the form the scanner and the contract use. */
export function keyToBssid(key: number): string {
  const hex = key.toString(16).padStart(12, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}
