/**
 * The relay against a real Request Tracker 5 (REST2), started once for this file by
 * tests/support/rt/rt-lab.ts. The agent's side uses RT's REST2 with the agent's own token,
 * exactly what RT's web UI does for "Log bundle: Requested", replies and resolving.
 * RT missing is a failure with an install hint, never a skip.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { RtConnector } from '../../server/src/ticketing/rt.js';
import { rtRest, startRt, type RtLab } from '../support/rt/rt-lab.js';
import { fakeBundle, sha256, startRelay, until, uploadBundle, validCase, type TestRelay } from './helpers.js';

let lab: RtLab | undefined;
let labError: unknown;
const relays: TestRelay[] = [];

// A start-up failure (RT not installed, set-up failed) is kept and thrown by every test, so each
// test *fails* with the reason and the install hint instead of being reported as skipped.
beforeAll(async () => {
  try {
    lab = await startRt();
  } catch (error) {
    labError = error;
  }
}, 240_000);

vi.setConfig({ testTimeout: 90_000 });

afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
}, 60_000);

afterAll(async () => {
  await lab?.stop();
}, 60_000);

function rt(): RtLab {
  if (!lab) throw labError instanceof Error ? labError : new Error(`RT did not start: ${String(labError)}`);
  return lab;
}

async function relayOnRt(options: { ttlSeconds?: number; pollMs?: number } = {}): Promise<TestRelay> {
  const r = await startRelay({
    config: {
      ticketing: { kind: 'rt', url: rt().url, token: rt().relayUser.token, queue: rt().queue, pollSeconds: 1 },
      ...(options.ttlSeconds ? { logRequests: { ttlSeconds: options.ttlSeconds } } : {}),
    },
  });
  relays.push(r);
  r.relay.startSync(options.pollMs ?? 300);
  return r;
}

interface RtTicketJson {
  Subject: string;
  Status: string;
  Queue: { id: string };
  CustomFields: { name: string; values: string[] }[];
}

const agent = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => rtRest<T>(rt(), rt().agent.token, method, route, body);
const field = (t: RtTicketJson, name: string): string | undefined => t.CustomFields.find((cf) => cf.name === name)?.values[0];
const ticket = (id: string): Promise<RtTicketJson> => agent<RtTicketJson>('GET', `/ticket/${id}`);

async function attachmentsOf(id: string): Promise<{ name: string; sha256: string; size: number }[]> {
  const list = await agent<{ items: { id: string }[] }>('GET', `/ticket/${id}/attachments?per_page=100`);
  const out = [];
  for (const item of list.items) {
    const a = await agent<{ Filename?: string; Content?: string }>('GET', `/attachment/${item.id}`);
    if (!a.Filename) continue;
    const bytes = Buffer.from(a.Content ?? '', 'base64');
    out.push({ name: a.Filename, sha256: sha256(bytes), size: bytes.length });
  }
  return out;
}

describe('relay ↔ Request Tracker 5', () => {
  test('a case created through the relay becomes an RT ticket with the Severity custom field', async () => {
    const r = await relayOnRt();
    const d = await r.enrol('rt laptop');
    const created = await r.call('POST', '/v1/cases', { token: d.token, json: { ...validCase, severity: 1 } });
    expect(created.status).toBe(201);
    const id = created.json.number as string;
    expect(id).toMatch(/^\d+$/);
    expect(created.json.ticketUrl).toBe(`${rt().url}/Ticket/Display.html?id=${id}`);
    const t = await ticket(id);
    expect(t.Subject).toBe(validCase.subject);
    expect(field(t, 'Severity')).toBe('Sev 1');
    const endUser = await r.call('POST', '/v1/cases', { token: d.token, json: { ...validCase, severity: 'end-user' } });
    expect(field(await ticket(endUser.json.number), 'Severity')).toBe('End user');
    // The ticket body carries the checklist and steps (first transaction's content).
    const history = await agent<{ items: { id: string }[] }>('GET', `/ticket/${id}/history`);
    const parts = await agent<{ items: { ContentType: string; Content: string }[] }>('GET', `/transaction/${history.items[0]!.id}/attachments?fields=ContentType,Content`);
    const body = parts.items.map((p) => p.Content ?? '').join('\n'); // text parts come as plain strings
    expect(body).toContain('[fail] Captive portal cleared — redirect loop');
    expect(body).toContain('Severity: Sev 1');
  });

  test('an uploaded bundle lands in RT as an attachment whose SHA-256 equals the client’s', async () => {
    const r = await relayOnRt();
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    const data = fakeBundle(300_000, 42);
    const { last } = await uploadBundle(r.call, d.token, c.json.id, data, { chunk: 128 * 1024, fileName: 'roamdesk-diag-rt.zip' });
    expect(last.json).toMatchObject({ state: 'complete', attached: true });
    const atts = await attachmentsOf(c.json.number);
    expect(atts.filter((a) => a.name === 'roamdesk-diag-rt.zip')).toEqual([{ name: 'roamdesk-diag-rt.zip', sha256: sha256(data), size: data.length }]);
  });

  test('an agent correspondence in RT shows up as a reply to the device (relay notes do not)', async () => {
    const r = await relayOnRt();
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    await r.call('POST', `/v1/cases/${c.json.id}/escalations`, { token: d.token, json: { description: 'd', progress: 'p', impact: 'i', reason: 'r' } });
    await agent('POST', `/ticket/${c.json.number}/correspond`, { Content: 'Hi! Please open the portal in a private window.', ContentType: 'text/plain' });
    const replies = await r.call('GET', `/v1/cases/${c.json.id}/replies`, { token: d.token });
    expect(replies.json.replies).toHaveLength(1);
    expect(replies.json.replies[0]).toMatchObject({ author: 'agent', body: 'Hi! Please open the portal in a private window.' });
  });

  test('"Log bundle: Requested" set in RT reaches the device by long-poll; approve → attachment + "Received"', async () => {
    const r = await relayOnRt();
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    const id = c.json.number as string;
    const poll = r.call('GET', '/v1/devices/me/requests?wait=30', { token: d.token });
    await agent('PUT', `/ticket/${id}`, { CustomFields: { 'Log bundle': 'Requested' } });
    const started = Date.now();
    const got = await poll;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(got.json.requests).toHaveLength(1);
    const request = got.json.requests[0];
    expect(request).toMatchObject({ caseId: c.json.id, caseNumber: id });
    expect(field(await ticket(id), 'Log bundle')).toBe('Sent to device');

    const data = fakeBundle(50_000, 5);
    const { id: bundleId } = await uploadBundle(r.call, d.token, c.json.id, data, { logRequestId: request.id });
    const answer = await r.call('POST', `/v1/requests/${request.id}/answer`, { token: d.token, json: { decision: 'approve', bundleId } });
    expect(answer.json.state).toBe('approved');
    expect(field(await ticket(id), 'Log bundle')).toBe('Received');
    expect((await attachmentsOf(id)).map((a) => a.sha256)).toContain(sha256(data));
  });

  test('decline → "Declined"; the agent can ask again', async () => {
    const r = await relayOnRt();
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    const id = c.json.number as string;
    await agent('PUT', `/ticket/${id}`, { CustomFields: { 'Log bundle': 'Requested' } });
    const first = (await r.call('GET', '/v1/devices/me/requests?wait=30', { token: d.token })).json.requests[0];
    await r.call('POST', `/v1/requests/${first.id}/answer`, { token: d.token, json: { decision: 'decline', reason: 'not now' } });
    expect(field(await ticket(id), 'Log bundle')).toBe('Declined');
    await agent('PUT', `/ticket/${id}`, { CustomFields: { 'Log bundle': 'Requested' } });
    const second = (await r.call('GET', '/v1/devices/me/requests?wait=30', { token: d.token })).json.requests[0];
    expect(second.id).not.toBe(first.id);
  });

  test('an unanswered request expires → "Expired"', async () => {
    const r = await relayOnRt({ ttlSeconds: 2 });
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    const id = c.json.number as string;
    await agent('PUT', `/ticket/${id}`, { CustomFields: { 'Log bundle': 'Requested' } });
    const req = (await r.call('GET', '/v1/devices/me/requests?wait=30', { token: d.token })).json.requests[0];
    expect(req).toBeDefined();
    await until(async () => field(await ticket(id), 'Log bundle') === 'Expired', 15_000, 250);
    const late = await r.call('POST', `/v1/requests/${req.id}/answer`, { token: d.token, json: { decision: 'decline' } });
    expect(late.json.error.code).toBe('REQUEST_NOT_PENDING');
  });

  test('resolving the ticket in RT resolves the case; the rating is written back as a comment', async () => {
    const r = await relayOnRt();
    const d = await r.enrol();
    const c = await r.call('POST', '/v1/cases', { token: d.token, json: validCase });
    const id = c.json.number as string;
    await agent('PUT', `/ticket/${id}`, { Status: 'resolved' });
    expect((await r.call('GET', `/v1/cases/${c.json.id}`, { token: d.token })).json.status).toBe('resolved');
    const rated = await r.call('POST', `/v1/cases/${c.json.id}/rating`, { token: d.token, json: { rating: 5, comment: 'great' } });
    expect(rated.status).toBe(200);
    const connector = new RtConnector({ url: rt().url, token: rt().agent.token, queue: rt().queue, severityField: 'Severity', logBundleField: 'Log bundle' });
    expect((await connector.getTicket(id)).state).toBe('resolved');
    const history = await agent<{ items: { id: string; Type: string }[] }>('GET', `/ticket/${id}/history?fields=Type`);
    const lastComment = history.items.filter((h) => h.Type === 'Comment').at(-1)!;
    const parts = await agent<{ items: { Content: string }[] }>('GET', `/transaction/${lastComment.id}/attachments?fields=Content`);
    expect(parts.items.map((p) => p.Content ?? '').join('')).toContain('5/5');
  });
});
