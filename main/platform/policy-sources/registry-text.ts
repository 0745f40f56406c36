/**
 * Windows policy in the registry, as text: the output of `reg query <key> /s` and the
 * `.reg` export format (regedit / `reg export`), both read into the same tree, and the one
 * mapping from that tree to setting values. The mapping follows what the generated ADMX
 * writes under `SOFTWARE\Policies\Roamdesk`:
 *
 *   REG_DWORD / REG_QWORD    → number   (booleans via enabledValue/disabledValue 1/0, decimals)
 *   REG_SZ / REG_EXPAND_SZ   → string   (text, enum items)
 *   REG_MULTI_SZ             → string[] (multiText: the JSON settings, one line per string)
 *   subkey <Key> with values 1, 2, … → string[] in numeric order (an ADMX <list>)
 *
 * Value names are matched to setting keys case-insensitively (the registry is). Other
 * types (REG_BINARY, REG_NONE) are handed on as bytes, so the service rejects them with a
 * reason instead of guessing.
 */
import { settingKeys } from '../../engine/policy/schema.js';

export type RegistryValueType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_NONE' | 'REG_DWORD_BIG_ENDIAN' | 'REG_LINK' | 'REG_RESOURCE_LIST' | 'REG_FULL_RESOURCE_DESCRIPTOR' | 'REG_RESOURCE_REQUIREMENTS_LIST';

export interface RegistryValue {
  /** '' for the key's (Default) value. */
  name: string;
  type: RegistryValueType;
  data: string | number | string[] | Uint8Array;
}

/** Normalised key path (see normaliseKeyPath) → the key's path as written and its values. */
export type RegistryTree = Map<string, { path: string; values: RegistryValue[] }>;

const HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** `HKLM\Software\…` and `HKEY_LOCAL_MACHINE\SOFTWARE\…` to one comparable form. */
export function normaliseKeyPath(keyPath: string): string {
  const trimmed = keyPath.trim().replace(/\\+$/, '');
  const [hive = '', ...rest] = trimmed.split('\\');
  const fullHive = HIVES[hive.toUpperCase()] ?? hive.toUpperCase();
  return [fullHive, ...rest].join('\\').toUpperCase();
}

function ensureKey(tree: RegistryTree, keyPath: string): { path: string; values: RegistryValue[] } {
  const key = normaliseKeyPath(keyPath);
  let entry = tree.get(key);
  if (!entry) {
    entry = { path: keyPath.trim().replace(/\\+$/, ''), values: [] };
    tree.set(key, entry);
  }
  return entry;
}

function addValue(tree: RegistryTree, keyPath: string, value: RegistryValue): void {
  ensureKey(tree, keyPath).values.push(value);
}

// ---- reg query /s --------------------------------------------------------------------------

const QUERY_VALUE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * `reg query HKLM\SOFTWARE\Policies\Roamdesk /s` output: a key path at column 0, then its
 * values indented by four spaces as `name    TYPE    data`. REG_MULTI_SZ data separates
 * strings with a literal `\0`; DWORD/QWORD data is `0x…` hex.
 */
export function parseRegQueryOutput(text: string): RegistryTree {
  const tree: RegistryTree = new Map();
  let current: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = line.trim();
      ensureKey(tree, current);
      continue;
    }
    const match = QUERY_VALUE.exec(line);
    if (!match || current === undefined) continue; // "End of search: n match(es) found." and the like
    const name = match[1] === '(Default)' ? '' : (match[1] ?? '');
    const type = match[2] as RegistryValueType;
    const data = match[3] ?? '';
    addValue(tree, current, { name, type, data: queryData(type, data) });
  }
  return tree;
}

function queryData(type: RegistryValueType, data: string): RegistryValue['data'] {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
    case 'REG_DWORD_BIG_ENDIAN':
      return Number(BigInt(data.trim() || '0'));
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0').filter((item, index, all) => item !== '' || index < all.length - 1);
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return data;
    default:
      return Uint8Array.from(Buffer.from(data.trim(), 'hex'));
  }
}

// ---- .reg export ------------------------------------------------------------------------------

