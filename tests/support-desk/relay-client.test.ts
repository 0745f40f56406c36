/**
 * The relay client against a real HTTP peer on loopback (relay-peer.ts): activation and the
 * device credential, cases, replies, escalation, rating, resumable uploads (with a connection
 * cut in the middle), long-polled log requests and their answers, and the status feed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelayClient, parseRelayUrl } from '../../main/engine/support/client/relay-client.js';
import { NodeRelayTransport } from '../../main/engine/support/client/node-relay-transport.js';
import { HttpClientRelayTransport } from '../../main/engine/support/client/http-client-relay-transport.js';
import { uploadBundle } from '../../main/engine/support/client/bundle-upload.js';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { isSupportError } from '../../main/engine/support/support-error.js';
import { isRoamdeskError } from '../../main/engine/errors.js';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';
import { RelayPeer } from './relay-peer.js';

const newCase = { subject: 'Cannot join hotel Wi-Fi', description: 'It says wrong password', category: 'sign-in', severity: 'end-user', clientCreatedAt: '2026-01-07T10:00:00.000Z' } as const;

function recordingLogger(): Logger & { text(): string } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), text: () => lines.join('\n') };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expect(isSupportError(error) ? error.supportCode : error).toBe(code);
    return error;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

let peer: RelayPeer;
let secrets: MemorySecretStore;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  peer = await new RelayPeer().start();
  secrets = new MemorySecretStore();
  logger = recordingLogger();
});
afterEach(async () => {
  await peer.stop();
});

function client(extra: Partial<ConstructorParameters<typeof RelayClient>[0]> = {}) {
  return new RelayClient({ baseUrl: peer.url, transport: new NodeRelayTransport(), secrets, logger, clock: new ManualClock(undefined, true), activation: { token: 'good-token' }, ...extra });
}

describe('activation and the device credential', () => {
  it('activates with a token, keeps the credential in the secret store and never logs it', async () => {
    const relay = client();
    expect(await relay.activate()).toEqual({ deviceId: 'dev-1' });
    const stored = JSON.parse((await secrets.get(relay.secretKey))!) as { credential: string };
    expect(stored.credential).toMatch(/^cred-/);
    await relay.createCase(newCase, { idempotencyKey: 'k1' });
    expect(peer.seenAuthorizations).toContain(`Bearer ${stored.credential}`);
    expect(logger.text()).not.toContain(stored.credential);
    expect(logger.text()).not.toContain('good-token');
  });

  it('activates on first use, and with a user name and password', async () => {
    const relay = client();
    expect(await relay.listCases()).toEqual([]);
    expect(await relay.deviceId()).toBe('dev-1');
    const other = client({ secrets: new MemorySecretStore(), activation: { username: 'alice', password: 'wonderland' } });
    expect(await other.activate()).toEqual({ deviceId: 'dev-2' });
  });

  it('says clearly when activation is refused, missing, or the credential was revoked', async () => {
    const error = await expectCode(client({ activation: { token: 'bad-token' } }).activate(), 'SUPPORT_ACTIVATION_REJECTED');
    expect(isRoamdeskError(error) && (error as { code: string }).code).toBe('SUPPORT_ACTIVATION_REJECTED');
    await expectCode(new RelayClient({ baseUrl: peer.url, transport: new NodeRelayTransport(), secrets }).listCases(), 'SUPPORT_NOT_ACTIVATED');
    const relay = client();
    await relay.activate();
    const before = await secrets.get(relay.secretKey);
    peer.credentials.clear();
    // With the activation token at hand the client registers again, once.
    expect(await relay.listCases()).toEqual([]);
    expect(await secrets.get(relay.secretKey)).not.toBe(before);
    // Without one, a revoked credential is a clear error.
    const tokenless = new RelayClient({ baseUrl: peer.url, transport: new NodeRelayTransport(), secrets });
    peer.credentials.clear();
    await expectCode(tokenless.listCases(), 'SUPPORT_CREDENTIAL_REJECTED');
  });

  it('refuses relay URLs that are not https (except loopback) or carry credentials', () => {
    for (const bad of ['ftp://relay.example', 'http://relay.example', 'https://user:pw@relay.example', 'not a url']) {
      expect(() => parseRelayUrl(bad)).toThrow(expect.objectContaining({ code: 'SUPPORT_RELAY_URL_INVALID' }));
    }
    expect(parseRelayUrl('https://relay.example/base/').pathname).toBe('/base/');
  });

  it('reports an unreachable relay as retryable', async () => {
    const url = peer.url;
    await peer.stop();
    const error = await expectCode(new RelayClient({ baseUrl: url, transport: new NodeRelayTransport(), secrets, activation: { token: 'good-token' } }).activate(), 'SUPPORT_RELAY_UNREACHABLE');
    expect((error as { retryable: boolean }).retryable).toBe(true);
  });
});

describe('cases', () => {
  it('creates, lists, shows, replies, escalates and rates', async () => {
    const relay = client();
    const created = await relay.createCase(newCase, { idempotencyKey: 'key-1' });
    expect(created).toMatchObject({ id: '1000', subject: newCase.subject, status: 'new', severity: 'end-user', replies: [] });
    // The relay's own words: its category list, severity as a number or "end-user", the device's finer category in the description.
    expect(peer.cases.get('1000')!.body).toMatchObject({ category: 'captive-portal', severity: 'end-user', stepsToReproduce: '', diagnostics: [] });
    expect(String(peer.cases.get('1000')!.body.description)).toContain('Category (device): sign-in');
    expect(String(peer.cases.get('1000')!.body.description)).toContain(`Filed on the device at: ${newCase.clientCreatedAt}`);
    // The same idempotency key gives the same case, not a second one.
    expect((await relay.createCase(newCase, { idempotencyKey: 'key-1' })).id).toBe('1000');
    expect(peer.cases.size).toBe(1);

    expect((await relay.listCases()).map((c) => c.id)).toEqual(['1000']);
    peer.cases.get('1000')!.replies.push({ id: 'm1', author: 'Agent Smith', body: 'Please restart the adapter', createdAt: new Date().toISOString() });
    expect((await relay.listReplies('1000')).map((r) => r.body)).toEqual(['Please restart the adapter']);
    const escalation = { caseNumbers: ['1000'], description: 'Cannot join', progress: 'Restarted twice', impact: 'Whole floor affected', reason: 'No answer for a day' };
    expect(await relay.escalate('1000', escalation)).toMatchObject({ id: 'esc-1', deliveredToTicket: true });
    expect(peer.cases.get('1000')!.escalations).toEqual([escalation]);
    await relay.rate('1000', { score: 5, comment: 'quick' });
    expect(peer.cases.get('1000')!.rating).toEqual({ score: 5, comment: 'quick' });
  });

  it('gives stable codes for unknown cases and bad input', async () => {
    const relay = client();
    await expectCode(relay.getCase('999'), 'SUPPORT_CASE_NOT_FOUND');
    await expectCode(relay.createCase({ ...newCase, subject: ' ' }, { idempotencyKey: 'x' }), 'SUPPORT_CASE_INVALID');
    await expectCode(relay.rate('999', { score: 9 }), 'SUPPORT_RATING_INVALID');
    peer.faults.rejectSubject = 'nope';
    await expectCode(relay.createCase({ ...newCase, subject: 'nope' }, { idempotencyKey: 'y' }), 'SUPPORT_CASE_INVALID');
  });

  it('works over the HttpClient port too (everything but uploads)', async () => {
    const relay = client({ transport: new HttpClientRelayTransport(new NodeHttpClient()) });
    const created = await relay.createCase(newCase, { idempotencyKey: 'via-port' });
    expect((await relay.getCase(created.id)).subject).toBe(newCase.subject);
  });
});

describe('bundle upload', () => {
  async function bundle(size: number): Promise<{ file: string; bytes: Buffer; sha256: string }> {
    const bytes = randomBytes(size);
    const file = path.join(tempDir(), 'bundle.zip');
    writeFileSync(file, bytes);
    return { file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  it('uploads in chunks and resumes after the connection is cut mid-chunk', async () => {
    const relay = client();
    const created = await relay.createCase(newCase, { idempotencyKey: 'u1' });
    const { file, bytes, sha256 } = await bundle(300_000);
    // Cut twice, in the middle of chunks (not on a chunk boundary).
    peer.faults.cutUploadAtBytes = [100_000, 250_001];
    const progress: number[] = [];
    const result = await uploadBundle(relay, { caseId: created.id, file, idempotencyKey: 'u1:bundle', chunkBytes: 64 * 1024, retryDelayMs: 1, onProgress: (p) => progress.push(p.sent) });
    expect(result).toMatchObject({ uploadId: 'up-1', sha256, size: 300_000 });
    expect(result.resumes).toBe(2);
    const received = peer.uploads.get('up-1')!;
    expect(received.complete).toBe(true);
    expect(received.data.equals(bytes)).toBe(true);
    expect(progress.at(-1)).toBe(300_000);
    expect(progress).toContain(100_000 + 64 * 1024);
  });

  it('rides out 5xx answers, and stops with a clear code when they go on', async () => {
    const relay = client();
    const created = await relay.createCase(newCase, { idempotencyKey: 'u2' });
    const { file } = await bundle(10_000);
    peer.faults.failPuts = 2;
    expect((await uploadBundle(relay, { caseId: created.id, file, idempotencyKey: 'u2:b', chunkBytes: 4096, retryDelayMs: 1 })).size).toBe(10_000);
    peer.faults.failPuts = 100;
    await expectCode(uploadBundle(relay, { caseId: created.id, file, idempotencyKey: 'u2:c', chunkBytes: 4096, retryDelayMs: 1, maxAttempts: 3 }), 'SUPPORT_UPLOAD_FAILED');
  });

  it('catches a bundle damaged on the way (SHA-256 end to end)', async () => {
    const relay = client();
    const created = await relay.createCase(newCase, { idempotencyKey: 'u3' });
    const { file } = await bundle(5_000);
    peer.faults.corruptUploads = true;
    await expectCode(uploadBundle(relay, { caseId: created.id, file, idempotencyKey: 'u3:b', chunkBytes: 4096 }), 'SUPPORT_UPLOAD_CHECKSUM_MISMATCH');
  });

  it('refuses an empty or missing bundle', async () => {
    const relay = client();
    const empty = path.join(tempDir(), 'empty.zip');
    writeFileSync(empty, '');
    await expectCode(uploadBundle(relay, { caseId: '1', file: empty, idempotencyKey: 'e' }), 'SUPPORT_BUNDLE_EMPTY');
    await expectCode(uploadBundle(relay, { caseId: '1', file: path.join(tempDir(), 'nope.zip'), idempotencyKey: 'n' }), 'SUPPORT_BUNDLE_NOT_FOUND');
  });
});

describe('agents’ log requests', () => {
  it('long-polls until a request arrives, then approves it with an upload', async () => {
    const relay = client();
    const created = await relay.createCase(newCase, { idempotencyKey: 'r1' });
    const started = Date.now();
    const polled = relay.pollRequests({ waitSeconds: 5 });
    setTimeout(() => peer.addLogRequest(created.id), 150);
    const requests = await polled;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(requests).toEqual([expect.objectContaining({ id: 'req-1', caseId: created.id, requestedBy: 'Agent Smith' })]);
    await relay.answerRequest('req-1', { approve: true, uploadId: 'up-9' });
    expect(peer.requests.get('req-1')!.answered).toEqual({ decision: 'approve', bundleId: 'up-9' });
    await expectCode(relay.answerRequest('req-1', { approve: false }), 'SUPPORT_REQUEST_NOT_FOUND');
  });

  it('returns nothing after the wait, and declines', async () => {
    const relay = client();
    expect(await relay.pollRequests({ waitSeconds: 1 })).toEqual([]);
    const id = peer.addLogRequest('1000');
    await relay.answerRequest(id, { approve: false, reason: 'Not now' });
    expect(peer.requests.get(id)!.answered).toEqual({ decision: 'decline', reason: 'Not now' });
  });

  it('stops polling when aborted', async () => {
    const relay = client();
    await relay.activate();
    const controller = new AbortController();
    const polled = relay.pollRequests({ waitSeconds: 20, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('app closing')), 100);
    await expect(polled).rejects.toThrow('app closing');
  });
});
