/**
 * What goes to the relay and what comes back, as zod schemas. Requests are strict (we say
 * exactly what we mean); answers are lenient: unknown fields are kept, ids may be numbers,
 * and optional fields may be missing — the relay is being written alongside this client and
 * will grow.
 */
import { z } from 'zod';
import { Severity } from '../sla/severity.js';

export const CaseCategory = z.enum(['connection', 'sign-in', 'captive-portal', 'enterprise-wifi', 'no-internet', 'wifi-adapter', 'performance', 'account', 'other']);
export type CaseCategory = z.infer<typeof CaseCategory>;

/** What the device knew about the connection when the case was raised (no secrets: no passwords, no tokens). */
export const ConnectionContext = z
  .object({
    phase: z.string().max(40),
    attemptId: z.number().int().nullable().optional(),
    errorCode: z.string().max(80).optional(),
    errorMessage: z.string().max(1000).optional(),
    ssid: z.string().max(64).optional(),
    bssid: z.string().max(17).optional(),
    band: z.string().max(20).optional(),
    security: z.string().max(40).optional(),
    providerId: z.string().max(64).optional(),
    portalKind: z.string().max(20).optional(),
    stages: z
      .array(z.object({ stage: z.string().max(20), status: z.string().max(20), durationMs: z.number().nonnegative().optional(), detail: z.string().max(500).optional() }).strict())
      .max(50)
      .optional(),
  })
  .strict();
export type ConnectionContext = z.infer<typeof ConnectionContext>;

export const NewCase = z
  .object({
    subject: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).default(''),
    category: CaseCategory,
    severity: Severity,
    /** Severity 1: the person will also phone the support line (faster target). */
    phoneCall: z.boolean().optional(),
    connection: ConnectionContext.optional(),
    /** When the person pressed the button (ISO 8601, UTC) — not when the queue sent it. */
    clientCreatedAt: z.iso.datetime(),
    /** The SLA clock's expectation shown to the person (the relay's own due time wins). */
    expectedDueAt: z.iso.datetime().optional(),
  })
  .strict();
export type NewCase = z.infer<typeof NewCase>;
export type NewCaseInput = z.input<typeof NewCase>;

const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const CaseReply = z.looseObject({
  id: Id,
  /** `agent` or `user` (the relay may say more). */
  author: z.string().optional(),
  body: z.string(),
  createdAt: z.string().optional(),
});
export type CaseReply = z.infer<typeof CaseReply>;

export const SupportCase = z.looseObject({
  id: Id,
  subject: z.string(),
  status: z.string(),
  severity: z.string(),
  category: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  /** The relay's SLA due time, when it computes one. */
  dueAt: z.string().nullable().optional(),
  replies: z.array(CaseReply).default([]),
  rating: z.looseObject({ score: z.number(), comment: z.string().optional() }).nullable().optional(),
});
export type SupportCase = z.infer<typeof SupportCase>;

export const Activation = z.union([
  z.object({ token: z.string().min(1).max(4096) }).strict(),
  z.object({ username: z.string().min(1).max(253), password: z.string().min(1).max(1024) }).strict(),
]);
export type Activation = z.infer<typeof Activation>;

export const ActivationReply = z.looseObject({ deviceId: Id, credential: z.string().min(1) });

export const Escalation = z.object({ reason: z.string().trim().min(1).max(2000), severity: Severity.optional() }).strict();
export type Escalation = z.infer<typeof Escalation>;

export const Rating = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }).strict();
export type Rating = z.infer<typeof Rating>;

export const NewUpload = z
  .object({
    caseId: z.string().min(1),
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string().max(255).optional(),
    /** When the bundle answers an agent's log request. */
    requestId: z.string().optional(),
  })
  .strict();
export type NewUpload = z.infer<typeof NewUpload>;

export const UploadCreated = z.looseObject({ uploadId: Id });
export const UploadChunkReply = z.looseObject({ complete: z.boolean().optional(), sha256: z.string().optional(), offset: z.number().optional() });

export const LogRequest = z.looseObject({
  id: Id,
  caseId: Id,
  /** The agent's name as the relay shows it to the person. */
  requestedBy: z.string().optional(),
  reason: z.string().optional(),
  /** Categories of evidence asked for (e.g. "logs", "network"). */
  scope: z.array(z.string()).optional(),
  createdAt: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type LogRequest = z.infer<typeof LogRequest>;

export const LogRequestAnswer = z.union([
  z.object({ approve: z.literal(true), uploadId: z.string().min(1) }).strict(),
  z.object({ approve: z.literal(false), reason: z.string().max(2000).optional() }).strict(),
]);
export type LogRequestAnswer = z.infer<typeof LogRequestAnswer>;
