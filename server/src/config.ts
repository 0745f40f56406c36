/**
 * Relay configuration: environment variables (RELAY_*), optionally a JSON file named by
 * RELAY_CONFIG whose keys are the same as RelayConfig below. Environment wins over the file.
 * Secrets (admin password, RT token, database URL) are read here and never logged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const rtSchema = z.object({
  kind: z.literal('rt'),
  /** Base URL of RT, e.g. http://127.0.0.1:8080 (REST2 lives under /REST/2.0). */
  url: z.string().url(),
  /** RT auth token of the relay's own RT user (Authorization: token ...). */
  token: z.string().min(1),
  queue: z.string().min(1).default('General'),
  severityField: z.string().default('Severity'),
  logBundleField: z.string().default('Log bundle'),
  /** How often the relay polls RT for field changes and correspondence. */
  pollSeconds: z.number().positive().default(15),
});

const noTicketingSchema = z.object({ kind: z.literal('none') });

export const configSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().default('./relay-data'),
  database: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('sqlite'), file: z.string().optional() }),
      z.object({ kind: z.literal('postgres'), url: z.string().min(1) }),
    ])
    .default({ kind: 'sqlite' }),
  admin: z.object({ username: z.string().min(1), password: z.string().min(8) }).optional(),
  bundles: z
    .object({
      maxBytes: z.number().int().positive().default(20 * 1024 * 1024),
      maxChunkBytes: z.number().int().positive().default(4 * 1024 * 1024),
    })
    .default({ maxBytes: 20 * 1024 * 1024, maxChunkBytes: 4 * 1024 * 1024 }),
  logRequests: z.object({ ttlSeconds: z.number().positive().default(72 * 3600) }).default({ ttlSeconds: 72 * 3600 }),
  longPollMaxSeconds: z.number().positive().default(30),
  status: z
    .object({
      /** Base URL of an Atlassian Statuspage; the relay reads <url>/api/v2/summary.json. */
      url: z.string().url(),
      cacheSeconds: z.number().nonnegative().default(60),
    })
    .optional(),
  ticketing: z.discriminatedUnion('kind', [noTicketingSchema, rtSchema]).default({ kind: 'none' }),
  rateLimit: z
    .object({ burst: z.number().int().positive().default(60), perSecond: z.number().positive().default(5) })
    .default({ burst: 60, perSecond: 5 }),
  maxJsonBytes: z.number().int().positive().default(256 * 1024),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type RelayConfig = z.infer<typeof configSchema>;
export type RelayConfigInput = z.input<typeof configSchema>;
export type RtConfig = z.infer<typeof rtSchema>;

const num = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : Number(value));

/** Builds the config from RELAY_* variables (and RELAY_CONFIG file). Throws a readable error on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const fromFile: Record<string, unknown> = env.RELAY_CONFIG ? (JSON.parse(readFileSync(env.RELAY_CONFIG, 'utf8')) as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) merged[key] = value;
  };
  set('host', env.RELAY_HOST);
  set('port', num(env.RELAY_PORT));
  set('dataDir', env.RELAY_DATA_DIR);
  if (env.RELAY_DATABASE_URL) set('database', { kind: 'postgres', url: env.RELAY_DATABASE_URL });
  else if (env.RELAY_SQLITE_FILE) set('database', { kind: 'sqlite', file: env.RELAY_SQLITE_FILE });
  if (env.RELAY_ADMIN_USER && env.RELAY_ADMIN_PASSWORD) set('admin', { username: env.RELAY_ADMIN_USER, password: env.RELAY_ADMIN_PASSWORD });
  if (env.RELAY_BUNDLE_MAX_BYTES || env.RELAY_CHUNK_MAX_BYTES) {
    const bundles = { ...((fromFile.bundles as object | undefined) ?? {}) } as Record<string, unknown>;
    if (env.RELAY_BUNDLE_MAX_BYTES) bundles.maxBytes = num(env.RELAY_BUNDLE_MAX_BYTES);
    if (env.RELAY_CHUNK_MAX_BYTES) bundles.maxChunkBytes = num(env.RELAY_CHUNK_MAX_BYTES);
    set('bundles', bundles);
  }
  if (env.RELAY_LOG_REQUEST_TTL_SECONDS) set('logRequests', { ttlSeconds: num(env.RELAY_LOG_REQUEST_TTL_SECONDS) });
  if (env.RELAY_STATUSPAGE_URL) set('status', { url: env.RELAY_STATUSPAGE_URL, cacheSeconds: num(env.RELAY_STATUS_CACHE_SECONDS) ?? 60 });
  if (env.RELAY_RT_URL) {
    set('ticketing', {
      kind: 'rt',
      url: env.RELAY_RT_URL,
      token: env.RELAY_RT_TOKEN ?? '',
      queue: env.RELAY_RT_QUEUE ?? 'General',
      ...(env.RELAY_RT_POLL_SECONDS ? { pollSeconds: num(env.RELAY_RT_POLL_SECONDS) } : {}),
    });
  }
  if (env.RELAY_RATE_BURST || env.RELAY_RATE_PER_SECOND) {
    set('rateLimit', { burst: num(env.RELAY_RATE_BURST) ?? 60, perSecond: num(env.RELAY_RATE_PER_SECOND) ?? 5 });
  }
  set('logLevel', env.RELAY_LOG_LEVEL);
  return parseConfig(merged);
}

export function parseConfig(input: unknown): RelayConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`Relay configuration is not valid: ${detail}`);
  }
  return result.data;
}

export function sqliteFile(config: RelayConfig): string {
  return config.database.kind === 'sqlite' ? (config.database.file ?? path.join(config.dataDir, 'relay.sqlite')) : '';
}
