/**
 * The support relay: device enrolment, cases, resumable bundle upload, remote log requests,
 * service status, and the sync loop with the ticketing system. `createRelay` wires it up;
 * `relay.listen()` serves HTTP; `relay.syncOnce()` runs one ticketing poll (tests call it).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { basic, bearer, hashSecret, newId, newSecret, RateLimiter, sameSecret } from './auth.js';
import { sqliteFile, type RelayConfig } from './config.js';
import { openPostgres, openSqlite, type Db } from './db/db.js';
import { migrate } from './db/migrations.js';
import { RelayError } from './errors.js';
import { readJson, Router, send, type Reply, type RouteContext } from './http.js';
import { createLogger, type Logger } from './log.js';
import { activationBody, activationTokenBody, answerBody, bundleBody, caseBody, escalationBody, ratingBody, type BundleBody, type CaseBody } from './schemas.js';
import { StatusProxy } from './status.js';
import { DiskBundleStorage, LimitExceededError, type BundleStorage } from './storage.js';
import { LOG_BUNDLE, type TicketingConnector, type TicketSnapshot, type TicketState } from './ticketing/connector.js';
import { MemoryTicketing } from './ticketing/memory.js';
import { RtConnector } from './ticketing/rt.js';

export interface RelayDeps {
  db?: Db;
  storage?: BundleStorage;
  ticketing?: TicketingConnector;
  logger?: Logger;
  now?: () => number;
}

interface DeviceRow extends Record<string, unknown> {
  id: string;
  name: string;
  platform: string | null;
  app_version: string | null;
  enrolled_via: string;
  created_at: number;
}
interface CaseRow extends Record<string, unknown> {
  id: string;
  device_id: string;
  category: string;
  severity: string;
  subject: string;
  description: string;
  steps: string;
  checklist: string;
  status: string;
  ticket_id: string | null;
  ticket_url: string | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: number;
  updated_at: number;
}
interface BundleRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  device_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  state: string;
  attached: number;
  created_at: number;
  completed_at: number | null;
}
interface RequestRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  device_id: string;
  reason: string;
  requested_by: string;
  state: string;
  requested_at: number;
  delivered_at: number | null;
  expires_at: number;
  answered_at: number | null;
  bundle_id: string | null;
  decline_reason: string | null;
}

const SEVERITY_VALUE: Record<string, string> = { '1': 'Sev 1', '2': 'Sev 2', '3': 'Sev 3', 'end-user': 'End user' };
const OPEN_REQUEST_STATES = "('pending','delivered')";

/** How long the relay remembers an Idempotency-Key and its answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A key still 'pending' after this long belongs to a request the relay never finished (it stopped): a retry takes it over. */
const IDEMPOTENCY_STALE_MS = 2 * 60 * 1000;
const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export class Relay {
  readonly router = new Router();
  readonly status: StatusProxy | undefined;
  private server: Server | undefined;
  private readonly limiter: RateLimiter;
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly uploads = new Map<string, Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;
  private idempotencySweptAt = 0;

  constructor(
    readonly config: RelayConfig,
    readonly db: Db,
    readonly storage: BundleStorage,
    readonly ticketing: TicketingConnector,
    readonly log: Logger,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
    this.limiter = new RateLimiter(config.rateLimit.burst, config.rateLimit.perSecond);
    this.status = config.status ? new StatusProxy(config.status.url, config.status.cacheSeconds, log) : undefined;
    this.routes();
  }

  // ------------------------------------------------------------------ HTTP

  private routes(): void {
    const r = this.router;
    r.add('GET', '/v1/health', async () => ({ status: 200, body: { ok: true, database: this.db.dialect, ticketing: this.ticketing.kind } }));
    r.add('POST', '/v1/admin/activation-tokens', (ctx) => this.createActivationToken(ctx));
    r.add('POST', '/v1/devices/activate', (ctx) => this.activate(ctx));
    r.add('GET', '/v1/devices/me', (ctx) => this.me(ctx));
    r.add('GET', '/v1/devices/me/requests', (ctx) => this.pollRequests(ctx));
    r.add('POST', '/v1/requests/{requestId}/answer', (ctx) => this.answerRequest(ctx));
    r.add('POST', '/v1/cases', (ctx) => this.createCase(ctx));
    r.add('GET', '/v1/cases', (ctx) => this.listCases(ctx));
    r.add('GET', '/v1/cases/{caseId}', (ctx) => this.getCase(ctx));
    r.add('GET', '/v1/cases/{caseId}/replies', (ctx) => this.replies(ctx));
    r.add('POST', '/v1/cases/{caseId}/escalations', (ctx) => this.escalate(ctx));
    r.add('POST', '/v1/cases/{caseId}/rating', (ctx) => this.rate(ctx));
    r.add('POST', '/v1/cases/{caseId}/bundles', (ctx) => this.createBundle(ctx));
    r.add('PUT', '/v1/bundles/{bundleId}', (ctx) => this.putChunk(ctx));
    r.add('HEAD', '/v1/bundles/{bundleId}', (ctx) => this.bundleOffset(ctx));
    r.add('GET', '/v1/bundles/{bundleId}', (ctx) => this.bundleOffset(ctx));
    r.add('GET', '/v1/status', (ctx) => this.serviceStatus(ctx));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.now();
    const requestId = newId('req');
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const ctx: RouteContext = { req, res, params: {}, query: url.searchParams, requestId };
    let reply: Reply;
    let code: string | undefined;
    try {
      const { route, params } = this.router.match(req.method ?? 'GET', url.pathname);
      ctx.params = params;
      reply = await route.handler(ctx);
    } catch (error) {
      const relayError = error instanceof RelayError ? error : new RelayError('INTERNAL');
      if (!(error instanceof RelayError)) this.log.error('request.failed', { requestId, error });
      code = relayError.code;
      reply = { status: relayError.status, body: relayError.toBody(), headers: relayError.headers };
      // An unread request body would keep the socket busy; drop it.
      if (!req.readableEnded) req.resume();
    }
    if (!res.headersSent && !res.destroyed) send(res, { ...reply, headers: { 'x-request-id': requestId, ...reply.headers } }, req.method === 'HEAD');
    this.log.info('request', {
      requestId,
      method: req.method,
      path: url.pathname,
      status: reply.status,
      ...(code ? { code } : {}),
      ...(ctx.deviceId ? { deviceId: ctx.deviceId } : {}),
      ms: this.now() - started,
    });
  }

  async listen(port = this.config.port, host = this.config.host): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.requestTimeout = 0; // long-polls and slow uploads; per-request caps below
    this.server.headersTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    this.log.info('relay.listening', { url, database: this.db.dialect, ticketing: this.ticketing.kind });
    return url;
  }

  /** Starts the ticketing poll loop (interval from config, or `ms`). */
  startSync(ms?: number): void {
    const interval = ms ?? (this.config.ticketing.kind === 'rt' ? this.config.ticketing.pollSeconds * 1000 : 5000);
    const tick = (): void => {
      this.syncOnce()
        .catch((error: unknown) => this.log.warn('sync.failed', { error }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, interval);
        });
    };
    this.timer = setTimeout(tick, interval);
  }

  async close(): Promise<void> {
    this.closed = true;
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    for (const set of this.waiters.values()) for (const wake of set) wake();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
    await this.syncing?.catch(() => undefined);
    await this.db.close();
  }

  // ------------------------------------------------------------------ auth

  private limit(key: string): void {
    const wait = this.limiter.take(key);
    if (wait > 0) throw new RelayError('RATE_LIMITED', undefined, { headers: { 'retry-after': String(wait) } });
  }

  private async device(ctx: RouteContext): Promise<DeviceRow> {
    const token = bearer(ctx.req.headers.authorization);
    if (!token) {
      this.limit(`ip:${ctx.req.socket.remoteAddress ?? '?'}`);
      throw new RelayError('UNAUTHENTICATED');
    }
    const row = await this.db.get<DeviceRow>('SELECT * FROM devices WHERE credential_hash = ? AND revoked_at IS NULL', [hashSecret(token)]);
    if (!row) {
      this.limit(`ip:${ctx.req.socket.remoteAddress ?? '?'}`);
      throw new RelayError('UNAUTHENTICATED');
    }
    ctx.deviceId = row.id;
    this.limit(`device:${row.id}`);
    return row;
  }

  private isAdmin(ctx: RouteContext): boolean {
    const creds = basic(ctx.req.headers.authorization);
    const admin = this.config.admin;
    if (!creds || !admin) return false;
    const userOk = sameSecret(creds.username, admin.username);
    const passOk = sameSecret(creds.password, admin.password);
    return userOk && passOk;
  }

  private async createActivationToken(ctx: RouteContext): Promise<Reply> {
    this.limit(`ip:${ctx.req.socket.remoteAddress ?? '?'}`);
    if (!this.isAdmin(ctx)) throw new RelayError('ADMIN_CREDENTIALS_REJECTED');
    const body = await readJson(ctx.req, activationTokenBody, this.config.maxJsonBytes);
    const token = newSecret('rda');
    const id = newId('act');
    const now = this.now();
    const expiresAt = body.expiresInSeconds === undefined ? null : now + body.expiresInSeconds * 1000;
    await this.db.run('INSERT INTO activation_tokens (id, token_hash, label, max_uses, uses, expires_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)', [
      id,
      hashSecret(token),
      body.label,
      body.maxUses,
      expiresAt,
      now,
    ]);
    this.log.info('activation_token.created', { id, maxUses: body.maxUses });
    return { status: 201, body: { id, token, label: body.label, maxUses: body.maxUses, expiresAt: expiresAt === null ? null : iso(expiresAt) } };
  }

  private async activate(ctx: RouteContext): Promise<Reply> {
    this.limit(`ip:${ctx.req.socket.remoteAddress ?? '?'}`);
    const adminHeader = ctx.req.headers.authorization !== undefined;
    const body = await readJson(ctx.req, activationBody, this.config.maxJsonBytes);
    let via: string;
    let tokenId: string | null = null;
    if (body.activationToken !== undefined) {
      const row = await this.db.get<{ id: string }>('SELECT id FROM activation_tokens WHERE token_hash = ?', [hashSecret(body.activationToken)]);
      // One conditional UPDATE claims a use atomically (no double spend under concurrency).
      const claimed = row
        ? await this.db.run('UPDATE activation_tokens SET uses = uses + 1 WHERE id = ? AND uses < max_uses AND (expires_at IS NULL OR expires_at > ?)', [row.id, this.now()])
        : { changes: 0 };
      if (!row || claimed.changes !== 1) throw new RelayError('ACTIVATION_TOKEN_REJECTED');
      via = 'activation-token';
      tokenId = row.id;
    } else if (adminHeader && this.isAdmin(ctx)) {
      via = 'admin';
    } else {
      throw new RelayError('ADMIN_CREDENTIALS_REJECTED', 'Activate with admin credentials (Authorization: Basic) or an activationToken.');
    }
    const credential = newSecret('rdd');
    const id = newId('dev');
    await this.db.run(
      'INSERT INTO devices (id, name, platform, app_version, credential_hash, enrolled_via, activation_token_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id, body.deviceName, body.platform ?? null, body.appVersion ?? null, hashSecret(credential), via, tokenId, this.now()],
    );
    this.log.info('device.enrolled', { deviceId: id, via });
    return { status: 201, body: { deviceId: id, credential, enrolledVia: via } };
  }

  private async me(ctx: RouteContext): Promise<Reply> {
    const d = await this.device(ctx);
    return {
      status: 200,
      body: { deviceId: d.id, deviceName: d.name, platform: d.platform, appVersion: d.app_version, enrolledVia: d.enrolled_via, enrolledAt: iso(Number(d.created_at)) },
    };
  }

  // ------------------------------------------------------------------ cases

  private async ownCase(ctx: RouteContext, device: DeviceRow): Promise<CaseRow> {
    const row = await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ? AND device_id = ?', [ctx.params.caseId ?? '', device.id]);
    if (!row) throw new RelayError('NOT_FOUND', 'No case with that id for this device.');
    return row;
  }

  private caseJson(row: CaseRow): unknown {
    return {
      id: row.id,
      number: row.ticket_id,
      category: row.category,
      severity: row.severity === 'end-user' ? 'end-user' : Number(row.severity),
      subject: row.subject,
      description: row.description,
      stepsToReproduce: row.steps,
      diagnostics: JSON.parse(row.checklist) as unknown,
      status: row.status,
      ticketUrl: row.ticket_url,
      rating: row.rating === null ? null : { value: Number(row.rating), comment: row.rating_comment },
      createdAt: iso(Number(row.created_at)),
      updatedAt: iso(Number(row.updated_at)),
    };
  }

  private async createCase(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const body = await readJson(ctx.req, caseBody, this.config.maxJsonBytes);
    return this.idempotent(ctx, device, 'POST /v1/cases', body, () => this.insertCase(device, body));
  }

  private async insertCase(device: DeviceRow, body: CaseBody): Promise<Reply> {
    const id = newId('case');
    const now = this.now();
    const subject = body.subject && body.subject.length > 0 ? body.subject : `[${body.category}] ${body.description.split('\n')[0]!.slice(0, 80)}`;
    await this.db.run(
      'INSERT INTO cases (id, device_id, category, severity, subject, description, steps, checklist, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, device.id, body.category, String(body.severity), subject, body.description, body.stepsToReproduce, JSON.stringify(body.diagnostics), 'open', now, now],
    );
    this.log.info('case.created', { deviceId: device.id, caseId: id, severity: body.severity });
    await this.fileTicket(id).catch((error: unknown) => this.log.warn('case.ticket_deferred', { caseId: id, error }));
    const row = (await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [id]))!;
    return { status: 201, body: this.caseJson(row) };
  }

  /** Creates the ticket for a case that has none yet (again from the sync loop after a failure). */
  private async fileTicket(caseId: string): Promise<void> {
    const row = await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [caseId]);
    if (!row || row.ticket_id) return;
    const device = (await this.db.get<DeviceRow>('SELECT * FROM devices WHERE id = ?', [row.device_id]))!;
    const body: CaseBody = {
      category: row.category as CaseBody['category'],
      severity: row.severity === 'end-user' ? 'end-user' : (Number(row.severity) as 1 | 2 | 3),
      description: row.description,
      stepsToReproduce: row.steps,
      diagnostics: JSON.parse(row.checklist) as CaseBody['diagnostics'],
    };
    try {
      const ref = await this.ticketing.createTicket({
        subject: row.subject,
        body: ticketBody(body, device, caseId),
        severityValue: SEVERITY_VALUE[row.severity]!,
        deviceId: row.device_id,
        caseId,
      });
      await this.db.run('UPDATE cases SET ticket_id = ?, ticket_url = ?, sync_error = NULL, updated_at = ? WHERE id = ? AND ticket_id IS NULL', [
        ref.id,
        ref.url ?? null,
        this.now(),
        caseId,
      ]);
      this.log.info('case.ticket_created', { caseId, ticketId: ref.id, ticketing: this.ticketing.kind });
    } catch (error) {
      await this.db.run('UPDATE cases SET sync_error = ? WHERE id = ?', [String((error as Error).message).slice(0, 500), caseId]);
      throw error;
    }
  }

  private async listCases(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const rows = await this.db.all<CaseRow>('SELECT * FROM cases WHERE device_id = ? ORDER BY created_at DESC, id', [device.id]);
    return { status: 200, body: { cases: rows.map((row) => this.caseJson(row)) } };
  }

  private async getCase(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    let row = await this.ownCase(ctx, device);
    if (row.ticket_id) {
      // Fresh status from the ticketing system; a failure keeps the last known one.
      try {
        await this.applySnapshot(await this.ticketing.getTicket(row.ticket_id), false);
        row = await this.ownCase(ctx, device);
      } catch (error) {
        this.log.warn('case.refresh_failed', { caseId: row.id, error });
      }
    }
    return { status: 200, body: this.caseJson(row) };
  }

  private async replies(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const row = await this.ownCase(ctx, device);
    if (row.ticket_id) await this.pullReplies(row).catch((error: unknown) => this.log.warn('case.replies_refresh_failed', { caseId: row.id, error }));
    const replies = await this.db.all<{ id: string; author: string; body: string; created_at: number }>(
      'SELECT id, author, body, created_at FROM replies WHERE case_id = ? ORDER BY created_at, id',
      [row.id],
    );
    return { status: 200, body: { replies: replies.map((r) => ({ id: r.id, author: r.author, body: r.body, createdAt: iso(Number(r.created_at)) })) } };
  }

  private async pullReplies(row: CaseRow): Promise<number> {
    const known = new Set((await this.db.all<{ external_id: string }>('SELECT external_id FROM replies WHERE case_id = ?', [row.id])).map((r) => r.external_id));
    const incoming = await this.ticketing.readCorrespondence(row.ticket_id!, known);
    let added = 0;
    for (const message of incoming) {
      const result = await this.db.run('INSERT INTO replies (id, case_id, external_id, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        newId('rep'),
        row.id,
        message.id,
        message.author,
        message.body,
        message.createdAt.getTime(),
      ]);
      added += result.changes;
    }
    // A new reply is a change of the case: devices watching their case list see it.
    if (added > 0) await this.db.run('UPDATE cases SET updated_at = ? WHERE id = ?', [this.now(), row.id]);
    return added;
  }

  private async escalate(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const row = await this.ownCase(ctx, device);
    const body = await readJson(ctx.req, escalationBody, this.config.maxJsonBytes);
    const id = newId('esc');
    const now = this.now();
    await this.db.run('INSERT INTO escalations (id, case_id, related_cases, description, progress, impact, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      row.id,
      JSON.stringify(body.caseNumbers),
      body.description,
      body.progress,
      body.impact,
      body.reason,
      now,
    ]);
    const note = [
      'ESCALATION requested by the user',
      `Related case numbers: ${body.caseNumbers.length ? body.caseNumbers.join(', ') : '(none)'}`,
      '',
      `Description:\n${body.description}`,
      '',
      `Progress so far:\n${body.progress}`,
      '',
      `Impact:\n${body.impact}`,
      '',
      `Reason for escalation:\n${body.reason}`,
    ].join('\n');
    let delivered = false;
    if (row.ticket_id) {
      delivered = await this.ticketing
        .addNote(row.ticket_id, note, false)
        .then(() => true)
        .catch((error: unknown) => (this.log.warn('escalation.note_failed', { caseId: row.id, error }), false));
    }
    this.log.info('case.escalated', { caseId: row.id, escalationId: id });
    return { status: 201, body: { id, caseId: row.id, caseNumbers: body.caseNumbers, deliveredToTicket: delivered, createdAt: iso(now) } };
  }

  private async rate(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    let row = await this.ownCase(ctx, device);
    const body = await readJson(ctx.req, ratingBody, this.config.maxJsonBytes);
    if (row.ticket_id && row.status !== 'resolved' && row.status !== 'closed') {
      await this.ticketing
        .getTicket(row.ticket_id)
        .then((snap) => this.applySnapshot(snap, false))
        .catch(() => undefined);
      row = await this.ownCase(ctx, device);
    }
    if (row.status !== 'resolved' && row.status !== 'closed') throw new RelayError('CASE_NOT_RESOLVED');
    const result = await this.db.run('UPDATE cases SET rating = ?, rating_comment = ?, updated_at = ? WHERE id = ? AND rating IS NULL', [
      body.rating,
      body.comment ?? null,
      this.now(),
      row.id,
    ]);
    if (result.changes !== 1) throw new RelayError('CASE_ALREADY_RATED');
    if (row.ticket_id) {
      await this.ticketing
        .addNote(row.ticket_id, `Satisfaction rating from the user: ${body.rating}/5${body.comment ? `\n\n${body.comment}` : ''}`, false)
        .catch((error: unknown) => this.log.warn('rating.note_failed', { caseId: row.id, error }));
    }
    this.log.info('case.rated', { caseId: row.id, rating: body.rating });
    return { status: 200, body: this.caseJson((await this.ownCase(ctx, device))!) };
  }

  // ------------------------------------------------------------------ bundles

  private bundleJson(row: BundleRow, offset: number): unknown {
    return {
      id: row.id,
      caseId: row.case_id,
      fileName: row.file_name,
      contentType: row.content_type,
      size: Number(row.size),
      sha256: row.sha256,
      offset,
      state: row.state,
      attached: Number(row.attached) === 1,
      maxChunkBytes: this.config.bundles.maxChunkBytes,
      uploadUrl: `/v1/bundles/${row.id}`,
    };
  }

  private async ownBundle(ctx: RouteContext, device: DeviceRow): Promise<BundleRow> {
    const row = await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ? AND device_id = ?', [ctx.params.bundleId ?? '', device.id]);
    if (!row) throw new RelayError('NOT_FOUND', 'No bundle with that id for this device.');
    return row;
  }

  private async createBundle(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const row = await this.ownCase(ctx, device);
    const body = await readJson(ctx.req, bundleBody, this.config.maxJsonBytes);
    return this.idempotent(ctx, device, `POST /v1/cases/${row.id}/bundles`, body, () => this.insertBundle(device, row, body));
  }

  private async insertBundle(device: DeviceRow, row: CaseRow, body: BundleBody): Promise<Reply> {
    const cap = Math.min(this.config.bundles.maxBytes, this.ticketing.capabilities.maxAttachmentBytes);
    if (body.size > cap) throw new RelayError('BUNDLE_TOO_LARGE', `The bundle is larger than the relay accepts (${cap} bytes).`);
    if (body.logRequestId !== undefined) {
      const request = await this.db.get('SELECT id FROM log_requests WHERE id = ? AND device_id = ? AND case_id = ?', [body.logRequestId, device.id, row.id]);
      if (!request) throw new RelayError('NOT_FOUND', 'No log request with that id for this case.');
    }
    const id = newId('bun');
    await this.db.run('INSERT INTO bundles (id, case_id, device_id, file_name, content_type, size, sha256, state, attached, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)', [
      id,
      row.id,
      device.id,
      body.fileName,
      body.contentType,
      body.size,
      body.sha256,
      'uploading',
      this.now(),
    ]);
    this.log.info('bundle.created', { caseId: row.id, bundleId: id, size: body.size });
    const created = (await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ?', [id]))!;
    return { status: 201, body: this.bundleJson(created, 0), headers: { location: `/v1/bundles/${id}` } };
  }

  // ------------------------------------------------------------------ idempotency

  /**
   * Runs `perform` at most once per (device, Idempotency-Key): the first successful answer is
   * stored for 24 h and replayed (with `Idempotent-Replayed: true`) to a retry with the same key
   * and the same request; the same key with a different request is refused (422
   * IDEMPOTENCY_KEY_REUSED), and one still running answers 409 IDEMPOTENCY_KEY_IN_USE. An error
   * stores nothing, so a retry runs again. Without the header `perform` simply runs.
   */
  private async idempotent(ctx: RouteContext, device: DeviceRow, scope: string, body: unknown, perform: () => Promise<Reply>): Promise<Reply> {
    const header = ctx.req.headers['idempotency-key'];
    if (header === undefined) return perform();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!IDEMPOTENCY_KEY_FORMAT.test(key)) throw new RelayError('IDEMPOTENCY_KEY_INVALID');
    const now = this.now();
    await this.sweepIdempotencyKeys(now);
    const requestHash = createHash('sha256').update(scope).update('\n').update(JSON.stringify(body)).digest('hex');
    await this.db.run('DELETE FROM idempotency_keys WHERE device_id = ? AND idem_key = ? AND expires_at <= ?', [device.id, key, now]);
    const claimed = await this.db.run(
      "INSERT INTO idempotency_keys (device_id, idem_key, request_hash, state, created_at, expires_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING",
      [device.id, key, requestHash, now, now + IDEMPOTENCY_TTL_MS],
    );
    if (claimed.changes !== 1) {
      const existing = await this.db.get<{ request_hash: string; state: string; status: number | null; response: string | null; created_at: number }>(
        'SELECT request_hash, state, status, response, created_at FROM idempotency_keys WHERE device_id = ? AND idem_key = ?',
        [device.id, key],
      );
      if (!existing) throw new RelayError('IDEMPOTENCY_KEY_IN_USE', undefined, { headers: { 'retry-after': '1' } }); // expired and removed just now
      if (existing.request_hash !== requestHash) throw new RelayError('IDEMPOTENCY_KEY_REUSED');
      if (existing.state === 'done') {
        const stored = JSON.parse(existing.response ?? '{}') as { body?: unknown; headers?: Record<string, string> };
        this.log.info('idempotency.replayed', { deviceId: device.id, scope });
        return { status: Number(existing.status), body: stored.body, headers: { ...stored.headers, 'idempotent-replayed': 'true' } };
      }
      // Still pending: another request is running it — or a relay that stopped left it behind.
      const takenOver =
        Number(existing.created_at) <= now - IDEMPOTENCY_STALE_MS &&
        (
          await this.db.run("UPDATE idempotency_keys SET created_at = ? WHERE device_id = ? AND idem_key = ? AND state = 'pending' AND created_at = ?", [
            now,
            device.id,
            key,
            Number(existing.created_at),
          ])
        ).changes === 1;
      if (!takenOver) throw new RelayError('IDEMPOTENCY_KEY_IN_USE', undefined, { headers: { 'retry-after': '1' } });
    }
    let reply: Reply;
    try {
      reply = await perform();
    } catch (error) {
      await this.db.run("DELETE FROM idempotency_keys WHERE device_id = ? AND idem_key = ? AND state = 'pending'", [device.id, key]).catch(() => undefined);
      throw error;
    }
    await this.db.run("UPDATE idempotency_keys SET state = 'done', status = ?, response = ? WHERE device_id = ? AND idem_key = ?", [
      reply.status,
      JSON.stringify({ body: reply.body, headers: reply.headers ?? {} }),
      device.id,
      key,
    ]);
    return reply;
  }

  /** Forgets expired keys (at most once a minute). */
  private async sweepIdempotencyKeys(now: number): Promise<void> {
    if (now - this.idempotencySweptAt < 60_000) return;
    this.idempotencySweptAt = now;
    const swept = await this.db.run('DELETE FROM idempotency_keys WHERE expires_at <= ?', [now]);
    if (swept.changes > 0) this.log.debug('idempotency.swept', { keys: swept.changes });
  }

  private async bundleOffset(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    let row = await this.ownBundle(ctx, device);
    // A chunk still being received (or being torn down after a cut connection) settles first,
    // so the offset reported is what is durably stored.
    const pending = this.uploads.get(row.id);
    if (pending) {
      await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      row = await this.ownBundle(ctx, device);
    }
    const offset = await this.storage.size(row.id);
    return {
      status: 200,
      body: this.bundleJson(row, offset),
      headers: { 'upload-offset': String(offset), 'upload-length': String(Number(row.size)) },
    };
  }

  private async putChunk(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const row = await this.ownBundle(ctx, device);
    if (row.state !== 'uploading') throw new RelayError('UPLOAD_COMPLETE');
    const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/octet-stream') throw new RelayError('UNSUPPORTED_MEDIA_TYPE', 'Send chunks as application/octet-stream.');
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(ctx.req.headers['content-range'] ?? '');
    if (!range) throw new RelayError('INVALID_REQUEST', 'Content-Range: bytes <first>-<last>/<size> is required.');
    const first = Number(range[1]);
    const last = Number(range[2]);
    const total = Number(range[3]);
    const size = Number(row.size);
    if (total !== size) throw new RelayError('INVALID_REQUEST', `Content-Range size must be the bundle size (${size}).`);
    if (last < first || last >= size) throw new RelayError('INVALID_REQUEST', 'Content-Range is outside the bundle.');
    const length = last - first + 1;
    if (length > this.config.bundles.maxChunkBytes) throw new RelayError('BODY_TOO_LARGE', `A chunk may hold at most ${this.config.bundles.maxChunkBytes} bytes.`);
    const declared = ctx.req.headers['content-length'];
    if (declared !== undefined && Number(declared) !== length) throw new RelayError('INVALID_REQUEST', 'Content-Length does not match Content-Range.');
    if (this.uploads.has(row.id)) throw new RelayError('UPLOAD_IN_PROGRESS');

    let release!: () => void;
    const lock = new Promise<void>((resolve) => (release = resolve));
    this.uploads.set(row.id, lock);
    try {
      const offset = await this.storage.size(row.id);
      if (first !== offset) {
        throw new RelayError('UPLOAD_OFFSET_MISMATCH', `The relay has ${offset} bytes; send the chunk starting at ${offset}.`, { headers: { 'upload-offset': String(offset) } });
      }
      let stored: number;
      try {
        stored = await this.storage.append(row.id, first, ctx.req, length);
      } catch (error) {
        if (error instanceof LimitExceededError) {
          await this.storage.append(row.id, first, emptyStream(), 0).catch(() => undefined);
          throw new RelayError('BODY_TOO_LARGE', 'The chunk is longer than its Content-Range.');
        }
        this.log.warn('bundle.chunk_interrupted', { bundleId: row.id, at: await this.storage.size(row.id) });
        throw new RelayError('INVALID_REQUEST', 'The chunk was interrupted; ask for the offset and resume.');
      }
      if (stored !== first + length) {
        throw new RelayError('INVALID_REQUEST', `The chunk was shorter than its Content-Range; the relay has ${stored} bytes.`, { headers: { 'upload-offset': String(stored) } });
      }
      if (stored < size) {
        const current = (await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ?', [row.id]))!;
        return { status: 200, body: this.bundleJson(current, stored), headers: { 'upload-offset': String(stored) } };
      }
      const actual = await this.storage.sha256(row.id);
      if (actual !== row.sha256) {
        await this.storage.reset(row.id);
        this.log.warn('bundle.hash_mismatch', { bundleId: row.id });
        throw new RelayError('BUNDLE_HASH_MISMATCH', `The received bytes hash to ${actual}, not ${row.sha256}; the upload restarts at offset 0.`, {
          headers: { 'upload-offset': '0' },
        });
      }
      await this.db.run("UPDATE bundles SET state = 'complete', completed_at = ? WHERE id = ? AND state = 'uploading'", [this.now(), row.id]);
      this.log.info('bundle.complete', { bundleId: row.id, caseId: row.case_id, size });
      await this.attachBundle(row.id).catch((error: unknown) => this.log.warn('bundle.attach_deferred', { bundleId: row.id, error }));
      const done = (await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ?', [row.id]))!;
      return { status: 200, body: this.bundleJson(done, stored), headers: { 'upload-offset': String(stored) } };
    } finally {
      this.uploads.delete(row.id);
      release();
    }
  }

  /** Attaches a complete bundle to its case's ticket (once). */
  private async attachBundle(bundleId: string): Promise<void> {
    const b = await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ?', [bundleId]);
    if (!b || b.state !== 'complete' || Number(b.attached) !== 0) return;
    const c = await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [b.case_id]);
    if (!c?.ticket_id) return;
    // Claim the attachment (0 → 2 "attaching") so the sync loop and the upload never both attach it.
    const claimed = await this.db.run('UPDATE bundles SET attached = 2 WHERE id = ? AND attached = 0', [bundleId]);
    if (claimed.changes !== 1) return;
    const request = await this.db.get<RequestRow>('SELECT * FROM log_requests WHERE bundle_id = ?', [bundleId]);
    const note = [
      `Diagnostic bundle ${b.file_name} from device ${b.device_id}${request ? ` (answer to log request ${request.id})` : ''}.`,
      `Size: ${Number(b.size)} bytes`,
      `SHA-256: ${b.sha256} (stated by the device, verified by the relay)`,
    ].join('\n');
    try {
      await this.ticketing.addAttachment(
        c.ticket_id,
        { fileName: b.file_name, contentType: b.content_type, size: Number(b.size), sha256: b.sha256, content: () => this.storage.read(b.id) },
        note,
      );
    } catch (error) {
      await this.db.run('UPDATE bundles SET attached = 0 WHERE id = ? AND attached = 2', [bundleId]);
      throw error;
    }
    await this.db.run('UPDATE bundles SET attached = 1 WHERE id = ?', [bundleId]);
    this.log.info('bundle.attached', { bundleId, ticketId: c.ticket_id });
  }

  // ------------------------------------------------------------------ remote log requests

  private notify(deviceId: string): void {
    for (const wake of this.waiters.get(deviceId) ?? []) wake();
  }

  private async openRequests(deviceId: string): Promise<RequestRow[]> {
    await this.expireRequests();
    return this.db.all<RequestRow>(`SELECT * FROM log_requests WHERE device_id = ? AND state IN ${OPEN_REQUEST_STATES} ORDER BY requested_at, id`, [deviceId]);
  }

  private async pollRequests(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const waitParam = ctx.query.get('wait');
    const wait = waitParam === null ? 0 : Number(waitParam);
    if (!Number.isFinite(wait) || wait < 0 || wait > this.config.longPollMaxSeconds) {
      throw new RelayError('INVALID_REQUEST', `wait must be 0..${this.config.longPollMaxSeconds} seconds.`);
    }
    const deadline = this.now() + wait * 1000;
    let rows = await this.openRequests(device.id);
    while (rows.length === 0 && this.now() < deadline && !ctx.req.destroyed && !ctx.res.destroyed) {
      await new Promise<void>((resolve) => {
        const set = this.waiters.get(device.id) ?? new Set();
        this.waiters.set(device.id, set);
        const done = (): void => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) this.waiters.delete(device.id);
          ctx.res.off('close', done);
          resolve();
        };
        // Re-check the database now and then too: another relay instance may have created it.
        const timer = setTimeout(done, Math.min(1000, Math.max(0, deadline - this.now())));
        set.add(done);
        ctx.res.once('close', done);
      });
      if (this.closed) break;
      rows = await this.openRequests(device.id);
    }
    const out = [];
    for (const r of rows) {
      if (r.state === 'pending') {
        const moved = await this.db.run("UPDATE log_requests SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'pending'", [this.now(), r.id]);
        if (moved.changes === 1) await this.setLogField(r.case_id, LOG_BUNDLE.sent);
      }
      const c = await this.db.get<CaseRow>('SELECT ticket_id FROM cases WHERE id = ?', [r.case_id]);
      out.push({
        id: r.id,
        caseId: r.case_id,
        caseNumber: c?.ticket_id ?? null,
        reason: r.reason,
        requestedBy: r.requested_by,
        requestedAt: iso(Number(r.requested_at)),
        expiresAt: iso(Number(r.expires_at)),
      });
    }
    return { status: 200, body: { requests: out } };
  }

  private async setLogField(caseId: string, value: string): Promise<void> {
    const c = await this.db.get<CaseRow>('SELECT ticket_id FROM cases WHERE id = ?', [caseId]);
    if (!c?.ticket_id) return;
    await this.ticketing.setField(c.ticket_id, 'logBundle', value).catch((error: unknown) => this.log.warn('log_request.field_failed', { caseId, value, error }));
  }

  private async answerRequest(ctx: RouteContext): Promise<Reply> {
    const device = await this.device(ctx);
    const body = await readJson(ctx.req, answerBody, this.config.maxJsonBytes);
    await this.expireRequests();
    const request = await this.db.get<RequestRow>('SELECT * FROM log_requests WHERE id = ? AND device_id = ?', [ctx.params.requestId ?? '', device.id]);
    if (!request) throw new RelayError('NOT_FOUND', 'No log request with that id for this device.');
    const c = (await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [request.case_id]))!;
    const now = this.now();
    if (body.decision === 'approve') {
      const bundle = await this.db.get<BundleRow>('SELECT * FROM bundles WHERE id = ? AND device_id = ? AND case_id = ?', [body.bundleId, device.id, request.case_id]);
      if (!bundle) throw new RelayError('NOT_FOUND', 'No bundle with that id for this case.');
      if (bundle.state !== 'complete') throw new RelayError('BUNDLE_NOT_COMPLETE');
      const moved = await this.db.run(`UPDATE log_requests SET state = 'approved', answered_at = ?, bundle_id = ? WHERE id = ? AND state IN ${OPEN_REQUEST_STATES}`, [
        now,
        bundle.id,
        request.id,
      ]);
      if (moved.changes !== 1) throw new RelayError('REQUEST_NOT_PENDING');
      await this.attachBundle(bundle.id).catch((error: unknown) => this.log.warn('bundle.attach_deferred', { bundleId: bundle.id, error }));
      if (c.ticket_id) {
        await this.ticketing
          .addNote(c.ticket_id, `Log request ${request.id}: the user approved and sent ${bundle.file_name} (SHA-256 ${bundle.sha256}).`, false)
          .catch((error: unknown) => this.log.warn('log_request.note_failed', { requestId: request.id, error }));
      }
      await this.setLogField(c.id, LOG_BUNDLE.received);
      this.log.info('log_request.approved', { requestId: request.id, bundleId: bundle.id });
    } else {
      const moved = await this.db.run(`UPDATE log_requests SET state = 'declined', answered_at = ?, decline_reason = ? WHERE id = ? AND state IN ${OPEN_REQUEST_STATES}`, [
        now,
        body.reason ?? null,
        request.id,
      ]);
      if (moved.changes !== 1) throw new RelayError('REQUEST_NOT_PENDING');
      if (c.ticket_id) {
        await this.ticketing
          .addNote(c.ticket_id, `Log request ${request.id}: the user declined${body.reason ? `: ${body.reason}` : '.'}`, false)
          .catch((error: unknown) => this.log.warn('log_request.note_failed', { requestId: request.id, error }));
      }
      await this.setLogField(c.id, LOG_BUNDLE.declined);
      this.log.info('log_request.declined', { requestId: request.id });
    }
    const updated = (await this.db.get<RequestRow>('SELECT * FROM log_requests WHERE id = ?', [request.id]))!;
    return { status: 200, body: { id: updated.id, caseId: updated.case_id, state: updated.state, bundleId: updated.bundle_id, answeredAt: iso(Number(updated.answered_at)) } };
  }

  /** Marks overdue requests expired and tells the ticketing system. */
  async expireRequests(): Promise<number> {
    const now = this.now();
    const due = await this.db.all<RequestRow>(`SELECT * FROM log_requests WHERE state IN ${OPEN_REQUEST_STATES} AND expires_at <= ?`, [now]);
    let count = 0;
    for (const r of due) {
      const moved = await this.db.run(`UPDATE log_requests SET state = 'expired' WHERE id = ? AND state IN ${OPEN_REQUEST_STATES}`, [r.id]);
      if (moved.changes !== 1) continue;
      count += 1;
      await this.setLogField(r.case_id, LOG_BUNDLE.expired);
      const c = await this.db.get<CaseRow>('SELECT ticket_id FROM cases WHERE id = ?', [r.case_id]);
      if (c?.ticket_id) await this.ticketing.addNote(c.ticket_id, `Log request ${r.id} expired without an answer from the device.`, false).catch(() => undefined);
      this.log.info('log_request.expired', { requestId: r.id });
    }
    return count;
  }

  /** Opens a log request for a case (the sync loop calls this when an agent sets the field). */
  async requestLogs(caseId: string, requestedBy: string, reason: string): Promise<string | undefined> {
    const c = await this.db.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [caseId]);
    if (!c) return undefined;
    const open = await this.db.get(`SELECT id FROM log_requests WHERE case_id = ? AND state IN ${OPEN_REQUEST_STATES}`, [caseId]);
    if (open) return undefined;
    const id = newId('lrq');
    const now = this.now();
    await this.db.run('INSERT INTO log_requests (id, case_id, device_id, reason, requested_by, state, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      caseId,
      c.device_id,
      reason,
      requestedBy,
      'pending',
      now,
      now + this.config.logRequests.ttlSeconds * 1000,
    ]);
    this.log.info('log_request.created', { requestId: id, caseId });
    this.notify(c.device_id);
    return id;
  }

  // ------------------------------------------------------------------ status

  private async serviceStatus(ctx: RouteContext): Promise<Reply> {
    await this.device(ctx);
    if (!this.status) throw new RelayError('STATUS_NOT_CONFIGURED');
    const snap = await this.status.get();
    const headers = { etag: snap.etag, 'cache-control': `private, max-age=${this.config.status?.cacheSeconds ?? 60}` };
    const inm = ctx.req.headers['if-none-match'];
    if (inm && inm.split(',').some((tag) => tag.trim() === snap.etag)) return { status: 304, headers };
    return { status: 200, headers, body: { fetchedAt: iso(snap.fetchedAt), stale: snap.stale, summary: snap.body } };
  }

  // ------------------------------------------------------------------ sync with the ticketing system

  private async applySnapshot(snap: TicketSnapshot, withRequests: boolean): Promise<void> {
    const c = await this.db.get<CaseRow>('SELECT * FROM cases WHERE ticket_id = ?', [snap.id]);
    if (!c) return;
    const status = caseStatus(snap.state);
    if (status !== c.status) {
      await this.db.run('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?', [status, this.now(), c.id]);
      this.log.info('case.status', { caseId: c.id, status });
    }
    if (withRequests && snap.fields.logBundle === LOG_BUNDLE.requested) {
      if (await this.db.get(`SELECT id FROM log_requests WHERE case_id = ? AND state IN ${OPEN_REQUEST_STATES}`, [c.id])) return;
      // The device shows who asked: the agent who set the field, when the ticketing system says.
      const agent = await Promise.resolve(this.ticketing.fieldSetBy?.(snap.id, 'logBundle', LOG_BUNDLE.requested))
        .catch((error: unknown) => {
          this.log.warn('sync.requester_unknown', { caseId: c.id, error });
          return null;
        });
      await this.requestLogs(c.id, agent || 'support agent', 'Support asked for a diagnostic log bundle for this case.');
    }
  }

  /** One poll of the ticketing system: retries, expiry, status, log requests, agent replies. */
  async syncOnce(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      const started = this.now();
      for (const c of await this.db.all<{ id: string }>('SELECT id FROM cases WHERE ticket_id IS NULL')) await this.fileTicket(c.id).catch(() => undefined);
      for (const b of await this.db.all<{ id: string }>("SELECT id FROM bundles WHERE state = 'complete' AND attached = 0")) await this.attachBundle(b.id).catch(() => undefined);
      await this.expireRequests();
      const cursor = await this.db.get<{ value: string }>("SELECT value FROM relay_meta WHERE key = 'ticketing.cursor'");
      // RT's LastUpdated has one-second resolution and clocks differ a little: look back 5 s.
      // A fresh relay has no cases yet, so it starts at "now".
      const since = new Date((cursor ? Number(cursor.value) : started) - 5000);
      for (const snap of await this.ticketing.listChanged(since)) {
        await this.applySnapshot(snap, true);
        const c = await this.db.get<CaseRow>('SELECT * FROM cases WHERE ticket_id = ?', [snap.id]);
        if (c) await this.pullReplies(c).catch((error: unknown) => this.log.warn('sync.replies_failed', { caseId: c.id, error }));
      }
      await this.db.run("INSERT INTO relay_meta (key, value) VALUES ('ticketing.cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(started)]);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }
}

function caseStatus(state: TicketState): string {
  return state;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function emptyStream(): Readable {
  return Readable.from([]);
}

function ticketBody(body: CaseBody, device: DeviceRow, caseId: string): string {
  const lines = [
    body.description,
    '',
    'Steps to reproduce:',
    body.stepsToReproduce || '(none given)',
    '',
    `Category: ${body.category}`,
    `Severity: ${SEVERITY_VALUE[String(body.severity)]}`,
    `Device: ${device.name} (${device.id}; ${device.platform ?? 'unknown platform'}, Roamdesk ${device.app_version ?? '?'})`,
    `Relay case: ${caseId}`,
    '',
    'Diagnostics checklist:',
    ...(body.diagnostics.length ? body.diagnostics.map((item) => `  [${item.status}] ${item.label}${item.detail ? ` — ${item.detail}` : ''}`) : ['  (none)']),
  ];
  return lines.join('\n');
}

/** Builds a relay from config: opens the database, migrates, picks storage and connector. */
export async function createRelay(config: RelayConfig, deps: RelayDeps = {}): Promise<Relay> {
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const db = deps.db ?? (config.database.kind === 'postgres' ? await openPostgres(config.database.url) : openSqlite(sqliteFile(config)));
  await migrate(db);
  // An attachment interrupted by a stop is retried by the sync loop.
  await db.run('UPDATE bundles SET attached = 0 WHERE attached = 2');
  const storage = deps.storage ?? new DiskBundleStorage(path.join(config.dataDir, 'bundles'));
  const ticketing = deps.ticketing ?? (config.ticketing.kind === 'rt' ? new RtConnector(config.ticketing) : new MemoryTicketing());
  return new Relay(config, db, storage, ticketing, logger, deps.now);
}
