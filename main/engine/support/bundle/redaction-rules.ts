/**
 * The rules a bundle's redactor applies, in order, per redaction level. Every rule matches
 * within one line (`[ \t]` for blanks, never `\s`, never a class that crosses `\n`), so the
 * result does not depend on where a stream cut its chunks; what spans lines (PEM private
 * keys, XML secret elements, plist secrets and `<data>`) is a *span* rule, handled by the
 * redactor's state machine. Secret rules run at every level; identifier rules by level.
 */
import type { Pseudonymizer } from './pseudonymizer.js';
import type { RedactionKind, RedactionLevel } from './redaction-level.js';

export const REDACTED = '[redacted]';

/** Words that make a key's value a secret (a prefix such as `client_`, `User-`, `private_key_` may stand before them). */
const SECRET_WORDS = String.raw`pass(?:word|phrase|wd)?|pwd|psk|secret|token|api[-_]?key|auth[-_]?key|key[-_]?material|session[-_]?id|phpsessid|jsessionid|credentials?|chap[-_]?(?:password|response|challenge)|wep[-_]?key\d?`;
const USER_WORDS = String.raw`user(?:[-_]?name)?|login[-_]?name|identity|account[-_]?name|upn|logon[-_]?name|sam[-_]?account[-_]?name|user[-_]?principal[-_]?name`;
const HOST_WORDS = String.raw`host[-_]?name|computer[-_]?name|device[-_]?name|machine[-_]?name|fqdn|nas[-_]identifier|workstation`;
/** Words every match of the alternations above holds one of (for the redactor's block scan). */
const SECRET_NEEDS = ['pass', 'pwd', 'psk', 'secret', 'token', 'key', 'session', 'sessid', 'credential', 'chap'];
const USER_NEEDS = ['user', 'login', 'identity', 'account', 'upn', 'logon'];
const HOST_NEEDS = ['host', 'computer', 'device', 'machine', 'fqdn', 'nas', 'workstation'];

/** `key` then `=`, `:`, `=>`; a JSON key's closing quote (also escaped inside a JSON string) may stand between. */
const SEPARATOR = String.raw`(?:\\?["'])?[ \t]*(?:=>|[=:])[ \t]*`;
/** A value: quoted (JSON, escaped JSON, shell, XML-escaped) or one unquoted token. */
const VALUE = String.raw`\\"(?:[^"\\\r\n]|\\[^"\r\n])*\\"|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|&quot;[^\r\n]*?&quot;|[^\s&;,"'<>]+`;
const QUOTED_VALUE = String.raw`\\"(?:[^"\\\r\n]|\\[^"\r\n])*\\"|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|&quot;[^\r\n]*?&quot;`;
const KEY_START = String.raw`(?<![A-Za-z0-9_-])`;

export interface RuleContext {
  pseudonyms: Pseudonymizer;
  level: RedactionLevel;
  count(kind: RedactionKind): void;
}

/**
 * The redactor finds the lines worth trying with a few block-wide scans, and passes every
 * other line on unread. One scan looks for the words rules need (key names, `@`…); the address
 * shapes have a scan each. Separate scans are faster than one alternation of them all: irregexp
 * skips ahead well on an alternation of words that start with letters, not once a common
 * character (`:`, `.`, `/`, `@`) may start a match — so a word need is best a letter word.
 */
export const addressScans = ['mac', 'ipv4', 'ipv6'] as const;
export type AddressScan = (typeof addressScans)[number];

export interface LineRule {
  kind: RedactionKind;
  levels: readonly RedactionLevel[];
  /**
   * A necessary condition, tested on one line: a line it does not match is a line the rule
   * would leave exactly as it is (no match of `pattern`, or only matches the rule gives back
   * unchanged). Not global. A guard (or `needs`) too narrow leaks: tests/bundle/redaction-gates.test.ts
   * compares the gated redactor with every rule run over every line.
   */
  guard: RegExp;
  /**
   * What the block-wide scans look for: words (compared case-insensitively) one of which every
   * line `guard` matches holds, or the address scan whose shape every such line holds.
   */
  needs: readonly string[] | AddressScan;
  pattern: RegExp;
  replace(context: RuleContext, match: string, ...groups: string[]): string;
}

export interface SpanRule {
  kind: RedactionKind;
  levels: readonly RedactionLevel[];
  begin: RegExp;
  /** The end of the span this begin match opened (searched from the end of the begin match on). */
  end(begin: RegExpExecArray): RegExp;
  /** Written in place of the begin match and everything up to the end. */
  open(begin: RegExpExecArray): string;
  /** Written in place of the end match. */
  close(end: RegExpExecArray): string;
}

