/**
 * The support desk inside the app: activation with the relay, cases (pre-filled, with the
 * previewed bundle, queued when offline), the cases list with replies and the SLA clock,
 * agents' log requests with consent (and the managed-policy modes), and the service status.
 * It owns the background work: the long poll for log requests while activated, sending the
 * offline queue when a connection comes back, and refreshing the status feed.
 *
 * The device credential lives only in the SecretStore (RelayClient keeps it there); nothing
 * here logs it or hands it out. Files under `<dataDir>`: `support-outbox.sqlite` (shared with
 * `roamdesk case`), `status-summary.json` (shared with `roamdesk status-feed`),
 * `support/log-requests.json` (history), `support/outgoing/` (bundles being sent).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionState, ErrorInfo, EventPayload, SupportCaseCreated, SupportCaseList, SupportCaseView, SupportRequestView, SupportStateView, SupportStatusView } from '../../../preload/contract.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import { digestFile, uploadBundle } from './client/bundle-upload.js';
import { prefillCase } from './client/case-prefill.js';
import { RelayClient } from './client/relay-client.js';
import type { CaseCategory, Escalation, LogRequest, NewCaseInput } from './client/relay-schemas.js';
import type { RelayTransport } from './client/relay-transport.js';
import { SupportOutbox } from './client/support-outbox.js';
import { type Hotline, defaultHotlines } from './support-hotlines.js';
import { LogRequestHistory, type LogRequestRecord } from './log-request-history.js';
import { type Severity, severityGuidance } from './sla/severity.js';
import { SlaClock } from './sla/sla-clock.js';
import { StatusFeed } from './status-feed/status-feed.js';
import { SupportError, isSupportError } from './support-error.js';
import { caseView, errorInfo, queuedView, requestView, statusView } from './support-views.js';

export type RemoteLogConsent = 'always-ask' | 'auto-approve-managed' | 'never';

/** What the settings say, read afresh on every use (policy may change while the app runs). */
export interface SupportConfig {
  /** '' when no relay is configured. */
  relayUrl: string;
  /** '' when policy provides none. */
  activationToken: string;
  /** A Statuspage summary.json URL, used when the relay has no status (or none is configured). */
  statusFeedUrl: string;
  consent: RemoteLogConsent;
  /** The device is managed by an organisation (policy set the consent mode or names the organisation). */
  managed: boolean;
}

/** The log bundle, as the evidence sessions prepare it (preview first, saved with consent). */
export interface SupportEvidence {
  preview(): Promise<{ bundleId: string }>;
  save(bundleId: string, dir: string): Promise<{ path: string; sha256: string; bytes: number }>;
  /** The checklist of the last diagnostics run, when there was one. */
  checklist(): ReadonlyArray<{ id: string; label: string; value: string; status: string }> | undefined;
}

export type SupportEventName = 'support.changed' | 'support.requestReceived' | 'support.uploadProgress' | 'support.statusChanged';

export interface SupportServiceOptions {
  dataDir: string;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  transport: RelayTransport;
  config: () => SupportConfig;
  device: { name: string; platform?: string; appVersion?: string };
  evidence: SupportEvidence;
  connection: () => ConnectionState;
  emit: <E extends SupportEventName>(event: E, payload: EventPayload<E>) => void;
  hotlines?: readonly Hotline[];
  /** Long-poll wait per request (the relay allows up to 30 s). */
  pollWaitSeconds?: number;
  /** Status refresh in the background (0: only when asked). */
  statusEveryMs?: number;
  /** First back-off after a failed poll; doubles up to a minute. */
  retryDelayMs?: number;
  /**
   * How often the poll loop looks at the device's cases (one cheap list, no replies) so a
   * status change or an agent's answer reaches the open app — and the rating prompt appears —
   * without the person pressing "Refresh". Default 2 minutes.
   */
  caseWatchMs?: number;
  upload?: { chunkBytes?: number; maxAttempts?: number; retryDelayMs?: number };
  sla?: SlaClock;
  relayTimeoutMs?: number;
  /** False: no long poll, no background status refresh, no queue sending on `online` (one-shot commands). Default true. */
  background?: boolean;
}

