/** Request bodies (zod). Keep in step with server/openapi.json. */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const activationBody = z
  .object({
    deviceName: text(200),
    platform: z.string().max(100).optional(),
    appVersion: z.string().max(50).optional(),
    activationToken: z.string().min(1).max(200).optional(),
  })
  .strict();

export const activationTokenBody = z
  .object({
    label: z.string().max(200).default(''),
    maxUses: z.number().int().min(1).max(100_000).default(1),
    expiresInSeconds: z.number().int().min(60).max(365 * 24 * 3600).optional(),
  })
  .strict();

export const checklistItem = z
  .object({
    id: text(100),
    label: text(300),
    status: z.enum(['pass', 'fail', 'warn', 'skipped', 'unknown']),
    detail: z.string().max(2000).optional(),
  })
  .strict();

export const caseBody = z
  .object({
    category: z.enum(['connection', 'captive-portal', 'enterprise-auth', 'performance', 'vpn', 'app', 'other']),
    severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('end-user')]),
    subject: z.string().trim().max(200).optional(),
    description: text(20_000),
    stepsToReproduce: z.string().max(20_000).default(''),
    diagnostics: z.array(checklistItem).max(500).default([]),
  })
  .strict();

export const escalationBody = z
  .object({
    caseNumbers: z.array(text(50)).max(50).default([]),
    description: text(10_000),
    progress: text(10_000),
    impact: text(10_000),
    reason: text(10_000),
  })
  .strict();

export const ratingBody = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().max(5000).optional() }).strict();

export const bundleBody = z
  .object({
    fileName: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, 'letters, digits, dot, dash, underscore, space; no path'),
    contentType: z.enum(['application/zip', 'application/gzip', 'application/octet-stream']).default('application/zip'),
    size: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256'),
    logRequestId: z.string().max(100).optional(),
  })
  .strict();

export const answerBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), bundleId: z.string().min(1).max(100) }).strict(),
  z.object({ decision: z.literal('decline'), reason: z.string().max(2000).optional() }).strict(),
]);

export type CaseBody = z.infer<typeof caseBody>;
export type BundleBody = z.infer<typeof bundleBody>;
