/**
 * The support relay client: activation, cases, replies, escalation, rating, bundle uploads,
 * agents' log requests and the status feed, over a RelayTransport (routes in relay-routes.ts).
 *
 * The device credential that activation returns goes straight into the SecretStore port
 * (key `support-relay:<relay origin+path>`) and is never logged, never put in an error, never
 * returned to a caller. Errors carry stable SUPPORT_* codes and say whether trying again later
 * may help (`retryable`), which the offline queue relies on.
 */
import { type Clock, systemClock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { silentLogger } from '../../ports/logger.js';
import type { SecretStore } from '../../ports/secret-store.js';
import { SupportError, type SupportErrorCode } from '../support-error.js';
import { relayHeaders, relayRoutes, contentRange } from './relay-routes.js';
import {
  Activation,
  ActivationReply,
  CaseReply,
  Escalation,
  LogRequest,
  LogRequestAnswer,
  NewCase,
  type NewCaseInput,
  NewUpload,
  Rating,
  SupportCase,
  relayFileName,
  toRelayCase,
  UploadChunkReply,
  UploadCreated,
} from './relay-schemas.js';
import type { RelayMethod, RelayResponse, RelayTransport } from './relay-transport.js';
import { z } from 'zod';

export interface RelayClientOptions {
  /** The relay's base URL (http: only for loopback; https: otherwise). */
  baseUrl: string;
  transport: RelayTransport;
  secrets: SecretStore;
  /** Used when the device has no credential yet (policy supplies a token, or the person signs in). */
  activation?: Activation;
  clock?: Clock;
  logger?: Logger;
  /** Per request (the long poll adds its wait). */
  timeoutMs?: number;
  /** How this device introduces itself at activation (the relay shows it to agents). */
  device?: { name: string; platform?: string; appVersion?: string };
}

interface StoredDevice {
  deviceId: string;
  credential: string;
}

export interface ChunkResult {
  /** The next byte the relay expects. */
  offset: number;
  complete: boolean;
  /** The SHA-256 the relay computed over the whole file (on the last chunk). */
  sha256?: string;
}

export class RelayClient {
  readonly baseUrl: URL;
  readonly clock: Clock;
  private readonly transport: RelayTransport;
  private readonly secrets: SecretStore;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private activation: Activation | undefined;
  private activating: Promise<{ deviceId: string }> | undefined;
  private readonly device: { name: string; platform?: string; appVersion?: string };

  constructor(options: RelayClientOptions) {
    this.baseUrl = parseRelayUrl(options.baseUrl);
    this.transport = options.transport;
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.activation = options.activation === undefined ? undefined : Activation.parse(options.activation);
    this.device = options.device ?? { name: 'Roamdesk device' };
  }

  /** The secret-store key of this relay's device credential. */
  get secretKey(): string {
    return `support-relay:${this.baseUrl.origin}${this.baseUrl.pathname.replace(/\/+$/, '')}`;
  }

  // ── activation ────────────────────────────────────────────────────────────

  /** Registers this device with the relay and keeps the credential in the secret store. */
  async activate(activation: Activation = this.requireActivation()): Promise<{ deviceId: string }> {
    const parsed = Activation.parse(activation);
    const body = {
      deviceName: this.device.name.slice(0, 200) || 'Roamdesk device',
      ...(this.device.platform ? { platform: this.device.platform.slice(0, 100) } : {}),
      ...(this.device.appVersion ? { appVersion: this.device.appVersion.slice(0, 50) } : {}),
      ...('token' in parsed ? { activationToken: parsed.token } : {}),
    };
    // Credentials travel as HTTP Basic (the relay's enrolment by an account it knows), never in the body.
    const headers = 'username' in parsed ? { [relayHeaders.authorization]: `Basic ${Buffer.from(`${parsed.username}:${parsed.password}`).toString('base64')}` } : undefined;
    const response = await this.send('activate', relayRoutes.activate(), { json: body, auth: false, ...(headers ? { headers } : {}) });
    if (response.status === 401 || response.status === 403) throw new SupportError('SUPPORT_ACTIVATION_REJECTED', undefined, { status: response.status, hint: 'Check the activation token (or user name and password) with your IT department.' });
    this.expectOk(response, 'activate');
    const reply = this.parseReply(response, ActivationReply, 'activate');
    await this.secrets.set(this.secretKey, JSON.stringify({ deviceId: reply.deviceId, credential: reply.credential } satisfies StoredDevice));
    this.logger.info('support relay: device activated', { relay: this.baseUrl.origin, deviceId: reply.deviceId });
    return { deviceId: reply.deviceId };
  }

  /** Activates unless a credential is stored; concurrent callers share one activation (two would enrol two devices). */
  async ensureActivated(): Promise<{ deviceId: string }> {
    const stored = await this.storedDevice();
    if (stored) return { deviceId: stored.deviceId };
    this.activating ??= this.activate(this.requireActivation()).finally(() => {
      this.activating = undefined;
    });
    return this.activating;
  }

  async deviceId(): Promise<string | undefined> {
    return (await this.storedDevice())?.deviceId;
  }

  /** Forgets the device credential (e.g. after the relay rejected it). */
  async forget(): Promise<void> {
    await this.secrets.delete(this.secretKey);
  }

  // ── cases ────────────────────────────────────────────────────────────────

  async createCase(input: NewCaseInput, options: { idempotencyKey: string; signal?: AbortSignal }): Promise<SupportCase> {
    const parsed = NewCase.safeParse(input);
    if (!parsed.success) throw new SupportError('SUPPORT_CASE_INVALID', `The support case is not valid: ${describeIssue(parsed.error)}.`);
    const response = await this.send('createCase', relayRoutes.createCase(), { json: toRelayCase(parsed.data), idempotencyKey: options.idempotencyKey, signal: options.signal });
    this.expectOk(response, 'createCase', { 400: 'SUPPORT_CASE_INVALID', 422: 'SUPPORT_CASE_INVALID' });
    return this.parseReply(response, SupportCase, 'createCase', 'case');
  }

  async listCases(options: { signal?: AbortSignal } = {}): Promise<SupportCase[]> {
    const response = await this.send('listCases', relayRoutes.listCases(), { signal: options.signal });
    this.expectOk(response, 'listCases');
    const body = this.json(response, 'listCases');
    const list = Array.isArray(body) ? body : (body as { cases?: unknown })?.cases;
    const parsed = SupportCase.array().safeParse(list);
    if (!parsed.success) throw this.invalidReply('listCases', parsed.error);
    return parsed.data;
  }

  async getCase(caseId: string, options: { signal?: AbortSignal } = {}): Promise<SupportCase> {
    const response = await this.send('showCase', relayRoutes.showCase(caseId), { signal: options.signal });
    this.expectOk(response, 'showCase', { 404: 'SUPPORT_CASE_NOT_FOUND' });
    return this.parseReply(response, SupportCase, 'showCase', 'case');
  }

  /** The public replies on a case (agents' answers), oldest first. */
  async listReplies(caseId: string, options: { signal?: AbortSignal } = {}): Promise<CaseReply[]> {
    const response = await this.send('replies', relayRoutes.replies(caseId), { signal: options.signal });
    this.expectOk(response, 'replies', { 404: 'SUPPORT_CASE_NOT_FOUND' });
    const body = this.json(response, 'replies');
    const parsed = CaseReply.array().safeParse(Array.isArray(body) ? body : (body as { replies?: unknown })?.replies);
    if (!parsed.success) throw this.invalidReply('replies', parsed.error);
    return parsed.data;
  }

  /** A written escalation; answers whether the relay could add it to the ticket. */
  async escalate(caseId: string, escalation: Escalation, options: { signal?: AbortSignal } = {}): Promise<{ id: string; deliveredToTicket: boolean; createdAt?: string }> {
    const body = Escalation.safeParse(escalation);
    if (!body.success) throw new SupportError('SUPPORT_CASE_INVALID', `The escalation is not valid: ${describeIssue(body.error)}.`);
    const response = await this.send('escalate', relayRoutes.escalate(caseId), { json: body.data, signal: options.signal });
    this.expectOk(response, 'escalate', { 404: 'SUPPORT_CASE_NOT_FOUND', 400: 'SUPPORT_CASE_INVALID' });
    const reply = this.parseReply(response, z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), deliveredToTicket: z.boolean().default(false), createdAt: z.string().optional() }), 'escalate');
    return { id: reply.id, deliveredToTicket: reply.deliveredToTicket, ...(reply.createdAt !== undefined ? { createdAt: reply.createdAt } : {}) };
  }

  async rate(caseId: string, rating: Rating, options: { signal?: AbortSignal } = {}): Promise<void> {
    const body = Rating.safeParse(rating);
    if (!body.success) throw new SupportError('SUPPORT_RATING_INVALID');
    const response = await this.send('rate', relayRoutes.rate(caseId), { json: { rating: body.data.score, ...(body.data.comment !== undefined ? { comment: body.data.comment } : {}) }, signal: options.signal });
    if (response.status === 409) {
      const code = relayErrorCode(response);
      throw new SupportError(code === 'CASE_ALREADY_RATED' ? 'SUPPORT_CASE_ALREADY_RATED' : 'SUPPORT_CASE_NOT_RESOLVED', undefined, { status: 409 });
    }
    this.expectOk(response, 'rate', { 404: 'SUPPORT_CASE_NOT_FOUND', 400: 'SUPPORT_RATING_INVALID', 422: 'SUPPORT_RATING_INVALID' });
  }

  // ── uploads (bundle-upload.ts drives these) ──────────────────────────────

  async createUpload(upload: NewUpload, options: { idempotencyKey: string; signal?: AbortSignal }): Promise<string> {
    const parsed = NewUpload.parse(upload);
    const body = {
      fileName: relayFileName(parsed.fileName),
      contentType: 'application/zip',
      size: parsed.size,
      sha256: parsed.sha256,
      ...(parsed.requestId !== undefined ? { logRequestId: parsed.requestId } : {}),
    };
    const response = await this.send('createUpload', relayRoutes.createUpload(parsed.caseId), { json: body, idempotencyKey: options.idempotencyKey, signal: options.signal });
    if (response.status === 413) throw new SupportError('SUPPORT_BUNDLE_TOO_LARGE', serverMessage(response) ?? undefined, { status: 413, hint: 'Remove large items in the preview and try again.' });
    this.expectOk(response, 'createUpload', { 404: 'SUPPORT_CASE_NOT_FOUND' });
    return this.parseReply(response, UploadCreated, 'createUpload').id;
  }

  /** How many bytes of the upload the relay holds. */
  async uploadOffset(uploadId: string, options: { signal?: AbortSignal } = {}): Promise<number> {
    const response = await this.send('uploadOffset', relayRoutes.uploadOffset(uploadId), { signal: options.signal });
    this.expectOk(response, 'uploadOffset');
    const offset = Number(response.headers[relayHeaders.uploadOffset.toLowerCase()]);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new SupportError('SUPPORT_RELAY_REPLY_INVALID', 'The support relay did not say how much of the upload it holds (Upload-Offset).', { retryable: true });
    return offset;
  }

  async putChunk(uploadId: string, start: number, bytes: Uint8Array, size: number, options: { signal?: AbortSignal } = {}): Promise<ChunkResult> {
    const end = start + bytes.byteLength;
    const response = await this.send('putUpload', relayRoutes.putUpload(uploadId), {
      bytes,
      headers: { [relayHeaders.contentRange]: contentRange(start, end, size), 'Content-Type': 'application/octet-stream' },
      signal: options.signal,
    });
    if (response.status === 422) throw new SupportError('SUPPORT_UPLOAD_CHECKSUM_MISMATCH', undefined, { status: 422, hint: 'The bundle changed or was damaged on the way; build it again and resend.' });
    if (response.status === 409 && relayErrorCode(response) === 'UPLOAD_COMPLETE') return { offset: size, complete: true };
    if (response.status === 409) throw new SupportError('SUPPORT_RELAY_HTTP_STATUS', 'The support relay holds a different part of the upload than expected.', { status: 409, retryable: true });
    this.expectOk(response, 'putUpload');
    const header = response.headers[relayHeaders.uploadOffset.toLowerCase()];
    const reply = response.body.trim() === '' ? {} : this.parseReply(response, UploadChunkReply, 'putUpload');
    const offset = header !== undefined ? Number(header) : (reply.offset ?? end);
    const complete = reply.state !== undefined ? reply.state === 'complete' : offset >= size;
    return { offset, complete, ...(complete && reply.sha256 !== undefined ? { sha256: reply.sha256 } : {}) };
  }

  // ── agents' log requests ─────────────────────────────────────────────────

  /** Long poll: resolves with the open log requests as soon as there are any, or an empty list after `waitSeconds`. */
  async pollRequests(options: { waitSeconds?: number; signal?: AbortSignal } = {}): Promise<LogRequest[]> {
    const wait = options.waitSeconds ?? 30;
    const response = await this.send('pollRequests', relayRoutes.pollRequests(wait), { signal: options.signal, timeoutMs: this.timeoutMs + wait * 1000 });
    if (response.status === 204) return [];
    this.expectOk(response, 'pollRequests');
    const body = this.json(response, 'pollRequests');
    const parsed = LogRequest.array().safeParse(Array.isArray(body) ? body : (body as { requests?: unknown })?.requests ?? []);
    if (!parsed.success) throw this.invalidReply('pollRequests', parsed.error);
    return parsed.data;
  }

  /** Approve (with the uploaded bundle) or decline an agent's log request. */
  async answerRequest(requestId: string, answer: LogRequestAnswer, options: { signal?: AbortSignal } = {}): Promise<void> {
    const parsed = LogRequestAnswer.parse(answer);
    const body = parsed.approve ? { decision: 'approve', bundleId: parsed.uploadId } : { decision: 'decline', ...(parsed.reason !== undefined ? { reason: parsed.reason } : {}) };
    const response = await this.send('answerRequest', relayRoutes.answerRequest(requestId), { json: body, signal: options.signal });
    this.expectOk(response, 'answerRequest', { 404: 'SUPPORT_REQUEST_NOT_FOUND', 409: 'SUPPORT_REQUEST_NOT_FOUND', 410: 'SUPPORT_REQUEST_NOT_FOUND' });
  }

  // ── status feed ──────────────────────────────────────────────────────────

  /** The relay's Statuspage summary, as raw JSON (status-feed/ parses it); the relay wraps it in `{fetchedAt, stale, summary}`. */
  async fetchStatus(options: { signal?: AbortSignal } = {}): Promise<unknown> {
    const response = await this.send('status', relayRoutes.status(), { signal: options.signal });
    if (response.status === 503) throw new SupportError('STATUS_FEED_UNAVAILABLE', 'The support relay has no service status page configured.', { status: 503 });
    this.expectOk(response, 'status', { 502: 'STATUS_FEED_UNAVAILABLE' });
    const body = this.json(response, 'status');
    return body && typeof body === 'object' && 'summary' in body && !('page' in body) ? (body as { summary: unknown }).summary : body;
  }

  // ── plumbing ─────────────────────────────────────────────────────────────

  private requireActivation(): Activation {
    if (!this.activation) throw new SupportError('SUPPORT_NOT_ACTIVATED', undefined, { hint: 'Your IT department provides an activation token (ROAMDESK_ACTIVATION_TOKEN for the command line).' });
    return this.activation;
  }

  private async storedDevice(): Promise<StoredDevice | undefined> {
    const raw = await this.secrets.get(this.secretKey);
    if (raw === undefined) return undefined;
    try {
      const value = JSON.parse(raw) as Partial<StoredDevice>;
      if (typeof value.deviceId === 'string' && typeof value.credential === 'string') return { deviceId: value.deviceId, credential: value.credential };
    } catch {
      // fall through: an unreadable entry is as good as none
    }
    return undefined;
  }

  private async credential(): Promise<string> {
    let device = await this.storedDevice();
    if (!device) {
      await this.ensureActivated();
      device = await this.storedDevice();
    }
    if (!device) throw new SupportError('SUPPORT_NOT_ACTIVATED');
    return device.credential;
  }

  private async send(
    name: string,
    route: { method: RelayMethod; path: string },
    options: { json?: unknown; bytes?: Uint8Array; headers?: Record<string, string>; idempotencyKey?: string | undefined; auth?: boolean | 'if-activated'; signal?: AbortSignal | undefined; timeoutMs?: number },
    retried = false,
  ): Promise<RelayResponse> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.auth === 'if-activated') {
      const device = await this.storedDevice();
      if (device) headers[relayHeaders.authorization] = `Bearer ${device.credential}`;
    } else if (options.auth !== false) headers[relayHeaders.authorization] = `Bearer ${await this.credential()}`;
    if (options.idempotencyKey !== undefined) headers[relayHeaders.idempotencyKey] = options.idempotencyKey;
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['Content-Type'] = 'application/json';
    } else if (options.bytes !== undefined) body = options.bytes;
    const url = new URL(this.baseUrl.pathname.replace(/\/+$/, '') + route.path, this.baseUrl).toString();
    const started = this.clock.now();
    let response: RelayResponse;
    try {
      response = await this.transport.request({
        method: route.method,
        url,
        headers,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        ...(body !== undefined ? { body } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      this.logger.debug('support relay: no answer', { call: name, reason: (error as Error)?.message });
      throw new SupportError('SUPPORT_RELAY_UNREACHABLE', undefined, { cause: error, retryable: true, hint: 'Roamdesk keeps the case and sends it when the connection is back.' });
    }
    this.logger.debug('support relay answered', { call: name, status: response.status, ms: this.clock.now() - started });
    if ((response.status === 401 || response.status === 403) && options.auth === undefined) {
      // A revoked or forgotten registration: with an activation at hand, register again once and retry.
      if (this.activation && !retried) {
        await this.forget();
        await this.activate(this.activation);
        return this.send(name, route, options, true);
      }
      throw new SupportError('SUPPORT_CREDENTIAL_REJECTED', undefined, { status: response.status, hint: 'Activate this device again (your IT department has the token).' });
    }
    return response;
  }

  private expectOk(response: RelayResponse, name: string, codes: Partial<Record<number, SupportErrorCode>> = {}): void {
    if (response.status >= 200 && response.status < 300) return;
    const code = codes[response.status];
    const said = serverMessage(response);
    if (code) throw new SupportError(code, said ? `${messageOf(code)} (${said})` : undefined, { status: response.status });
    // 409 IDEMPOTENCY_KEY_IN_USE: the relay is still working on the same keyed request; retrying gets its answer.
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500 || (response.status === 409 && relayErrorCode(response) === 'IDEMPOTENCY_KEY_IN_USE');
    throw new SupportError('SUPPORT_RELAY_HTTP_STATUS', `The support relay answered ${name} with HTTP ${response.status}${said ? `: ${said}` : ''}.`, { status: response.status, retryable });
  }

  private json(response: RelayResponse, name: string): unknown {
    try {
      return JSON.parse(response.body);
    } catch (error) {
      throw new SupportError('SUPPORT_RELAY_REPLY_INVALID', `The support relay’s answer to ${name} is not JSON.`, { cause: error, status: response.status });
    }
  }

  private parseReply<T extends z.ZodType>(response: RelayResponse, schema: T, name: string, envelope?: string): z.infer<T> {
    let body = this.json(response, name);
    if (envelope && body && typeof body === 'object' && envelope in body) body = (body as Record<string, unknown>)[envelope];
    return this.parseValue(body, schema, name);
  }

  private parseValue<T extends z.ZodType>(value: unknown, schema: T, name: string): z.infer<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw this.invalidReply(name, parsed.error);
    return parsed.data;
  }

  private invalidReply(name: string, error: z.ZodError): SupportError {
    return new SupportError('SUPPORT_RELAY_REPLY_INVALID', `The support relay’s answer to ${name} is not in the expected shape: ${describeIssue(error)}.`);
  }
}

export function parseRelayUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SupportError('SUPPORT_RELAY_URL_INVALID', `The support relay address “${value}” is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SupportError('SUPPORT_RELAY_URL_INVALID', `The support relay address must be http(s), not ${url.protocol}.`);
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) throw new SupportError('SUPPORT_RELAY_URL_INVALID', 'The support relay must be reached over HTTPS (plain HTTP is accepted only on this computer, for tests).');
  if (url.username || url.password) throw new SupportError('SUPPORT_RELAY_URL_INVALID', 'The support relay address must not carry a user name or password.');
  return url;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem';
}

/** The relay's stable error code (`{error: {code}}`), when it sent one. */
function relayErrorCode(response: RelayResponse): string | undefined {
  try {
    const body = JSON.parse(response.body) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

function serverMessage(response: RelayResponse): string | undefined {
  try {
    const body = JSON.parse(response.body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : typeof body.error?.message === 'string' ? body.error.message : typeof body.message === 'string' ? body.message : undefined;
    return message?.slice(0, 300);
  } catch {
    return undefined;
  }
}

function messageOf(code: SupportErrorCode): string {
  return new SupportError(code).message;
}
