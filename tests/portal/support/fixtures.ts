/**
 * Reading the shared real-capture fixtures as they are, plus the two text formats they
 * use for HTTP: raw exchanges (request, then response) and TrueMove's Java header dump.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

export function fixture(folder: 'wispr' | 'capport', name: string): string {
  return readFileSync(`${FIXTURES}${folder}/${name}`, 'utf8');
}

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The (last) HTTP response in a raw capture: status line, headers (lower-cased names), body. */
export function parseRawHttpResponse(raw: string): RawHttpResponse {
  const text = raw.replace(/\r\n/g, '\n');
  const statusLines = [...text.matchAll(/^HTTP\/\d(?:\.\d)? (\d{3})[^\n]*\n/gm)];
  const last = statusLines.at(-1);
  if (!last) throw new Error('no HTTP status line in capture');
  const afterStatus = text.slice(last.index + last[0].length);
  const blank = afterStatus.indexOf('\n\n');
  const headerText = blank === -1 ? afterStatus : afterStatus.slice(0, blank);
  const headers: Record<string, string> = {};
  for (const line of headerText.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(last[1]), headers, body: blank === -1 ? '' : afterStatus.slice(blank + 2) };
}

/** TrueMove's `Name : {value, }` header dump (Java println of a header map). */
export function parseJavaHeaderDump(dump: string): RawHttpResponse {
  const headers: Record<string, string> = {};
  let status = 0;
  for (const line of dump.split(/\r?\n/)) {
    const match = /^\s*(.+?) : \{(.*), \}\s*$/.exec(line);
    if (!match) continue;
    const [, name, value] = match as unknown as [string, string, string];
    if (name === 'null') status = Number(/HTTP\/\d\.\d (\d{3})/.exec(value)?.[1] ?? 0);
    else headers[name.toLowerCase()] = value;
  }
  return { status, headers, body: '' };
}
