/**
 * The redactor runs a rule only on the lines its block scans and guards pick. That is only
 * safe if every guard (and every scan word) is a necessary condition: a gate too narrow
 * skips a line the rule would have changed, and a secret survives. These tests compare the
 * gated redactor with a reference that runs every rule over every line, rule after rule
 * (what the redactor did before it had gates), on fixtures and on text built from the
 * rules' own vocabulary; and they pin the gates' edge cases one by one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { redactText } from '../../main/engine/logging/redact.js';
import { HmacSha256 } from '../../main/engine/support/bundle/hmac-sha256.js';
import { Pseudonymizer, RedactingStream, type RedactionCounts, type RedactionLevel, TextRedactor } from '../../main/engine/support/bundle/index.js';
import { type LineRule, type RuleContext, lineRules } from '../../main/engine/support/bundle/redaction-rules.js';
import { knownRule } from '../../main/engine/support/bundle/text-redactor.js';
import { fixtures, secretLog } from './plant.js';
import { generateLogs } from './redactor-bench.js';

const salt = Buffer.alloc(32, 11);
const known = { users: ['alice', 'bob.smith'], hosts: ['roam-laptop'] };
const levels: readonly RedactionLevel[] = ['minimal', 'standard', 'strict'];

/** Every rule over the whole text, in order, no guard, no scan: the meaning the gates must keep. */
function reference(text: string, level: RedactionLevel): { text: string; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  const context: RuleContext = { pseudonyms: new Pseudonymizer(salt), level, count: (kind) => void (counts[kind] = (counts[kind] ?? 0) + 1) };
  const rules = lineRules.filter((rule) => rule.levels.includes(level));
  const knownNames = knownRule(known);
  const at = rules.findIndex((rule) => rule.kind === 'user');
  const ordered: LineRule[] = knownNames && level !== 'minimal' ? [...rules.slice(0, at), knownNames, ...rules.slice(at)] : rules;
  let result = text
    .split('\n')
    .map((line) => {
      if (!/pass|psk|secret|token|api[-_]?key|bearer|basic|private key/i.test(line)) return line;
      const redacted = redactText(line);
      if (redacted !== line) context.count('password');
      return redacted;
    })
    .join('\n');
  for (const rule of ordered) {
    rule.pattern.lastIndex = 0;
    result = result.replace(rule.pattern, (match: string, ...groups: unknown[]) => rule.replace(context, match, ...(groups as string[])));
  }
  return { text: result, counts };
}

function gated(text: string, level: RedactionLevel): { text: string; counts: RedactionCounts } {
  const redactor = new TextRedactor({ level, pseudonyms: new Pseudonymizer(salt), known });
  return { text: redactor.redact(text), counts: redactor.counts };
}

const sorted = (counts: RedactionCounts) => Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));

function expectSame(text: string, label: string): void {
  for (const level of levels) {
    const want = reference(text, level);
    const got = gated(text, level);
    expect(got.text, `${label} (${level})`).toBe(want.text);
    expect(sorted(got.counts), `${label} (${level}) counts`).toEqual(sorted(want.counts));
  }
}

