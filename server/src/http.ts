/** Small HTTP helpers: a route table, JSON bodies with caps, error responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { RelayError } from './errors.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  requestId: string;
  /** Set by the handler once it knows who is calling (for logs and rate limits). */
  deviceId?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: Method;
  /** OpenAPI-style path, e.g. /v1/cases/{caseId}. */
  path: string;
  handler: (ctx: RouteContext) => Promise<Reply>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: Method, path: string, handler: Route['handler']): void {
    const names: string[] = [];
    // Paths hold only [a-z0-9/-] and {name} segments, so no escaping is needed.
    const pattern = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, path, handler, regex: new RegExp(`^${pattern}$`), names });
  }

  list(): { method: Method; path: string }[] {
    return this.routes.map(({ method, path }) => ({ method, path }));
  }

  match(method: string, pathname: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { route, params };
    }
    throw new RelayError(pathMatched ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND');
  }
}

export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new RelayError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new RelayError('BODY_TOO_LARGE');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new RelayError('BODY_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RelayError('INVALID_JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new RelayError('VALIDATION_FAILED', `The request body does not match the schema: ${detail}`);
  }
  return result.data;
}

export function send(res: ServerResponse, reply: Reply, headOnly = false): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(headOnly ? undefined : text);
}
