/**
 * The offline queue against the real support relay (server/src, SQLite, in-memory ticketing):
 * the app "dies" right after the relay did the work but before the queue recorded it — the
 * relay's answer never reaches the outbox — and the replay after the restart files one case
 * and one bundle, because the outbox sends a stable Idempotency-Key per queued item and the
 * relay honours it.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { NodeRelayTransport } from '../../main/engine/support/client/node-relay-transport.js';
import { RelayClient } from '../../main/engine/support/client/relay-client.js';
import type { RelayRequest, RelayResponse, RelayTransport } from '../../main/engine/support/client/relay-transport.js';
import { SupportOutbox } from '../../main/engine/support/client/support-outbox.js';
import { MemoryTicketing } from '../../server/src/ticketing/memory.js';
import { ADMIN, sha256, startRelay, type TestRelay } from '../server/helpers.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

const newCase = (subject: string) => ({ subject, description: 'details', category: 'connection', severity: 'end-user', clientCreatedAt: '2026-01-07T10:00:00.000Z' }) as const;

/** Passes requests to the relay; for the one `dieAfter` picks, the relay's answer is lost (the app died before reading it). */
class DyingTransport implements RelayTransport {
  private readonly inner = new NodeRelayTransport();
  died: string[] = [];
  constructor(private dieAfter: ((request: RelayRequest) => boolean) | undefined) {}
  async request(request: RelayRequest): Promise<RelayResponse> {
    const response = await this.inner.request(request);
    if (this.dieAfter?.(request)) {
      this.dieAfter = undefined;
      this.died.push(`${request.method} ${new URL(request.url).pathname} → ${response.status}`);
      throw new Error('the app died before it recorded the relay’s answer');
    }
    return response;
  }
}

const running: { relay: TestRelay; outboxes: SupportOutbox[] }[] = [];
afterEach(async () => {
  for (const { relay, outboxes } of running.splice(0)) {
    for (const outbox of outboxes) {
      try {
        outbox.close();
      } catch {
        // closed by the test
      }
    }
    await relay.stop();
  }
});

async function setUp() {
  const ticketing = new MemoryTicketing();
  const relay = await startRelay({ ticketing });
  const minted = await relay.call('POST', '/v1/admin/activation-tokens', { basic: ADMIN, json: { label: 'outbox', maxUses: 1 } });
  expect(minted.status).toBe(201);
  const secrets = new MemorySecretStore(); // the device credential survives the "restart", as in the OS keychain
  const outboxes: SupportOutbox[] = [];
  running.push({ relay, outboxes });
  const file = path.join(tempDir(), 'support-outbox.sqlite');
  return {
    relay,
    ticketing,
    open(): SupportOutbox {
      const outbox = SupportOutbox.open(file, { clock: new ManualClock(undefined, true), upload: { chunkBytes: 16 * 1024, retryDelayMs: 1, maxAttempts: 2 } });
      outboxes.push(outbox);
      return outbox;
    },
    client(transport: RelayTransport): RelayClient {
      return new RelayClient({ baseUrl: relay.url, transport, secrets, clock: new ManualClock(undefined, true), activation: { token: minted.json.token }, timeoutMs: 5_000 });
    },
  };
}

