/**
 * Test helpers for the support relay: start a relay on a loopback port, and an HTTP client that
 * checks every response against server/openapi.json (route, method, status and JSON body schema).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type RelayConfigInput } from '../../server/src/config.js';
import type { Db } from '../../server/src/db/db.js';
import type { Logger } from '../../server/src/log.js';
import { createRelay, type Relay } from '../../server/src/relay.js';
import type { TicketingConnector } from '../../server/src/ticketing/connector.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

export const openapi = JSON.parse(readFileSync(path.join(root, 'server/openapi.json'), 'utf8')) as OpenApiDoc;

// ------------------------------------------------------------------ a small JSON Schema check (the subset openapi.json uses)

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function schemaErrors(value: unknown, schema: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = openapi.components.schemas[name];
    if (!target) return [`${at}: unknown $ref ${schema.$ref}`];
    return schemaErrors(value, target, at);
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Schema[]).filter((option) => schemaErrors(value, option, at).length === 0);
    return matching.length === 1 ? [] : [`${at}: matches ${matching.length} of oneOf`];
  }
  const errors: string[] = [];
  if ('const' in schema && value !== schema.const) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [...errors, `${at}: type ${actual}, want ${types.join('|')}`];
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...schemaErrors(item, schema.items as Schema, `${at}[${i}]`)));
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) errors.push(`${at}: missing ${key}`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, item] of Object.entries(obj)) {
      if (props[key]) errors.push(...schemaErrors(item, props[key], `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${key}`);
    }
  }
  return errors;
}

/** The OpenAPI path template that matches a concrete path. */
export function templateFor(pathname: string): string | undefined {
  return Object.keys(openapi.paths).find((template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(pathname));
}

// ------------------------------------------------------------------ client

export interface CallResult<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: T;
}