const DECLINED_BY_POLICY = 'Declined automatically: the organisation’s policy does not allow sending logs on request.';

export class SupportService {
  private readonly sla: SlaClock;
  private readonly history: LogRequestHistory;
  private readonly feed: StatusFeed;
  private outboxInstance: SupportOutbox | undefined;
  private client: RelayClient | undefined;
  private clientKey = '';
  private reachable: boolean | null = null;
  private problem: ErrorInfo | null = null;
  private lastCases: SupportCaseView[] = [];
  /** What the case list looked like at the last look (id, status, last update), and when. */
  private caseFingerprint: string | null = null;
  private caseWatchedAt = 0;
  private lastStatus: SupportStatusView | undefined;
  private running = false;
  private abort = new AbortController();
  private pollLoop: Promise<void> | undefined;
  private statusTimer: ReturnType<typeof setInterval> | undefined;
  private wake: (() => void) | undefined;
  private lastPhase: string | undefined;
  private readonly answering = new Set<string>();

  constructor(private readonly options: SupportServiceOptions) {
    this.sla = options.sla ?? SlaClock.fromConfig({});
    this.history = new LogRequestHistory(path.join(options.dataDir, 'support', 'log-requests.json'));
    this.feed = new StatusFeed({ cacheFile: path.join(options.dataDir, 'status-summary.json'), clock: options.clock, logger: options.logger });
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  /** Activates when policy provides a token, sends what is queued, starts the long poll and the status refresh. Does not wait for the network. */
  start(): void {
    if (this.running || this.options.background === false) return;
    this.running = true;
    this.abort = new AbortController();
    this.pollLoop = this.runPollLoop();
    void this.refreshStatus().catch(() => undefined);
    const every = this.options.statusEveryMs ?? 5 * 60_000;
    if (every > 0) {
      this.statusTimer = setInterval(() => void this.refreshStatus().catch(() => undefined), every);
      this.statusTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort(new SupportError('SUPPORT_SERVICE_BUSY', 'Roamdesk is stopping.'));
    this.wake?.();
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.pollLoop?.catch(() => undefined);
    this.outboxInstance?.close();
    this.outboxInstance = undefined;
  }

  /** The connection manager's state: when the device comes online, the queue goes out. */
  onConnection(state: ConnectionState): void {
    const was = this.lastPhase;
    this.lastPhase = state.phase;
    if (state.phase === 'online' && was !== 'online' && this.running) {
      void this.flush().catch(() => undefined);
      this.wake?.();
    }
  }

  // ── state and activation ────────────────────────────────────────────────

  async state(): Promise<SupportStateView> {
    const config = this.options.config();
    const client = this.relay();
    const deviceId = client ? ((await client.deviceId()) ?? null) : null;
    const prefill = prefillCase(this.options.connection());
    const now = this.options.clock.now();
    return {
      configured: client !== undefined,
      relayUrl: config.relayUrl || null,
      activated: deviceId !== null,
      deviceId,
      reachable: this.reachable,
      problem: this.problem,
      consent: config.consent,
      managed: config.managed,
      queued: this.outbox().list().map(queuedView),
      openRequests: this.history.all().filter((r) => requestView(r, now).state === 'pending').length,
      severities: severityGuidance.map((g) => ({ severity: g.severity, label: g.label, summary: g.summary, examples: [...g.examples], target: g.target })),
      hotlines: [...(this.options.hotlines ?? defaultHotlines)],
      prefill: { subject: prefill.subject, description: prefill.description, category: prefill.category, severity: prefill.severity, severityReason: prefill.severityReason },
    };
  }

  /** Activation with an account the relay knows (the password goes to the relay once and is not kept). */
  async activate(credentials: { username: string; password: string }): Promise<SupportStateView> {
    const client = this.requireRelay();
    await this.track(() => client.activate(credentials));
    this.problem = null;
    this.options.logger.info('support desk: device activated with an account');
    this.wake?.();
    void this.flush().catch(() => undefined);
    void this.refreshStatus().catch(() => undefined);
    return this.changed();
  }

  // ── cases ────────────────────────────────────────────────────────────────

  async createCase(input: { subject: string; description: string; steps?: string; category: CaseCategory; severity: Severity; phoneCall?: boolean; bundleId?: string }): Promise<SupportCaseCreated> {
    const createdAt = this.options.clock.now();
    const phoneCall = input.severity === 'sev1' && input.phoneCall === true;
    const due = this.sla.dueAt(createdAt, input.severity, phoneCall);
    const target = this.sla.target(createdAt, input.severity, phoneCall);
    const checklist = this.options.evidence.checklist();
    const newCase: NewCaseInput = {
      subject: input.subject,
      description: input.description,
      steps: input.steps ?? '',
      category: input.category,
      severity: input.severity,
      ...(input.severity === 'sev1' ? { phoneCall } : {}),
      connection: prefillCase(this.options.connection()).connection,
      ...(checklist ? { diagnostics: checklist.slice(0, 500).map((item) => ({ id: item.id.slice(0, 100) || 'item', label: (item.label || item.id).slice(0, 300), status: checklistStatus(item.status), ...(item.value ? { detail: item.value.slice(0, 2000) } : {}) })) } : {}),
      clientCreatedAt: new Date(createdAt).toISOString(),
      expectedDueAt: due.toISOString(),
    };
    // The bundle the person looked at in the preview, written with their consent, then copied into the queue.
    let bundle: { path: string; sha256: string; bytes: number } | undefined;
    if (input.bundleId) bundle = await this.options.evidence.save(input.bundleId, this.outgoingDir());
    let key: string;
    try {
      key = (await this.outbox().enqueue({ case: newCase, ...(bundle ? { bundle: { path: bundle.path, name: path.basename(bundle.path) } } : {}) })).key;
    } finally {
      if (bundle) rmSync(bundle.path, { force: true });
    }
    this.options.logger.info('support case queued', { key, severity: input.severity, bundle: bundle ? { sha256: bundle.sha256, bytes: bundle.bytes } : null });

    await this.flush(key).catch(() => undefined);
    const item = this.outbox().get(key)!;
    const base = { dueAt: due.toISOString(), target: `${target.minutes} minutes (${target.reason})`, queuedKey: key, bundle: bundle ? { sha256: bundle.sha256, bytes: bundle.bytes } : null };
    if (item.state === 'rejected') {
      this.changed();
      throw new SupportError((item.lastError?.code as never) ?? 'SUPPORT_CASE_INVALID', item.lastError?.message, { hint: 'The case is kept on this device; change it and file it again.' });
    }
    if (item.state === 'sent' && item.caseId) {
      let caseNumber: string | null = null;
      try {
        caseNumber = (await this.requireRelay().getCase(item.caseId)).number ?? null;
      } catch {
        caseNumber = null; // the case is filed; its ticket number shows in the list later
      }
      this.changed();
      return { ...base, outcome: 'sent', caseId: item.caseId, caseNumber, message: `Case ${caseNumber ?? item.caseId} was filed. Expect a reply by ${due.toISOString()}.` };
    }
    this.changed();
    const why = item.lastError ? ` (${item.lastError.message})` : '';
    return {
      ...base,
      outcome: 'queued',
      caseId: item.caseId,
      caseNumber: null,
      message: `The support desk cannot be reached right now${why}. Your case${bundle ? ' and its bundle are' : ' is'} saved on this device and will be sent when the connection is back — nothing is lost if Roamdesk closes.`,
    };
  }

  async listCases(): Promise<SupportCaseList> {
    const queued = this.outbox().list().map(queuedView);
    const client = this.relay();
    if (!client || (await client.deviceId()) === undefined) return { cases: [], queued, offline: client ? errorInfo(new SupportError('SUPPORT_NOT_ACTIVATED')) : errorInfo(new SupportError('SUPPORT_RELAY_NOT_CONFIGURED')) };
    try {
      void this.flush().catch(() => undefined);
      const cases = await this.track(() => client.listCases());
      const views: SupportCaseView[] = [];
      for (const c of cases.slice(0, 25)) views.push(caseView(c, await this.track(() => client.listReplies(c.id)), this.sla));
      this.lastCases = views;
      return { cases: views, queued: this.outbox().list().map(queuedView), offline: null };
    } catch (error) {
      if (isSupportError(error) && error.retryable) return { cases: this.lastCases, queued, offline: errorInfo(error) };
      throw error;
    }
  }

  async getCase(caseId: string): Promise<SupportCaseView> {
    const client = this.requireRelay();
    const found = await this.track(() => client.getCase(caseId));
    return caseView(found, await this.track(() => client.listReplies(caseId)), this.sla);
  }

  async escalate(caseId: string, escalation: Escalation): Promise<{ deliveredToTicket: boolean }> {
    const client = this.requireRelay();
    const result = await this.track(() => client.escalate(caseId, escalation));
    this.options.logger.info('support case escalated', { caseId, deliveredToTicket: result.deliveredToTicket });
    return { deliveredToTicket: result.deliveredToTicket };
  }

  async rate(caseId: string, score: number, comment?: string): Promise<SupportCaseView> {
    const client = this.requireRelay();
    await this.track(() => client.rate(caseId, { score, ...(comment !== undefined ? { comment } : {}) }));
    return this.getCase(caseId);
  }

  /** Sends the offline queue now (when a relay is configured). Concurrent calls share the outbox's run; `key` is sent even if a run was already going. */
  async flush(key?: string): Promise<void> {
    const client = this.relay();
    if (!client) return;
    const outbox = this.outbox();
    const onProgress = (_key: string, p: { sent: number; size: number }) =>
      this.options.emit('support.uploadProgress', { step: Math.min(p.sent, p.size), total: Math.max(1, p.size), label: 'Sending the diagnostic bundle' });
    for (let round = 0; round < 2; round++) {
      const report = await outbox.flush(client, { signal: this.abort.signal, onProgress });
      const unreachable = report.deferred.find((d) => d.code === 'SUPPORT_RELAY_UNREACHABLE');
      this.setReachable(unreachable ? false : report.sent.length > 0 || report.deferred.length === 0 ? true : this.reachable);
      if (report.sent.length > 0) this.changed();
      const item = key ? outbox.get(key) : undefined;
      if (!item || !['pending', 'case-created', 'uploading'].includes(item.state) || report.deferred.length > 0) return;
    }
  }

  // ── agents' log requests ─────────────────────────────────────────────────

  requests(): { pending: SupportRequestView[]; history: SupportRequestView[] } {
    const now = this.options.clock.now();
    const views = this.history.all().map((r) => requestView(r, now));
    return { pending: views.filter((v) => v.state === 'pending'), history: views.filter((v) => v.state !== 'pending') };
  }

  /** Approve (the previewed bundle `bundleId`, or a fresh one) or decline. */
  async answer(requestId: string, approve: boolean, options: { bundleId?: string; reason?: string; by?: 'user' | 'policy' } = {}): Promise<SupportRequestView> {
    const record = this.history.get(requestId);
    if (!record) throw new SupportError('SUPPORT_REQUEST_NOT_FOUND', 'This device has not received a log request with that id.');
    if (record.state !== 'pending') throw new SupportError('SUPPORT_REQUEST_ALREADY_ANSWERED');
    const now = this.options.clock.now();
    if (requestView(record, now).state === 'expired') {
      this.history.update(requestId, { state: 'expired' });
      this.changed();
      throw new SupportError('SUPPORT_REQUEST_NOT_FOUND', `The log request expired at ${record.expiresAt}.`, { hint: 'Support can ask again.' });
    }
    if (approve && this.options.config().consent === 'never') throw new SupportError('SUPPORT_REMOTE_LOGS_DISABLED');
    if (this.answering.has(requestId)) throw new SupportError('SUPPORT_SERVICE_BUSY', 'That log request is being answered.');
    this.answering.add(requestId);
    const by = options.by ?? 'user';
    const client = this.requireRelay();
    try {
      if (!approve) {
        await this.track(() => client.answerRequest(requestId, { approve: false, ...(options.reason ? { reason: options.reason } : {}) }));
        const done = this.history.update(requestId, { state: 'declined', answeredAt: new Date(this.options.clock.now()).toISOString(), answeredBy: by, problem: null });
        this.options.logger.info('log request declined', { requestId, by });
        this.changed();
        return requestView(done, this.options.clock.now());
      }
      const bundleId = options.bundleId ?? (await this.options.evidence.preview()).bundleId;
      const saved = await this.options.evidence.save(bundleId, this.outgoingDir());
      try {
        // The key names this request and these bytes: a retry of the same bundle gets the relay's
        // first upload back; a bundle built again (other bytes) is a new upload, not a reused key.
        const digest = await digestFile(saved.path);
        const uploaded = await this.track(() =>
          uploadBundle(client, {
            caseId: record.caseId,
            file: saved.path,
            fileName: path.basename(saved.path),
            requestId,
            digest,
            idempotencyKey: `log-request:${requestId}:${digest.sha256}`,
            ...this.options.upload,
            onProgress: (p) => this.options.emit('support.uploadProgress', { step: Math.min(p.sent, p.size), total: Math.max(1, p.size), label: 'Sending the requested log bundle' }),
            signal: this.abort.signal,
          }),
        );
        await this.track(() => client.answerRequest(requestId, { approve: true, uploadId: uploaded.uploadId }));
        const done = this.history.update(requestId, { state: 'approved', answeredAt: new Date(this.options.clock.now()).toISOString(), answeredBy: by, sha256: uploaded.sha256, bytes: uploaded.size, problem: null });
        this.options.logger.info('log request approved; bundle sent', { requestId, by, sha256: uploaded.sha256, bytes: uploaded.size });
        this.changed();
        return requestView(done, this.options.clock.now());
      } finally {
        rmSync(saved.path, { force: true });
      }
    } catch (error) {
      if (isSupportError(error) && error.supportCode === 'SUPPORT_REQUEST_NOT_FOUND') this.history.update(requestId, { state: 'expired', problem: errorInfo(error) });
      else this.history.update(requestId, { problem: errorInfo(error) });
      this.changed();
      throw error;
    } finally {
      this.answering.delete(requestId);
    }
  }

  private async receive(request: LogRequest): Promise<boolean> {
    const record: LogRequestRecord = {
      id: request.id,
      caseId: request.caseId,
      caseNumber: request.caseNumber ?? null,
      requestedBy: request.requestedBy ?? 'Support',
      reason: request.reason ?? 'Support asked for a diagnostic log bundle.',
      requestedAt: request.requestedAt ?? null,
      expiresAt: request.expiresAt ?? null,
      receivedAt: new Date(this.options.clock.now()).toISOString(),
      state: 'pending',
      answeredAt: null,
      answeredBy: null,
      sha256: null,
      bytes: null,
      problem: null,
    };
    if (!this.history.add(record)) return false;
    this.options.logger.info('log request received', { requestId: record.id, caseId: record.caseId });
    const config = this.options.config();
    let view = requestView(record, this.options.clock.now());
    try {
      if (config.consent === 'never') view = await this.answer(record.id, false, { reason: DECLINED_BY_POLICY, by: 'policy' });
      else if (config.consent === 'auto-approve-managed' && config.managed) view = await this.answer(record.id, true, { by: 'policy' });
    } catch (error) {
      this.options.logger.warn('log request: the policy answer failed', { requestId: record.id, code: errorInfo(error).code });
      view = requestView(this.history.get(record.id)!, this.options.clock.now());
    }
    // The person is always told, also when policy answered for them.
    this.options.emit('support.requestReceived', view);
    this.changed();
    return true;
  }

  private async runPollLoop(): Promise<void> {
    let failures = 0;
    const signal = this.abort.signal;
    while (this.running && !signal.aborted) {
      const client = this.relay();
      try {
        if (!client) {
          await this.pause(30_000);
          continue;
        }
        if ((await client.deviceId()) === undefined) {
          if (!this.options.config().activationToken) {
            await this.pause(30_000);
            continue;
          }
          await this.track(() => client.ensureActivated());
          this.problem = null;
          this.options.logger.info('support desk: device activated with the policy token');
          this.changed();
          void this.flush().catch(() => undefined);
          void this.refreshStatus().catch(() => undefined);
        }
        const requests = await this.track(() => client.pollRequests({ waitSeconds: this.options.pollWaitSeconds ?? 25, signal }));
        failures = 0;
        let fresh = false;
        for (const request of requests) if (await this.receive(request)) fresh = true;
        await this.watchCases(client);
        // Open requests come back on every poll until answered: do not spin on them.
        if (requests.length > 0 && !fresh) await this.pause(3_000);
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const info = errorInfo(error);
        if (!isSupportError(error) || !error.retryable) {
          this.problem = info;
          this.changed();
        }
        this.options.logger.debug('support desk: poll failed', { code: info.code, failures });
        await this.pause(Math.min(60_000, (this.options.retryDelayMs ?? 1_000) * 2 ** Math.min(failures - 1, 6)));
      }
    }
  }

  /** Tells the UI when a case changed on the relay's side (status, an agent's reply). */
  private async watchCases(client: RelayClient): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.caseWatchedAt < (this.options.caseWatchMs ?? 120_000)) return;
    this.caseWatchedAt = now;
    const cases = await this.track(() => client.listCases());
    const fingerprint = cases.map((c) => `${c.id}:${c.status}:${c.updatedAt ?? ''}:${c.replies.length}`).sort().join('|');
    const before = this.caseFingerprint;
    this.caseFingerprint = fingerprint;
    if (before !== null && before !== fingerprint) {
      this.options.logger.info('support desk: a case changed on the relay');
      this.changed();
    }
  }