/** A `.reg` file's text from its bytes: regedit writes UTF-16LE with a BOM; REGEDIT4 files are ANSI. */
export function decodeRegFile(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

function unescapeRegString(body: string): string {
  return body.replace(/\\(.)/g, '$1');
}

function hexBytes(list: string): Uint8Array {
  const items = list.split(',').map((item) => item.trim()).filter(Boolean);
  return Uint8Array.from(items.map((item) => Number.parseInt(item, 16)));
}

function utf16Strings(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('utf16le');
  const parts = text.split('\u0000');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const HEX_TYPES: Record<string, RegistryValueType> = {
  '0': 'REG_NONE',
  '1': 'REG_SZ',
  '2': 'REG_EXPAND_SZ',
  '3': 'REG_BINARY',
  '4': 'REG_DWORD',
  '5': 'REG_DWORD_BIG_ENDIAN',
  '7': 'REG_MULTI_SZ',
  b: 'REG_QWORD',
};

/**
 * A `.reg` export (`Windows Registry Editor Version 5.00` or `REGEDIT4`): `[key]` headers,
 * `"name"="string"`, `"name"=dword:0000000a`, `"name"=hex(7):…` (multi-string, UTF-16LE),
 * `hex(2):` expandable string, `hex(b):` qword, `hex:` binary, `@=` the default value,
 * lines continued with a trailing backslash. Deletions (`[-key]`, `"name"=-`) are skipped.
 */
export function parseRegExport(text: string): RegistryTree {
  const tree: RegistryTree = new Map();
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = pending ? pending + raw.trimStart() : raw;
    if (/\\$/.test(line) && !/^\s*(".*?(?<!\\)"|@)\s*=\s*"/.test(line)) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    lines.push(line);
  }
  if (pending) lines.push(pending);

  let current: string | undefined;
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith(';') || /^(Windows Registry Editor Version|REGEDIT4)/.test(trimmed)) continue;
    const header = /^\[(-?)(.+)\]$/.exec(trimmed);
    if (header) {
      current = header[1] ? undefined : header[2]!;
      if (current) ensureKey(tree, current);
      continue;
    }
    if (current === undefined) continue;
    const entry = /^(@|"((?:[^"\\]|\\.)*)")\s*=\s*(.*)$/.exec(trimmed);
    if (!entry) continue;
    const name = entry[1] === '@' ? '' : unescapeRegString(entry[2] ?? '');
    const data = entry[3] ?? '';
    if (data === '-') continue;
    const stringValue = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
    if (stringValue) {
      addValue(tree, current, { name, type: 'REG_SZ', data: unescapeRegString(stringValue[1] ?? '') });
      continue;
    }
    const dword = /^dword:([0-9a-fA-F]{1,8})$/.exec(data);
    if (dword) {
      addValue(tree, current, { name, type: 'REG_DWORD', data: Number.parseInt(dword[1]!, 16) });
      continue;
    }
    const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(data);
    if (hex) {
      const type = HEX_TYPES[(hex[1] ?? '3').toLowerCase()] ?? 'REG_BINARY';
      const bytes = hexBytes(hex[2] ?? '');
      if (type === 'REG_MULTI_SZ') addValue(tree, current, { name, type, data: utf16Strings(bytes) });
      else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') addValue(tree, current, { name, type, data: utf16Strings(bytes)[0] ?? '' });
      else if (type === 'REG_QWORD') addValue(tree, current, { name, type, data: Number(Buffer.from(bytes).readBigUInt64LE(0)) });
      else if (type === 'REG_DWORD') addValue(tree, current, { name, type, data: Buffer.from(bytes).readUInt32LE(0) });
      else addValue(tree, current, { name, type, data: bytes });
    }
  }
  return tree;
}

// ---- tree → settings -------------------------------------------------------------------------

const canonicalKeys = new Map(settingKeys.map((key) => [key.toLowerCase(), key]));

function canonical(name: string): string {
  return canonicalKeys.get(name.toLowerCase()) ?? name;
}

/** Whether anything is configured under `root` (the key exists). */
export function registryHasKey(tree: RegistryTree, root: string): boolean {
  return tree.has(normaliseKeyPath(root));
}

/**
 * The setting values under `root` (e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Roamdesk`):
 * its own values, and each direct subkey as a list (values ordered by numeric name).
 * Deeper subkeys are ignored.
 */
export function registryPolicyValues(tree: RegistryTree, root: string): Record<string, unknown> {
  const rootKey = normaliseKeyPath(root);
  const values: Record<string, unknown> = {};
  for (const value of tree.get(rootKey)?.values ?? []) {
    if (value.name === '') continue;
    values[canonical(value.name)] = value.data;
  }
  for (const [keyPath, entry] of tree) {
    if (!keyPath.startsWith(`${rootKey}\\`)) continue;
    const rest = keyPath.slice(rootKey.length + 1);
    if (rest.includes('\\')) continue;
    const originalName = entry.path.split('\\').pop() ?? rest;
    const ordered = entry.values
      .filter((value) => value.name !== '')
      .sort((a, b) => (Number(a.name) || 0) - (Number(b.name) || 0) || a.name.localeCompare(b.name));
    values[canonical(originalName)] = ordered.map((value) => (typeof value.data === 'string' ? value.data : Array.isArray(value.data) ? value.data.join('\n') : String(value.data)));
  }
  return values;
}
