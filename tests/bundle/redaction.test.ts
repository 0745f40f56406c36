/**
 * The redactor on its own: rules per level, real captures from ../shared/fixtures, and the
 * property the preview relies on — the output does not depend on how the input was cut.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { Pseudonymizer, RedactingStream, type RedactionLevel, TextRedactor } from '../../main/engine/support/bundle/index.js';
import { KNOWN, applePlist, fixture, secretLog, supplicantConf } from './plant.js';

const salt = Buffer.alloc(32, 7);
const redactor = (level: RedactionLevel = 'standard') => new TextRedactor({ level, pseudonyms: new Pseudonymizer(salt), known: KNOWN });
const redact = (text: string, level: RedactionLevel = 'standard') => redactor(level).redact(text);

async function streamed(text: string, cuts: number[], options: { level?: RedactionLevel; maxLineBytes?: number } = {}): Promise<{ output: string; stream: RedactingStream }> {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  const stream = new RedactingStream({ redactor: redactor(options.level), ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}) });
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), stream, new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk), done()) }));
  return { output: Buffer.concat(out).toString('utf8'), stream };
}

describe('redaction rules', () => {
  test('secrets go at every level, whatever their shape', () => {
    for (const level of ['minimal', 'standard', 'strict'] as const) {
      const cases: Array<[string, string]> = [
        ['password="Eap-Pa55w0rd!x"', 'Eap-Pa55w0rd!x'],
        ['UserName=x&Password=W1spr-S3cret&button=Login', 'W1spr-S3cret'],
        ['User-Password = "Rad1us-Pw-9"', 'Rad1us-Pw-9'],
        ['Authorization: Digest username="a", response="6629fae49393a05397450978507c4ef1"', '6629fae4'],
        ['{"Authorization":"Bearer abcDEF123tokenXYZ789"}', 'abcDEF123tokenXYZ789'],
        ['Cookie: a=Sess10n; b=2', 'Sess10n'],
        ['{"msg":"{\\"password\\":\\"inner-pw\\"}"}', 'inner-pw'],
        ['client_secret=cl1ent-s3cret&x=1', 'cl1ent-s3cret'],
        ['https://admin:Url-Pa55@proxy:8080/', 'Url-Pa55'],
        ['<keyMaterial>Wpa-Key-Mat</keyMaterial>', 'Wpa-Key-Mat'],
        ['DB_PASSWORD: two words here', 'two words here'],
        ['private-key-password=12345 testing', 'testing'],
        ['<Password>\n  multi-line-pw\n</Password>', 'multi-line-pw'],
        ['x <EAPMsg>AQIAFgQQLh0uQthjM0PZoQBHT6wE0Q==</EAPMsg>', 'AQIAFgQQ'],
        ['EAP-Message = 0x0201000e01616c696365', '0x0201'],
        ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWhlcmU', 'c2lnbmF0dXJl'],
      ];
      for (const [input, secret] of cases) expect(redact(input, level), `${level}: ${input}`).not.toContain(secret);
    }
  });

  test('a PEM private key is removed whole, and a certificate is kept', () => {
    const text = 'before\n-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\nBBBB\n-----END ENCRYPTED PRIVATE KEY-----\nafter\n-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n';
    const result = redact(text);
    expect(result).toBe('before\n[redacted private key]\nafter\n-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n');
  });

  test('identifiers by level', () => {
    const line = "user: 'alice.smith@example.com' bssid 3c:22:fb:a1:b2:c3 ip 192.168.44.87 v6 2001:db8::8a2e:370:7334 host roam-laptop ssid=Cafe";
    expect(redact(line, 'minimal')).toBe(line);
    const standard = redact(line, 'standard');
    expect(standard).toMatch(/^user: 'email#[0-9a-f]{10}@example\.com' bssid 3c:22:fb:xx:xx:xx#[0-9a-f]{10} ip 192\.168\.x\.x#[0-9a-f]{10} v6 2001:db8:x::x#[0-9a-f]{10} host host#[0-9a-f]{10} ssid=Cafe$/);
    const strict = redact(line, 'strict');
    expect(strict).toMatch(/^user: 'email#[0-9a-f]{10}' bssid xx:xx:xx:xx:xx:xx#[0-9a-f]{10} ip 192\.x\.x\.x#[0-9a-f]{10} v6 2001:x::x#[0-9a-f]{10} host host#[0-9a-f]{10} ssid=ssid#[0-9a-f]{10}$/);
  });

  test('what says nothing about a person is kept: loopback, netmasks, broadcast, times, certificates', () => {
    const line = '[2026-11-30 08:00:01.100] lo 127.0.0.1 ::1 mask 255.255.255.0 bcast ff:ff:ff:ff:ff:ff any 0.0.0.0 took 12:00:00';
    expect(redact(line, 'strict')).toBe(line);
  });

  test('real captures: wpa_supplicant, NetworkManager keyfile, Windows EAP credentials, WISPr 2.0 EAP exchange, Apple profile', () => {
    const conf = redact(fixture('8021x/linux/debian-wpasupplicant-2.10-examples-wpa2-eap-ccmp.conf'));
    expect(conf).toContain('private_key_passwd="[redacted]"');
    expect(conf).toContain('private_key="/etc/cert/user.p12"');
    const keyfile = redact(fixture('8021x/linux/networkmanager-keyfile-tests-Test_Wired_TLS_New.nmconnection'));
    expect(keyfile).toContain('private-key-password=[redacted]');
    expect(keyfile).toMatch(/identity=user#[0-9a-f]{10}\n/);
    expect(keyfile).toContain('uuid=5ee46013-9469-4c6a-a60a-0c7a1e1c7488');
    const peap = redact(fixture('8021x/windows/msdocs-eaphost-peap-mschapv2-user-properties.EapHostUserCredentials.xml'));
    expect(peap).toContain('<MsChapV2:Password>[redacted]</MsChapV2:Password>');
    expect(peap).toMatch(/<MsChapV2:Username>user#[0-9a-f]{10}<\/MsChapV2:Username>/);
    const exchange = redact(fixture('wispr/coovachilli_wispr2-redirect-100_eapmsg_http-exchange.txt'));
    expect(exchange).not.toMatch(/WISPrEAPMsg=(?!\[redacted\])[A-Za-z0-9+/=]{4,}/);
    const plist = redact(applePlist);
    expect(plist).not.toContain('Pl1st-Secret-Pw');
    expect(plist).toContain('<key>UserPassword</key><string>[redacted]</string>');
    expect(redact(supplicantConf)).not.toMatch(/Corr3ct|Eap-Pa55/);
  });

  test('the same value gives the same token; another salt gives another', () => {
    const a = new TextRedactor({ level: 'standard', pseudonyms: new Pseudonymizer(salt) });
    const b = new TextRedactor({ level: 'standard', pseudonyms: new Pseudonymizer(Buffer.alloc(32, 8)) });
    const line = 'mail Alice.Smith@Example.com and alice.smith@example.com';
    const tokens = [...a.redact(line).matchAll(/email#([0-9a-f]{10})/g)].map((m) => m[1]);
    expect(tokens[0]).toBe(tokens[1]);
    expect(b.redact(line)).not.toContain(tokens[0]);
  });

  test('counts every replacement by kind', () => {
    const counting = redactor();
    counting.redact(secretLog);
    expect(counting.counts).toMatchObject({ 'private-key': 1, jwt: 1, 'url-credentials': 1, ipv6: 1 });
    expect(counting.counts.password).toBeGreaterThanOrEqual(3);
  });
});

describe('the redacting stream', () => {
  const text = `${secretLog}${applePlist}${supplicantConf}<Password>\nspans\nlines\n</Password>\n${'x'.repeat(5000)} password=after-long-line\n`;

  test('gives the same bytes however the input is cut (lines split across chunks, spans across chunks)', async () => {
    const { output: whole } = await streamed(text, []);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 25; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * text.length));
      expect((await streamed(text, cuts)).output).toBe(whole);
    }
    for (const size of [1, 2, 3, 7, 64]) {
      const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size);
      expect((await streamed(text, cuts)).output, `chunks of ${size}`).toBe(whole);
    }
    expect(whole).not.toMatch(/spans|after-long-line|Pl1st/);
  });

  test('a line longer than the cap is cut at a blank and marked, never held whole; the same however it arrives', async () => {
    const long = `start ${'word '.repeat(2000)}password=tail-secret ${'z'.repeat(3000)}\nnext line\n`;
    const { output, stream } = await streamed(long, Array.from({ length: 200 }, (_, i) => i * 97), { maxLineBytes: 1024 });
    expect(output).toMatch(/^start (word )+\[line truncated: \d+ bytes\]\nnext line\n$/);
    expect(output).not.toContain('tail-secret');
    expect(stream.peakHeldBytes).toBeLessThanOrEqual(1024 + 97);
    expect((await streamed(long, [], { maxLineBytes: 1024 })).output).toBe(output);
    expect((await streamed(long, [5000, 5001, 9000], { maxLineBytes: 1024 })).output).toBe(output);
  });
});
