/**
 * Frames of the loopback WebSocket that carries the contract for `roamdesk serve`.
 * The client authenticates in the handshake itself, offering the sub-protocols
 * `roamdesk.v1` and `roamdesk.token.<token>`; the server answers with `roamdesk.v1`.
 */
import { z } from 'zod';
import { ErrorInfo } from './contract.js';

export const WS_PROTOCOL = 'roamdesk.v1';
export const WS_TOKEN_PREFIX = 'roamdesk.token.';
export const WS_PATH = '/rpc';

export const CallFrame = z.object({ id: z.number().int().nonnegative(), method: z.string().max(100), params: z.unknown() }).strict();
export type CallFrame = z.infer<typeof CallFrame>;

export const ResultFrame = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ErrorInfo }).strict(),
]);

export const EventFrame = z.object({ event: z.string(), payload: z.unknown() }).strict();

export const ServerFrame = z.union([ResultFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;