/** Pieces of every rule's keys, values and shapes, in and out of case, glued at random. No `<` or `-----`: spans are tested apart. */
const VOCABULARY = [
  'password', 'Password', 'PASSWD', 'pass', 'psk', 'token', 'api_key', 'apiKey', 'auth-key', 'secret', 'client_secret', 'key_material', 'session_id', 'PHPSESSID', 'jsessionid', 'credentials', 'chap-response', 'wep_key0',
  'Authorization', 'authorisation', 'Proxy-Authorization', 'Cookie', 'Set-Cookie', 'cookie2', 'Bearer', 'bearer', 'Basic', 'Digest', 'NTLM', 'Negotiate',
  'eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJhbGljZSJ9', 'EYJabcdefghij', 'WISPrEAPMsg=', 'EAP-Message', 'eap-msg', 'EAPMsg',
  'user', 'User-Name', 'username', 'login', 'LoginName', 'identity', 'anonymous_identity', 'account_name', 'upn', 'logon_name', 'sAMAccountName',
  'hostname', 'Host-Name', 'computer-name', 'DeviceName', 'machine_name', 'fqdn', 'nas-identifier', 'workstation',
  'ssid', 'SSID', 'alice', 'Alice', 'ALICE', 'bob.smith', 'roam-laptop', 'Roam-Laptop',
  'DESKTOP-7QX2ABC', 'LAPTOP-AB12CD3', 'laptop-', 'printer.local', '.local_x', 'nas.LOCAL', 'x.localhost',
  '/home/', '/Users/', '/users/', 'C:\\Users\\', 'C:\\\\Users\\\\', 'Shared', 'Public',
  '@', '%40', 'example.com', 'isp.example', 'x.org', 'https://', 'ftp://', 'a:b@', 'admin:pw@', '://',
  ':', '::', '-', '=', ' = ', ': ', '=>', '"', "'", '\\"', '&quot;', '&', ';', ',', '>', '#', '%', '.', '/', '\\', '_',
  'ff:ff:ff:ff:ff:ff', '3c:22:fb:a1:b2:c3', '3C-22-FB-A1-B2-C3', '3c:22:fb', ':a1:b2:c3', 'a1:b2', '12:34:56', '08:00:01.100', '2026-11-30',
  '192.168.1.1', '10.0.0.1', '127.0.0.1', '255.255.255.0', '0.0.0.0', '999.1.1.1', '1.2.3', '1.2.3.4.5', '.1', '1.',
  '2001:db8::1', '::1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789', 'a:b:c:d:e:f:0', ':0:', 'ffff:',
  '[redacted]', 'null', 'true', '{', '[', ' ', '\t', '  ', 'x', 'abc', '42', '0x0201', 'é', 'ü', '\r', '\u2028', '%2F', 'Bill Smith', 'user#0123456789',
  '\n', '\n', '\n', '\n', '\n',
];

describe('gated rules give what every rule on every line gives', () => {
  test('on the app log with every secret planted', () => {
    expectSame(secretLog.replace(/-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----\n/, ''), 'secretLog');
  });

  test('on every text fixture without spans', () => {
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
    let compared = 0;
    for (const file of walk(fixtures)) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('\u0000') || text.includes('<') || text.includes('-----')) continue;
      expectSame(text, path.relative(fixtures, file));
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  test('on 1500 texts glued from the rules’ vocabulary', () => {
    let seed = 20261130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 1500; round++) {
      const parts: string[] = [];
      const count = 5 + Math.floor(random() * 120);
      for (let i = 0; i < count; i++) parts.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
      expectSame(parts.join(''), `round ${round}: ${JSON.stringify(parts.join(''))}`);
    }
  });
});

describe('the redactor’s fast paths give the reference’s text', () => {
  test('on the bundle bench’s generated logs (every line shape it writes, MACs, IPv4, IPv6, emails, headers)', () => {
    expectSame(generateLogs(0.25), 'bench logs');
  });

  test('words that overlap (each line’s words are all found, whatever stands before them) and words a change brings in', () => {
    const lines = [
      'nasession=abc', 'accountoken: x1y2z3', 'hostname=userpass', 'x hostpassword="p w"', 'logonusername=bob', 'eap-msgpassword=1', 'nassecret: s',
      'userhost alice@corp.example password=x', 'deviceuser: roam-laptop', 'HOSTNAME=DESKTOP-7QX2ABC', 'home /Users/alicepass', 'login alice%40corp.example user=alice',
      'ip 10.0.0.1.3c:22:fb:a1:b2:c3', 'ip 10.1.2.34:56:78:9a:bc:de', '3c:22:fb:a1:b2:c3.1.2.3', 'a 1.2.3.4-56-78-9a-bc-de', 'fe80::3c:22:fb:a1:b2:c3', '3c:22:fb:a1:b2:c3::1',
    ];
    expectSame(lines.join('\n'), 'overlaps');
    for (const line of lines) expectSame(line, line);
  });
});