describe('support outbox × the real relay: a crash between the relay’s success and the local record', () => {
  it('files the case once: the replay after the restart gets the case the relay already created', async () => {
    const lab = await setUp();
    const first = lab.open();
    const item = await first.enqueue({ case: newCase('Portal loops in the lounge') });
    const dying = new DyingTransport((r) => r.method === 'POST' && new URL(r.url).pathname === '/v1/cases');
    const crashed = await first.flush(lab.client(dying));
    expect(dying.died).toEqual(['POST /v1/cases → 201']);
    expect(crashed).toMatchObject({ sent: [], deferred: [{ key: item.key, code: 'SUPPORT_RELAY_UNREACHABLE' }], remaining: 1 });
    expect(first.get(item.key)).toMatchObject({ state: 'pending', caseId: null });
    const filed = await lab.relay.relay.db.all<{ id: string; ticket_id: string }>('SELECT id, ticket_id FROM cases');
    expect(filed).toHaveLength(1); // the relay did create it
    first.close();

    const second = lab.open();
    const report = await second.flush(lab.client(new DyingTransport(undefined)));
    expect(report).toMatchObject({ sent: [{ key: item.key, caseId: filed[0]!.id, uploadId: null }], deferred: [], rejected: [], remaining: 0 });
    expect(await lab.relay.relay.db.all('SELECT id FROM cases')).toHaveLength(1);
    expect(lab.ticketing.tickets.size).toBe(1);
    expect(lab.relay.logs.some((line) => line.includes('"idempotency.replayed"'))).toBe(true);
  });

  it('keeps the item queued (not rejected) while the relay is still working on its key, and sends it on the next flush', async () => {
    const lab = await setUp();
    const outbox = lab.open();
    const item = await outbox.enqueue({ case: newCase('Captive portal never loads') });
    let answered409 = 0;
    const busy: RelayTransport = {
      request: async (request) => {
        if (request.method === 'POST' && new URL(request.url).pathname === '/v1/cases' && answered409 === 0) {
          answered409 += 1;
          expect(request.headers['Idempotency-Key']).toBe(item.key);
          return { status: 409, headers: { 'retry-after': '1' }, body: JSON.stringify({ error: { code: 'IDEMPOTENCY_KEY_IN_USE', message: 'still running' } }) };
        }
        return new NodeRelayTransport().request(request);
      },
    };
    const client = lab.client(busy);
    const first = await outbox.flush(client);
    expect(first).toMatchObject({ sent: [], rejected: [], deferred: [{ key: item.key, code: 'SUPPORT_RELAY_HTTP_STATUS' }], remaining: 1 });
    const second = await outbox.flush(client);
    expect(second.sent).toEqual([{ key: item.key, caseId: expect.any(String), uploadId: null }]);
    expect(lab.ticketing.tickets.size).toBe(1);
  });

  it('starts the bundle upload once: the replay continues the upload the relay already created, one attachment on the ticket', async () => {
    const lab = await setUp();
    const bytes = randomBytes(70_000);
    const bundlePath = path.join(tempDir(), 'bundle.zip');
    writeFileSync(bundlePath, bytes);
    const first = lab.open();
    const item = await first.enqueue({ case: newCase('Slow hotspot on the train'), bundle: { path: bundlePath, name: 'roamdesk-bundle.zip' } });
    const dying = new DyingTransport((r) => r.method === 'POST' && /^\/v1\/cases\/[^/]+\/bundles$/.test(new URL(r.url).pathname));
    const crashed = await first.flush(lab.client(dying));
    expect(dying.died).toHaveLength(1);
    expect(crashed.deferred).toHaveLength(1);
    expect(first.get(item.key)).toMatchObject({ state: 'case-created', uploadId: null });
    expect(await lab.relay.relay.db.all('SELECT id FROM bundles')).toHaveLength(1);
    first.close();

    const second = lab.open();
    const report = await second.flush(lab.client(new DyingTransport(undefined)));
    expect(report.sent).toHaveLength(1);
    const bundles = await lab.relay.relay.db.all<{ id: string; state: string; sha256: string }>('SELECT id, state, sha256 FROM bundles');
    expect(bundles).toEqual([{ id: report.sent[0]!.uploadId, state: 'complete', sha256: sha256(bytes) }]);
    expect(await lab.relay.relay.db.all('SELECT id FROM cases')).toHaveLength(1);
    await lab.relay.relay.syncOnce(); // attaches anything a first attempt left behind
    const tickets = [...lab.ticketing.tickets.values()];
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.attachments.map((a) => a.sha256)).toEqual([sha256(bytes)]);
  });
});
