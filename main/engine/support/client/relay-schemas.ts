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
    /** Steps to reproduce, in the person's words. */
    steps: z.string().max(20_000).default(''),
    category: CaseCategory,
    severity: Severity,
    /** Severity 1: the person will also phone the support line (faster target). */
    phoneCall: z.boolean().optional(),
    connection: ConnectionContext.optional(),
    /** The diagnostics checklist (from the last diagnostics run), sent with the case. */
    diagnostics: z.array(z.object({ id: z.string().min(1).max(100), label: z.string().min(1).max(300), status: z.enum(['pass', 'fail', 'warn', 'skipped', 'unknown']), detail: z.string().max(2000).optional() }).strict()).max(500).optional(),
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

/** The relay says 1, 2, 3 or "end-user"; the app says sev1…sev3 and end-user. */
const RelaySeverity = z.union([z.string(), z.number()]).transform((value): string => (value === 'end-user' ? 'end-user' : /^[123]$/.test(String(value)) ? `sev${value}` : String(value)));

export const SupportCase = z
  .looseObject({
    id: Id,
    /** The ticket number in the ticketing system (null until the ticket exists). */
    number: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
    subject: z.string(),
    status: z.string(),
    severity: RelaySeverity,
    category: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string().optional(),
    /** The relay's SLA due time, when it computes one. */
    dueAt: z.string().nullable().optional(),
    replies: z.array(CaseReply).default([]),
    rating: z
      .looseObject({ value: z.number().optional(), score: z.number().optional(), comment: z.string().nullable().optional() })
      .transform((r) => ({ score: r.score ?? r.value ?? 0, ...(typeof r.comment === 'string' ? { comment: r.comment } : {}) }))
      .nullable()
      .optional(),
  });
export type SupportCase = z.infer<typeof SupportCase>;

export const Activation = z.union([
  z.object({ token: z.string().min(1).max(4096) }).strict(),
  z.object({ username: z.string().min(1).max(253), password: z.string().min(1).max(1024) }).strict(),
]);
export type Activation = z.infer<typeof Activation>;

export const ActivationReply = z.looseObject({ deviceId: Id, credential: z.string().min(1) });

/** A written escalation, as the support guide asks for it: related case numbers, description, progress, impact, reason. */
export const Escalation = z
  .object({
    caseNumbers: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
    description: z.string().trim().min(1).max(10_000),
    progress: z.string().trim().min(1).max(10_000),
    impact: z.string().trim().min(1).max(10_000),
    reason: z.string().trim().min(1).max(10_000),
  })
  .strict();
export type Escalation = z.input<typeof Escalation>;

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

export const UploadCreated = z.looseObject({ id: Id, offset: z.number().int().nonnegative().optional() });
export const UploadChunkReply = z.looseObject({ state: z.string().optional(), sha256: z.string().optional(), offset: z.number().optional() });

export const LogRequest = z.looseObject({
  id: Id,
  caseId: Id,
  /** The ticket number the agent sees. */
  caseNumber: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
  /** The agent's name as the relay shows it to the person. */
  requestedBy: z.string().optional(),
  reason: z.string().optional(),
  /** Categories of evidence asked for (e.g. "logs", "network"). */
  scope: z.array(z.string()).optional(),
  requestedAt: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type LogRequest = z.infer<typeof LogRequest>;

export const LogRequestAnswer = z.union([
  z.object({ approve: z.literal(true), uploadId: z.string().min(1) }).strict(),
  z.object({ approve: z.literal(false), reason: z.string().max(2000).optional() }).strict(),
]);
export type LogRequestAnswer = z.infer<typeof LogRequestAnswer>;

// ── the relay's own words (server/src/schemas.ts) ───────────────────────────

/** The relay's case categories (fewer than the app's). */
export const RelayCategory = z.enum(['connection', 'captive-portal', 'enterprise-auth', 'performance', 'vpn', 'app', 'other']);
export type RelayCategory = z.infer<typeof RelayCategory>;

const RELAY_CATEGORY: Record<CaseCategory, RelayCategory> = {
  connection: 'connection',
  'sign-in': 'captive-portal',
  'captive-portal': 'captive-portal',
  'enterprise-wifi': 'enterprise-auth',
  'no-internet': 'connection',
  'wifi-adapter': 'connection',
  performance: 'performance',
  account: 'other',
  other: 'other',
};

export const RelayCaseBody = z
  .object({
    category: RelayCategory,
    severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('end-user')]),
    subject: z.string().trim().max(200).optional(),
    description: z.string().trim().min(1).max(20_000),
    stepsToReproduce: z.string().max(20_000),
    diagnostics: z.array(z.object({ id: z.string(), label: z.string(), status: z.string(), detail: z.string().optional() }).strict()).max(500),
  })
  .strict();
export type RelayCaseBody = z.infer<typeof RelayCaseBody>;

/** A case as the relay takes it: the app's finer category and the connection context go into the description. */
export function toRelayCase(input: NewCase): RelayCaseBody {
  const context: string[] = [`Category (device): ${input.category}`];
  if (input.severity === 'sev1') context.push(`Phone call to the support line: ${input.phoneCall ? 'yes' : 'no'}`);
  context.push(`Filed on the device at: ${input.clientCreatedAt}`);
  if (input.expectedDueAt) context.push(`Reply expected by (device's SLA clock): ${input.expectedDueAt}`);
  const c = input.connection;
  if (c) {
    context.push(`Connection: ${c.phase}${c.errorCode ? ` — ${c.errorCode}` : ''}${c.errorMessage ? `: ${c.errorMessage}` : ''}`);
    const network = [c.ssid && `SSID ${c.ssid}`, c.bssid && `BSSID ${c.bssid}`, c.band, c.security, c.providerId && `provider ${c.providerId}`, c.portalKind && `portal ${c.portalKind}`].filter(Boolean);
    if (network.length > 0) context.push(`Network: ${network.join(', ')}`);
    for (const stage of c.stages ?? []) context.push(`  ${stage.stage}: ${stage.status}${stage.durationMs !== undefined ? ` (${Math.round(stage.durationMs)} ms)` : ''}${stage.detail ? ` — ${stage.detail}` : ''}`);
  }
  const description = `${input.description.trim() || input.subject}\n\n${context.join('\n')}`.slice(0, 20_000);
  return RelayCaseBody.parse({
    category: RELAY_CATEGORY[input.category],
    severity: input.severity === 'end-user' ? 'end-user' : Number(input.severity.slice(3)),
    subject: input.subject,
    description,
    stepsToReproduce: input.steps,
    diagnostics: (input.diagnostics ?? []).map((item) => ({ id: item.id, label: item.label, status: item.status, ...(item.detail !== undefined ? { detail: item.detail } : {}) })),
  });
}

/** A file name the relay accepts (letters, digits, dot, dash, underscore, space; no path). */
export function relayFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 200);
  return cleaned || 'roamdesk-bundle.zip';
}
