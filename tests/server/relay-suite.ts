/**
 * The relay's behaviour, independent of the database dialect: run by sqlite.test.ts and
 * postgres.test.ts. The agent's side is played by the in-memory ticketing connector.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import type { Db } from '../../server/src/db/db.js';
import { hashSecret } from '../../server/src/auth.js';
import { MemoryTicketing } from '../../server/src/ticketing/memory.js';
import type { RelayConfigInput } from '../../server/src/config.js';
import { fakeBundle, sha256, startRelay, until, uploadBundle, validCase, type TestRelay } from './helpers.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/status/', import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

export function defineRelaySuite(label: string, makeDb?: () => Promise<Db>): void {
  const running: TestRelay[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });

  async function relay(config: Partial<RelayConfigInput> = {}, options: { now?: () => number } = {}) {
    const ticketing = new MemoryTicketing();
    const db = makeDb ? await makeDb() : undefined;
    const r = await startRelay({ config, ticketing, ...(db ? { db } : {}), ...options });
    running.push(r);
    return { ...r, ticketing };
  }

  async function newCase(r: TestRelay, token: string, overrides: Record<string, unknown> = {}) {
    const res = await r.call('POST', '/v1/cases', { token, json: { ...validCase, ...overrides } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as { id: string; number: string };
  }

  describe(`${label}: enrolment and authentication`, () => {
    test('admin credentials enrol a device; the credential is random and stored only as a hash', async () => {
      const r = await relay();
      const health = await r.call('GET', '/v1/health');
      expect(health.json).toEqual({ ok: true, database: makeDb ? 'postgres' : 'sqlite', ticketing: 'memory' });
      const res = await r.call('POST', '/v1/devices/activate', { basic: r.admin, json: { deviceName: 'Ana laptop', platform: 'windows', appVersion: '0.1.0' } });
      expect(res.status).toBe(201);
      expect(res.json.enrolledVia).toBe('admin');
      const credential = res.json.credential as string;
      expect(credential).toMatch(/^rdd_[A-Za-z0-9_-]{43}$/);
      const row = await r.relay.db.get<{ credential_hash: string }>('SELECT credential_hash FROM devices WHERE id = ?', [res.json.deviceId]);
      expect(row?.credential_hash).toBe(hashSecret(credential));
      expect(JSON.stringify(await r.relay.db.all('SELECT * FROM devices'))).not.toContain(credential);
      const me = await r.call('GET', '/v1/devices/me', { token: credential });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ deviceId: res.json.deviceId, deviceName: 'Ana laptop', platform: 'windows', enrolledVia: 'admin' });
    });

    test('wrong or missing admin credentials are refused', async () => {
      const r = await relay();
      const wrong = await r.call('POST', '/v1/devices/activate', { basic: { ...r.admin, password: 'nope-nope' }, json: { deviceName: 'x' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.code).toBe('ADMIN_CREDENTIALS_REJECTED');
      const none = await r.call('POST', '/v1/devices/activate', { json: { deviceName: 'x' } });
      expect(none.status).toBe(401);
      expect(none.json.error.code).toBe('ADMIN_CREDENTIALS_REJECTED');
      const tokenByNobody = await r.call('POST', '/v1/admin/activation-tokens', { json: {} });
      expect(tokenByNobody.json.error.code).toBe('ADMIN_CREDENTIALS_REJECTED');
    });

    test('an activation token pre-provisioned by IT enrols up to maxUses devices', async () => {
      const r = await relay();
      const made = await r.call('POST', '/v1/admin/activation-tokens', { basic: r.admin, json: { label: 'Sales laptops', maxUses: 2, expiresInSeconds: 3600 } });
      expect(made.status).toBe(201);
      const token = made.json.token as string;
      for (const name of ['one', 'two']) {
        const ok = await r.call('POST', '/v1/devices/activate', { json: { deviceName: name, activationToken: token } });
        expect(ok.status).toBe(201);
        expect(ok.json.enrolledVia).toBe('activation-token');
      }
      const third = await r.call('POST', '/v1/devices/activate', { json: { deviceName: 'three', activationToken: token } });
      expect(third.status).toBe(401);
      expect(third.json.error.code).toBe('ACTIVATION_TOKEN_REJECTED');
      const unknown = await r.call('POST', '/v1/devices/activate', { json: { deviceName: 'x', activationToken: 'rda_guess' } });
      expect(unknown.json.error.code).toBe('ACTIVATION_TOKEN_REJECTED');
    });

    test('an expired activation token is refused', async () => {
      let now = Date.now();
      const r = await relay({}, { now: () => now });
      const made = await r.call('POST', '/v1/admin/activation-tokens', { basic: r.admin, json: { expiresInSeconds: 60 } });
      now += 61_000;
      const late = await r.call('POST', '/v1/devices/activate', { json: { deviceName: 'late', activationToken: made.json.token } });
      expect(late.status).toBe(401);
      expect(late.json.error.code).toBe('ACTIVATION_TOKEN_REJECTED');
    });

    test('every device route needs a valid bearer credential', async () => {
      const r = await relay();
      for (const [method, route] of [
        ['GET', '/v1/devices/me'],
        ['GET', '/v1/cases'],
        ['GET', '/v1/cases/case_x'],
        ['GET', '/v1/devices/me/requests'],
        ['GET', '/v1/status'],
        ['GET', '/v1/bundles/bun_x'],
      ] as const) {
        const missing = await r.call(method, route);
        expect(missing.status, route).toBe(401);
        expect(missing.json.error.code).toBe('UNAUTHENTICATED');
        const bogus = await r.call(method, route, { token: 'rdd_not-a-real-credential' });
        expect(bogus.status, route).toBe(401);
      }
      const post = await r.call('POST', '/v1/cases', { token: 'rdd_nope', json: validCase });
      expect(post.status).toBe(401);
    });

    test('a device sees only its own cases, bundles and requests (404 for another device)', async () => {
      const r = await relay();
      const a = await r.enrol('device A');
      const b = await r.enrol('device B');
      const aCase = await newCase(r, a.token);
      const data = fakeBundle(1000);
      const { id: bundleId } = await uploadBundle(r.call, a.token, aCase.id, data);
      r.ticketing.tickets.get(aCase.number)!.fields.logBundle = 'Requested';
      r.ticketing.tickets.get(aCase.number)!.updatedAt = new Date();
      await r.relay.syncOnce();
      const aRequests = await r.call('GET', '/v1/devices/me/requests', { token: a.token });
      const requestId = aRequests.json.requests[0].id as string;

      expect((await r.call('GET', `/v1/cases/${aCase.id}`, { token: a.token })).status).toBe(200);
      const checks = [
        await r.call('GET', `/v1/cases/${aCase.id}`, { token: b.token }),
        await r.call('GET', `/v1/cases/${aCase.id}/replies`, { token: b.token }),
        await r.call('POST', `/v1/cases/${aCase.id}/escalations`, { token: b.token, json: { description: 'd', progress: 'p', impact: 'i', reason: 'r' } }),
        await r.call('POST', `/v1/cases/${aCase.id}/rating`, { token: b.token, json: { rating: 5 } }),
        await r.call('POST', `/v1/cases/${aCase.id}/bundles`, { token: b.token, json: { fileName: 'x.zip', size: 10, sha256: sha256(Buffer.alloc(10)) } }),
        await r.call('GET', `/v1/bundles/${bundleId}`, { token: b.token }),
        await r.call('PUT', `/v1/bundles/${bundleId}`, { token: b.token, body: Buffer.alloc(1), headers: { 'content-range': 'bytes 0-0/1000' } }),
        await r.call('POST', `/v1/requests/${requestId}/answer`, { token: b.token, json: { decision: 'decline' } }),
      ];
      for (const res of checks) {
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe('NOT_FOUND');
      }
      const head = await r.call('HEAD', `/v1/bundles/${bundleId}`, { token: b.token });
      expect(head.status).toBe(404);
      expect((await r.call('GET', '/v1/cases', { token: b.token })).json.cases).toEqual([]);
      expect((await r.call('GET', '/v1/devices/me/requests', { token: b.token })).json.requests).toEqual([]);
    });
  });

  describe(`${label}: Idempotency-Key`, () => {
    const keyed = (key: string) => ({ 'idempotency-key': key });

    test('the same key twice files one ticket and answers the same case (the replay says so)', async () => {
      const r = await relay();
      const d = await r.enrol();
      const first = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('outbox-item-1') });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('outbox-item-1') });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json).toEqual(first.json);
      expect(r.ticketing.tickets.size).toBe(1);
      expect(await r.relay.db.all('SELECT id FROM cases')).toHaveLength(1);
      // Without a key every POST is a new case.
      await newCase(r, d.token);
      await newCase(r, d.token);
      expect(r.ticketing.tickets.size).toBe(3);
    });

    test('keys are per device: another device with the same key gets a case of its own', async () => {
      const r = await relay();
      const a = await r.enrol('device A');
      const b = await r.enrol('device B');
      const fromA = await r.call('POST', '/v1/cases', { token: a.token, json: validCase, headers: keyed('same-key') });
      const fromB = await r.call('POST', '/v1/cases', { token: b.token, json: validCase, headers: keyed('same-key') });
      expect([fromA.status, fromB.status]).toEqual([201, 201]);
      expect(fromB.headers['idempotent-replayed']).toBeUndefined();
      expect(fromB.json.id).not.toBe(fromA.json.id);
      expect(fromB.json.number).not.toBe(fromA.json.number);
      expect(r.ticketing.tickets.size).toBe(2);
      expect((await r.call('GET', '/v1/cases', { token: b.token })).json.cases.map((c: { id: string }) => c.id)).toEqual([fromB.json.id]);
    });

    test('the same key with another body is refused; a bad key is refused; an error is not remembered', async () => {
      const r = await relay();
      const d = await r.enrol();
      await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('k-1') });
      const other = await r.call('POST', '/v1/cases', { token: d.token, json: { ...validCase, subject: 'Something else' }, headers: keyed('k-1') });
      expect(other.status).toBe(422);
      expect(other.json.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      for (const bad of ['', 'has space', 'x'.repeat(256), 'café', 'tab\there']) {
        const res = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed(bad) });
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.json.error.code).toBe('IDEMPOTENCY_KEY_INVALID');
      }
      // A refused body stores nothing: the same key with a good body then files the case.
      const invalid = await r.call('POST', '/v1/cases', { token: d.token, json: { ...validCase, severity: 9 }, headers: keyed('k-2') });
      expect(invalid.status).toBe(400);
      const good = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('k-2') });
      expect(good.status).toBe(201);
      expect(good.headers['idempotent-replayed']).toBeUndefined();
      expect(r.ticketing.tickets.size).toBe(2);
    });

    test('a key still being processed answers 409 + Retry-After; one a stopped relay left behind is taken over', async () => {
      const r = await relay();
      const d = await r.enrol();
      const pending = (key: string, createdAt: number) =>
        r.relay.db.run("INSERT INTO idempotency_keys (device_id, idem_key, request_hash, state, created_at, expires_at) VALUES (?, ?, ?, 'pending', ?, ?)", [
          d.deviceId,
          key,
          'unknown',
          createdAt,
          createdAt + 86_400_000,
        ]);
      // The hash is checked first: give the pending row the hash this request will have.
      const first = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('probe') });
      const hash = (await r.relay.db.get<{ request_hash: string }>('SELECT request_hash FROM idempotency_keys WHERE idem_key = ?', ['probe']))!.request_hash;
      expect(first.status).toBe(201);
      await pending('busy', Date.now());
      await r.relay.db.run('UPDATE idempotency_keys SET request_hash = ? WHERE idem_key = ?', [hash, 'busy']);
      const busy = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('busy') });
      expect(busy.status).toBe(409);
      expect(busy.json.error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
      expect(busy.headers['retry-after']).toBe('1');
      await pending('stale', Date.now() - 10 * 60_000);
      await r.relay.db.run('UPDATE idempotency_keys SET request_hash = ? WHERE idem_key = ?', [hash, 'stale']);
      const taken = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('stale') });
      expect(taken.status).toBe(201);
      expect(r.ticketing.tickets.size).toBe(2);
      expect((await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('stale') })).json.id).toBe(taken.json.id);
    });

    test('keys expire after 24 hours: the same key then files a new case', async () => {
      let clock = Date.parse('2026-03-02T09:00:00Z');
      const r = await relay({}, { now: () => clock });
      const d = await r.enrol();
      const first = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('daily') });
      clock += 24 * 3600_000 - 1;
      expect((await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('daily') })).json.id).toBe(first.json.id);
      clock += 1;
      const later = await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('daily') });
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.json.id).not.toBe(first.json.id);
      expect(r.ticketing.tickets.size).toBe(2);
      // Expired keys of any device are swept (at most once a minute).
      await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('other') });
      clock += 25 * 3600_000;
      await r.call('POST', '/v1/cases', { token: d.token, json: validCase, headers: keyed('third') });
      expect((await r.relay.db.all<{ idem_key: string }>('SELECT idem_key FROM idempotency_keys')).map((k) => k.idem_key)).toEqual(['third']);
    });

    test('bundle creation: the same key answers the same upload; other keys and other cases are separate', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c1 = await newCase(r, d.token);
      const c2 = await newCase(r, d.token);
      const data = fakeBundle(5000, 3);
      const body = { fileName: 'roamdesk-diagnostics.zip', size: data.length, sha256: sha256(data) };
      const first = await r.call('POST', `/v1/cases/${c1.id}/bundles`, { token: d.token, json: body, headers: keyed('item:bundle') });
      expect(first.status).toBe(201);
      const again = await r.call('POST', `/v1/cases/${c1.id}/bundles`, { token: d.token, json: body, headers: keyed('item:bundle') });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json.id).toBe(first.json.id);
      expect(again.headers.location).toBe(`/v1/bundles/${first.json.id}`);
      expect(await r.relay.db.all('SELECT id FROM bundles')).toHaveLength(1);
      // The same key for another case's bundle is another request: refused, not confused.
      const elsewhere = await r.call('POST', `/v1/cases/${c2.id}/bundles`, { token: d.token, json: body, headers: keyed('item:bundle') });
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.json.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const fresh = await r.call('POST', `/v1/cases/${c1.id}/bundles`, { token: d.token, json: body, headers: keyed('item-2:bundle') });
      expect(fresh.json.id).not.toBe(first.json.id);
      // The upload goes on under the replayed id.
      const put = await r.call('PUT', `/v1/bundles/${again.json.id}`, { token: d.token, body: data, headers: { 'content-range': `bytes 0-${data.length - 1}/${data.length}` } });
      expect(put.json).toMatchObject({ state: 'complete', sha256: sha256(data) });
    });
  });

  describe(`${label}: cases`, () => {
    test('a case becomes a ticket with the severity field, the checklist and the steps', async () => {
      const r = await relay();
      const d = await r.enrol();
      const created = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ category: 'captive-portal', severity: 2, status: 'open', rating: null, diagnostics: validCase.diagnostics });
      const ticket = r.ticketing.tickets.get(created.json.number)!;
      expect(ticket.fields.severity).toBe('Sev 2');
      expect(ticket.ticket.body).toContain('[fail] Captive portal cleared — redirect loop');
      expect(ticket.ticket.body).toContain('2. Accept terms');
      const endUser = await r.call('POST', '/v1/cases', { token: d.token, json: { ...validCase, severity: 'end-user', subject: undefined } });
      expect(endUser.json.severity).toBe('end-user');
      expect(r.ticketing.tickets.get(endUser.json.number)!.fields.severity).toBe('End user');
      const list = await r.call('GET', '/v1/cases', { token: d.token });
      expect(list.json.cases.map((c: { id: string }) => c.id).sort()).toEqual([created.json.id, endUser.json.id].sort());
    });

    test('bad input answers 4xx with an error code', async () => {
      const r = await relay({ maxJsonBytes: 4096 });
      const d = await r.enrol();
      const cases: [unknown, number, string, string?][] = [
        [{ ...validCase, severity: 4 }, 400, 'VALIDATION_FAILED'],
        [{ ...validCase, severity: 'urgent' }, 400, 'VALIDATION_FAILED'],
        [{ ...validCase, description: '' }, 400, 'VALIDATION_FAILED'],
        [{ ...validCase, category: 'cooking' }, 400, 'VALIDATION_FAILED'],
        [{ ...validCase, extra: true }, 400, 'VALIDATION_FAILED'],
        [{ ...validCase, diagnostics: [{ id: 'x', label: 'y', status: 'maybe' }] }, 400, 'VALIDATION_FAILED'],
        ['{"category":', 400, 'INVALID_JSON'],
        [{ ...validCase, description: 'x'.repeat(5000) }, 413, 'BODY_TOO_LARGE'],
        [JSON.stringify(validCase), 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain'],
      ];
      for (const [json, status, code, contentType] of cases) {
        const res = await r.call('POST', '/v1/cases', { token: d.token, json, ...(contentType ? { contentType } : {}) });
        expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(status);
        expect(res.json.error.code).toBe(code);
        expect(typeof res.json.error.message).toBe('string');
      }
      const route = await r.call('GET', '/v1/nowhere', { token: d.token });
      expect(route.json.error.code).toBe('ROUTE_NOT_FOUND');
      const method = await r.call('DELETE', '/v1/cases', { token: d.token });
      expect(method.status).toBe(405);
      expect(method.json.error.code).toBe('METHOD_NOT_ALLOWED');
      expect((await r.call('GET', '/v1/devices/me/requests?wait=31', { token: d.token })).json.error.code).toBe('INVALID_REQUEST');
      expect((await r.call('GET', '/v1/devices/me/requests?wait=abc', { token: d.token })).status).toBe(400);
    });

    test('agent replies reach the device; status follows the ticket; escalation is written into the ticket', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      expect((await r.call('GET', `/v1/cases/${c.id}/replies`, { token: d.token })).json.replies).toEqual([]);
      r.ticketing.agentReply(c.number, 'Please try forgetting the network and reconnecting.', 'alice');
      const replies = await r.call('GET', `/v1/cases/${c.id}/replies`, { token: d.token });
      expect(replies.json.replies).toMatchObject([{ author: 'alice', body: 'Please try forgetting the network and reconnecting.' }]);
      r.ticketing.agentSetState(c.number, 'waiting');
      expect((await r.call('GET', `/v1/cases/${c.id}`, { token: d.token })).json.status).toBe('waiting');

      const esc = await r.call('POST', `/v1/cases/${c.id}/escalations`, {
        token: d.token,
        json: { caseNumbers: ['4711', c.number], description: 'Cannot work from hotels', progress: 'Two replies, no fix', impact: 'Sales team offline', reason: 'No progress in 3 days' },
      });
      expect(esc.status).toBe(201);
      expect(esc.json).toMatchObject({ caseId: c.id, caseNumbers: ['4711', c.number], deliveredToTicket: true });
      const note = r.ticketing.tickets.get(c.number)!.notes.at(-1)!;
      expect(note.public).toBe(false);
      for (const part of ['ESCALATION', '4711', 'Cannot work from hotels', 'Two replies, no fix', 'Sales team offline', 'No progress in 3 days']) expect(note.body).toContain(part);
      const bad = await r.call('POST', `/v1/cases/${c.id}/escalations`, { token: d.token, json: { description: 'only this' } });
      expect(bad.json.error.code).toBe('VALIDATION_FAILED');
    });

    test('a satisfaction rating 1-5 is accepted once, only after resolution', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const early = await r.call('POST', `/v1/cases/${c.id}/rating`, { token: d.token, json: { rating: 5 } });
      expect(early.status).toBe(409);
      expect(early.json.error.code).toBe('CASE_NOT_RESOLVED');
      r.ticketing.agentSetState(c.number, 'resolved');
      const out = await r.call('POST', `/v1/cases/${c.id}/rating`, { token: d.token, json: { rating: 6 } });
      expect(out.json.error.code).toBe('VALIDATION_FAILED');
      const ok = await r.call('POST', `/v1/cases/${c.id}/rating`, { token: d.token, json: { rating: 4, comment: 'Quick and kind' } });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ status: 'resolved', rating: { value: 4, comment: 'Quick and kind' } });
      expect(r.ticketing.tickets.get(c.number)!.notes.at(-1)!.body).toContain('4/5');
      const again = await r.call('POST', `/v1/cases/${c.id}/rating`, { token: d.token, json: { rating: 1 } });
      expect(again.json.error.code).toBe('CASE_ALREADY_RATED');
    });
  });

  describe(`${label}: resumable bundle upload`, () => {
    test('chunks at offsets, SHA-256 verified after the last one, attached to the ticket', async () => {
      const r = await relay({ bundles: { maxBytes: 1_000_000, maxChunkBytes: 40_000 } });
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const data = fakeBundle(100_000, 7);
      const { id, last } = await uploadBundle(r.call, d.token, c.id, data, { chunk: 40_000 });
      expect(last.json).toMatchObject({ id, state: 'complete', offset: 100_000, size: 100_000, sha256: sha256(data), attached: true });
      const att = r.ticketing.tickets.get(c.number)!.attachments;
      expect(att).toHaveLength(1);
      expect(att[0]).toMatchObject({ fileName: 'roamdesk-diagnostics.zip', sha256: sha256(data), size: 100_000 });
      expect(att[0]!.note).toContain(sha256(data));
      const again = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: Buffer.alloc(1), headers: { 'content-range': 'bytes 0-0/100000' } });
      expect(again.json.error.code).toBe('UPLOAD_COMPLETE');
    });

    test('a chunk at the wrong offset is refused with the received offset', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const data = fakeBundle(3000);
      const created = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'b.zip', size: 3000, sha256: sha256(data) } });
      expect(created.headers.location).toBe(`/v1/bundles/${created.json.id}`);
      const id = created.json.id as string;
      await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(0, 1000), headers: { 'content-range': 'bytes 0-999/3000' } });
      const skip = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(2000), headers: { 'content-range': 'bytes 2000-2999/3000' } });
      expect(skip.status).toBe(409);
      expect(skip.json.error.code).toBe('UPLOAD_OFFSET_MISMATCH');
      expect(skip.headers['upload-offset']).toBe('1000');
      const noRange = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(1000, 2000) });
      expect(noRange.json.error.code).toBe('INVALID_REQUEST');
      const wrongTotal = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(1000, 2000), headers: { 'content-range': 'bytes 1000-1999/5000' } });
      expect(wrongTotal.json.error.code).toBe('INVALID_REQUEST');
      const wrongType = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(1000, 2000), contentType: 'application/zip', headers: { 'content-range': 'bytes 1000-1999/3000' } });
      expect(wrongType.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    test('after a cut connection HEAD/GET tell the received offset and the upload resumes there', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const data = fakeBundle(200_000, 3);
      const created = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'cut.zip', size: data.length, sha256: sha256(data) } });
      const id = created.json.id as string;
      // Send a 150 000-byte chunk but cut the socket after 70 000 bytes of body.
      const url = new URL(r.url);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `PUT /v1/bundles/${id} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${d.token}\r\nContent-Type: application/octet-stream\r\n` +
              `Content-Range: bytes 0-149999/${data.length}\r\nContent-Length: 150000\r\n\r\n`,
          );
          socket.write(data.subarray(0, 70_000), () => setTimeout(() => (socket.destroy(), resolve()), 100));
        });
        socket.on('error', reject);
      });
      let offset = -1;
      await until(async () => {
        const head = await r.call('HEAD', `/v1/bundles/${id}`, { token: d.token });
        expect(head.status).toBe(200);
        expect(head.headers['upload-length']).toBe(String(data.length));
        offset = Number(head.headers['upload-offset']);
        return offset === 70_000;
      });
      const status = await r.call('GET', `/v1/bundles/${id}`, { token: d.token });
      expect(status.json).toMatchObject({ offset: 70_000, state: 'uploading' });
      for (let at = offset; at < data.length; at += 65_536) {
        const end = Math.min(data.length, at + 65_536);
        const res = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(at, end), headers: { 'content-range': `bytes ${at}-${end - 1}/${data.length}` } });
        expect(res.status).toBe(200);
      }
      const done = await r.call('GET', `/v1/bundles/${id}`, { token: d.token });
      expect(done.json).toMatchObject({ state: 'complete', offset: data.length, attached: true });
      expect(r.ticketing.tickets.get(c.number)!.attachments[0]!.sha256).toBe(sha256(data));
    });

    test('a hash mismatch is refused (422) and the upload restarts at 0; size caps are enforced', async () => {
      const r = await relay({ bundles: { maxBytes: 50_000, maxChunkBytes: 10_000 } });
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const data = fakeBundle(15_000);
      const created = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'x.zip', size: data.length, sha256: sha256(fakeBundle(15_000, 99)) } });
      const id = created.json.id as string;
      await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(0, 10_000), headers: { 'content-range': 'bytes 0-9999/15000' } });
      const bad = await r.call('PUT', `/v1/bundles/${id}`, { token: d.token, body: data.subarray(10_000), headers: { 'content-range': 'bytes 10000-14999/15000' } });
      expect(bad.status).toBe(422);
      expect(bad.json.error.code).toBe('BUNDLE_HASH_MISMATCH');
      expect((await r.call('GET', `/v1/bundles/${id}`, { token: d.token })).json).toMatchObject({ offset: 0, state: 'uploading' });
      expect(r.ticketing.tickets.get(c.number)!.attachments).toHaveLength(0);

      const tooBig = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'big.zip', size: 50_001, sha256: sha256(data) } });
      expect(tooBig.status).toBe(413);
      expect(tooBig.json.error.code).toBe('BUNDLE_TOO_LARGE');
      const ok = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'ok.zip', size: 20_000, sha256: sha256(data) } });
      const bigChunk = await r.call('PUT', `/v1/bundles/${ok.json.id}`, { token: d.token, body: Buffer.alloc(10_001), headers: { 'content-range': 'bytes 0-10000/20000' } });
      expect(bigChunk.status).toBe(413);
      expect(bigChunk.json.error.code).toBe('BODY_TOO_LARGE');
      for (const json of [
        { fileName: '../etc/passwd', size: 10, sha256: sha256(data) },
        { fileName: 'a.zip', size: 0, sha256: sha256(data) },
        { fileName: 'a.zip', size: 10, sha256: 'ABC' },
      ]) {
        expect((await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json })).json.error.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe(`${label}: remote log requests`, () => {
    const requestFromAgent = (r: { ticketing: MemoryTicketing }, ticketId: string): void => {
      const t = r.ticketing.tickets.get(ticketId)!;
      t.fields.logBundle = 'Requested';
      t.updatedAt = new Date();
    };

    test('the agent sets "Log bundle: Requested"; the long-poll delivers it; approve attaches and sets "Received"', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const started = Date.now();
      const poll = r.call('GET', '/v1/devices/me/requests?wait=10', { token: d.token });
      await new Promise((resolve) => setTimeout(resolve, 300));
      requestFromAgent(r, c.number);
      await r.relay.syncOnce();
      const got = await poll;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(got.json.requests).toHaveLength(1);
      const request = got.json.requests[0];
      expect(request).toMatchObject({ caseId: c.id, caseNumber: c.number });
      expect(r.ticketing.tickets.get(c.number)!.fields.logBundle).toBe('Sent to device');
      await r.relay.syncOnce(); // "Sent to device" is not "Requested": no second request
      expect((await r.call('GET', '/v1/devices/me/requests', { token: d.token })).json.requests.map((x: { id: string }) => x.id)).toEqual([request.id]);

      const data = fakeBundle(5000, 11);
      const { id: bundleId } = await uploadBundle(r.call, d.token, c.id, data, { logRequestId: request.id });
      const answer = await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'approve', bundleId } });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ state: 'approved', bundleId });
      const ticket = r.ticketing.tickets.get(c.number)!;
      expect(ticket.fields.logBundle).toBe('Received');
      expect(ticket.attachments.map((a) => a.sha256)).toEqual([sha256(data)]);
      const twice = await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'decline' } });
      expect(twice.json.error.code).toBe('REQUEST_NOT_PENDING');
      expect((await r.call('GET', '/v1/devices/me/requests', { token: d.token })).json.requests).toEqual([]);
    });

    test('decline sets "Declined"; approve needs a complete bundle of the same case', async () => {
      const r = await relay();
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      const other = await newCase(r, d.token);
      requestFromAgent(r, c.number);
      await r.relay.syncOnce();
      const request = (await r.call('GET', '/v1/devices/me/requests?wait=1', { token: d.token })).json.requests[0];
      const otherBundle = await uploadBundle(r.call, d.token, other.id, fakeBundle(100));
      expect((await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'approve', bundleId: otherBundle.id } })).json.error.code).toBe('NOT_FOUND');
      const partial = await r.call('POST', `/v1/cases/${c.id}/bundles`, { token: d.token, json: { fileName: 'p.zip', size: 10, sha256: sha256(Buffer.alloc(10)) } });
      expect((await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'approve', bundleId: partial.json.id } })).json.error.code).toBe('BUNDLE_NOT_COMPLETE');
      expect((await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'maybe' } })).json.error.code).toBe('VALIDATION_FAILED');
      const declined = await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'decline', reason: 'On a customer network' } });
      expect(declined.json).toMatchObject({ state: 'declined', bundleId: null });
      const t = r.ticketing.tickets.get(c.number)!;
      expect(t.fields.logBundle).toBe('Declined');
      expect(t.notes.at(-1)!.body).toContain('On a customer network');
    });

    test('requests expire after the configured time and the field becomes "Expired"', async () => {
      let now = Date.now();
      const r = await relay({ logRequests: { ttlSeconds: 60 } }, { now: () => now });
      const d = await r.enrol();
      const c = await newCase(r, d.token);
      requestFromAgent(r, c.number);
      await r.relay.syncOnce();
      const request = (await r.call('GET', '/v1/devices/me/requests', { token: d.token })).json.requests[0];
      expect(Date.parse(request.expiresAt) - Date.parse(request.requestedAt)).toBe(60_000);
      now += 61_000;
      await r.relay.syncOnce();
      expect(r.ticketing.tickets.get(c.number)!.fields.logBundle).toBe('Expired');
      expect((await r.call('GET', '/v1/devices/me/requests', { token: d.token })).json.requests).toEqual([]);
      const late = await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'decline' } });
      expect(late.json.error.code).toBe('REQUEST_NOT_PENDING');
    });

    test('a long-poll with nothing pending returns an empty list after the wait', async () => {
      const r = await relay();
      const d = await r.enrol();
      const started = Date.now();
      const res = await r.call('GET', '/v1/devices/me/requests?wait=1', { token: d.token });
      expect(res.json.requests).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });

  describe(`${label}: service status, rate limits, logs`, () => {
    let upstream: Server | undefined;
    afterEach(async () => {
      if (upstream) await new Promise((resolve) => upstream!.close(resolve));
      upstream = undefined;
    });

    async function statuspage() {
      const state = { body: fixture('statuspage-summary-github-operational-2019-12-30.json'), requests: 0, conditional: 0, up: true };
      upstream = createServer((req, res) => {
        state.requests += 1;
        if (!state.up) {
          res.writeHead(503).end();
          return;
        }
        if (req.url !== '/api/v2/summary.json') {
          res.writeHead(404).end();
          return;
        }
        const etag = `W/"${sha256(Buffer.from(state.body)).slice(0, 16)}"`;
        if (req.headers['if-none-match'] === etag) {
          state.conditional += 1;
          res.writeHead(304, { etag }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', etag }).end(state.body);
      });
      await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
      return { state, url: `http://127.0.0.1:${(upstream.address() as { port: number }).port}` };
    }

    test('the status endpoint proxies the Statuspage summary with ETag/304 and caching', async () => {
      const page = await statuspage();
      const r = await relay({ status: { url: page.url, cacheSeconds: 60 } });
      const d = await r.enrol();
      const first = await r.call('GET', '/v1/status', { token: d.token });
      expect(first.status).toBe(200);
      expect(first.json.summary.status.indicator).toBe('none');
      expect(first.json.stale).toBe(false);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^".+"$/);
      const second = await r.call('GET', '/v1/status', { token: d.token, headers: { 'if-none-match': etag } });
      expect(second.status).toBe(304);
      expect(page.state.requests).toBe(1); // cached
    });

    test('upstream changes, conditional requests upstream, and a stale copy when upstream fails', async () => {
      const page = await statuspage();
      const r = await relay({ status: { url: page.url, cacheSeconds: 0 } });
      const d = await r.enrol();
      const first = await r.call('GET', '/v1/status', { token: d.token });
      await r.call('GET', '/v1/status', { token: d.token });
      expect(page.state.conditional).toBe(1); // relay sent If-None-Match, upstream said 304
      page.state.body = fixture('statuspage-summary-github-major-outage-2020-04-02.json');
      const outage = await r.call('GET', '/v1/status', { token: d.token, headers: { 'if-none-match': first.headers.etag as string } });
      expect(outage.status).toBe(200);
      expect(outage.json.summary.status.indicator).toBe('major');
      expect(outage.json.summary.incidents.length).toBeGreaterThan(0);
      page.state.body = fixture('statuspage-summary-cloudamqp-maintenance-2020-07-16.json');
      expect((await r.call('GET', '/v1/status', { token: d.token })).json.summary.status.indicator).toBe('maintenance');
      page.state.up = false;
      const stale = await r.call('GET', '/v1/status', { token: d.token });
      expect(stale.status).toBe(200);
      expect(stale.json.stale).toBe(true);
      expect(stale.json.summary.status.indicator).toBe('maintenance');
    });

    test('status: 503 when not configured, 502 when upstream never answered', async () => {
      const r = await relay();
      const d = await r.enrol();
      expect((await r.call('GET', '/v1/status', { token: d.token })).json.error.code).toBe('STATUS_NOT_CONFIGURED');
      const page = await statuspage();
      page.state.up = false;
      const r2 = await relay({ status: { url: page.url } });
      const d2 = await r2.enrol();
      const res = await r2.call('GET', '/v1/status', { token: d2.token });
      expect(res.status).toBe(502);
      expect(res.json.error.code).toBe('STATUS_UNAVAILABLE');
    });

    test('each device has its own token bucket', async () => {
      const r = await relay({ rateLimit: { burst: 5, perSecond: 0.5 } });
      const a = await r.enrol('a');
      const b = await r.enrol('b');
      for (let i = 0; i < 5; i += 1) expect((await r.call('GET', '/v1/devices/me', { token: a.token })).status).toBe(200);
      const limited = await r.call('GET', '/v1/devices/me', { token: a.token });
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await r.call('GET', '/v1/devices/me', { token: b.token })).status).toBe(200);
    });

    test('logs are structured JSON and carry no credentials', async () => {
      const r = await relay();
      const made = await r.call('POST', '/v1/admin/activation-tokens', { basic: r.admin, json: {} });
      const d = await r.call('POST', '/v1/devices/activate', { json: { deviceName: 'x', activationToken: made.json.token } });
      const c = await newCase(r, d.json.credential);
      await uploadBundle(r.call, d.json.credential, c.id, fakeBundle(100));
      await r.call('GET', '/v1/devices/me', { token: 'rdd_wrong-secret-value' });
      const text = r.logs.join('\n');
      expect(r.logs.length).toBeGreaterThan(5);
      for (const line of r.logs) expect(() => JSON.parse(line)).not.toThrow();
      expect(r.logs.map((l) => JSON.parse(l).event)).toEqual(expect.arrayContaining(['request', 'device.enrolled', 'case.created', 'bundle.complete']));
      for (const secret of [made.json.token, d.json.credential, r.admin.password, 'rdd_wrong-secret-value', Buffer.from(`${r.admin.username}:${r.admin.password}`).toString('base64')]) {
        expect(text).not.toContain(secret);
      }
    });
  });
}
