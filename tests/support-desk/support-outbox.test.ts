/**
 * The offline queue on a real SQLite file and a real HTTP peer: cases wait while the relay is
 * out of reach, survive the app quitting, go out when it is back — and a crash mid-flush
 * never files a case twice (client-generated Idempotency-Key).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayClient } from '../../main/engine/support/client/relay-client.js';
import { NodeRelayTransport } from '../../main/engine/support/client/node-relay-transport.js';
import { SupportOutbox } from '../../main/engine/support/client/support-outbox.js';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';
import { RelayPeer } from './relay-peer.js';

const newCase = (subject: string) => ({ subject, description: 'details', category: 'connection', severity: 'end-user', clientCreatedAt: '2026-01-07T10:00:00.000Z' }) as const;
const secrets = new MemorySecretStore();
const opened: SupportOutbox[] = [];
const peers: RelayPeer[] = [];

afterEach(async () => {
  for (const outbox of opened.splice(0)) {
    try {
      outbox.close();
    } catch {
      // already closed by the test
    }
  }
  for (const peer of peers.splice(0)) await peer.stop();
});

function open(file: string): SupportOutbox {
  const outbox = SupportOutbox.open(file, { clock: new ManualClock(undefined, true), upload: { chunkBytes: 16 * 1024, retryDelayMs: 1, maxAttempts: 2 } });
  opened.push(outbox);
  return outbox;
}

function clientFor(url: string): RelayClient {
  return new RelayClient({ baseUrl: url, transport: new NodeRelayTransport(), secrets, clock: new ManualClock(undefined, true), activation: { token: 'good-token' }, timeoutMs: 5_000 });
}

async function peerOn(port = 0): Promise<RelayPeer> {
  const peer = await new RelayPeer().start(port);
  peers.push(peer);
  return peer;
}

function bundleFile(size: number): { file: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  const file = path.join(tempDir(), 'bundle.zip');
  writeFileSync(file, bytes);
  return { file, bytes };
}

describe('support outbox', () => {
  it('keeps a case and its bundle across a quit, and sends them when the relay is back', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'support-outbox.sqlite');
    // The relay is down: learn a free port, then stop it.
    const down = await peerOn();
    const url = down.url;
    const port = Number(new URL(url).port);
    await down.stop();

    const first = open(file);
    const { file: bundlePath, bytes } = bundleFile(50_000);
    const item = await first.enqueue({ case: newCase('No internet at the airport'), bundle: { path: bundlePath, name: 'roamdesk-bundle.zip' } });
    expect(item).toMatchObject({ state: 'pending', subject: 'No internet at the airport', bundle: { name: 'roamdesk-bundle.zip', size: 50_000 } });
    const offline = await first.flush(clientFor(url));
    expect(offline).toMatchObject({ sent: [], deferred: [{ key: item.key, code: 'SUPPORT_RELAY_UNREACHABLE' }], remaining: 1 });
    first.close();

    // The bundle builder may delete its temp file: the queue kept a copy.
    writeFileSync(bundlePath, 'overwritten');
    const peer = await peerOn(port);
    const second = open(file);
    expect(second.list()).toEqual([expect.objectContaining({ key: item.key, state: 'pending', attempts: 1, lastError: expect.objectContaining({ code: 'SUPPORT_RELAY_UNREACHABLE' }) })]);
    const report = await second.flush(clientFor(peer.url));
    expect(report).toMatchObject({ sent: [{ key: item.key, caseId: '1000', uploadId: 'up-1' }], deferred: [], rejected: [], remaining: 0 });
    expect(peer.cases.size).toBe(1);
    expect(peer.uploads.get('up-1')!.data.equals(bytes)).toBe(true);
    expect(peer.uploads.get('up-1')!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(second.get(item.key)).toMatchObject({ state: 'sent', caseId: '1000', uploadId: 'up-1' });
    expect(second.list()).toEqual([]);
    expect(existsSync(path.join(`${file}.bundles`, `${item.key}.bin`))).toBe(false);
  });

  it('does not file a case twice when the app dies after the relay created it', async () => {
    const file = path.join(tempDir(), 'outbox.sqlite');
    const peer = await peerOn();
    peer.faults.dropCreateAnswers = 1;
    const first = open(file);
    const item = await first.enqueue({ case: newCase('Portal loops') });
    const crashed = await first.flush(clientFor(peer.url));
    expect(crashed.deferred).toHaveLength(1);
    expect(peer.cases.size).toBe(1); // the relay did create it
    first.close();

    const second = open(file);
    const report = await second.flush(clientFor(peer.url));
    expect(report.sent).toEqual([{ key: item.key, caseId: '1000', uploadId: null }]);
    expect(peer.cases.size).toBe(1);
  });

  it('resumes an upload begun before a restart instead of starting over', async () => {
    const file = path.join(tempDir(), 'outbox.sqlite');
    const peer = await peerOn();
    const { file: bundlePath, bytes } = bundleFile(100_000);
    const first = open(file);
    const item = await first.enqueue({ case: newCase('Slow hotspot'), bundle: { path: bundlePath } });
    peer.faults.refusePutsFrom = 32 * 1024; // two 16 KiB chunks get through, then the relay fails
    const partial = await first.flush(clientFor(peer.url));
    expect(partial.deferred).toEqual([{ key: item.key, code: 'SUPPORT_UPLOAD_FAILED' }]);
    expect(first.get(item.key)).toMatchObject({ state: 'uploading', caseId: '1000', uploadId: 'up-1' });
    first.close();
    expect(peer.uploads.get('up-1')!.data.byteLength).toBe(32 * 1024);

    delete peer.faults.refusePutsFrom;
    const putsBefore = peer.uploads.get('up-1')!.puts;
    const second = open(file);
    expect((await second.flush(clientFor(peer.url))).sent).toEqual([{ key: item.key, caseId: '1000', uploadId: 'up-1' }]);
    expect(peer.uploads.size).toBe(1);
    expect(peer.uploads.get('up-1')!.data.equals(bytes)).toBe(true);
    // Only the rest was sent: (100 000 − 32 768) bytes in 16 KiB chunks = 5 PUTs.
    expect(peer.uploads.get('up-1')!.puts - putsBefore).toBe(5);
    expect(peer.cases.size).toBe(1);
  });

  it('marks a case the relay refuses as rejected and goes on with the next', async () => {
    const file = path.join(tempDir(), 'outbox.sqlite');
    const peer = await peerOn();
    peer.faults.rejectSubject = 'refused';
    const outbox = open(file);
    const bad = await outbox.enqueue({ case: newCase('refused') });
    const good = await outbox.enqueue({ case: newCase('fine') });
    const report = await outbox.flush(clientFor(peer.url));
    expect(report.rejected).toEqual([expect.objectContaining({ key: bad.key, code: 'SUPPORT_CASE_INVALID' })]);
    expect(report.sent.map((s) => s.key)).toEqual([good.key]);
    expect(outbox.list().map((i) => [i.subject, i.state])).toEqual([['refused', 'rejected']]);
  });

  it('shares one flush between concurrent callers', async () => {
    const peer = await peerOn();
    const outbox = open(path.join(tempDir(), 'outbox.sqlite'));
    await outbox.enqueue({ case: newCase('one') });
    const client = clientFor(peer.url);
    const [a, b] = await Promise.all([outbox.flush(client), outbox.flush(client)]);
    expect(a).toBe(b);
    expect(peer.cases.size).toBe(1);
  });

  it('refuses bad cases at enqueue, and a queue written by a newer Roamdesk', async () => {
    const file = path.join(tempDir(), 'outbox.sqlite');
    const outbox = open(file);
    await expect(outbox.enqueue({ case: { ...newCase('x'), severity: 'sev9' as never } })).rejects.toMatchObject({ code: 'SUPPORT_CASE_INVALID' });
    outbox.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SupportOutbox.open(file)).toThrow(expect.objectContaining({ code: 'SUPPORT_QUEUE_FROM_NEWER_VERSION' }));
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });
});
