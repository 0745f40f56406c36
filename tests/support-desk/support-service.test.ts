/**
 * The app's support service against the real support relay (server/src) on loopback, with
 * the in-memory ticketing connector playing the agent, real SQLite files (the relay's, the
 * outbox) and the real evidence sessions building redacted bundles: activation with a
 * token, case → list → agent reply, the offline queue across a restart, log requests
 * (approve with a verified SHA-256, decline, expiry, the managed-policy modes) and the
 * status feed with the shared Statuspage fixtures, cached for offline.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectionState, type EventName, type EventPayload, events as contractEvents, methods } from '../../preload/contract.js';
import { systemClock } from '../../main/engine/ports/clock.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { NodeRelayTransport } from '../../main/engine/support/client/node-relay-transport.js';
import { EvidenceSessions } from '../../main/engine/support/evidence-session.js';
import { dueAt } from '../../main/engine/support/sla/sla-clock.js';
import { type SupportConfig, SupportService } from '../../main/engine/support/support-service.js';
import { isSupportError } from '../../main/engine/support/support-error.js';
import { MemoryTicketing } from '../../server/src/ticketing/memory.js';
import { ADMIN, type TestRelay, startRelay, until } from '../server/helpers.js';
import { tempDir } from '../support/temp-dir.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/status/', import.meta.url));
const OPERATIONAL = readFileSync(path.join(fixtures, 'statuspage-summary-github-operational-2019-12-30.json'));
const OUTAGE = readFileSync(path.join(fixtures, 'statuspage-summary-github-major-outage-2020-04-02.json'));

const failed: ConnectionState = {
  phase: 'failed',
  attemptId: 7,
  network: { ssid: 'HotelGuest', bssid: '02:00:00:00:00:07', band: '5GHz', security: 'open', provider: null },
  timeline: [{ stage: 'associate', status: 'failed', startedAt: '2026-01-09T10:00:00.000Z', durationMs: 120, detail: 'no answer from the access point' }],
  error: { code: 'ASSOCIATION_REJECTED', message: 'The access point refused the association.' },
  since: '2026-01-09T10:00:00.000Z',
  portal: null,
} as ConnectionState;

type Seen = { [E in EventName]?: Array<EventPayload<E>> };

interface Rig {
  service: SupportService;
  events: Seen;
  logs: string[];
  secrets: MemorySecretStore;
  config: SupportConfig;
  dataDir: string;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayWith(options: { ttlSeconds?: number; statusUrl?: string } = {}): Promise<TestRelay & { ticketing: MemoryTicketing; token: string }> {
  const ticketing = new MemoryTicketing();
  const relay = await startRelay({
    ticketing,
    config: {
      rateLimit: { burst: 10_000, perSecond: 10_000 },
      ...(options.ttlSeconds !== undefined ? { logRequests: { ttlSeconds: options.ttlSeconds } } : {}),
      ...(options.statusUrl ? { status: { url: options.statusUrl, cacheSeconds: 0 } } : {}),
    },
  });
  cleanups.push(() => relay.stop().catch(() => undefined));
  const minted = await relay.call('POST', '/v1/admin/activation-tokens', { basic: ADMIN, json: { label: 'tests', maxUses: 20 } });
  expect(minted.status).toBe(201);
  return { ...relay, ticketing, token: minted.json.token as string };
}

function rig(config: Partial<SupportConfig> & { relayUrl: string }, shared: { dataDir?: string; secrets?: MemorySecretStore; caseWatchMs?: number } = {}): Rig {
  const dataDir = shared.dataDir ?? tempDir();
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(path.join(logDir, 'roamdesk.log'), 'connect attempt 7 to HotelGuest: association rejected; password=hunter2-secret\n');
  const secrets = shared.secrets ?? new MemorySecretStore();
  const logs: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') };
  const evidence = new EvidenceSessions({
    info: async () => ({ name: 'Roamdesk', version: '0.1.0-test', host: 'node', platform: 'linux', wifiDriver: 'simulated', simulated: true, dataDir, logDir }),
    connection: () => failed,
    diagnose: async () => {
      throw new Error('diagnostics are not run in these tests');
    },
    clock: systemClock,
  });
  const full: SupportConfig = { activationToken: '', statusFeedUrl: '', consent: 'always-ask', managed: false, ...config };
  const events: Seen = {};
  const service = new SupportService({
    dataDir,
    secrets,
    clock: systemClock,
    logger,
    transport: new NodeRelayTransport(),
    config: () => full,
    device: { name: 'test laptop', platform: 'linux', appVersion: '0.1.0-test' },
    evidence: { preview: () => evidence.preview(), save: (id, dir) => evidence.save(id, dir), checklist: () => undefined },
    connection: () => failed,
    emit: (event, payload) => {
      ((events[event] ??= []) as unknown[]).push(payload);
    },
    pollWaitSeconds: 1,
    retryDelayMs: 50,
    statusEveryMs: 0,
    ...(shared.caseWatchMs !== undefined ? { caseWatchMs: shared.caseWatchMs } : {}),
    relayTimeoutMs: 3_000,
    upload: { chunkBytes: 4096, maxAttempts: 2, retryDelayMs: 20 },
  });
  cleanups.push(() => service.stop());
  return { service, events, logs, secrets, config: full, dataDir, evidence } as Rig;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function statusPage(initial: Buffer): Promise<{ url: string; serve(body: Buffer): void; close(): Promise<void> }> {
  let body = initial;
  const server: Server = createServer((req, res) => {
    if (req.url === '/api/v2/summary.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(() => (server.listening ? close() : Promise.resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, serve: (next) => (body = next), close };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function activated(r: Rig): Promise<void> {
  r.service.start();
  await until(async () => (await r.service.state()).activated, 10_000);
}

describe('activation', () => {
  it('activates with the policy token, keeps the credential only in the secret store, and never logs it', async () => {
    const relay = await relayWith();
    const r = rig({ relayUrl: relay.url, activationToken: relay.token });
    await activated(r);
    const state = await r.service.state();
    expect(state).toMatchObject({ configured: true, activated: true, reachable: true, problem: null });
    const stored = JSON.parse((await r.secrets.get(`support-relay:${relay.url}`))!) as { deviceId: string; credential: string };
    expect(stored.deviceId).toBe(state.deviceId);
    expect(JSON.stringify(state)).not.toContain(stored.credential);
    const device = await relay.relay.db.get<{ enrolled_via: string; name: string }>('SELECT enrolled_via, name FROM devices WHERE id = ?', [stored.deviceId]);
    expect(device).toEqual({ enrolled_via: 'activation-token', name: 'test laptop' });
    const everything = [...r.logs, ...relay.logs].join('\n');
    expect(everything).not.toContain(stored.credential);
    expect(everything).not.toContain(relay.token);
  });

  it('activates with an account (HTTP Basic) when there is no token, and refuses a wrong one with a stable code', async () => {
    const relay = await relayWith();
    const r = rig({ relayUrl: relay.url });
    expect((await r.service.state()).activated).toBe(false);
    await expect(r.service.activate({ username: ADMIN.username, password: 'wrong password' })).rejects.toMatchObject({ code: 'SUPPORT_ACTIVATION_REJECTED' });
    const state = await r.service.activate(ADMIN);
    expect(state.activated).toBe(true);
    expect((await relay.relay.db.get<{ enrolled_via: string }>('SELECT enrolled_via FROM devices WHERE id = ?', [state.deviceId]))!.enrolled_via).toBe('admin');
    expect(r.logs.join('\n')).not.toContain(ADMIN.password);
  });
});

describe('cases', () => {
  it('files a case with the previewed bundle, shows the ticket number and due time, then the agent’s reply; escalates and rates', async () => {
    const relay = await relayWith();
    const r = rig({ relayUrl: relay.url, activationToken: relay.token });
    await activated(r);
    const { bundleId } = await (r as unknown as { evidence: EvidenceSessions }).evidence.preview();
    const before = Date.now();
    const created = await r.service.createCase({ subject: 'Hotel Wi-Fi refuses me', description: 'Colleagues can join.', steps: '1. Join HotelGuest', category: 'connection', severity: 'end-user', bundleId });
    expect(created.outcome).toBe('sent');
    expect(created.caseNumber).toBe('1');
    const ticket = relay.ticketing.tickets.get('1')!;
    expect(ticket.ticket.subject).toBe('Hotel Wi-Fi refuses me');
    expect(ticket.ticket.body).toContain('1. Join HotelGuest');
    expect(ticket.ticket.body).toContain('Connection: failed — ASSOCIATION_REJECTED');
    // The bundle on the ticket is byte for byte the one this device built and reported.
    expect(ticket.attachments).toHaveLength(1);
    expect(ticket.attachments[0]!.sha256).toBe(created.bundle!.sha256);
    expect(ticket.attachments[0]!.size).toBe(created.bundle!.bytes);
    // "Expect a reply by": the SLA clock for an End User issue filed now.
    const due = Date.parse(created.dueAt);
    expect(due).toBeGreaterThanOrEqual(dueAt(before, 'end-user').getTime());
    expect(due).toBeLessThanOrEqual(dueAt(Date.now(), 'end-user').getTime());
    expect(r.events['support.uploadProgress']!.at(-1)).toMatchObject({ step: created.bundle!.bytes, total: created.bundle!.bytes });

    relay.ticketing.agentReply('1', 'Please forget the network and join again.', 'Agent Smith');
    const listed = await r.service.listCases();
    expect(listed.offline).toBeNull();
    expect(listed.cases).toHaveLength(1);
    expect(listed.cases[0]).toMatchObject({ id: created.caseId, number: '1', subject: 'Hotel Wi-Fi refuses me', status: 'open', severity: 'end-user', canRate: false, rating: null });
    expect(listed.cases[0]!.replies.map((reply) => [reply.author, reply.body])).toEqual([['Agent Smith', 'Please forget the network and join again.']]);
    expect(listed.cases[0]!.dueAt).toBe(dueAt(listed.cases[0]!.createdAt, 'end-user').toISOString());

    expect(await r.service.escalate(created.caseId!, { caseNumbers: ['1'], description: 'Cannot join', progress: 'Forgot and rejoined', impact: 'Cannot work from the hotel', reason: 'No fix after a day' })).toEqual({ deliveredToTicket: true });
    expect(ticket.notes.map((n) => n.body).join('\n')).toContain('Reason for escalation:\nNo fix after a day');

    await expect(r.service.rate(created.caseId!, 5)).rejects.toMatchObject({ code: 'SUPPORT_CASE_NOT_RESOLVED' });
    relay.ticketing.agentSetState('1', 'resolved');
    expect((await r.service.getCase(created.caseId!)).canRate).toBe(true);
    const rated = await r.service.rate(created.caseId!, 4, 'Fixed the next morning');
    expect(rated).toMatchObject({ rating: 4, canRate: false, status: 'resolved' });
    expect(ticket.notes.map((n) => n.body).join('\n')).toContain('Satisfaction rating from the user: 4/5');
  });

  it('tells the open app when the agent answers or resolves a case, without the person refreshing', async () => {
    const relay = await relayWith();
    const r = rig({ relayUrl: relay.url, activationToken: relay.token }, { caseWatchMs: 0 });
    await activated(r);
    const created = await r.service.createCase({ subject: 'No sign-in page', description: 'The portal never shows.', steps: '', category: 'connection', severity: 'sev3' });
    expect(created.outcome).toBe('sent');
    const changes = () => (r.events['support.changed'] ?? []).length;
    // The loop has looked at the case list at least once since the case was filed.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const quiet = changes();
    relay.ticketing.agentReply(created.caseNumber!, 'Looking into it.', 'Agent Smith');
    await relay.relay.syncOnce();
    await until(async () => changes() > quiet, 10_000);
    const afterReply = changes();
    relay.ticketing.agentSetState(created.caseNumber!, 'resolved');
    await relay.relay.syncOnce();
    await until(async () => changes() > afterReply, 10_000);
    // What the app then loads offers the rating prompt.
    expect((await r.service.listCases()).cases[0]).toMatchObject({ status: 'resolved', canRate: true });
  });

  it('queues a case and its bundle while the relay is unreachable, keeps them across a restart, and sends them when it answers', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const offline = rig({ relayUrl: await closedPortUrl(), activationToken: 'rda_not_used_yet' }, { dataDir, secrets });
    const { bundleId } = await (offline as unknown as { evidence: EvidenceSessions }).evidence.preview();
    const queued = await offline.service.createCase({ subject: 'No internet in the lounge', description: 'Page never loads', category: 'no-internet', severity: 'sev2', bundleId });
    expect(queued).toMatchObject({ outcome: 'queued', caseId: null, caseNumber: null });
    expect(queued.message).toContain('saved on this device and will be sent when the connection is back');
    expect((await offline.service.state()).queued).toEqual([expect.objectContaining({ key: queued.queuedKey, subject: 'No internet in the lounge', state: 'pending', hasBundle: true, lastError: expect.objectContaining({ code: 'SUPPORT_RELAY_UNREACHABLE' }) })]);
    expect((await offline.service.state()).reachable).toBe(false);
    await offline.service.stop();

    // A new process: same data folder and secret store, and now the relay answers.
    const relay = await relayWith();
    const online = rig({ relayUrl: relay.url, activationToken: relay.token }, { dataDir, secrets });
    expect((await online.service.state()).queued.map((q) => q.key)).toEqual([queued.queuedKey]);
    online.service.start();
    online.service.onConnection({ ...failed, phase: 'online', error: null });
    await until(async () => (await online.service.state()).queued.length === 0, 10_000);
    const ticket = relay.ticketing.tickets.get('1')!;
    expect(ticket.ticket.subject).toBe('No internet in the lounge');
    expect(ticket.ticket.severityValue).toBe('Sev 2');
    expect(ticket.attachments.map((a) => a.sha256)).toEqual([queued.bundle!.sha256]);
    expect(relay.ticketing.tickets.size).toBe(1);
    // The long poll and the queue both needed a credential at once: one activation, one device.
    expect((await relay.relay.db.all('SELECT id FROM devices')).length).toBe(1);
  });
});

describe('remote log requests', () => {
  async function withCase(options: { ttlSeconds?: number; config?: Partial<SupportConfig> } = {}) {
    const relay = await relayWith(options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {});
    const r = rig({ relayUrl: relay.url, activationToken: relay.token, ...options.config });
    await activated(r);
    const created = await r.service.createCase({ subject: 'Portal loops', description: 'It loops', category: 'captive-portal', severity: 'end-user' });
    return { relay, r, caseId: created.caseId! };
  }

  it('shows who asked and for which case, then uploads the approved bundle whose SHA-256 the relay verified', async () => {
    const { relay, r, caseId } = await withCase();
    const requestId = (await relay.relay.requestLogs(caseId, 'Agent Smith', 'Please send the connection logs'))!;
    await until(() => (r.events['support.requestReceived'] ?? []).length > 0, 10_000);
    const received = r.events['support.requestReceived']![0]!;
    expect(received).toMatchObject({ id: requestId, caseId, caseNumber: '1', requestedBy: 'Agent Smith', reason: 'Please send the connection logs', state: 'pending', answeredBy: null });
    expect(Date.parse(received.expiresAt!)).toBeGreaterThan(Date.now());
    expect(r.service.requests().pending.map((p) => p.id)).toEqual([requestId]);
    // What crosses the contract is what the contract says (dispatch and the bridges parse it).
    expect(methods['support.requests.list'].response.parse(r.service.requests())).toEqual(r.service.requests());
    expect(contractEvents['support.requestReceived'].parse(received)).toEqual(received);
    expect(methods['support.state'].response.safeParse(await r.service.state()).success).toBe(true);

    const { bundleId } = await (r as unknown as { evidence: EvidenceSessions }).evidence.preview();
    const answered = await r.service.answer(requestId, true, { bundleId });
    expect(answered).toMatchObject({ id: requestId, state: 'approved', answeredBy: 'user' });
    const row = await relay.relay.db.get<{ state: string; sha256: string; size: number }>('SELECT r.state, b.sha256, b.size FROM log_requests r JOIN bundles b ON b.id = r.bundle_id WHERE r.id = ?', [requestId]);
    expect(row).toEqual({ state: 'approved', sha256: answered.sha256, size: answered.bytes });
    // The relay hashed the stored bytes itself; the attachment on the ticket hashes the same.
    expect(relay.ticketing.tickets.get('1')!.attachments.map((a) => a.sha256)).toEqual([answered.sha256]);
    expect(relay.ticketing.tickets.get('1')!.fields.logBundle).toBe('Received');
    expect(r.service.requests()).toEqual({ pending: [], history: [expect.objectContaining({ id: requestId, state: 'approved', sha256: answered.sha256 })] });
    await expect(r.service.answer(requestId, false)).rejects.toMatchObject({ code: 'SUPPORT_REQUEST_ALREADY_ANSWERED' });
  });

  it('declines, and the agent sees it', async () => {
    const { relay, r, caseId } = await withCase();
    const requestId = (await relay.relay.requestLogs(caseId, 'Agent Smith', 'Logs please'))!;
    await until(() => r.service.requests().pending.length === 1, 10_000);
    expect(await r.service.answer(requestId, false, { reason: 'Not on this network' })).toMatchObject({ state: 'declined', sha256: null, answeredBy: 'user' });
    expect((await relay.relay.db.get<{ state: string; decline_reason: string }>('SELECT state, decline_reason FROM log_requests WHERE id = ?', [requestId]))).toEqual({ state: 'declined', decline_reason: 'Not on this network' });
    expect(relay.ticketing.tickets.get('1')!.fields.logBundle).toBe('Declined');
    expect(relay.ticketing.tickets.get('1')!.attachments).toEqual([]);
  });

  it('shows an expired request as expired and refuses to answer it', async () => {
    const { relay, r, caseId } = await withCase({ ttlSeconds: 1 });
    const requestId = (await relay.relay.requestLogs(caseId, 'Agent Smith', 'Logs please'))!;
    await until(() => r.service.requests().pending.length === 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(r.service.requests()).toEqual({ pending: [], history: [expect.objectContaining({ id: requestId, state: 'expired' })] });
    const error = await r.service.answer(requestId, true).catch((e: unknown) => e);
    expect(isSupportError(error) && error.supportCode).toBe('SUPPORT_REQUEST_NOT_FOUND');
    expect(relay.ticketing.tickets.get('1')!.attachments).toEqual([]);
    await relay.relay.expireRequests();
    expect(relay.ticketing.tickets.get('1')!.fields.logBundle).toBe('Expired');
  });

  it('auto-approves on a managed device and still tells the user; "never" declines without asking', async () => {
    const managed = await withCase({ config: { consent: 'auto-approve-managed', managed: true } });
    const requestId = (await managed.relay.relay.requestLogs(managed.caseId, 'Agent Smith', 'Logs please'))!;
    await until(() => (managed.r.events['support.requestReceived'] ?? []).length > 0, 15_000);
    const told = managed.r.events['support.requestReceived']![0]!;
    expect(told).toMatchObject({ id: requestId, state: 'approved', answeredBy: 'policy', requestedBy: 'Agent Smith' });
    expect(managed.relay.ticketing.tickets.get('1')!.attachments.map((a) => a.sha256)).toEqual([told.sha256]);

    const refusing = await withCase({ config: { consent: 'never', managed: true } });
    const refusedId = (await refusing.relay.relay.requestLogs(refusing.caseId, 'Agent Smith', 'Logs please'))!;
    await until(() => (refusing.r.events['support.requestReceived'] ?? []).length > 0, 15_000);
    expect(refusing.r.events['support.requestReceived']![0]).toMatchObject({ id: refusedId, state: 'declined', answeredBy: 'policy' });
    expect((await refusing.relay.relay.db.get<{ state: string }>('SELECT state FROM log_requests WHERE id = ?', [refusedId]))!.state).toBe('declined');
    expect(refusing.relay.ticketing.tickets.get('1')!.attachments).toEqual([]);
  });
});

describe('service status', () => {
  it('reads the status through the relay, tells about a new incident, and answers from the cache when offline', async () => {
    const page = await statusPage(OPERATIONAL);
    const relay = await relayWith({ statusUrl: page.url });
    const r = rig({ relayUrl: relay.url, activationToken: relay.token });
    await activated(r);
    const calm = await r.service.status(true);
    expect(calm).toMatchObject({ available: true, pageName: 'GitHub', level: 'ok', knownIssue: null, incidents: [], newIncidents: [], fromCache: false });

    page.serve(OUTAGE);
    const outage = await r.service.status(true);
    expect(outage.level).toBe('outage');
    expect(outage.incidents.map((i) => i.impact)).toEqual(['major']);
    expect(outage.newIncidents).toEqual([outage.incidents[0]!.name]);
    expect(outage.knownIssue).toMatchObject({ kind: 'incident', title: outage.incidents[0]!.name });
    expect(r.events['support.statusChanged']!.at(-1)).toMatchObject({ level: 'outage', newIncidents: [outage.incidents[0]!.name] });

    // Offline: the relay is gone; the last good copy answers, saying so.
    await relay.stop();
    const cached = await r.service.status(true);
    expect(cached).toMatchObject({ available: true, level: 'outage', fromCache: true, newIncidents: [] });
    expect(cached.knownIssue?.title).toBe(outage.knownIssue!.title);
    expect(cached.problem?.code).toBe('SUPPORT_RELAY_UNREACHABLE');
    expect(JSON.parse(readFileSync(path.join(r.dataDir, 'status-summary.json'), 'utf8')).raw.status.indicator).toBe('major');
    expect(sha256(OUTAGE)).toBe('083649c0395ee4d38252d974ce5b2743738cdcf631fe88d1d388860e99b710eb');
  });

  it('reads statusFeedUrl directly when there is no relay', async () => {
    const page = await statusPage(OUTAGE);
    const r = rig({ relayUrl: '', statusFeedUrl: `${page.url}/api/v2/summary.json` });
    const view = await r.service.status(true);
    expect(view).toMatchObject({ available: true, level: 'outage', fromCache: false });
    expect(view.knownIssue?.kind).toBe('incident');
  });
});