export interface CallOptions {
  token?: string;
  basic?: { username: string; password: string };
  json?: unknown;
  /** Raw body (chunk uploads) with its content type. */
  body?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Every (METHOD template status) the client saw, for the "every route exercised" check. */
export const seen = new Set<string>();

export function makeClient(baseUrl: string) {
  return async function call<T = any>(method: string, pathname: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.basic) headers.authorization = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`;
    let payload: Buffer | undefined;
    if (options.json !== undefined) {
      payload = Buffer.from(typeof options.json === 'string' ? options.json : JSON.stringify(options.json));
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body) {
      payload = options.body;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    }
    if (payload) headers['content-length'] = String(payload.length);
    const url = new URL(pathname, baseUrl);
    const result = await new Promise<{ status: number; headers: CallResult['headers']; text: string }>((resolve, reject) => {
      const req = httpRequest(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
    const json = result.text ? (JSON.parse(result.text) as T) : (undefined as T);
    checkAgainstOpenApi(method, url.pathname, result.status, json, result.text);
    return { status: result.status, headers: result.headers, json };
  };
}

export type Call = ReturnType<typeof makeClient>;

export function checkAgainstOpenApi(method: string, pathname: string, status: number, json: unknown, text: string): void {
  const template = templateFor(pathname);
  if (!template) {
    if (status !== 404) throw new Error(`${method} ${pathname} is not in openapi.json but answered ${status}`);
    if (schemaErrors(json, { $ref: '#/components/schemas/Error' }).length) throw new Error(`404 body is not an Error: ${text}`);
    return;
  }
  const op = openapi.paths[template]![method.toLowerCase()];
  if (!op) {
    if (status !== 405) throw new Error(`${method} ${template} is not in openapi.json but answered ${status}`);
    return;
  }
  const response = op.responses[String(status)];
  if (!response) throw new Error(`${method} ${template} answered ${status}, which openapi.json does not declare: ${text.slice(0, 300)}`);
  seen.add(`${method} ${template} ${status}`);
  const schema = response.content?.['application/json']?.schema;
  if (method === 'HEAD' || status === 304) return;
  if (schema) {
    const errors = schemaErrors(json, schema);
    if (errors.length) throw new Error(`${method} ${template} ${status} body does not match openapi.json:\n${errors.join('\n')}\n${text.slice(0, 500)}`);
  } else if (text) {
    throw new Error(`${method} ${template} ${status} has a body but openapi.json declares none`);
  }
}

// ------------------------------------------------------------------ relay

export interface TestRelay {
  relay: Relay;
  url: string;
  call: Call;
  dataDir: string;
  logs: string[];
  admin: { username: string; password: string };
  /** Enrols a device with the admin credentials; returns its bearer credential. */
  enrol(name?: string): Promise<{ deviceId: string; token: string }>;
  stop(): Promise<void>;
}

export const ADMIN = { username: 'it-admin', password: 'correct horse battery staple' };

export async function startRelay(options: { config?: Partial<RelayConfigInput>; db?: Db; ticketing?: TicketingConnector; now?: () => number } = {}): Promise<TestRelay> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-relay-'));
  const logs: string[] = [];
  const { createLogger } = await import('../../server/src/log.js');
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const config = parseConfig({ port: 0, dataDir, admin: ADMIN, ...options.config });
  const relay = await createRelay(config, {
    logger,
    ...(options.db ? { db: options.db } : {}),
    ...(options.ticketing ? { ticketing: options.ticketing } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const url = await relay.listen(0, '127.0.0.1');
  const call = makeClient(url);
  return {
    relay,
    url,
    call,
    dataDir,
    logs,
    admin: ADMIN,
    async enrol(name = 'test laptop') {
      const res = await call('POST', '/v1/devices/activate', { basic: ADMIN, json: { deviceName: name, platform: 'linux', appVersion: '0.1.0' } });
      if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${JSON.stringify(res.json)}`);
      return { deviceId: res.json.deviceId as string, token: res.json.credential as string };
    },
    async stop() {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes ("a zip") of a given size. */
export function fakeBundle(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out.write('PK\u0003\u0004', 0, 'latin1');
  return out;
}

/** Uploads a whole bundle in chunks; returns the final PUT's result. */
export async function uploadBundle(call: Call, token: string, caseId: string, data: Buffer, options: { chunk?: number; fileName?: string; logRequestId?: string } = {}) {
  const created = await call('POST', `/v1/cases/${caseId}/bundles`, {
    token,
    json: { fileName: options.fileName ?? 'roamdesk-diagnostics.zip', size: data.length, sha256: sha256(data), ...(options.logRequestId ? { logRequestId: options.logRequestId } : {}) },
  });
  if (created.status !== 201) throw new Error(`bundle create failed: ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.id as string;
  const step = options.chunk ?? 64 * 1024;
  let last: CallResult | undefined;
  for (let offset = 0; offset < data.length; offset += step) {
    const part = data.subarray(offset, Math.min(data.length, offset + step));
    last = await call('PUT', `/v1/bundles/${id}`, { token, body: part, headers: { 'content-range': `bytes ${offset}-${offset + part.length - 1}/${data.length}` } });
    if (last.status !== 200) throw new Error(`chunk at ${offset} failed: ${last.status} ${JSON.stringify(last.json)}`);
  }
  return { id, last: last! };
}

export const validCase = {
  category: 'captive-portal',
  severity: 2,
  subject: 'Hotel portal loops',
  description: 'The hotel sign-in page loops after accepting the terms.',
  stepsToReproduce: '1. Connect to HotelGuest\n2. Accept terms\n3. Page reloads',
  diagnostics: [
    { id: 'assoc', label: 'Associated to access point', status: 'pass' },
    { id: 'dhcp', label: 'DHCP lease', status: 'pass', detail: '10.0.4.17/22' },
    { id: 'portal', label: 'Captive portal cleared', status: 'fail', detail: 'redirect loop' },
  ],
} as const;

export const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000, stepMs = 50): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
};