  /** Sleeps, but wakes early on stop, on activation and when the device comes online. */
  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      if (this.abort.signal.aborted) done();
    });
    this.wake = undefined;
  }

  // ── status ───────────────────────────────────────────────────────────────

  async status(refresh = false): Promise<SupportStatusView> {
    if (!refresh && this.lastStatus?.available) return this.lastStatus;
    return this.refreshStatus();
  }

  async refreshStatus(): Promise<SupportStatusView> {
    const fetcher = await this.statusFetcher();
    let view: SupportStatusView;
    if (!fetcher) {
      const cached = this.feed.cachedReading();
      view = statusView(cached, [], cached ? null : { code: 'STATUS_FEED_UNAVAILABLE', message: 'No service status feed is configured.' });
    } else {
      try {
        const reading = await this.feed.refresh(fetcher);
        view = statusView(reading, reading.changes.newIncidents.map((i) => i.name), null);
      } catch (error) {
        view = statusView(undefined, [], errorInfo(error));
      }
    }
    const previous = this.lastStatus;
    this.lastStatus = view;
    const changed = !previous || view.newIncidents.length > 0 || previous.level !== view.level || previous.knownIssue?.title !== view.knownIssue?.title || previous.fromCache !== view.fromCache;
    if (changed) this.options.emit('support.statusChanged', view);
    return view;
  }

  private async statusFetcher(): Promise<(() => Promise<unknown>) | undefined> {
    const config = this.options.config();
    const client = this.relay();
    const direct = config.statusFeedUrl ? () => this.fetchJson(config.statusFeedUrl) : undefined;
    if (client && (await client.deviceId()) !== undefined) {
      return async () => {
        try {
          return await client.fetchStatus({ signal: this.abort.signal });
        } catch (error) {
          if (direct) return direct();
          throw error;
        }
      };
    }
    return direct;
  }

  private async fetchJson(url: string): Promise<unknown> {
    const response = await this.options.transport.request({ method: 'GET', url, headers: { Accept: 'application/json' }, timeoutMs: 15_000, signal: this.abort.signal }).catch((error: unknown) => {
      throw new SupportError('STATUS_FEED_UNAVAILABLE', undefined, { cause: error, retryable: true });
    });
    if (response.status !== 200) throw new SupportError('STATUS_FEED_UNAVAILABLE', `The status feed answered HTTP ${response.status}.`, { status: response.status, retryable: response.status >= 500 });
    try {
      return JSON.parse(response.body) as unknown;
    } catch (error) {
      throw new SupportError('STATUS_FEED_INVALID', undefined, { cause: error });
    }
  }

  // ── plumbing ─────────────────────────────────────────────────────────────

  private relay(): RelayClient | undefined {
    const config = this.options.config();
    if (!config.relayUrl) return undefined;
    const key = `${config.relayUrl}\n${config.activationToken}`;
    if (!this.client || this.clientKey !== key) {
      this.client = new RelayClient({
        baseUrl: config.relayUrl,
        transport: this.options.transport,
        secrets: this.options.secrets,
        clock: this.options.clock,
        logger: this.options.logger,
        device: this.options.device,
        ...(this.options.relayTimeoutMs !== undefined ? { timeoutMs: this.options.relayTimeoutMs } : {}),
        ...(config.activationToken ? { activation: { token: config.activationToken } } : {}),
      });
      this.clientKey = key;
    }
    return this.client;
  }

  private requireRelay(): RelayClient {
    const client = this.relay();
    if (!client) throw new SupportError('SUPPORT_RELAY_NOT_CONFIGURED', undefined, { hint: 'Your IT department sets the support relay (setting “Support relay URL”).' });
    return client;
  }

  private outbox(): SupportOutbox {
    this.outboxInstance ??= SupportOutbox.open(path.join(this.options.dataDir, 'support-outbox.sqlite'), { clock: this.options.clock, logger: this.options.logger, ...(this.options.upload ? { upload: this.options.upload } : {}) });
    return this.outboxInstance;
  }

  private outgoingDir(): string {
    return path.join(this.options.dataDir, 'support', 'outgoing');
  }

  /** Runs a relay call and remembers whether the relay answered. */
  private async track<T>(call: () => Promise<T>): Promise<T> {
    try {
      const value = await call();
      this.setReachable(true);
      return value;
    } catch (error) {
      if (isSupportError(error) && error.supportCode === 'SUPPORT_RELAY_UNREACHABLE') this.setReachable(false);
      else if (isSupportError(error) && error.status !== undefined) this.setReachable(true);
      throw error;
    }
  }

  private setReachable(value: boolean | null): void {
    if (this.reachable === value) return;
    this.reachable = value;
    this.changed();
  }

  /** Tells the UI the support state changed (computed asynchronously; errors only logged). */
  private changed(): Promise<SupportStateView> {
    const state = this.state();
    state.then(
      (view) => this.options.emit('support.changed', view),
      (error: unknown) => this.options.logger.warn('support state unavailable', { code: errorInfo(error).code }),
    );
    return state;
  }
}

/** The diagnostics checklist's words in the relay's (pass, fail, warn, skipped, unknown). */
function checklistStatus(status: string): 'pass' | 'fail' | 'warn' | 'skipped' | 'unknown' {
  if (/^(ok|pass|passed|good)$/i.test(status)) return 'pass';
  if (/^(fail|failed|error|bad)$/i.test(status)) return 'fail';
  if (/^(warn|warning|degraded)$/i.test(status)) return 'warn';
  if (/^(skip|skipped|not-applicable|not-available|n\/a)$/i.test(status)) return 'skipped';
  return 'unknown';
}
