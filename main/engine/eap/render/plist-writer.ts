/**
 * Writes XML property lists (Apple's plist 1.0 DTD) for configuration profiles. Values:
 * strings, integers, booleans, dates, data (bytes → base64) and nested arrays/dicts.
 * Dict keys keep insertion order; `undefined` entries are left out.
 */
import { escapeXml } from '../xml-writer.js';

export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | { [key: string]: PlistValue | undefined };

function write(value: PlistValue, depth: number): string {
  const pad = '\t'.repeat(depth);
  if (typeof value === 'string') return `${pad}<string>${escapeXml(value)}</string>\n`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError('plist: only integers are written');
    return `${pad}<integer>${value}</integer>\n`;
  }
  if (typeof value === 'boolean') return `${pad}<${value}/>\n`;
  if (value instanceof Date) return `${pad}<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>\n`;
  if (value instanceof Uint8Array) {
    const lines = Buffer.from(value).toString('base64').match(/.{1,52}/g) ?? [];
    return `${pad}<data>\n${lines.map((line) => `${pad}${line}\n`).join('')}${pad}</data>\n`;
  }
  if (Array.isArray(value)) return value.length === 0 ? `${pad}<array/>\n` : `${pad}<array>\n${value.map((v) => write(v, depth + 1)).join('')}${pad}</array>\n`;
  const entries = Object.entries(value).filter((entry): entry is [string, PlistValue] => entry[1] !== undefined);
  if (entries.length === 0) return `${pad}<dict/>\n`;
  return `${pad}<dict>\n${entries.map(([k, v]) => `${pad}\t<key>${escapeXml(k)}</key>\n${write(v, depth + 1)}`).join('')}${pad}</dict>\n`;
}

export function plistDocument(root: PlistValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${write(root, 0)}</plist>\n`;
}
