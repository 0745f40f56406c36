/**
 * A small, bounded reader of Apple XML property lists (`airport --scan --xml`): dict, array,
 * string, integer, real, true/false, data (base64 → bytes), date. Not a general XML parser:
 * it reads the plist vocabulary and ignores anything else. Never throws; malformed input
 * gives undefined.
 */
export type PlistValue = string | number | boolean | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  text: string;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'amp') return '&';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(pattern)) {
    if (match[2]) tokens.push({ kind: match[1] ? 'close' : match[3] ? 'empty' : 'open', name: match[2], text: '' });
    else if (match[4] !== undefined) tokens.push({ kind: 'text', name: '', text: match[4] });
  }
  return tokens;
}

export interface PlistParse {
  value: PlistValue | undefined;
  /** The text ended inside the top-level array: `value` holds the items that were complete. */
  truncated: boolean;
}

export function parsePlist(xml: string): PlistParse {
  const tokens = tokenize(xml);
  let index = 0;
  let truncated = false;
  const maxDepth = 64;

  const skipText = () => {
    while (tokens[index]?.kind === 'text' && tokens[index]!.text.trim() === '') index++;
  };

  const readText = (name: string): string | undefined => {
    let text = '';
    while (index < tokens.length && tokens[index]!.kind === 'text') text += tokens[index++]!.text;
    if (tokens[index]?.kind !== 'close' || tokens[index]!.name !== name) return undefined;
    index++;
    return decodeEntities(text);
  };

  const readValue = (depth: number): PlistValue | undefined => {
    if (depth > maxDepth) return undefined;
    skipText();
    const token = tokens[index++];
    if (!token) return undefined;
    if (token.kind === 'empty') {
      if (token.name === 'true') return true;
      if (token.name === 'false') return false;
      if (token.name === 'dict') return {};
      if (token.name === 'array') return [];
      if (token.name === 'string') return '';
      return undefined;
    }
    if (token.kind !== 'open') return undefined;
    switch (token.name) {
      case 'plist': {
        const value = readValue(depth + 1);
        skipText();
        if (tokens[index]?.kind === 'close') index++;
        return value;
      }
      case 'dict': {
        const dict: { [key: string]: PlistValue } = {};
        for (;;) {
          skipText();
          const next = tokens[index];
          if (!next) return undefined;
          if (next.kind === 'close' && next.name === 'dict') {
            index++;
            return dict;
          }
          if (next.kind !== 'open' || next.name !== 'key') return undefined;
          index++;
          const key = readText('key');
          if (key === undefined) return undefined;
          const value = readValue(depth + 1);
          if (value === undefined) return undefined;
          dict[key] = value;
        }
      }
      case 'array': {
        const array: PlistValue[] = [];
        for (;;) {
          skipText();
          const next = tokens[index];
          if (!next) {
            truncated = true;
            return array;
          }
          if (next.kind === 'close' && next.name === 'array') {
            index++;
            return array;
          }
          const value = readValue(depth + 1);
          if (value === undefined) {
            if (index >= tokens.length) {
              truncated = true;
              return array;
            }
            return undefined;
          }
          array.push(value);
        }
      }
      case 'string':
        return readText('string');
      case 'integer':
      case 'real': {
        const text = readText(token.name);
        const number = text === undefined ? NaN : Number(text.trim());
        return Number.isFinite(number) ? number : undefined;
      }
      case 'data': {
        const text = readText('data');
        return text === undefined ? undefined : new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
      }
      case 'date':
        return readText('date');
      default:
        return undefined;
    }
  };

  const start = tokens.findIndex((token) => token.kind === 'open' && token.name === 'plist');
  if (start < 0) return { value: undefined, truncated: false };
  index = start;
  const value = readValue(0);
  return { value, truncated };
}
