/**
 * A small support relay for the tests: real HTTP on 127.0.0.1 (node:http), speaking the real
 * relay's wire format (server/src/relay.ts) for just enough of the routes in relay-routes.ts — activation, cases with Idempotency-Key replay,
 * replies, escalation, rating, resumable uploads with SHA-256 checking, long-polled log
 * requests and their answers, and the status summary. Faults can be switched on to cut a
 * connection mid-upload or to drop an answer after the work was done.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseContentRange } from '../../main/engine/support/client/relay-routes.js';

export interface PeerCase {
  id: string;
  subject: string;
  description: string;
  status: string;
  severity: string;
  category: string;
  createdAt: string;
  replies: Array<{ id: string; author: string; body: string; createdAt: string }>;
  rating: { score: number; comment?: string } | null;
  escalations: Array<{ reason: string; severity?: string }>;
  body: Record<string, unknown>;
}

export interface PeerUpload {
  id: string;
  caseId: string;
  size: number;
  sha256: string;
  data: Buffer;
  complete: boolean;
  puts: number;
}

export interface PeerFaults {
  /** Cut the connection once the upload has this many bytes (the bytes before the cut are kept). */
  cutUploadAtBytes?: number[];
  /** Create the case, then drop the connection without answering (this many times). */
  dropCreateAnswers?: number;
  /** Answer this many PUTs with 503 before accepting. */
  failPuts?: number;
  /** Answer 503 to every PUT whose range starts at or after this offset. */
  refusePutsFrom?: number;
  /** Flip a byte of every finished upload (the SHA-256 check must catch it). */
  corruptUploads?: boolean;
  /** Refuse case creation with 422 when the subject is this. */
  rejectSubject?: string;
}