const ALL: readonly RedactionLevel[] = ['minimal', 'standard', 'strict'];
const IDENTIFYING: readonly RedactionLevel[] = ['standard', 'strict'];
const STRICT: readonly RedactionLevel[] = ['strict'];

/** Values that hide nothing (already redacted, empty, a literal, an opening brace), left as they are and not counted. */
const NOTHING_TO_HIDE = /^(?:\\?["']|&quot;)?(?:\[redacted[^\]]*\]|null|true|false|undefined|none|\{|\[|)(?:\\?["']|&quot;)?$/i;

/** Splits a matched value into its quotes and content, so a replacement keeps the quotes. */
function quoteOf(value: string): [string, string, string] {
  for (const quote of ['\\"', '"', "'", '&quot;']) {
    if (value.length >= quote.length * 2 && value.startsWith(quote) && value.endsWith(quote)) return [quote, value.slice(quote.length, value.length - quote.length), quote];
  }
  return ['', value, ''];
}

function redactValue(context: RuleContext, kind: RedactionKind, key: string, separator: string, value: string): string {
  if (NOTHING_TO_HIDE.test(value)) return `${key}${separator}${value}`;
  context.count(kind);
  const [open, , close] = quoteOf(value);
  return `${key}${separator}${open}${REDACTED}${close}`;
}

function pseudonymValue(context: RuleContext, kind: 'user' | 'host' | 'ssid', key: string, separator: string, value: string): string {
  const [open, inner, close] = quoteOf(value);
  if (NOTHING_TO_HIDE.test(value) || inner.length === 0 || /^[^#]*[a-z]#[0-9a-f]{10}\b/.test(inner)) return `${key}${separator}${value}`;
  context.count(kind);
  return `${key}${separator}${open}${context.pseudonyms.token(kind, inner)}${close}`;
}

export const lineRules: readonly LineRule[] = [
  {
    // HTTP headers and their JSON/inspect forms: the whole value goes (it may be `Basic …`, `Digest …`, several cookies).
    kind: 'authorization',
    levels: ALL,
    guard: /authori[sz]ation/i,
    needs: ['authori'],
    pattern: new RegExp(String.raw`${KEY_START}((?:proxy-)?authori[sz]ation)(${SEPARATOR})(${QUOTED_VALUE}|[^\r\n]+)`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => redactValue(context, 'authorization', key, separator, value),
  },
  {
    kind: 'cookie',
    levels: ALL,
    guard: /cookie/i,
    needs: ['cookie'],
    pattern: new RegExp(String.raw`${KEY_START}((?:set-)?cookie2?)(${SEPARATOR})(${QUOTED_VALUE}|[^\r\n]+)`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => redactValue(context, 'cookie', key, separator, value),
  },
  {
    kind: 'url-credentials',
    levels: ALL,
    guard: /:\/\/[^/\s]*@/,
    needs: ['@'],
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi,
    replace: (context, _match, scheme = '') => {
      context.count('url-credentials');
      return `${scheme}${REDACTED}@`;
    },
  },
  {
    kind: 'jwt',
    levels: ALL,
    guard: /eyJ/,
    needs: ['eyj'],
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    replace: (context) => {
      context.count('jwt');
      return '[redacted jwt]';
    },
  },
  {
    kind: 'bearer-token',
    levels: ALL,
    guard: /bearer|basic|digest|ntlm|negotiate/i,
    needs: ['bearer', 'basic', 'digest', 'ntlm', 'negotiate'],
    pattern: /\b(Bearer|Digest|Basic|NTLM|Negotiate)([ \t]+)(?:(?<=Bearer[ \t]+)[A-Za-z0-9._~+/=-]{6,}|(?=[A-Za-z0-9+/=]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}|(?<=Digest[ \t]+)[^\r\n]+)/gi,
    replace: (context, _match, scheme = '', blank = '') => {
      context.count('bearer-token');
      return `${scheme}${blank}${REDACTED}`;
    },
  },
  {
    // WISPr 2.0 EAP messages, RADIUS EAP-Message: EAP-Response/Identity carries the identity, MSCHAPv2 a password hash.
    kind: 'eap-message',
    levels: ALL,
    guard: /eap-?msg|eap-message/i,
    needs: ['eapmsg', 'eap-m'],
    pattern: /(WISPrEAPMsg=|<EAPMsg>|EAP-Message[ \t]*[=:][ \t]*)([^&\s"'<]+)/gi,
    replace: (context, match, prefix = '', value = '') => {
      if (value.startsWith('[redacted')) return match;
      context.count('eap-message');
      return `${prefix}${REDACTED}`;
    },
  },
  {
    // `password=secret phrase` at the start of a line (INI, keyfile, YAML, supplicant configs): the rest of the line.
    kind: 'password',
    levels: ALL,
    guard: new RegExp(SECRET_WORDS, 'i'),
    needs: SECRET_NEEDS,
    pattern: new RegExp(String.raw`^([ \t]*#?[ \t]*[A-Za-z0-9_-]*?(?:${SECRET_WORDS}))([ \t]*(?:=|:(?!//))[ \t]*)([^\r\n"'{ \t][^\r\n]*)`, 'gim'),
    replace: (context, _match, key = '', separator = '', value = '') => redactValue(context, 'password', key, separator, value.replace(/[ \t]+$/, '')),
  },
  {
    kind: 'password',
    levels: ALL,
    guard: new RegExp(SECRET_WORDS, 'i'),
    needs: SECRET_NEEDS,
    pattern: new RegExp(String.raw`${KEY_START}([A-Za-z0-9_-]*?(?:${SECRET_WORDS}))(${SEPARATOR})(${VALUE})`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => redactValue(context, 'password', key, separator, value),
  },
  {
    kind: 'email',
    levels: IDENTIFYING,
    guard: /@|%40/,
    needs: ['@', '%40'],
    pattern: /(?<![A-Za-z0-9._%+#-])([A-Za-z0-9._+-]+(?:%(?!40)[0-9A-Fa-f]{2}[A-Za-z0-9._+-]*)*)(@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9-])/g,
    replace: (context, _match, local = '', at = '', domain = '') => {
      context.count('email');
      const token = context.pseudonyms.token('email', `${local}@${domain}`);
      return context.level === 'strict' ? token : `${token}${at}${domain}`;
    },
  },
  {
    // `identity=Bill Smith` at the start of a line (keyfiles, configs, YAML): the rest of the line is the name.
    kind: 'user',
    levels: IDENTIFYING,
    guard: /user|login|identity|account|upn|logon/i,
    needs: USER_NEEDS,
    pattern: new RegExp(String.raw`^([ \t]*[A-Za-z0-9_-]*?(?:${USER_WORDS}))([ \t]*(?:=|:(?!//))[ \t]*)([^\r\n"'{\[ \t][^\r\n]*?)(?=[ \t]*\r?$)`, 'gim'),
    replace: (context, _match, key = '', separator = '', value = '') => pseudonymValue(context, 'user', key, separator, value),
  },
  {
    kind: 'host',
    levels: IDENTIFYING,
    guard: new RegExp(HOST_WORDS, 'i'),
    needs: HOST_NEEDS,
    pattern: new RegExp(String.raw`^([ \t]*[A-Za-z0-9_-]*?(?:${HOST_WORDS}))([ \t]*(?:=|:(?!//))[ \t]*)([^\r\n"'{\[ \t][^\r\n]*?)(?=[ \t]*\r?$)`, 'gim'),
    replace: (context, _match, key = '', separator = '', value = '') => pseudonymValue(context, 'host', key, separator, value),
  },
  {
    kind: 'user',
    levels: IDENTIFYING,
    guard: /user|login|identity|account|upn|logon/i,
    needs: USER_NEEDS,
    pattern: new RegExp(String.raw`${KEY_START}([A-Za-z0-9_-]*?(?:${USER_WORDS}))(${SEPARATOR})(${VALUE})`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => pseudonymValue(context, 'user', key, separator, value),
  },
  {
    kind: 'user',
    levels: IDENTIFYING,
    guard: /user|login|identity|account|upn|logon/i,
    needs: USER_NEEDS,
    pattern: new RegExp(String.raw`(<(?:[A-Za-z_][\w.-]*:)?[A-Za-z0-9_-]*?(?:${USER_WORDS})(?:[ \t][^>\r\n]*)?>)([^<\r\n]+)(?=</)`, 'gi'),
    replace: (context, _match, tag = '', value = '') => pseudonymValue(context, 'user', tag, '', value),
  },
  {
    kind: 'host',
    levels: IDENTIFYING,
    guard: new RegExp(HOST_WORDS, 'i'),
    needs: HOST_NEEDS,
    pattern: new RegExp(String.raw`${KEY_START}([A-Za-z0-9_-]*?(?:${HOST_WORDS}))(${SEPARATOR})(${VALUE})`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => pseudonymValue(context, 'host', key, separator, value),
  },
  {
    kind: 'host',
    levels: IDENTIFYING,
    guard: new RegExp(HOST_WORDS, 'i'),
    needs: HOST_NEEDS,
    pattern: new RegExp(String.raw`(<(?:[A-Za-z_][\w.-]*:)?(?:${HOST_WORDS})(?:[ \t][^>\r\n]*)?>)([^<\r\n]+)(?=</)`, 'gi'),
    replace: (context, _match, tag = '', value = '') => pseudonymValue(context, 'host', tag, '', value),
  },
  {
    // Home folders name the user: /home/alice, /Users/alice, C:\Users\alice (also JSON-escaped).
    kind: 'user',
    levels: IDENTIFYING,
    guard: /\/home\/|\/Users\/|:\\+Users\\/i,
    needs: ['home', 'users'],
    pattern: /(\/home\/|\/Users\/|[A-Za-z]:\\{1,2}Users\\{1,2})(?!(?:Shared|Public|Default|All Users|\[)(?![^/\\\s"'<>:]))([^/\\\s"'<>:]+)/gi,
    replace: (context, _match, prefix = '', name = '') => {
      if (/^user#[0-9a-f]{10}$/.test(name)) return `${prefix}${name}`;
      context.count('user');
      return `${prefix}${context.pseudonyms.token('user', name)}`;
    },
  },
  {
    // Names a device gives itself: mDNS `*.local`, Windows' DESKTOP-XXXXXXX / LAPTOP-XXXXXXX.
    kind: 'host',
    levels: IDENTIFYING,
    // Not `\.local\b`: the pattern lets `_` follow (`printer.local_ipp`), where `\b` does not hold.
    guard: /\.local|DESKTOP-|LAPTOP-/i,
    needs: ['local', 'desktop-', 'laptop-'],
    pattern: /(?<![A-Za-z0-9.#-])(?:[A-Za-z0-9][A-Za-z0-9-]*\.local|(?:DESKTOP|LAPTOP)-[A-Z0-9]{7})(?![A-Za-z0-9-])/g,
    replace: (context, match) => {
      context.count('host');
      return context.pseudonyms.token('host', match);
    },
  },
  {
    kind: 'ssid',
    levels: STRICT,
    guard: /ssid/i,
    needs: ['ssid'],
    pattern: new RegExp(String.raw`${KEY_START}(ssid)(${SEPARATOR})(${VALUE})`, 'gi'),
    replace: (context, _match, key = '', separator = '', value = '') => pseudonymValue(context, 'ssid', key, separator, value),
  },
  {
    kind: 'mac',
    levels: IDENTIFYING,
    // The whole shape, not its start: `2026-11-30` and `08:00:01` in every log line's time stamp begin like a MAC.
    guard: /[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}/,
    needs: 'mac',
    pattern: /(?<![0-9A-Fa-f:-])([0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}\2[0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2}\2[0-9A-Fa-f]{2}\2[0-9A-Fa-f]{2})(?![0-9A-Fa-f:-]|#)/g,
    replace: (context, match, oui = '', separator = ':') => {
      const lower = match.toLowerCase();
      if (lower === 'ff:ff:ff:ff:ff:ff' || lower === '00:00:00:00:00:00' || lower === 'ff-ff-ff-ff-ff-ff' || lower === '00-00-00-00-00-00') return match;
      context.count('mac');
      const tag = context.pseudonyms.tag('mac', separator === '-' ? lower.replaceAll('-', ':') : lower);
      if (context.level === 'strict') return `${separator === '-' ? 'xx-xx-xx-xx-xx-xx' : 'xx:xx:xx:xx:xx:xx'}#${tag}`;
      return `${oui}${separator === '-' ? '-xx-xx-xx#' : ':xx:xx:xx#'}${tag}`;
    },
  },
  {
    kind: 'ipv4',
    levels: IDENTIFYING,
    // Two dots between digits: a time stamp's `01.100` has one.
    guard: /\d\.\d{1,3}\.\d/,
    needs: 'ipv4',
    pattern: /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d#]|\.\d)/g,
    replace: (context, match, a = '', b = '', c = '', d = '') => {
      const first = Number(a);
      const second = Number(b);
      const third = Number(c);
      const fourth = Number(d);
      if (first > 255 || second > 255 || third > 255 || fourth > 255) return match;
      if (keepsIpv4(first, second, third, fourth)) return match;
      context.count('ipv4');
      const tag = context.pseudonyms.tag('ipv4', match);
      return context.level === 'strict' ? `${a}.x.x.x#${tag}` : `${a}.${b}.x.x#${tag}`;
    },
  },
  {
    kind: 'ipv6',
    levels: IDENTIFYING,
    // What replace() changes: an address with `::`, or eight groups (seven colons); any other match it gives back as it is.
    guard: /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/,
    needs: 'ipv6',
    pattern: /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[A-Za-z0-9]+)?(?![0-9A-Za-z:#]|\.\d)/g,
    replace: (context, match) => {
      const address = match.replace(/%.*$/, '');
      const groups = ipv6Groups(address);
      if (!groups) return match;
      if (groups.every((group) => group === 0) || (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1)) return match; // :: and ::1
      context.count('ipv6');
      const tag = context.pseudonyms.tag('ipv6', groups.join(':'));
      const keep = context.level === 'strict' ? 1 : 2;
      return `${groups.slice(0, keep).map((group) => group.toString(16)).join(':')}:x::x#${tag}`;
    },
  },
];

const NETMASK_OCTETS = new Set([0, 128, 192, 224, 240, 248, 252, 254, 255]);

/** Addresses that say nothing about a person: unspecified, loopback, broadcast, netmasks. */
function keepsIpv4(a: number, b: number, c: number, d: number): boolean {
  if (a === 127 || (a === 0 && b === 0 && c === 0 && d === 0)) return true;
  return a === 255 && NETMASK_OCTETS.has(b) && NETMASK_OCTETS.has(c) && NETMASK_OCTETS.has(d);
}

/** The eight 16-bit groups of an IPv6 address, or undefined when `text` is not one (a MAC, a time, a `::` alone in prose). */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string) => (half === '' ? [] : half.split(':'));
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const parts = [...head, ...tail];
  if (parts.some((part) => !/^[0-9A-Fa-f]{1,4}$/.test(part))) return undefined;
  if (halves.length === 1 && parts.length !== 8) return undefined;
  if (halves.length === 2 && parts.length > 7) return undefined;
  if (halves.length === 2 && parts.length === 0) return new Array<number>(8).fill(0);
  if (halves.length === 1 && parts.every((part) => part.length === 2) && parts.length === 6) return undefined;
  const zeros = new Array<number>(8 - parts.length).fill(0);
  return [...head.map((part) => parseInt(part, 16)), ...(halves.length === 2 ? zeros : []), ...tail.map((part) => parseInt(part, 16))];
}

const XML_SECRET_NAME = String.raw`(?:[A-Za-z_][\w.-]*:)?[A-Za-z0-9_-]*?(?:${SECRET_WORDS})`;

export const spanRules: readonly SpanRule[] = [
  {
    kind: 'private-key',
    levels: ALL,
    begin: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----/g,
    end: () => /-----END [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----/g,
    open: () => '[redacted private key]',
    close: () => '',
  },
  {
    // <Password>…</Password>, <MsChapV2:Password>, <keyMaterial>, even when the value runs over lines.
    kind: 'secret-element',
    levels: ALL,
    begin: new RegExp(String.raw`<(${XML_SECRET_NAME})((?:[ \t][^>\r\n]*[^/>\r\n])?)>(?!\[redacted\]<)`, 'gi'),
    end: (begin) => new RegExp(String.raw`</${escapeRegExp(begin[1] ?? '')}[ \t]*>`, 'gi'),
    open: (begin) => `<${begin[1] ?? ''}${begin[2] ?? ''}>${REDACTED}`,
    close: (end) => end[0],
  },
  {
    // Apple configuration profiles: <key>Password</key> then <string>…</string> (or <data>) on the same or a later line.
    kind: 'secret-element',
    levels: ALL,
    begin: new RegExp(String.raw`<key>[A-Za-z0-9_ -]*?(?:${SECRET_WORDS})</key>`, 'gi'),
    end: () => /<\/string>|<\/data>|<(?:true|false|string|data)[ \t]*\/>/g,
    open: (begin) => `${begin[0]}<string>${REDACTED}</string>`,
    close: () => '',
  },
  {
    // Base64 payloads in profiles (PKCS#12 identities, certificates): nothing a reader needs, possibly key material.
    kind: 'binary-data',
    levels: IDENTIFYING,
    begin: /<data>/g,
    end: () => /<\/data>/g,
    open: () => `<data>${REDACTED}`,
    close: (end) => end[0],
  },
];

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
