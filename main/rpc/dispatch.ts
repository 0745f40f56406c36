/**
 * One call through the contract, whatever the transport: check the method exists,
 * validate the request, run the handler, validate the response, and turn every failure
 * into `{ code, message, hint }` — Electron's IPC forwards only an error's message, and a
 * WebSocket forwards nothing, so errors travel as data.
 */
import { type CallOutcome, type ContractHandlers, type MethodName, isMethodName, methods } from '../../preload/contract.js';
import { isRoamdeskError } from '../engine/errors.js';
import type { Logger } from '../engine/ports/logger.js';

export async function dispatch(handlers: ContractHandlers, method: unknown, request: unknown, logger: Logger): Promise<CallOutcome<MethodName>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${String(method).slice(0, 80)}".` } };
  }
  const schema = methods[method];
  const parsed = schema.request.safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `${method}: ${detail}` } };
  }
  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    const checked = schema.response.safeParse(value);
    if (!checked.success) {
      logger.error('engine returned a response outside the contract', { method, issues: checked.error.issues.slice(0, 3) });
      return { ok: false, error: { code: 'INTERNAL', message: 'Roamdesk produced an answer it should not have.' } };
    }
    return { ok: true, value: checked.data as never };
  } catch (error) {
    if (isRoamdeskError(error)) return { ok: false, error: error.toInfo() };
    logger.error('unexpected error in handler', { method, reason: (error as Error)?.message, stack: (error as Error)?.stack });
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Roamdesk.', hint: 'Try again; if it keeps happening, collect diagnostics for support.' } };
  }
}
