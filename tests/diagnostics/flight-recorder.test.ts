/** The flight recorder: a size-bounded, redacted ring; failure signatures → owner-only atomic snapshots in a bounded, expiring queue. */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FlightRecorder, signatureOf } from '../../main/engine/diagnostics/flight-recorder.js';
import { isDiagnosticsError } from '../../main/engine/diagnostics/diagnostics-error.js';
import { fixedClock } from './support/fakes.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-flight-'));
  dir = path.join(root, 'snapshots');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const clock = () => fixedClock(Date.parse('2026-03-01T10:00:00Z'));

describe('the ring', () => {
  test('is bounded by bytes, oldest out first', () => {
    const recorder = new FlightRecorder({ dir, clock: clock(), maxRingBytes: 2000 });
    for (let i = 0; i < 100; i++) recorder.record({ level: 'debug', source: 'test', message: `event ${i} ${'x'.repeat(100)}` });
    const { events, bytes } = recorder.ringSize();
    expect(bytes).toBeLessThanOrEqual(2000);
    expect(events).toBeLessThan(100);
    expect(recorder.events().at(-1)!.message).toContain('event 99');
    expect(recorder.events()[0]!.message).not.toContain('event 0 ');
  });

  test('one huge event is cut down, not allowed to flush the ring', () => {
    const recorder = new FlightRecorder({ dir, clock: clock(), maxRingBytes: 64 * 1024, maxEventBytes: 1024 });
    recorder.record({ level: 'info', source: 'test', message: 'small' });
    recorder.record({ level: 'info', source: 'test', message: 'y'.repeat(50_000), fields: { blob: 'z'.repeat(50_000) } });
    expect(recorder.events().map((e) => e.message.slice(0, 5))).toEqual(['small', 'yyyyy']);
    expect(recorder.ringSize().bytes).toBeLessThan(2048);
  });

  test('events are redacted before they enter the ring', () => {
    const recorder = new FlightRecorder({ dir, clock: clock() });
    recorder.record({ level: 'info', source: 'portal', message: 'POST login password=hunter2 Authorization: Bearer abcdefghijkl', fields: { passphrase: 'correct horse', url: 'https://x/login?token=s3cret' } });
    const text = JSON.stringify(recorder.events());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abcdefghijkl');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('s3cret');
  });
});

describe('failure signatures', () => {
  test.each([
    ['PORTAL_SIGN_IN_TIMEOUT', 'portal-timeout'],
    ['PORTAL_PENDING_TIMEOUT', 'portal-timeout'],
    ['EAP_WRONG_PASSWORD', 'eap-reject'],
    ['EAP_UNTRUSTED_CA', 'eap-reject'],
    ['NO_IP_ADDRESS', 'no-ip'],
    ['DNS_HIJACKED', 'dns-hijack'],
    ['ASSOCIATION_REJECTED', undefined],
  ])('%s → %s', (code, signature) => {
    expect(signatureOf({ code, source: 'connection' })).toBe(signature);
  });

  test('a portal timeout snapshots to disk with the diagnostics, owner-only, atomically', async () => {
    const recorder = new FlightRecorder({ dir, clock: clock(), collectDiagnostics: async (signature) => ({ ran: signature, token: 'must-not-leak' }) });
    recorder.record({ level: 'info', source: 'connection', message: 'connecting to SkyFi' });
    recorder.record({ level: 'warn', source: 'portal', message: 'nobody signed in', code: 'PORTAL_SIGN_IN_TIMEOUT', outcome: 'failed' });
    await recorder.idle();
    const list = await recorder.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ signature: 'portal-timeout', code: 'PORTAL_SIGN_IN_TIMEOUT', expiresAt: '2026-03-08T10:00:00.000Z' });
    const snapshot = await recorder.get(list[0]!.id);
    expect(snapshot.events.map((e) => e.message)).toEqual(['connecting to SkyFi', 'nobody signed in']);
    expect(snapshot.diagnostics).toEqual({ ran: 'portal-timeout', token: '[redacted]' });
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });

  test('four failed attempts in a row snapshot once; a success resets the count', async () => {
    const recorder = new FlightRecorder({ dir, clock: clock() });
    const fail = () => recorder.record({ level: 'warn', source: 'connection', message: 'attempt failed', code: 'ASSOCIATION_REJECTED', outcome: 'failed' });
    fail();
    fail();
    fail();
    recorder.record({ level: 'info', source: 'connection', message: 'online', outcome: 'succeeded' });
    fail();
    fail();
    fail();
    await recorder.idle();
    expect(await recorder.list()).toHaveLength(0);
    fail();
    await recorder.idle();
    expect((await recorder.list()).map((s) => s.signature)).toEqual(['repeated-failures']);
  });

  test('a cooldown per signature stops a storm of snapshots', async () => {
    const c = clock();
    const recorder = new FlightRecorder({ dir, clock: c, cooldownMs: 60_000 });
    for (let i = 0; i < 5; i++) recorder.record({ level: 'warn', source: 'eap', message: 'reject', code: 'EAP_WRONG_PASSWORD' });
    await recorder.idle();
    expect(await recorder.list()).toHaveLength(1);
    c.advance(61_000);
    recorder.record({ level: 'warn', source: 'eap', message: 'reject', code: 'EAP_WRONG_PASSWORD' });
    await recorder.idle();
    expect(await recorder.list()).toHaveLength(2);
  });

  test('recordConnection feeds connection states in', async () => {
    const recorder = new FlightRecorder({ dir, clock: clock() });
    recorder.recordConnection({ phase: 'failed', attemptId: 1, network: null, timeline: [], error: { code: 'EAP_ACCOUNT_DISABLED', message: 'disabled' }, since: '2026-03-01T10:00:00Z', portal: null });
    await recorder.idle();
    expect((await recorder.list())[0]).toMatchObject({ signature: 'eap-reject', code: 'EAP_ACCOUNT_DISABLED' });
  });
});