describe('gate edge cases', () => {
  const redact = (text: string, level: RedactionLevel = 'standard') => gated(text, level).text;

  test('a .local name followed by `_` is a host name (the old `\\.local\\b` gate missed it)', () => {
    expect(redact('mdns printer.local_ipp up')).toMatch(/^mdns host#[0-9a-f]{10}_ipp up$/);
  });

  test('a MAC is found whatever stands around it on a time-stamped line, with `:` or `-`', () => {
    expect(redact('[2026-11-30 08:00:01.100] bssid 3C-22-FB-A1-B2-C3 up')).toMatch(/^\[2026-11-30 08:00:01\.100\] bssid 3C-22-FB-xx-xx-xx#[0-9a-f]{10} up$/);
    expect(redact('ap=3c:22:fb:a1:b2:c3')).toMatch(/^ap=3c:22:fb:xx:xx:xx#[0-9a-f]{10}$/);
  });

  test('IPv6 without `::` (eight groups) and with a zone; times and MACs are not IPv6', () => {
    expect(redact('v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up')).toMatch(/^v6 2001:db8:x::x#[0-9a-f]{10} up$/);
    expect(redact('v6 fe80::1c2:3%wlan0')).toMatch(/^v6 fe80:0:x::x#[0-9a-f]{10}$/);
    expect(redact('at 08:00:01 and 12:34:56:78')).toBe('at 08:00:01 and 12:34:56:78');
  });

  test('IPv4 right after a time stamp and at a line end; a time stamp alone is kept', () => {
    expect(redact('[2026-11-30 08:00:01.100] 10.1.2.3\n01.100 only')).toMatch(/^\[2026-11-30 08:00:01\.100\] 10\.1\.x\.x#[0-9a-f]{10}\n01\.100 only$/);
  });

  test('email with %40 and URL userinfo', () => {
    expect(redact('UserName=roamer%40isp.example&x=1')).not.toContain('roamer');
    expect(redact('proxy https://admin:Url-Pa55@proxy.example/')).toBe('proxy https://[redacted]@proxy.example/');
  });

  test('a known name that is also a word need (and one too short to use) is still replaced', () => {
    const redactor = new TextRedactor({ level: 'standard', pseudonyms: new Pseudonymizer(salt), known: { users: ['zq', 'xenia'], hosts: ['ws-7'] } });
    expect(redactor.redact('xenia on ws-7 said zq')).toMatch(/^user#[0-9a-f]{10} on host#[0-9a-f]{10} said zq$/);
  });

  test('a lower-case `-----begin private key-----` does not hide a later multi-line secret element (spans are searched per rule)', () => {
    const text = 'x -----begin private key----- y\n<Password>\nspan-secret\n</Password>\nafter\n';
    for (const level of levels) expect(redact(text, level), level).not.toContain('span-secret');
  });
});

describe('secrets split across chunk boundaries', () => {
  const text = `[2026-11-30 08:00:02.200] body UserName=roamer%40isp.example&Password=W1spr-S3cret&x=1\nAuthorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\nbssid 3c:22:fb:a1:b2:c3 ip 192.168.44.87\n<Password>\nsplit-span-secret\n</Password>\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\ntail password=last-one\n`;

  async function streamed(cuts: number[]): Promise<string> {
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    let start = 0;
    for (const cut of [...cuts, bytes.length]) {
      pieces.push(bytes.subarray(start, cut));
      start = cut;
    }
    const out: Buffer[] = [];
    const stream = new RedactingStream({ redactor: new TextRedactor({ level: 'standard', pseudonyms: new Pseudonymizer(salt) }) });
    await pipeline(Readable.from(pieces), stream, new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk), done()) }));
    return Buffer.concat(out).toString('utf8');
  }

  test('every single cut gives the bytes of the uncut text, with no secret', async () => {
    const whole = await streamed([]);
    for (const secret of ['W1spr-S3cret', 'QWxhZGRpbjpvcGVuIHNlc2FtZQ', 'a1:b2:c3', '44.87', 'split-span-secret', 'MIIEvQIB', 'last-one', 'roamer']) expect(whole).not.toContain(secret);
    for (let cut = 1; cut < Buffer.byteLength(text); cut++) expect(await streamed([cut]), `cut at ${cut}`).toBe(whole);
  });
});

describe('HMAC-SHA-256 of the pseudonyms', () => {
  test('is node:crypto’s, for every key and message length around the block boundaries, ASCII or not', () => {
    for (const keyLength of [16, 32, 64, 65, 100]) {
      const key = randomBytes(keyLength);
      const hmac = new HmacSha256(key);
      for (let length = 0; length < 140; length++) {
        for (const message of ['m'.repeat(length), 'é€𝄞x'.repeat(length).slice(0, length), randomBytes(length).toString('base64').slice(0, length)]) {
          expect(hmac.hex(message, 64)).toBe(createHmac('sha256', key).update(message).digest('hex'));
          expect(hmac.hex(message, 10)).toBe(createHmac('sha256', key).update(message).digest('hex').slice(0, 10));
        }
      }
    }
  });

  test('a token is the HMAC of kind and value (lower case), as before', () => {
    const pseudonyms = new Pseudonymizer(salt);
    expect(pseudonyms.token('mac', '3C:22:FB:A1:B2:C3')).toBe(`mac#${createHmac('sha256', salt).update('mac\u00003c:22:fb:a1:b2:c3').digest('hex').slice(0, 10)}`);
  });
});