export class RelayPeer {
  readonly cases = new Map<string, PeerCase>();
  readonly uploads = new Map<string, PeerUpload>();
  readonly requests = new Map<string, { id: string; caseId: string; requestedBy: string; reason: string; answered?: Record<string, unknown> }>();
  readonly tokens = new Set<string>(['good-token']);
  readonly credentials = new Map<string, string>();
  readonly seenAuthorizations: string[] = [];
  readonly idempotent = new Map<string, { status: number; body: string }>();
  faults: PeerFaults = {};
  statusBody = '{}';
  private server: http.Server | undefined;
  private waiters: Array<() => void> = [];
  private nextCase = 1000;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('peer not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  addLogRequest(caseId: string, reason = 'Please send the connection logs'): string {
    const id = `req-${this.requests.size + 1}`;
    this.requests.set(id, { id, caseId, requestedBy: 'Agent Smith', reason });
    for (const wake of this.waiters.splice(0)) wake();
    return id;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://peer');
    const method = req.method ?? 'GET';
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
      res.end(text);
    };
    try {
      if (method === 'POST' && url.pathname === '/v1/devices/activate') {
        const body = JSON.parse(await readText(req)) as { deviceName?: string; activationToken?: string };
        const basic = (req.headers.authorization ?? '').startsWith('Basic ') ? Buffer.from(req.headers.authorization!.slice(6), 'base64').toString('utf8') : undefined;
        const ok = typeof body.deviceName === 'string' && ((body.activationToken !== undefined && this.tokens.has(body.activationToken)) || basic === 'alice:wonderland');
        if (!ok) return send(401, { error: { code: 'activation_rejected', message: 'unknown token' } });
        const deviceId = `dev-${this.credentials.size + 1}`;
        const credential = `cred-${randomUUID()}`;
        this.credentials.set(credential, deviceId);
        return send(201, { deviceId, credential });
      }

      const auth = req.headers.authorization ?? '';
      this.seenAuthorizations.push(auth);
      if (!auth.startsWith('Bearer ') || !this.credentials.has(auth.slice(7))) return send(401, { error: { message: 'who are you?' } });
      if (method === 'GET' && url.pathname === '/v1/status') return void (res.writeHead(200, { 'Content-Type': 'application/json' }), res.end(`{"fetchedAt":"2026-01-01T00:00:00.000Z","stale":false,"summary":${this.statusBody}}`));

      const key = req.headers['idempotency-key'];
      const replayKey = typeof key === 'string' ? `${method} ${url.pathname} ${key}` : undefined;
      if (replayKey && this.idempotent.has(replayKey)) {
        const stored = this.idempotent.get(replayKey)!;
        res.writeHead(stored.status === 201 ? 200 : stored.status, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
        return void res.end(stored.body);
      }
      const remember = (status: number, body: unknown) => {
        if (replayKey) this.idempotent.set(replayKey, { status, body: JSON.stringify(body) });
      };

      if (method === 'POST' && url.pathname === '/v1/cases') {
        const body = JSON.parse(await readText(req)) as Record<string, unknown>;
        if (body.subject === this.faults.rejectSubject) return send(422, { error: { message: 'subject refused by policy' } });
        const id = String(this.nextCase++);
        const created: PeerCase = {
          id,
          subject: String(body.subject),
          description: String(body.description ?? ''),
          status: 'new',
          severity: body.severity === 'end-user' ? 'end-user' : `sev${String(body.severity)}`,
          category: String(body.category),
          createdAt: new Date().toISOString(),
          replies: [],
          rating: null,
          escalations: [],
          body,
        };
        this.cases.set(id, created);
        const answer = view(created);
        remember(201, answer);
        if ((this.faults.dropCreateAnswers ?? 0) > 0) {
          this.faults.dropCreateAnswers! -= 1;
          return void req.socket.destroy();
        }
        return send(201, answer);
      }
      if (method === 'GET' && url.pathname === '/v1/cases') return send(200, { cases: [...this.cases.values()].map(view) });
      const caseMatch = /^\/v1\/cases\/([^/]+)(?:\/(replies|escalations|rating|bundles))?$/.exec(url.pathname);
      if (caseMatch) {
        const found = this.cases.get(decodeURIComponent(caseMatch[1]!));
        if (!found) return send(404, { error: { message: 'no such case' } });
        const action = caseMatch[2];
        if (method === 'GET' && !action) return send(200, view(found));
        if (method === 'GET' && action === 'replies') return send(200, { replies: found.replies });
        const body = JSON.parse(await readText(req)) as Record<string, unknown>;
        if (action === 'escalations') {
          found.escalations.push(body as { reason: string });
          return send(201, { id: `esc-${found.escalations.length}`, caseId: found.id, caseNumbers: body.caseNumbers ?? [], deliveredToTicket: true, createdAt: new Date().toISOString() });
        }
        if (action === 'bundles') {
          const upload: PeerUpload = { id: `up-${this.uploads.size + 1}`, caseId: found.id, size: Number(body.size), sha256: String(body.sha256), data: Buffer.alloc(0), complete: false, puts: 0 };
          this.uploads.set(upload.id, upload);
          remember(201, { id: upload.id, offset: 0 });
          return send(201, { id: upload.id, offset: 0 });
        }
        if (action === 'rating') {
          const score = Number(body.rating);
          if (!Number.isInteger(score) || score < 1 || score > 5) return send(422, { error: { message: 'bad score' } });
          found.rating = { score, ...(typeof body.comment === 'string' ? { comment: body.comment } : {}) };
          return send(200, view(found));
        }
      }

      const uploadMatch = /^\/v1\/bundles\/([^/]+)$/.exec(url.pathname);
      if (uploadMatch) {
        const upload = this.uploads.get(decodeURIComponent(uploadMatch[1]!));
        if (!upload) return send(404, { error: { message: 'no such upload' } });
        const offsetHeader = { 'Upload-Offset': String(upload.data.byteLength) };
        if (method === 'HEAD') return send(200, undefined, offsetHeader);
        if (method === 'PUT') {
          upload.puts++;
          if ((this.faults.failPuts ?? 0) > 0) {
            this.faults.failPuts! -= 1;
            await readText(req);
            return send(503, { error: { message: 'try later' } });
          }
          const range = parseContentRange(req.headers['content-range']);
          if (!range || range.size !== upload.size) return send(400, { error: { message: 'bad Content-Range' } });
          if (this.faults.refusePutsFrom !== undefined && range.start >= this.faults.refusePutsFrom) {
            await readText(req);
            return send(503, { error: { message: 'try later' } });
          }
          if (range.start !== upload.data.byteLength) {
            await readText(req);
            return send(409, { error: { message: 'offset mismatch' } }, offsetHeader);
          }
          const cutAt = this.faults.cutUploadAtBytes?.[0];
          const received: Buffer[] = [];
          let have = upload.data.byteLength;
          let cut = false;
          await new Promise<void>((resolve) => {
            req.on('data', (chunk: Buffer) => {
              if (cut) return;
              if (cutAt !== undefined && have + chunk.byteLength >= cutAt && cutAt > have) {
                received.push(chunk.subarray(0, cutAt - have));
                have = cutAt;
                cut = true;
                this.faults.cutUploadAtBytes!.shift();
                upload.data = Buffer.concat([upload.data, ...received]);
                req.socket.destroy();
                resolve();
                return;
              }
              received.push(chunk);
              have += chunk.byteLength;
            });
            req.on('end', () => resolve());
            req.on('close', () => resolve());
          });
          if (cut) return;
          upload.data = Buffer.concat([upload.data, ...received]);
          if (upload.data.byteLength < upload.size) return send(200, { id: upload.id, state: 'uploading', offset: upload.data.byteLength }, { 'Upload-Offset': String(upload.data.byteLength) });
          if (this.faults.corruptUploads) upload.data[0] = upload.data[0]! ^ 0xff;
          const digest = createHash('sha256').update(upload.data).digest('hex');
          if (digest !== upload.sha256) {
            upload.data = Buffer.alloc(0);
            return send(422, { error: { message: 'sha256 mismatch' } }, { 'Upload-Offset': '0' });
          }
          upload.complete = true;
          return send(200, { id: upload.id, state: 'complete', sha256: digest, offset: upload.size }, { 'Upload-Offset': String(upload.size) });
        }
      }

      if (method === 'GET' && url.pathname === '/v1/devices/me/requests') {
        const wait = Math.min(Number(url.searchParams.get('wait') ?? 0), 30);
        const open = () => [...this.requests.values()].filter((r) => !r.answered).map(({ answered: _, ...r }) => r);
        if (open().length === 0 && wait > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait * 1000);
            this.waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        const list = open();
        return send(200, { requests: list });
      }
      const answerMatch = /^\/v1\/requests\/([^/]+)\/answer$/.exec(url.pathname);
      if (method === 'POST' && answerMatch) {
        const request = this.requests.get(decodeURIComponent(answerMatch[1]!));
        if (!request) return send(404, { error: { code: 'NOT_FOUND', message: 'no such request' } });
        if (request.answered) return send(409, { error: { code: 'REQUEST_NOT_PENDING', message: 'already answered' } });
        request.answered = JSON.parse(await readText(req)) as Record<string, unknown>;
        return send(200, { id: request.id, caseId: request.caseId, state: request.answered.decision === 'approve' ? 'approved' : 'declined' });
      }
      return send(404, { error: { message: `no route ${method} ${url.pathname}` } });
    } catch (error) {
      if (!res.headersSent) send(500, { error: { message: String(error) } });
    }
  }
}

function view(c: PeerCase) {
  return { id: c.id, subject: c.subject, status: c.status, severity: c.severity, category: c.category, createdAt: c.createdAt, replies: c.replies, rating: c.rating, extraFieldFromTheFuture: true };
}

function readText(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