describe('the snapshot queue on disk', () => {
  test('the total size is bounded: the oldest are evicted', async () => {
    const c = clock();
    const recorder = new FlightRecorder({ dir, clock: c, maxDiskBytes: 6000, cooldownMs: 0 });
    for (let i = 0; i < 10; i++) recorder.record({ level: 'debug', source: 'test', message: `filler ${i} ${'f'.repeat(200)}` });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      c.advance(1000);
      ids.push((await recorder.snapshotNow('dns-hijack', { code: 'DNS_HIJACKED', message: `hijack ${i}` })).id);
    }
    const left = await recorder.list();
    const total = left.reduce((sum, s) => sum + s.bytes, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(left.at(-1)!.id).toBe(ids.at(-1));
    expect(left.map((s) => s.id)).not.toContain(ids[0]);
  });

  test('snapshots expire after the TTL', async () => {
    const c = clock();
    const recorder = new FlightRecorder({ dir, clock: c, ttlMs: 60 * 60 * 1000 });
    const { id } = await recorder.snapshotNow('no-ip');
    expect(await recorder.list()).toHaveLength(1);
    c.advance(60 * 60 * 1000 + 1);
    expect(await recorder.list()).toHaveLength(0);
    await expect(recorder.get(id)).rejects.toMatchObject({ code: 'DIAGNOSTICS_SNAPSHOT_NOT_FOUND' });
  });

  test('get and delete (sent); unknown ids are a clear error', async () => {
    const recorder = new FlightRecorder({ dir, clock: clock() });
    const { id } = await recorder.snapshotNow('no-ip', { code: 'NO_IP_ADDRESS', message: 'no address' });
    expect((await recorder.get(id)).message).toBe('no address');
    expect(await recorder.delete(id)).toBe(true);
    expect(await recorder.delete(id)).toBe(false);
    const error = await recorder.get(id).catch((e: unknown) => e);
    expect(isDiagnosticsError(error) && error.code).toBe('DIAGNOSTICS_SNAPSHOT_NOT_FOUND');
    await expect(recorder.get('../../etc/passwd')).rejects.toMatchObject({ code: 'DIAGNOSTICS_SNAPSHOT_NOT_FOUND' });
  });

  test('a crash mid-write never leaves a half snapshot visible; the leftover is swept at the next start', async () => {
    const crashing = new FlightRecorder({
      dir,
      clock: clock(),
      beforeCommit: async (tempPath) => {
        writeFileSync(tempPath, '{"version":1,"id":"snap-half');
        throw new Error('power cut');
      },
    });
    await expect(crashing.snapshotNow('no-ip')).rejects.toMatchObject({ code: 'DIAGNOSTICS_SNAPSHOT_WRITE_FAILED' });
    expect(await crashing.list()).toEqual([]);
    // A crash that killed the process before the cleanup leaves a temp file behind.
    writeFileSync(path.join(dir, '.tmp-snap-2026-03-01t10-00-00-000z-deadbeef.json-0000'), '{"half":');
    const next = new FlightRecorder({ dir, clock: clock() });
    expect(await next.list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('diagnostics that hang do not hold the snapshot back', async () => {
    const recorder = new FlightRecorder({ dir, clock: clock(), collectTimeoutMs: 100, collectDiagnostics: () => new Promise(() => {}) });
    const summary = await recorder.snapshotNow('dns-hijack');
    const snapshot = await recorder.get(summary.id);
    expect(snapshot.diagnostics).toBeNull();
    expect(snapshot.diagnosticsError).toContain('did not finish');
  });
});
