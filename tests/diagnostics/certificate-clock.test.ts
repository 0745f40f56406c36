/** Certificates (a PEM, and a real TLS server on 127.0.0.1) and clock skew from an HTTP Date header. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeCertificate } from '../../main/engine/diagnostics/probes/certificate.js';
import { probeClockSkew } from '../../main/engine/diagnostics/probes/clock-skew.js';
import type { HttpClient } from '../../main/engine/ports/http.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import { fixedClock } from './support/fakes.js';

let dir: string;
let cert: string;
let key: string;
let server: tls.Server;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '30', '-subj', '/CN=radius.test.example', '-addext', 'subjectAltName=DNS:radius.test.example'], { cwd: dir, stdio: 'ignore' });
  cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  server = tls.createServer({ cert, key }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('certificate validity', () => {
  test('a PEM within its validity: ok, with the facts', async () => {
    const result = await probeCertificate({ clock: systemClock, source: { role: 'radius', pem: cert } });
    expect(result).toMatchObject({ kind: 'certificate', status: 'ok', code: 'CERTIFICATE_OK', data: { role: 'radius', certificate: { subjectAltName: 'DNS:radius.test.example', trusted: null } } });
  });
  test('the same PEM on a later day: expiring, then expired', async () => {
    expect((await probeCertificate({ clock: fixedClock(Date.now() + 25 * 86_400_000), source: { role: 'radius', pem: cert } })).code).toBe('CERTIFICATE_EXPIRING');
    expect((await probeCertificate({ clock: fixedClock(Date.now() + 40 * 86_400_000), source: { role: 'radius', pem: cert } })).code).toBe('CERTIFICATE_EXPIRED');
    expect((await probeCertificate({ clock: fixedClock(Date.now() - 2 * 86_400_000), source: { role: 'radius', pem: cert } })).code).toBe('CERTIFICATE_NOT_YET_VALID');
  });
  test('read off a TLS handshake: untrusted without its CA, ok with it', async () => {
    const untrusted = await probeCertificate({ clock: systemClock, source: { role: 'login', host: '127.0.0.1', port, servername: 'radius.test.example' } });
    expect(untrusted).toMatchObject({ status: 'failed', code: 'CERTIFICATE_UNTRUSTED', data: { source: `127.0.0.1:${port}`, certificate: { trusted: false } } });
    const trusted = await probeCertificate({ clock: systemClock, source: { role: 'login', host: '127.0.0.1', port, servername: 'radius.test.example', ca: cert } });
    expect(trusted.data?.certificate?.trustError ?? null).toBeNull();
    expect(trusted).toMatchObject({ status: 'ok', data: { certificate: { trusted: true } } });
    const wrongName = await probeCertificate({ clock: systemClock, source: { role: 'login', host: '127.0.0.1', port, servername: 'impostor.example', ca: cert } });
    expect(wrongName).toMatchObject({ status: 'failed', code: 'CERTIFICATE_UNTRUSTED' });
  });
  test('nothing listening: failed with the reason; garbage PEM: unreadable', async () => {
    expect((await probeCertificate({ clock: systemClock, source: { role: 'login', host: '127.0.0.1', port: 1 } })).code).toBe('TLS_UNREACHABLE');
    expect((await probeCertificate({ clock: systemClock, source: { role: 'login', pem: 'not a pem' } })).code).toBe('CERTIFICATE_UNREADABLE');
  });
});

describe('clock skew from the Date header', () => {
  const at = Date.parse('2026-03-01T10:00:00Z');
  const http = (date: string | undefined): HttpClient => ({ request: async (request) => ({ status: 204, headers: date ? { date } : {}, body: '', url: request.url }) });
  test.each([
    [new Date(at).toUTCString(), 'ok', 'CLOCK_OK'],
    [new Date(at + 120_000).toUTCString(), 'warning', 'CLOCK_SKEWED'],
    [new Date(at - 3 * 3600_000).toUTCString(), 'failed', 'CLOCK_WRONG'],
    [undefined, 'not-available', 'NO_DATE_HEADER'],
  ])('Date %s → %s', async (date, status, code) => {
    const result = await probeClockSkew({ http: http(date), clock: fixedClock(at), url: 'http://time.example/' });
    expect(result).toMatchObject({ kind: 'clock-skew', status, code });
  });
  test('the device 3 hours ahead reads as about -10800 s', async () => {
    const result = await probeClockSkew({ http: http(new Date(at - 3 * 3600_000).toUTCString()), clock: fixedClock(at), url: 'http://time.example/' });
    expect(result.data!.skewSeconds).toBeCloseTo(-10_799.5, 0);
  });
  test('no reference: not available with the reason', async () => {
    expect(await probeClockSkew({ http: http(undefined), clock: fixedClock(at), url: null, unavailableReason: 'simulated' })).toMatchObject({ status: 'not-available', summary: 'simulated' });
  });
});
