/**
 * Text handling shared by the parsers: bytes → text (UTF-8, UTF-16 and the Windows console
 * code pages netsh may print in), line splitting (CRLF, CR, LF), the spaces Windows puts in
 * localised labels (NBSP U+00A0, narrow NBSP U+202F), decimal commas, comment lines that
 * people add to pasted captures, and MAC addresses in every spelling tools use.
 */

/** The upper halves (0x80–0xFF) of the OEM code pages a Windows console uses in Europe and the US (generated with iconv). */
const OEM_CODE_PAGES: Record<number, string> = {
  437: '\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef\u00ee\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6\u00dc\u00a2\u00a3\u00a5\u20a7\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba\u00bf\u2310\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580\u03b1\u00df\u0393\u03c0\u03a3\u03c3\u00b5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6\u03b5\u2229\u2261\u00b1\u2265\u2264\u2320\u2321\u00f7\u2248\u00b0\u2219\u00b7\u221a\u207f\u00b2\u25a0\u00a0',
  850: '\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef\u00ee\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6\u00dc\u00f8\u00a3\u00d8\u00d7\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba\u00bf\u00ae\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u00c1\u00c2\u00c0\u00a9\u2563\u2551\u2557\u255d\u00a2\u00a5\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u00e3\u00c3\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u00a4\u00f0\u00d0\u00ca\u00cb\u00c8\u0131\u00cd\u00ce\u00cf\u2518\u250c\u2588\u2584\u00a6\u00cc\u2580\u00d3\u00df\u00d4\u00d2\u00f5\u00d5\u00b5\u00fe\u00de\u00da\u00db\u00d9\u00fd\u00dd\u00af\u00b4\u00ad\u00b1\u2017\u00be\u00b6\u00a7\u00f7\u00b8\u00b0\u00a8\u00b7\u00b9\u00b3\u00b2\u25a0\u00a0',
  852: '\u00c7\u00fc\u00e9\u00e2\u00e4\u016f\u0107\u00e7\u0142\u00eb\u0150\u0151\u00ee\u0179\u00c4\u0106\u00c9\u0139\u013a\u00f4\u00f6\u013d\u013e\u015a\u015b\u00d6\u00dc\u0164\u0165\u0141\u00d7\u010d\u00e1\u00ed\u00f3\u00fa\u0104\u0105\u017d\u017e\u0118\u0119\u00ac\u017a\u010c\u015f\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u00c1\u00c2\u011a\u015e\u2563\u2551\u2557\u255d\u017b\u017c\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u0102\u0103\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u00a4\u0111\u0110\u010e\u00cb\u010f\u0147\u00cd\u00ce\u011b\u2518\u250c\u2588\u2584\u0162\u016e\u2580\u00d3\u00df\u00d4\u0143\u0144\u0148\u0160\u0161\u0154\u00da\u0155\u0170\u00fd\u00dd\u0163\u00b4\u00ad\u02dd\u02db\u02c7\u02d8\u00a7\u00f7\u00b8\u00b0\u00a8\u02d9\u0171\u0158\u0159\u25a0\u00a0',
};

export interface DecodedText {
  text: string;
  encoding: string;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function looksLikeUtf16le(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  let zeros = 0;
  const pairs = Math.min(bytes.length / 2, 512);
  for (let i = 0; i < pairs; i++) if (bytes[i * 2 + 1] === 0 && bytes[i * 2] !== 0) zeros++;
  return zeros / pairs > 0.6;
}

/**
 * Decodes a tool's output. UTF-8 when it is valid UTF-8 (with or without BOM); UTF-16LE with
 * a BOM or a telltale of zero bytes (a PowerShell `>` redirect writes that); otherwise the
 * given OEM/ANSI code page, 850 by default (Western European consoles; for the letters in
 * German, French, Spanish and Italian labels 437 and 850 agree).
 */
export function decodeConsoleOutput(bytes: Uint8Array, codePage?: number): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: Buffer.from(bytes.subarray(2)).toString('utf16le'), encoding: 'utf-16le' };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: Buffer.from(bytes.subarray(3)).toString('utf8'), encoding: 'utf-8' };
  if (looksLikeUtf16le(bytes)) return { text: Buffer.from(bytes).toString('utf16le'), encoding: 'utf-16le' };
  if (codePage === 65001 || (codePage === undefined && isValidUtf8(bytes))) return { text: Buffer.from(bytes).toString('utf8'), encoding: 'utf-8' };
  const page = codePage ?? 850;
  const table = OEM_CODE_PAGES[page];
  if (table) {
    let text = '';
    for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : table[byte - 0x80];
    return { text, encoding: `cp${page}` };
  }
  const whatwg = page === 866 ? 'ibm866' : page >= 1250 && page <= 1258 ? `windows-${page}` : undefined;
  if (whatwg) return { text: new TextDecoder(whatwg).decode(bytes), encoding: whatwg };
  return { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
}

/** Splits on CRLF, CR or LF and turns the no-break spaces of localised output into spaces. */
export function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/[\u00A0\u202F\u2007]/g, ' ').split(/\r\n|\r|\n/);
}

/** Lines people add to pasted captures: `# netsh …`, `// …`, `$ command`, `PS C:\…> command`. */
export function isCommentLine(line: string): boolean {
  return /^\s*(#|\/\/)/.test(line) || /^\s*\$\s/.test(line) || /^PS [A-Za-z]:\\.*>/.test(line);
}

/** `2,4` → 2.4; `5` → 5; anything else → undefined. */
export function parseDecimal(value: string): number | undefined {
  const match = /^\s*(-?\d+(?:[.,]\d+)?)/.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]!.replace(',', '.'));
  return Number.isFinite(number) ? number : undefined;
}

export function parseInteger(value: string): number | undefined {
  const match = /^\s*(-?\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/**
 * Any spelling of a MAC address → lower-case, zero-padded, colon form. Accepts `-`/`:`
 * separators, upper or lower case, and the un-padded octets macOS `airport -I` prints
 * (`31:23:3:1a:9f:1d`), and bare 12-digit hex.
 */
export function normaliseMac(input: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (/^[0-9a-f]{12}$/.test(text)) return text.match(/../g)!.join(':');
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || !parts.every((part) => /^[0-9a-f]{1,2}$/.test(part))) return undefined;
  const mac = parts.map((part) => part.padStart(2, '0')).join(':');
  return mac === '00:00:00:00:00:00' ? undefined : mac;
}

/** The `label : value` split of a line, at the first colon that is followed by a space or the end. */
export function labelValue(line: string): { label: string; value: string; indent: number } | undefined {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ':') continue;
    const next = line[i + 1];
    if (next !== undefined && next !== ' ' && next !== '\t') continue;
    const indent = line.length - line.trimStart().length;
    return { indent, label: line.slice(0, i).trim(), value: line.slice(i + 1).trim() };
  }
  return undefined;
}

/** Folds case and accents so that label tables match `Verschlüsselung`, `Señal`, `Nom de l’interface`. */
export function foldLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
